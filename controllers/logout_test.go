package controllers_test

import (
	"net/http"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

func TestLogoutEndsSessionAndAudits(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Admin()
	r := c.PostForm("/logout", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/login" {
		t.Fatalf("logout: %d → %q, want 303 → /login", r.Status, r.Location)
	}
	page := c.Get("/login")
	if !strings.Contains(page.Body, "You have been logged out.") {
		t.Error("no logout message on the login page")
	}
	if strings.Contains(page.Body, "Log out") {
		t.Error("navbar still shows Log out after logging out")
	}
	if r := c.Get("/dashboard"); r.Status != http.StatusSeeOther {
		t.Fatalf("dashboard after logout: status %d, want 303", r.Status)
	}
	rows := env.AuditEntries(models.ActionLogout)
	if len(rows) != 1 || rows[0].ActorUsername != "admin" {
		t.Fatalf("logout audit rows = %+v, want one by admin", rows)
	}
}

func TestAnonymousLogoutGoesToLogin(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.Client()
	if r := c.PostForm("/logout", nil); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Fatalf("anonymous logout: %d → %q", r.Status, r.Location)
	}
	if n := len(env.AuditEntries(models.ActionLogout)); n != 0 {
		t.Fatalf("anonymous logout wrote %d audit rows", n)
	}
}

func TestDeactivatedUserSessionIsRejectedOnNextRequest(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	u := env.CreateUser("carol", models.RoleUser)
	c := env.Client()
	c.Login("carol", apptest.Password)
	if r := c.Get("/dashboard"); r.Status != http.StatusOK {
		t.Fatalf("dashboard: %d", r.Status)
	}
	env.DB.Gorm.Model(u).Update("active", false)
	if r := c.Get("/dashboard"); r.Status != http.StatusSeeOther {
		t.Fatalf("dashboard after deactivation: status %d, want 303 to login", r.Status)
	}
}
