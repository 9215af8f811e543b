package notify_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"vmportal/app/apptest"
	"vmportal/app/notify/smtptest"
	"vmportal/models"
)

// recipients lists who the messages went to, sorted.
func recipients(ms []smtptest.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, strings.Join(m.To, ","))
	}
	sort.Strings(out)
	return out
}

// settle waits for n mails, then a little longer to catch extra ones.
func settle(t *testing.T, relay *smtptest.Server, n int) []smtptest.Message {
	t.Helper()
	relay.WaitFor(n, 15*time.Second)
	time.Sleep(700 * time.Millisecond)
	return relay.Messages()
}

func TestEachEventMailsTheRightAddressesOnce(t *testing.T) {
	t.Parallel()
	env, relay := mailEnv(t)
	alice := env.CreateUser("alice", models.RoleUser)
	env.CreateUser("bob", models.RoleAdmin)
	carol := env.CreateUser("carol", models.RoleAdmin)
	setMailOff(t, env, carol)
	gone := env.CreateUser("dave", models.RoleAdmin)
	if err := env.DB.Gorm.Exec("UPDATE users SET active = false WHERE id = ?", gone.ID).Error; err != nil {
		t.Fatal(err)
	}
	user, admin := env.Client(), env.Client()
	user.Login("alice", apptest.Password)
	admin.Login("admin", apptest.AdminPassword)

	// Submitted: every active admin who wants mail (not carol, not dave).
	form := apptest.RequestForm("nt-mail-01")
	form.Set("primary_admin_email", "ALICE@example.com") // the owner again: one mail
	form.Set("secondary_admin_name", "Carol")
	form.Set("secondary_admin_email", "carol@example.com") // turned mail off
	path := submit(t, user, form)
	got := settle(t, relay, 2)
	if want := []string{"admin@vmportal.local", "bob@example.com"}; !slices.Equal(recipients(got), want) {
		t.Fatalf("submitted: mailed %v, want %v", recipients(got), want)
	}
	for _, m := range got {
		if m.Subject() != "[VM Portal] nt-mail-01: new request submitted" {
			t.Errorf("subject %q", m.Subject())
		}
	}

	// Approved: owner, Requestor and Primary Admin (the owner again), once
	// each; the Secondary Admin turned mail off.
	admin.DecideRequest(path, models.DecisionApprove, 1, "")
	got = settle(t, relay, 4)[2:]
	if want := []string{"ada@example.com", "alice@example.com"}; !slices.Equal(recipients(got), want) {
		t.Fatalf("approved: mailed %v, want %v", recipients(got), want)
	}
	m := got[0]
	if m.Subject() != "[VM Portal] nt-mail-01: request approved" {
		t.Errorf("subject %q", m.Subject())
	}
	body := string(m.Data)
	for _, want := range []string{"text/plain", "text/html", baseURL + path, "From: \"VM Portal\" <portal@example.org>"} {
		if !strings.Contains(body, want) {
			t.Errorf("approval mail lacks %q:\n%s", want, body)
		}
	}
	if id := m.MessageID(); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.org>") {
		t.Errorf("Message-ID %q", id)
	}
	if got[0].MessageID() == got[1].MessageID() {
		t.Error("two recipients share a Message-ID")
	}

	// Rejected on another request: the reason is quoted.
	path2 := submit(t, user, apptest.RequestForm("nt-mail-02"))
	settle(t, relay, 6)
	admin.DecideRequest(path2, models.DecisionReject, 1, "No budget <this year>")
	got = settle(t, relay, 9)[6:]
	if want := []string{"ada@example.com", "alice@example.com", "grace@example.com"}; !slices.Equal(recipients(got), want) {
		t.Fatalf("rejected: mailed %v, want %v", recipients(got), want)
	}
	if s := got[0].Subject(); s != "[VM Portal] nt-mail-02: request rejected" {
		t.Errorf("subject %q", s)
	}
	if !strings.Contains(string(got[0].Data), "No budget") {
		t.Errorf("rejection mail lacks the reason:\n%s", got[0].Data)
	}

	// An edit mails nobody; the owner turning mail off stops theirs.
	setMailOff(t, env, alice)
	admin.DecideRequest(path, models.DecisionActivate, 2, "")
	got = settle(t, relay, 10)[9:]
	if want := []string{"ada@example.com"}; !slices.Equal(recipients(got), want) {
		t.Fatalf("activated with the owner's mail off: mailed %v, want %v", recipients(got), want)
	}
	if s := got[0].Subject(); s != "[VM Portal] nt-mail-01: marked Active" {
		t.Errorf("subject %q", s)
	}
	if n := jobCount(t, env, "notify_mail", ""); n != 10 {
		t.Errorf("%d mail jobs, want 10 (one per mail)", n)
	}
}

