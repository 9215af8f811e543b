package app_test

import (
	"net/http"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// The API token journey: a user opens API Tokens from their Account page, creates
// a write token, copies it from the page, and a script creates a request
// with it; the request is on the user's list like any other. The user
// revokes the token, confirming in the modal, and the script is refused.
func TestBrowserTokenCreatedUsedAndRevoked(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("alice", models.RoleUser)
	base := env.Serve()
	b := apptest.NewBrowser(t, base)

	logIn(b, "alice", apptest.Password)
	b.Click("Account")
	b.Click("API Tokens")
	b.Fill("Name", "terraform")
	b.Fill("Scope", "write")
	b.Click("Create Token")
	token := b.Value("Your new token")
	if !strings.HasPrefix(token, models.TokenPrefix) {
		t.Fatalf("no token shown:\n%s", b.Text())
	}

	script := func() int {
		body := `{"vm_name": "tf-01", "cpus": 2, "ram_gb": 4, "disk_gb": 40, "physical_location": "DC1",
			"virtual_host": "esx-01", "operating_system": "Debian 12", "primary_admin_name": "Ada",
			"primary_admin_email": "ada@example.com"}`
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/vms", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := script(); got != http.StatusCreated {
		t.Fatalf("script with the token: %d", got)
	}
	b.Visit("/vms")
	if !strings.Contains(b.Text(), "tf-01") {
		t.Fatalf("the API's request is not on the list:\n%s", b.Text())
	}

	b.Visit("/account/tokens")
	if text := b.Text(); strings.Contains(text, token) || strings.Contains(text, "Never") {
		t.Fatalf("the list shows the secret again, or no last use:\n%s", text)
	}
	b.ClickInPage("Revoke")
	confirm(t, b, "Revoke the token terraform?", "Yes, revoke")
	if text := b.Text(); !strings.Contains(text, "Token revoked.") || !strings.Contains(text, "Revoked") {
		t.Fatalf("not revoked:\n%s", text)
	}
	if got := script(); got != http.StatusUnauthorized {
		t.Fatalf("script with the revoked token: %d", got)
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
