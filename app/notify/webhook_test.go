package notify_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vmportal/app/apptest"
	"vmportal/app/notify"
	"vmportal/models"
)

// receiver is a real HTTP server that records every POST and answers
// with the statuses in order (then 200).
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	answers  []int
	requests []received
}

type received struct {
	Header http.Header
	Body   []byte
}

func newReceiver(t *testing.T, answers ...int) *receiver {
	rc := &receiver{answers: answers}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.requests = append(rc.requests, received{Header: r.Header.Clone(), Body: body})
		status := http.StatusOK
		if len(rc.answers) > 0 {
			status, rc.answers = rc.answers[0], rc.answers[1:]
		}
		rc.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) got() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.requests...)
}

// addWebhook creates a webhook through the admin form.
func addWebhook(t *testing.T, admin *apptest.Client, target, secret string, events ...string) {
	t.Helper()
	form := url.Values{"url": {target}, "secret": {secret}, "active": {"on"}, "events": events}
	if r := admin.PostForm("/admin/webhooks/new", form); r.Status != http.StatusSeeOther {
		t.Fatalf("create webhook: %d\n%s", r.Status, r.Body)
	}
}

func TestWebhookAnswering500Then200IsDeliveredOnceMoreAndSigned(t *testing.T) {
	t.Parallel()
	env := apptest.New(t) // mail off: webhooks work without it
	startWorkers(t, env, "")
	rc := newReceiver(t, http.StatusInternalServerError)
	admin := env.Client()
	admin.Login("admin", apptest.AdminPassword)
	addWebhook(t, admin, rc.URL+"/hook", "s3cret", models.ActionRequestCreated, models.ActionRequestApproved)

	path := submit(t, admin, apptest.RequestForm("nt-hook-01"))
	waitUntil(t, "two attempts", func() bool { return len(rc.got()) >= 2 })
	waitUntil(t, "job completed", func() bool { return jobCount(t, env, "notify_webhook", "completed") == 1 })
	got := rc.got()
	if len(got) != 2 {
		t.Fatalf("%d POSTs, want 2 (a 500, then the retry)", len(got))
	}
	first, second := got[0], got[1]
	if first.Header.Get(notify.HeaderDelivery) == "" || first.Header.Get(notify.HeaderDelivery) != second.Header.Get(notify.HeaderDelivery) {
		t.Errorf("delivery ids %q, %q: want one id for both attempts", first.Header.Get(notify.HeaderDelivery), second.Header.Get(notify.HeaderDelivery))
	}
	if e := second.Header.Get(notify.HeaderEvent); e != models.ActionRequestCreated {
		t.Errorf("event header %q", e)
	}
	if sig := second.Header.Get(notify.HeaderSignature); sig != notify.Sign("s3cret", second.Body) || !strings.HasPrefix(sig, "sha256=") {
		t.Errorf("signature %q does not match the body", sig)
	}
	var doc struct {
		Event      string         `json:"event"`
		OccurredAt string         `json:"occurred_at"`
		Actor      map[string]any `json:"actor"`
		Request    map[string]any `json:"request"`
	}
	if err := json.Unmarshal(second.Body, &doc); err != nil {
		t.Fatalf("body: %v\n%s", err, second.Body)
	}
	if doc.Event != models.ActionRequestCreated || doc.OccurredAt == "" || doc.Actor["username"] != "admin" ||
		doc.Request["vm_name"] != "nt-hook-01" || doc.Request["status"] != models.StatusPending || doc.Request["cpus"] != float64(4) {
		t.Errorf("body %s", second.Body)
	}
	vlans, _ := doc.Request["vlans"].([]any)
	if len(vlans) != 2 {
		t.Errorf("vlans %v", doc.Request["vlans"])
	}

	// The deliveries page lists both attempts with their status.
	page := admin.Get("/admin/webhooks/1/deliveries")
	for _, want := range []string{">500<", ">200<", "request.created"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("deliveries page lacks %s", want)
		}
	}

	// An event the webhook did not choose is not sent; one it chose is.
	admin.EditRequest(path, "nt-hook-01", 1, map[string]string{"cpus": "8"})
	admin.DecideRequest(path, models.DecisionApprove, 2, "")
	waitUntil(t, "approval delivered", func() bool { return len(rc.got()) == 3 })
	if e := rc.got()[2].Header.Get(notify.HeaderEvent); e != models.ActionRequestApproved {
		t.Errorf("third POST is %q, want the approval (the edit is not subscribed)", e)
	}
}

