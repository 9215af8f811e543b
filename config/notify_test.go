package config

import (
	"strings"
	"testing"
)

func TestNotifySettings(t *testing.T) {
	cfg, err := FromLookup(lookup(nil))
	if err != nil || cfg.Notify.MailOn() || cfg.Notify.BaseURL != "http://localhost:8080" {
		t.Fatalf("defaults: %+v %v", cfg.Notify, err)
	}
	cfg, err = FromLookup(lookup(map[string]string{
		"SMTP_URL": "smtp://relay.example.org:25", "MAIL_FROM": "VM Portal <portal@example.org>",
		"BASE_URL": "https://vmportal.example.org/",
	}))
	if err != nil || !cfg.Notify.MailOn() || cfg.Notify.BaseURL != "https://vmportal.example.org" {
		t.Fatalf("set: %+v %v", cfg.Notify, err)
	}
	for name, env := range map[string]map[string]string{
		"SMTP_URL":  {"SMTP_URL": "http://relay.example.org"},
		"MAIL_FROM": {"MAIL_FROM": "not an address"},
		"BASE_URL":  {"BASE_URL": "vmportal.example.org"},
	} {
		if _, err := FromLookup(lookup(env)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: err = %v, want one naming %s", env, err, name)
		}
	}
}
