package notify_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"gorm.io/gorm"

	"vmportal/app/apptest"
	"vmportal/models"
)

func TestRolledBackChangeQueuesAndSendsNothing(t *testing.T) {
	t.Parallel()
	env, relay := mailEnv(t)
	rc := newReceiver(t)
	admin := env.Client()
	admin.Login("admin", apptest.AdminPassword)
	addWebhook(t, admin, rc.URL, "k", models.WebhookEvents...)
	var adminID int64
	if err := env.DB.Gorm.Raw("SELECT id FROM users WHERE username = 'admin'").Scan(&adminID).Error; err != nil {
		t.Fatal(err)
	}
	db := env.DB.Gorm.WithContext(env.Ctx(models.Actor{UserID: adminID, Username: "admin"}))

	// A change whose transaction rolls back after the request (and its
	// audit row, and so its jobs) was written.
	errLater := errors.New("something later in the transaction failed")
	err := db.Transaction(func(tx *gorm.DB) error {
		r := &models.VMRequest{}
		for k, v := range apptest.RequestForm("nt-rollback") {
			if f := models.FieldByKey(k); f != nil && len(v) > 0 {
				f.SetText(r, v[0])
			}
		}
		if err := models.CreateRequest(tx, r); err != nil {
			return err
		}
		var queued int
		if err := tx.Raw("SELECT count(*) FROM river_job").Scan(&queued).Error; err != nil {
			return err
		}
		if queued == 0 {
			t.Error("no jobs queued inside the transaction")
		}
		return errLater
	})
	if !errors.Is(err, errLater) {
		t.Fatalf("transaction: %v", err)
	}

	// An edit refused as a conflict (409) queues nothing either.
	path := submit(t, admin, apptest.RequestForm("nt-rollback-2"))
	relay.WaitFor(1, 10*time.Second)
	waitUntil(t, "created delivered", func() bool { return len(rc.got()) == 1 })
	before := jobCount(t, env, "notify_mail", "") + jobCount(t, env, "notify_webhook", "")
	form := apptest.RequestForm("nt-rollback-2")
	form.Set("version", "7")
	if r := admin.PostForm(path+"/edit", form); r.Status != http.StatusConflict {
		t.Fatalf("stale edit: %d", r.Status)
	}
	time.Sleep(700 * time.Millisecond)
	if after := jobCount(t, env, "notify_mail", "") + jobCount(t, env, "notify_webhook", ""); after != before {
		t.Errorf("%d jobs after a refused edit, want %d", after, before)
	}
	if n := len(relay.Messages()); n != 1 {
		t.Errorf("%d mails, want 1 (the committed submission's)", n)
	}
	if n := len(rc.got()); n != 1 {
		t.Errorf("%d webhook POSTs, want 1 (the committed submission's)", n)
	}
}

func TestTwoInstancesWorkEachJobOnce(t *testing.T) {
	t.Parallel()
	env, relay := mailEnv(t) // instance one's workers
	startWorkers(t, env, "instance-two")
	for i := range 6 {
		env.CreateUser(fmt.Sprintf("adm%d", i), models.RoleAdmin)
	}
	user := env.Client()
	env.CreateUser("alice", models.RoleUser)
	user.Login("alice", apptest.Password)
	for i := range 4 {
		submit(t, user, apptest.RequestForm(fmt.Sprintf("nt-two-%d", i)))
	}
	const want = 4 * 7 // seven admins per request
	got := settle(t, relay, want)
	if len(got) != want {
		t.Fatalf("%d mails, want %d", len(got), want)
	}
	ids := map[string]bool{}
	for _, m := range got {
		ids[m.MessageID()] = true
	}
	if len(ids) != want {
		t.Errorf("%d distinct mails of %d: some sent twice", len(ids), want)
	}
	waitUntil(t, "jobs completed", func() bool { return jobCount(t, env, "notify_mail", "completed") == want })
	// Each attempt after the first must follow a recorded failure (on a
	// loaded machine the test's SMTP server can time out once): a job
	// taken again without one would have been worked by both instances.
	rows, err := env.DB.Pool.Query(t.Context(),
		`SELECT id, attempt, coalesce(array_length(errors, 1), 0), coalesce(errors::text, '') FROM river_job WHERE attempt > 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var attempt, failures int
		var errs string
		if err := rows.Scan(&id, &attempt, &failures, &errs); err != nil {
			t.Fatal(err)
		}
		if attempt != failures+1 {
			t.Errorf("job %d attempted %d times after %d failures: taken twice", id, attempt, failures)
		} else {
			t.Logf("job %d retried after: %s", id, errs)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