func TestWebhookSendTestAndNoRedirectToAnotherHost(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	startWorkers(t, env, "")
	elsewhere := newReceiver(t)
	bouncer := httptest.NewServer(http.RedirectHandler(elsewhere.URL+"/stolen", http.StatusTemporaryRedirect))
	t.Cleanup(bouncer.Close)
	rc := newReceiver(t)
	admin := env.Client()
	admin.Login("admin", apptest.AdminPassword)
	addWebhook(t, admin, rc.URL, "k", models.ActionRequestCreated)
	addWebhook(t, admin, bouncer.URL, "k", models.ActionRequestCreated)

	if r := admin.PostForm("/admin/webhooks/1/test", nil); r.Status != http.StatusSeeOther || r.Location != "/admin/webhooks/1/deliveries" {
		t.Fatalf("send test: %d %s", r.Status, r.Location)
	}
	waitUntil(t, "ping", func() bool { return len(rc.got()) == 1 })
	if e := rc.got()[0].Header.Get(notify.HeaderEvent); e != models.EventPing {
		t.Errorf("Send test sent %q", e)
	}
	if r := admin.PostForm("/admin/webhooks/2/test", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("send test: %d", r.Status)
	}
	waitUntil(t, "redirect refused and logged", func() bool {
		var n int
		_ = env.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM webhook_deliveries WHERE webhook_id = 2 AND status_code = 307`).Scan(&n)
		return n >= 1
	})
	if len(elsewhere.got()) != 0 {
		t.Error("a delivery followed a redirect to another host")
	}
}

func TestOldDeliveriesArePruned(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Client()
	admin.Login("admin", apptest.AdminPassword)
	addWebhook(t, admin, "https://awx.example.org/hook", "k", models.ActionRequestCreated)
	if err := env.DB.Gorm.Exec(`INSERT INTO webhook_deliveries (webhook_id, delivery_id, event, attempt, status_code, attempted_at)
		VALUES (1, 'old', 'ping', 1, 200, now() - interval '91 days'), (1, 'recent', 'ping', 1, 200, now() - interval '89 days')`).Error; err != nil {
		t.Fatal(err)
	}
	startWorkers(t, env, "") // the daily clean-up also runs at start
	waitUntil(t, "the old attempt pruned", func() bool {
		var ids []string
		_ = env.DB.Gorm.Raw("SELECT delivery_id FROM webhook_deliveries ORDER BY id").Scan(&ids).Error
		return len(ids) == 1 && ids[0] == "recent"
	})
}

func TestWebhookReceiverSlowerThan10sIsRetried(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	startWorkers(t, env, "")
	var calls atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select { // the first attempt hangs past the 10 s limit
			case <-time.After(12 * time.Second):
			case <-r.Context().Done():
			}
		}
	}))
	t.Cleanup(slow.Close)
	admin := env.Client()
	admin.Login("admin", apptest.AdminPassword)
	addWebhook(t, admin, slow.URL, "k", models.ActionRequestCreated)
	submit(t, admin, apptest.RequestForm("nt-slow-01"))
	waitUntil(t, "the retry delivered", func() bool { return jobCount(t, env, "notify_webhook", "completed") == 1 })
	var attempts []struct {
		StatusCode *int
		Error      string
	}
	if err := env.DB.Gorm.Raw("SELECT status_code, error FROM webhook_deliveries ORDER BY id").Scan(&attempts).Error; err != nil {
		t.Fatal(err)
	}
	if len(attempts) != 2 || attempts[0].StatusCode != nil || !strings.Contains(attempts[0].Error, "Timeout") ||
		attempts[1].StatusCode == nil || *attempts[1].StatusCode != http.StatusOK {
		t.Errorf("attempts %+v, want a timeout then 200", attempts)
	}
}

// Restoring a version changes the request as an edit does: webhooks that
// follow request.updated hear of it, with the restored details.
func TestRestoredVersionIsDeliveredAsAnUpdate(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	startWorkers(t, env, "")
	rc := newReceiver(t)
	admin := env.Client()
	admin.Login("admin", apptest.AdminPassword)
	addWebhook(t, admin, rc.URL+"/hook", "s3cret", models.ActionRequestUpdated)

	path := submit(t, admin, apptest.RequestForm("nt-restore-01"))
	admin.EditRequest(path, "nt-restore-01", 1, map[string]string{"cpus": "8"})
	form := url.Values{"restore": {"1"}, "version": {"2"}}
	if r := admin.PostForm(path+"/restore", form); r.Status != http.StatusSeeOther {
		t.Fatalf("restore: %d\n%s", r.Status, r.Body)
	}
	waitUntil(t, "edit and restore delivered", func() bool { return len(rc.got()) == 2 })
	// The two deliveries are separate jobs that workers may finish in
	// either order: the restore is the one carrying version 3.
	type delivery struct {
		Event   string         `json:"event"`
		Request map[string]any `json:"request"`
	}
	var restore *delivery
	for _, got := range rc.got() {
		var doc delivery
		if err := json.Unmarshal(got.Body, &doc); err != nil {
			t.Fatal(err)
		}
		if got.Header.Get(notify.HeaderEvent) != models.ActionRequestUpdated || doc.Event != models.ActionRequestUpdated {
			t.Errorf("delivered as %q: %s", got.Header.Get(notify.HeaderEvent), got.Body)
		}
		if doc.Request["version"] == float64(3) {
			restore = &doc
		}
	}
	if restore == nil || restore.Request["cpus"] != float64(4) {
		t.Errorf("restore (version 3 with the first version's 4 CPUs) not delivered: %+v", restore)
	}
}
