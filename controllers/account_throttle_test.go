package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

func TestWrongCurrentPasswordsAreThrottledAndAudited(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	c := env.LoggedIn("carol", models.RoleUser)
	form := func(current string) url.Values {
		return url.Values{"current_password": {current}, "new_password": {"brand-new-password-1"}, "confirm_password": {"brand-new-password-1"}}
	}
	for i := 1; i <= 5; i++ {
		r := c.PostForm("/account/password", form("guess-"+string(rune('a'+i))))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "The current password is not correct.") {
			t.Fatalf("guess %d: status %d, want 422 with the field error", i, r.Status)
		}
	}
	// The sixth is refused, even the right one, with the form kept.
	r := c.PostForm("/account/password", form(apptest.Password))
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Too many wrong passwords.") ||
		!strings.Contains(r.Body, `name="current_password"`) || r.Header.Get("Retry-After") == "" {
		t.Fatalf("after 5 wrong passwords: status %d, want 429 with message, form and Retry-After\n%s", r.Status, r.Body)
	}
	c.PostForm("/account/password", form("another-guess"))
	if n := countReason(env, models.ActionPasswordCheckFailed, "wrong current password"); n != 5 {
		t.Errorf("wrong current passwords audited: %d, want 5", n)
	}
	if n := countReason(env, models.ActionPasswordCheckFailed, "throttled"); n != 1 {
		t.Errorf("refused checks audited: %d, want 1", n)
	}
	var e models.AuditEntry
	env.DB.Gorm.Where("action = ?", models.ActionPasswordCheckFailed).First(&e)
	if e.ActorID == nil || e.ActorUsername != "carol" {
		t.Errorf("audit row actor = %v %q, want carol", e.ActorID, e.ActorUsername)
	}
	// The guesses came out of carol's login allowance too.
	other := env.Client()
	other.Get("/login")
	if r := other.PostForm("/login", url.Values{"username": {"carol"}, "password": {apptest.Password}}); r.Status != http.StatusTooManyRequests {
		t.Errorf("login after 5 wrong current passwords: status %d, want 429", r.Status)
	}
}
