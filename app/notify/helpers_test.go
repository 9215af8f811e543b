package notify_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"vmportal/app/apptest"
	"vmportal/app/notify"
	"vmportal/app/notify/smtptest"
	"vmportal/config"
	"vmportal/models"
)

// fastRetries makes failed jobs come back within a fraction of a second.
var fastRetries = notify.WorkerOptions{
	Backoff:      notify.Backoff{Base: 100 * time.Millisecond, Max: 400 * time.Millisecond},
	PollInterval: 100 * time.Millisecond,
}

// baseURL is the public address links in mails are built from.
const baseURL = "https://portal.example.org"

// mailEnv is a portal with a real SMTP server as its relay and its
// workers running.
func mailEnv(t *testing.T) (*apptest.Env, *smtptest.Server) {
	t.Helper()
	relay := smtptest.Start(t)
	env := apptest.New(t, func(c *config.Config) {
		c.Notify.SMTPURL = relay.URL()
		c.Notify.MailFrom = "VM Portal <portal@example.org>"
		c.Notify.BaseURL = baseURL
	})
	startWorkers(t, env, "")
	return env, relay
}

// startWorkers runs a worker client (one app instance's) with fast
// retries until the test ends.
func startWorkers(t *testing.T, env *apptest.Env, id string) *notify.Workers {
	t.Helper()
	opts := fastRetries
	opts.ID = id
	return env.StartWorkers(opts)
}

// submit posts form to /vms/new as c and returns the detail path.
func submit(t *testing.T, c *apptest.Client, form url.Values) string {
	t.Helper()
	r := c.PostForm("/vms/new", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", r.Status, r.Body)
	}
	return r.Location
}

// jobCount counts River jobs of kind in state (any state when "").
func jobCount(t *testing.T, env *apptest.Env, kind, state string) int {
	t.Helper()
	var n int
	err := env.DB.Pool.QueryRow(t.Context(),
		`SELECT count(*) FROM river_job WHERE kind = $1 AND ($2 = '' OR state::text = $2)`, kind, state).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitUntil polls cond for up to 30 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// setMailOff turns a user's "Email me about my requests" off.
func setMailOff(t *testing.T, env *apptest.Env, u *models.User) {
	t.Helper()
	if err := env.DB.Gorm.Exec("UPDATE users SET email_notifications = false WHERE id = ?", u.ID).Error; err != nil {
		t.Fatal(err)
	}
}
