package controllers_test

import (
	"net/http"
	"net/url"
	"testing"

	"vmportal/app/apptest"
)

// A login whose audit row cannot be written must not log anyone in: the
// session is bound only after the transaction with the audit row commits.
func TestNoSessionWhenTheLoginAuditFails(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	// A trigger refuses login rows, as a full disk or a lost connection
	// at commit would.
	err := env.DB.Gorm.Exec(`CREATE FUNCTION refuse_login_audit() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'audit refused'; END $$;
		CREATE TRIGGER refuse_login_audit BEFORE INSERT ON audit_log
		FOR EACH ROW WHEN (NEW.action = 'login') EXECUTE FUNCTION refuse_login_audit();`).Error
	if err != nil {
		t.Fatal(err)
	}
	c := env.Client()
	c.Get("/login")
	r := c.PostForm("/login", url.Values{"username": {apptest.AdminUsername}, "password": {apptest.AdminPassword}})
	if r.Status < 500 {
		t.Fatalf("login with a failing audit: status %d, want a server error", r.Status)
	}
	if d := c.Get("/dashboard"); d.Status != http.StatusSeeOther {
		t.Fatalf("dashboard after the failed login: status %d, want 303 to /login (no session)", d.Status)
	}
	var bound int64
	env.DB.Gorm.Raw("SELECT count(*) FROM users WHERE username = 'admin' AND last_login_at IS NOT NULL").Scan(&bound)
	if bound != 0 {
		t.Error("last_login_at was committed without the audit row")
	}
}
