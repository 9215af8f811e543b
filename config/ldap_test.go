package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLDAPOffByDefault(t *testing.T) {
	cfg, err := FromLookup(lookup(nil))
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.LDAP
	if l.Enabled() || l.UserFilter != "(uid=%s)" || l.AttrName != "cn" || l.AttrEmail != "mail" || l.Timeout != 5*time.Second {
		t.Fatalf("LDAP defaults = %+v", l)
	}
}

func TestLDAPFromEnvironment(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, []byte("pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := FromLookup(lookup(map[string]string{
		"LDAP_URL": "ldaps://dc1.example.com:636", "LDAP_BIND_DN": "CN=portal,OU=Services,DC=example,DC=com",
		"LDAP_BIND_PASSWORD": " spaced secret ", "LDAP_USER_BASE": "OU=People,DC=example,DC=com",
		"LDAP_USER_FILTER": "(sAMAccountName=%s)", "LDAP_ADMIN_GROUP": "CN=Portal Admins,DC=example,DC=com",
		"LDAP_USER_GROUP": "CN=Portal Users,DC=example,DC=com", "LDAP_ATTR_NAME": "displayName",
		"LDAP_ATTR_EMAIL": "userPrincipalName", "LDAP_CA_FILE": ca, "LDAP_TIMEOUT": "3s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.LDAP
	if !l.Enabled() || l.URL != "ldaps://dc1.example.com:636" || l.BindPassword != " spaced secret " ||
		l.UserFilter != "(sAMAccountName=%s)" || l.AdminGroup != "CN=Portal Admins,DC=example,DC=com" ||
		l.UserGroup == "" || l.AttrName != "displayName" || l.AttrEmail != "userPrincipalName" || l.CAFile != ca || l.Timeout != 3*time.Second {
		t.Fatalf("LDAP = %+v", l)
	}
}

func TestInvalidLDAPSettings(t *testing.T) {
	cases := map[string]map[string]string{
		"LDAP_URL":         {"LDAP_URL": "http://dc1", "LDAP_USER_BASE": "dc=x"},
		"LDAP_STARTTLS":    {"LDAP_URL": "ldaps://dc1", "LDAP_STARTTLS": "true", "LDAP_USER_BASE": "dc=x"},
		"LDAP_USER_BASE":   {"LDAP_URL": "ldap://dc1"},
		"LDAP_USER_FILTER": {"LDAP_URL": "ldap://dc1", "LDAP_USER_BASE": "dc=x", "LDAP_USER_FILTER": "uid=%s"},
		"LDAP_CA_FILE":     {"LDAP_URL": "ldap://dc1", "LDAP_USER_BASE": "dc=x", "LDAP_CA_FILE": "/nonexistent/ca.pem"},
		"LDAP_TIMEOUT":     {"LDAP_TIMEOUT": "forever"},
	}
	for name, env := range cases {
		_, err := FromLookup(lookup(env))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err = %v, want it named", name, err)
		}
	}
}
