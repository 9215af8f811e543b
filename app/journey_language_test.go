package app_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/i18n"
	"vmportal/models"
)

// The request journey in every language: the visitor picks the language
// on the login page, logs in, requests a VM and finds it in the list; an
// admin picks the language in the navbar and approves it, confirming in
// the modal; the requestor sees it Approved. Every label the journey reads or clicks comes from the
// language's catalog, so a page still showing English where it should not
// breaks the journey; the pages also pass the accessibility check with
// <html lang> following the language.
func TestBrowserRequestJourneyInEachLanguage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	for i, l := range i18n.Languages {
		username := "ana" + l.Tag
		env.CreateUser(username, models.RoleUser)
		t.Run(l.Tag, func(t *testing.T) {
			journeyIn(t, env, i18n.For(l.Tag), l.Name, username, "lang-journey-0"+string(rune('1'+i)))
		})
	}
}

func journeyIn(t *testing.T, env *apptest.Env, tr *i18n.Translator, languageName, username, vm string) {
	b := apptest.NewBrowser(t, env.Serve())
	check := func(page string) {
		t.Helper()
		if n := b.Count(`html[lang="` + tr.Lang() + `"]`); n != 1 {
			t.Errorf("%s: <html lang> is not %s", page, tr.Lang())
		}
		if v := b.AccessibilityViolations(); len(v) > 0 {
			t.Errorf("%s (%s) breaks WCAG rules:\n  %s", page, b.Path(), strings.Join(v, "\n  "))
		}
	}
	logInAs := func(user, password string) {
		t.Helper()
		b.Visit("/login")
		b.Fill(tr.T("login.username"), user)
		b.Fill(tr.T("login.password"), password)
		b.Click(tr.T("login.submit"))
	}

	b.Visit("/login")
	b.Click(languageName)
	if !strings.Contains(b.Text(), tr.T("language.changed")) {
		t.Fatalf("no confirmation of the language:\n%s", b.Text())
	}
	check("login")
	b.Screenshot("language-journey-login-" + tr.Lang())
	logInAs(username, apptest.Password)

	b.Click(tr.T("nav.new_request"))
	for _, kv := range [][2]string{{"vm_name", vm}, {"cpus", "4"}, {"ram_gb", "16"}, {"disk_gb", "120"},
		{"physical_location", "DC1 Rack 7"}, {"virtual_host", "esx-01"}, {"operating_system", "Debian 12"},
		{"primary_admin_name", "Grace Hopper"}, {"primary_admin_email", "grace@example.com"}} {
		b.Fill(tr.T("field."+kv[0]), kv[1])
	}
	b.Click(tr.T("request.submit"))
	requestPath := b.Path()
	if text := b.Text(); !strings.Contains(text, tr.T("request.submitted", "Name", vm)) || !strings.Contains(text, tr.T("value.Pending")) {
		t.Fatalf("request not submitted:\n%s", text)
	}
	check("request detail")
	b.Screenshot("language-journey-detail-" + tr.Lang())
	b.Click(tr.T("nav.list"))
	if text := b.Text(); !strings.Contains(text, vm) {
		t.Fatalf("request not listed:\n%s", text)
	}
	check("list")
	b.Click(tr.T("nav.logout"))

	// The login page after logging out still reads the same; the admin
	// (whose own choice may differ) picks the language in the navbar.
	logInAs("admin", apptest.AdminPassword)
	b.Click(languageName)
	if n := b.Count(`html[lang="` + tr.Lang() + `"]`); n != 1 {
		t.Fatalf("the navbar's %s did not switch the page", languageName)
	}
	b.Visit(requestPath)
	b.ClickInPage(tr.T("decision.approve.button"))
	b.WaitVisible("#confirm-modal [data-confirm-ok]")
	if !strings.Contains(b.Text(), tr.T("decision.approve.question", "Name", vm)) {
		t.Fatalf("no confirmation dialog:\n%s", b.Text())
	}
	b.Click(tr.T("decision.approve.confirm_yes"))
	if !strings.Contains(b.Text(), tr.T("decision.approve.done")) {
		t.Fatalf("not approved:\n%s", b.Text())
	}
	b.Click(tr.T("nav.logout"))

	logInAs(username, apptest.Password)
	b.Click(tr.T("nav.list"))
	b.Click(vm)
	if text := b.Text(); !strings.Contains(text, tr.T("value.Approved")) {
		t.Fatalf("the requestor does not see the approval:\n%s", text)
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