func TestSMTPOutageDelaysMailButLosesNoneAndSendsNoneTwice(t *testing.T) {
	t.Parallel()
	env, relay := mailEnv(t)
	for i := range 3 {
		env.CreateUser(fmt.Sprintf("adm%d", i), models.RoleAdmin)
	}
	user := env.Client()
	env.CreateUser("alice", models.RoleUser)
	user.Login("alice", apptest.Password)

	relay.Stop()
	submit(t, user, apptest.RequestForm("nt-down-01"))
	submit(t, user, apptest.RequestForm("nt-down-02"))
	// Every mail fails at least twice while the relay is down.
	waitUntil(t, "failed attempts", func() bool {
		var n int
		_ = env.DB.Pool.QueryRow(t.Context(),
			`SELECT count(*) FROM river_job WHERE kind = 'notify_mail' AND attempt >= 2 AND state <> 'completed'`).Scan(&n)
		return n == 8
	})
	if len(relay.Messages()) != 0 {
		t.Fatal("mail arrived while the relay was down")
	}
	relay.Restart()
	got := settle(t, relay, 8)
	if len(got) != 8 {
		t.Fatalf("%d mails after the outage, want 8", len(got))
	}
	ids := map[string]bool{}
	for _, m := range got {
		ids[m.MessageID()] = true
	}
	if len(ids) != 8 {
		t.Errorf("%d distinct mails of 8: some sent twice", len(ids))
	}
	waitUntil(t, "jobs completed", func() bool { return jobCount(t, env, "notify_mail", "completed") == 8 })
}

// A comment is audited as request.commented on its request, in the
// comment's transaction (models.AddComment); this writes that audit row
// as the comment would.
func comment(t *testing.T, env *apptest.Env, author *models.User, requestID, text string) {
	t.Helper()
	ctx := env.Ctx(models.Actor{UserID: author.ID, Username: author.Username})
	err := models.RecordAudit(env.DB.Gorm.WithContext(ctx), models.EventRequestCommented,
		models.AuditObject{Type: "vm_request", ID: requestID}, map[string]any{"comment": text})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCommentMailsOwnerAndDecidersButNotTheAuthor(t *testing.T) {
	t.Parallel()
	env, relay := mailEnv(t)
	alice := env.CreateUser("alice", models.RoleUser)
	env.CreateUser("bob", models.RoleAdmin) // never decided: no comment mails
	admin, err := models.FindUserByUsername(env.DB.Gorm, "admin")
	if err != nil {
		t.Fatal(err)
	}
	user, adminClient := env.Client(), env.Client()
	user.Login("alice", apptest.Password)
	adminClient.Login("admin", apptest.AdminPassword)
	path := submit(t, user, apptest.RequestForm("nt-comment-01"))
	adminClient.DecideRequest(path, models.DecisionApprove, 1, "")
	settle(t, relay, 2+3) // submitted → admin, bob; approved → alice, ada, grace
	id := strings.TrimPrefix(path, "/vms/")

	comment(t, env, admin, id, "Which VLAN for the backup network?")
	got := settle(t, relay, 6)[5:]
	if want := []string{"alice@example.com"}; !slices.Equal(recipients(got), want) {
		t.Fatalf("admin's comment mailed %v, want %v", recipients(got), want)
	}
	if s := got[0].Subject(); s != "[VM Portal] nt-comment-01: new comment" {
		t.Errorf("subject %q", s)
	}
	if !strings.Contains(string(got[0].Data), "Which VLAN for the backup network?") {
		t.Errorf("the mail lacks the comment:\n%s", got[0].Data)
	}

	comment(t, env, alice, id, "VLAN 20, thanks")
	got = settle(t, relay, 7)[6:]
	if want := []string{"admin@vmportal.local"}; !slices.Equal(recipients(got), want) {
		t.Fatalf("owner's comment mailed %v, want %v (the admin who decided)", recipients(got), want)
	}
}

func TestMailOffQueuesNoMail(t *testing.T) {
	t.Parallel()
	env := apptest.New(t) // no SMTP_URL
	user := env.Client()
	user.Login("admin", apptest.AdminPassword)
	submit(t, user, apptest.RequestForm("nt-off-01"))
	if n := jobCount(t, env, "notify_mail", ""); n != 0 {
		t.Errorf("%d mail jobs with mail off", n)
	}
}
