package config

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

// LDAP holds the directory-login settings (SPEC §12). Directory login is
// off while URL is empty.
type LDAP struct {
	// URL is the directory server, ldap://host:389 or ldaps://host:636
	// (LDAP_URL). Empty: directory login is off.
	URL string
	// StartTLS upgrades an ldap:// connection with StartTLS before anything
	// is sent (LDAP_STARTTLS).
	StartTLS bool
	// BindDN and BindPassword are the service account the portal searches
	// with (LDAP_BIND_DN, LDAP_BIND_PASSWORD).
	BindDN       string
	BindPassword string
	// UserBase is the subtree searched for people (LDAP_USER_BASE).
	UserBase string
	// UserFilter finds a person by username; %s is replaced by the escaped
	// username (LDAP_USER_FILTER, default "(uid=%s)"; Active Directory:
	// "(sAMAccountName=%s)").
	UserFilter string
	// AdminGroup is the DN of the group whose members are portal admins
	// (LDAP_ADMIN_GROUP). Empty: directory users are never admins.
	AdminGroup string
	// UserGroup, when set, is the DN of the group whose members alone may
	// log in (LDAP_USER_GROUP).
	UserGroup string
	// AttrName and AttrEmail name the attributes holding the person's full
	// name and email (LDAP_ATTR_NAME, default cn; LDAP_ATTR_EMAIL, default
	// mail).
	AttrName  string
	AttrEmail string
	// CAFile is a PEM file of CA certificates trusted in addition to the
	// system's for ldaps:// and StartTLS (LDAP_CA_FILE).
	CAFile string
	// Timeout bounds connecting and each directory operation
	// (LDAP_TIMEOUT, default 5s), so a slow directory cannot hang a login.
	Timeout time.Duration
}

// Enabled reports whether directory login is configured.
func (l LDAP) Enabled() bool { return l.URL != "" }

// defaultLDAP is the directory configuration with no variable set.
func defaultLDAP() LDAP {
	return LDAP{UserFilter: "(uid=%s)", AttrName: "cn", AttrEmail: "mail", Timeout: 5 * time.Second}
}

// loadLDAP reads the LDAP_* variables into l (through get, which trims, and
// lookup, which does not) and returns what is wrong with them.
func loadLDAP(l *LDAP, lookup, get func(string) (string, bool), boolean func(string, *bool)) []string {
	var errs []string
	for name, into := range map[string]*string{
		"LDAP_URL": &l.URL, "LDAP_BIND_DN": &l.BindDN, "LDAP_USER_BASE": &l.UserBase,
		"LDAP_USER_FILTER": &l.UserFilter, "LDAP_ADMIN_GROUP": &l.AdminGroup, "LDAP_USER_GROUP": &l.UserGroup,
		"LDAP_ATTR_NAME": &l.AttrName, "LDAP_ATTR_EMAIL": &l.AttrEmail, "LDAP_CA_FILE": &l.CAFile,
	} {
		if v, ok := get(name); ok {
			*into = v
		}
	}
	// A password may begin or end with spaces: taken as set.
	if v, ok := lookup("LDAP_BIND_PASSWORD"); ok && v != "" {
		l.BindPassword = v
	}
	boolean("LDAP_STARTTLS", &l.StartTLS)
	if v, ok := get("LDAP_TIMEOUT"); ok {
		d, err := time.ParseDuration(v)
		if err != nil || d < 100*time.Millisecond || d > time.Minute {
			errs = append(errs, fmt.Sprintf("LDAP_TIMEOUT=%q: want a duration from 100ms to 1m, e.g. 5s", v))
		}
		l.Timeout = d
	}
	if !l.Enabled() {
		return errs
	}
	u, err := url.Parse(l.URL)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "ldap" && u.Scheme != "ldaps"):
		errs = append(errs, fmt.Sprintf("LDAP_URL=%q: want ldap://host[:port] or ldaps://host[:port]", l.URL))
	case u.Scheme == "ldaps" && l.StartTLS:
		errs = append(errs, "LDAP_STARTTLS: StartTLS applies to ldap:// URLs; ldaps:// is TLS already")
	}
	if l.UserBase == "" {
		errs = append(errs, "LDAP_USER_BASE: required with LDAP_URL")
	}
	if strings.Count(l.UserFilter, "%s") != 1 || !strings.HasPrefix(l.UserFilter, "(") {
		errs = append(errs, fmt.Sprintf("LDAP_USER_FILTER=%q: want a filter in parentheses with one %%s for the username", l.UserFilter))
	}
	if l.CAFile != "" {
		if _, err := os.Stat(l.CAFile); err != nil {
			errs = append(errs, fmt.Sprintf("LDAP_CA_FILE: %v", err))
		}
	}
	return errs
}
