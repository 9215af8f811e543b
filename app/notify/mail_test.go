package notify_test

import (
	"fmt"
	"net/http"
	"net/url"
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

// comment posts text as a comment on the request at path, as c would
// from the detail page.
func comment(t *testing.T, c *apptest.Client, path, text string) {
	t.Helper()
	if r := c.PostForm(path+"/comments", url.Values{"comment": {text}}); r.Status != http.StatusSeeOther {
		t.Fatalf("comment: %d\n%s", r.Status, r.Body)
	}
}

func TestCommentMailsOwnerAndAdminsTakingPartButNotTheAuthor(t *testing.T) {
	t.Parallel()
	env, relay := mailEnv(t)
	env.CreateUser("alice", models.RoleUser)
	env.CreateUser("bob", models.RoleAdmin)   // never decided: no comment mails until he comments
	env.CreateUser("carol", models.RoleAdmin) // never takes part: no comment mails
	user, adminClient, bob := env.Client(), env.Client(), env.Client()
	user.Login("alice", apptest.Password)
	adminClient.Login("admin", apptest.AdminPassword)
	bob.Login("bob", apptest.Password)
	path := submit(t, user, apptest.RequestForm("nt-comment-01"))
	adminClient.DecideRequest(path, models.DecisionApprove, 1, "")
	settle(t, relay, 3+3) // submitted → admin, bob, carol; approved → alice, ada, grace

	comment(t, adminClient, path, "Which VLAN for the backup network?")
	got := settle(t, relay, 7)[6:]
	if want := []string{"alice@example.com"}; !slices.Equal(recipients(got), want) {
		t.Fatalf("admin's comment mailed %v, want %v", recipients(got), want)
	}
	if s := got[0].Subject(); s != "[VM Portal] nt-comment-01: new comment" {
		t.Errorf("subject %q", s)
	}
	if !strings.Contains(got[0].Part("text/plain"), "Which VLAN for the backup network?") {
		t.Errorf("the mail lacks the comment:\n%s", got[0].Data)
	}

	comment(t, bob, path, "esx-02 has room for it.")
	got = settle(t, relay, 9)[7:]
	if want := []string{"admin@vmportal.local", "alice@example.com"}; !slices.Equal(recipients(got), want) {
		t.Fatalf("bob's comment mailed %v, want %v (the owner and the admin who decided)", recipients(got), want)
	}

	comment(t, user, path, "VLAN 20, thanks")
	got = settle(t, relay, 11)[9:]
	if want := []string{"admin@vmportal.local", "bob@example.com"}; !slices.Equal(recipients(got), want) {
		t.Fatalf("owner's comment mailed %v, want %v (the admin who decided and the admin who commented)", recipients(got), want)
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
