package models_test

import (
	"slices"
	"testing"

	"vmportal/i18n"
	"vmportal/models"
)

// emails lists the recipients' addresses in order.
func emails(rs []models.Recipient) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Email
	}
	return out
}

// A comment is mailed to the owner and to every admin taking part in the
// request: those who decided on it and those who commented on it, never
// to the author, to an admin who only looked, or to one who turned mail
// off. Each recipient carries their language.
func TestCommentRecipientsIncludeAdminsWhoCommented(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("notify-talk-01"))
	talker := createUser(t, f.base, "talker", models.RoleAdmin)
	quiet := createUser(t, f.base, "quiet", models.RoleAdmin) // never took part
	muted := createUser(t, f.base, "muted", models.RoleAdmin)
	if err := models.SetUserLanguage(f.base, talker.ID, i18n.Spanish); err != nil {
		t.Fatal(err)
	}
	if err := models.SetEmailNotifications(f.db, muted.ID, false); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*models.User{talker, muted} {
		if _, err := models.AddComment(f.db, u, r, "Which cluster?"); err != nil {
			t.Fatal(err)
		}
	}

	got, err := models.CommentRecipients(f.base, r, f.user.ID) // the owner writes
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"talker@example.com"}; !slices.Equal(emails(got), want) {
		t.Fatalf("owner's comment goes to %v, want %v (not %s)", emails(got), want, quiet.Username)
	}
	if got[0].Language != i18n.Spanish {
		t.Errorf("talker's language %q, want es", got[0].Language)
	}

	got, err = models.CommentRecipients(f.base, r, talker.ID) // the admin writes
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"alice@example.com"}; !slices.Equal(emails(got), want) {
		t.Fatalf("admin's comment goes to %v, want %v (the owner, not the author)", emails(got), want)
	}
}
