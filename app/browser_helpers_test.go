package app_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
)

// logIn logs in through the login page.
func logIn(b *apptest.Browser, username, password string) {
	b.Visit("/login")
	b.Fill("Username", username)
	b.Fill("Password", password)
	b.Click("Log in")
}

// fillRequest fills the request form on the current page with a valid VM
// request named name; overrides are label, value pairs filled afterwards.
func fillRequest(b *apptest.Browser, name string, overrides ...string) {
	fields := append([]string{
		"VM Name", name, "CPUs", "4", "RAM (GB)", "16", "Disk (GB)", "120",
		"Physical Location", "DC1 Rack 7", "Virtual Host", "esx-01", "Operating System", "Debian 12",
		"Primary Admin Name", "Grace Hopper", "Primary Admin Email", "grace@example.com",
	}, overrides...)
	for i := 0; i+1 < len(fields); i += 2 {
		b.Fill(fields[i], fields[i+1])
	}
}

// a11yCheck returns a check that fails t when the page b shows breaks
// WCAG rules, naming the page.
func a11yCheck(t *testing.T, b *apptest.Browser) func(page string) {
	return func(page string) {
		t.Helper()
		if v := b.AccessibilityViolations(); len(v) > 0 {
			t.Errorf("%s (%s) breaks WCAG rules:\n  %s", page, b.Path(), strings.Join(v, "\n  "))
		}
	}
}
