package app_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vmportal/app/apptest"
	"vmportal/app/notify"
	"vmportal/models"
)

// The notifications journey: an admin adds a webhook for the provisioning
// automation, sends it a test and reads its deliveries; a user turns mail
// about their requests off on the account page. Every page passes the
// accessibility check.
func TestBrowserAdminSetsUpAWebhook(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.StartWorkers(notify.WorkerOptions{PollInterval: 100 * time.Millisecond})
	var pings atomic.Int32
	awx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get(notify.HeaderSignature) == notify.Sign("awx-shared-secret", body) {
			pings.Add(1)
		}
	}))
	t.Cleanup(awx.Close)
	b := apptest.NewBrowser(t, env.Serve())
	check := func(page string) {
		t.Helper()
		if v := b.AccessibilityViolations(); len(v) > 0 {
			t.Errorf("%s breaks WCAG rules:\n  %s", page, strings.Join(v, "\n  "))
		}
	}

	logIn(b, "admin", apptest.AdminPassword)
	b.Click("Webhooks")
	check("webhooks")
	b.Click("New Webhook")
	b.Fill("URL", "ftp://awx.example.org")
	b.Fill("Secret", "awx-shared-secret")
	if got := b.Click("Create Webhook"); got != http.StatusUnprocessableEntity {
		t.Fatalf("ftp URL: status %d, want 422", got)
	}
	check("webhook form with errors")
	b.Fill("URL", awx.URL+"/api/v2/hooks")
	if b.Value("Secret") != "awx-shared-secret" {
		t.Error("the secret typed was lost")
	}
	b.SetChecked("request.updated", false)
	b.Click("Create Webhook")
	if !strings.Contains(b.Text(), "Webhook created.") {
		t.Fatalf("webhook not created:\n%s", b.Text())
	}
	w, err := models.FindWebhook(env.DB.Gorm, 1)
	if err != nil || w.Events.Has(models.ActionRequestUpdated) || !w.Events.Has(models.ActionRequestCreated) || !w.Active {
		t.Fatalf("stored webhook %+v %v", w, err)
	}
	b.Click("Send test to " + awx.URL + "/api/v2/hooks")
	deadline := time.Now().Add(15 * time.Second)
	for pings.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if pings.Load() != 1 {
		t.Fatal("the signed ping did not arrive")
	}
	b.Visit("/admin/webhooks/1/deliveries")
	if text := b.Text(); !strings.Contains(text, "ping") || !strings.Contains(text, "200") {
		t.Errorf("deliveries page lacks the ping's 200:\n%s", text)
	}
	check("deliveries")
	b.Click("Webhooks")
	b.Click("Notification queue")
	check("queue")
	b.Visit("/admin/webhooks/1/edit")
	check("edit webhook")

	b.Click("Account")
	check("account")
	b.SetChecked("Email me about my requests", false)
	b.Click("Save Settings")
	if !strings.Contains(b.Text(), "You will no longer get email about your requests.") {
		t.Fatalf("setting not saved:\n%s", b.Text())
	}
	if u, _ := models.FindUserByUsername(env.DB.Gorm, "admin"); u.EmailNotifications {
		t.Error("mail still on")
	}
}
