package controllers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// TestAPITokensPage: a user creates a token (shown once), sees it listed
// with its last use, cannot give it the admin scope, and revokes it; each
// step is audited, and bad input keeps what was typed.
func TestAPITokensPage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.LoggedIn("alice", models.RoleUser)

	page := c.Get("/account/tokens")
	for _, label := range []string{"API Tokens", `for="f-name" class="form-label">Name<`, `for="f-expires" class="form-label">Expires<`, `for="f-scope" class="form-label">Scope<`} {
		if !strings.Contains(page.Body, label) {
			t.Fatalf("token page lacks %q", label)
		}
	}
	if strings.Contains(page.Body, `value="admin"`) {
		t.Fatal("a user is offered the admin scope")
	}

	bad := c.PostForm("/account/tokens", url.Values{"name": {"deploy bot"}, "expires": {"2001-01-01"}, "scope": {"admin"}})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `value="deploy bot"`) ||
		!strings.Contains(bad.Body, "Expires cannot be in the past.") || !strings.Contains(bad.Body, "Choose a Scope") {
		t.Fatalf("bad token form: %d", bad.Status)
	}

	made := c.PostForm("/account/tokens", url.Values{"name": {"deploy bot"}, "expires": {models.DefaultTokenExpiry()}, "scope": {"write"}})
	secret := regexp.MustCompile(`value="(vmp_[A-Za-z0-9_-]+)"`).FindStringSubmatch(made.Body)
	if made.Status != http.StatusCreated || secret == nil {
		t.Fatalf("create token: %d", made.Status)
	}
	var stored models.APIToken
	if err := env.DB.Gorm.Take(&stored).Error; err != nil || strings.Contains(string(stored.TokenHash), secret[1]) {
		t.Fatalf("stored token: %v", err)
	}
	list := c.Get("/account/tokens")
	if strings.Contains(list.Body, secret[1]) || !strings.Contains(list.Body, "deploy bot") || !strings.Contains(list.Body, "Never") {
		t.Fatal("the list shows the secret again, or not the token")
	}

	// Used once: the list shows when and from where.
	req, _ := http.NewRequest(http.MethodGet, "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+secret[1])
	if res, err := env.App.Test(req, -1); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("token does not work: %v", err)
	}
	if list := c.Get("/account/tokens"); strings.Contains(list.Body, "Never") || !strings.Contains(list.Body, "from 0.0.0.0") {
		t.Fatal("last use not listed")
	}

	// Another user cannot revoke it; its owner can.
	other := env.LoggedIn("bob", models.RoleUser)
	revoke := "/account/tokens/" + strconv.FormatInt(stored.ID, 10) + "/revoke"
	if r := other.PostForm(revoke, nil); r.Status != http.StatusNotFound {
		t.Fatalf("bob revokes alice's token: %d", r.Status)
	}
	if r := c.PostForm(revoke, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.Status)
	}
	if r := c.Get("/account/tokens"); !strings.Contains(r.Body, "Revoked") {
		t.Fatal("revoked token not marked")
	}
	if res, _ := env.App.Test(req, -1); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked token still works: %d", res.StatusCode)
	}
	for _, action := range []string{models.ActionTokenCreated, models.ActionTokenRevoked, models.ActionTokenNewAddress} {
		if rows := env.AuditEntries(action); len(rows) != 1 || rows[0].Details["token"] != "deploy bot" {
			t.Errorf("%s audit: %+v", action, rows)
		}
	}
}
