package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

func comment(c *apptest.Client, path, text string) *apptest.Response {
	return c.PostForm(path+"/comments", url.Values{"comment": {text}})
}

// The owner and an admin comment; the page lists both oldest first with
// author and time, escaped, line breaks kept, and each is audited.
func TestCommentsPostedShownAndAudited(t *testing.T) {
	t.Parallel()
	env, alice, admin, path := decisionFixture(t)
	page := alice.Get(path).Body
	for _, want := range []string{`<h2 id="comments-heading" class="h4">Comments</h2>`, "No comments yet.",
		`<label for="comment" class="form-label">Add a comment</label>`, ">Post Comment</button>"} {
		if !strings.Contains(page, want) {
			t.Errorf("detail page lacks %s", want)
		}
	}
	r := comment(alice, path, "<script>alert(1)</script>\nSecond line")
	if r.Status != http.StatusSeeOther || r.Location != path+"#comments" {
		t.Fatalf("owner's comment: %d → %q", r.Status, r.Location)
	}
	if r := comment(admin, path, "Looking at it."); r.Status != http.StatusSeeOther {
		t.Fatalf("admin's comment: %d", r.Status)
	}
	page = alice.Get(path).Body
	first := strings.Index(page, "&lt;script&gt;alert(1)&lt;/script&gt;\nSecond line")
	second := strings.Index(page, "Looking at it.")
	if first < 0 || second < first || strings.Contains(page, "<script>alert(1)") {
		t.Fatalf("comments not shown escaped, with the line break, oldest first (%d, %d)", first, second)
	}
	if !strings.Contains(page, `<span class="fw-semibold text-body">alice</span>`) || !strings.Contains(page, `<span class="fw-semibold text-body">admin</span>`) ||
		!strings.Contains(page, "Comment posted.") || strings.Contains(page, "No comments yet.") {
		t.Error("authors or the flash missing")
	}
	rows := env.AuditEntries(models.ActionRequestCommented)
	if len(rows) != 2 || rows[0].ActorUsername != "alice" || rows[0].ObjectID == "" ||
		!strings.Contains(strings.Join(views.AuditDetailLines(i18n.For(i18n.English), rows[1]), ";"), "comment: Looking at it.") {
		t.Fatalf("comment audit = %+v", rows)
	}
	if trail := admin.Get("/audit?action=request.commented").Body; !strings.Contains(trail, "Comment added") {
		t.Error("the audit trail does not label comments")
	}
}

// Who may comment: the owner in any status, admins on any request; another
// user gets 404 as for the page, an anonymous visitor the login page, a
// post without the CSRF token 403. Refusals store nothing.
func TestCommentPermissions(t *testing.T) {
	t.Parallel()
	env, alice, admin, path := decisionFixture(t)
	decide(alice, path, "cancel", 1, "Not needed") // the owner still talks about an ended request
	bob := env.LoggedIn("bob", models.RoleUser)
	for _, tc := range []struct {
		who  string
		c    *apptest.Client
		want int
	}{{"owner", alice, 303}, {"admin", admin, 303}, {"other user", bob, 404}, {"anonymous", env.Client(), 303}} {
		r := comment(tc.c, path, "from "+tc.who)
		if r.Status != tc.want {
			t.Errorf("%s: %d, want %d", tc.who, r.Status, tc.want)
		}
		if tc.who == "anonymous" && !strings.HasPrefix(r.Location, "/login") {
			t.Errorf("anonymous sent to %q", r.Location)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, path+"/comments", strings.NewReader("comment=forged"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r := alice.Do(req); r.Status != http.StatusForbidden {
		t.Errorf("without CSRF: %d, want 403", r.Status)
	}
	if r := comment(admin, "/vms/999", "x"); r.Status != http.StatusNotFound {
		t.Errorf("unknown request: %d, want 404", r.Status)
	}
	var n int
	if err := env.DB.Pool.QueryRow(t.Context(), "SELECT count(*) FROM vm_comments").Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d comments stored (%v), want 2", n, err)
	}
	if strings.Contains(bob.Get(path).Body, "from other user") {
		t.Error("a refused comment shows")
	}
}

// An empty or overlong comment: 422, the page back with the text kept and
// the message beside the box, nothing stored.
func TestBadCommentKeepsTheText(t *testing.T) {
	t.Parallel()
	env, alice, _, path := decisionFixture(t)
	for text, message := range map[string]string{
		" \n\t ": "Write a comment before posting it.",
		strings.Repeat("a", models.MaxCommentLen+1): "A comment can be at most 5000 characters",
	} {
		r := comment(alice, path, text)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, message) ||
			!strings.Contains(r.Body, `aria-describedby="comment-error"`) || !strings.Contains(r.Body, ">"+text+"</textarea>") ||
			!strings.Contains(r.Body, "Current Details") {
			t.Errorf("comment %.10q: %d, or the page, the message or the text is missing", text, r.Status)
		}
	}
	if rows := env.AuditEntries(models.ActionRequestCommented); len(rows) != 0 {
		t.Errorf("refused comments audited: %d", len(rows))
	}
}
