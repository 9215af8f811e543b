package models_test

import (
	"errors"
	"strings"
	"testing"

	"vmportal/models"
)

// A comment is stored as typed (line breaks kept, surrounding space cut)
// with its audit row; comments come back oldest first with their authors.
func TestAddCommentStoresAndAudits(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("talk-01"))
	admin := createUser(t, f.base, "root", models.RoleAdmin)
	first, err := models.AddComment(f.db, f.user, r, "  Please hurry.\r\nThe project starts Monday.  ")
	if err != nil {
		t.Fatal(err)
	}
	if first.Body != "Please hurry.\nThe project starts Monday." || first.ID == 0 {
		t.Fatalf("stored %+v", first)
	}
	if _, err := models.AddComment(f.db, admin, r, "Approved once esx-02 has room."); err != nil {
		t.Fatal(err)
	}
	got, err := models.ListComments(f.base, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Author != "alice" || got[1].Author != "root" || got[0].ID > got[1].ID {
		t.Fatalf("comments = %+v", got)
	}
	audits := auditEntries(t, f.base, models.ActionRequestCommented)
	if len(audits) != 2 || audits[0].ObjectID == "" || audits[0].Details["comment"] != first.Body {
		t.Fatalf("audit = %+v", audits)
	}
}

// Empty, blank and overlong comments and strangers are refused, and
// nothing is written.
func TestAddCommentRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.create(t, validInput("talk-02"))
	stranger := createUser(t, f.base, "bob", models.RoleUser)
	for name, text := range map[string]string{
		"empty": "", "blank": " \r\n\t ", "overlong": strings.Repeat("é", models.MaxCommentLen+1),
	} {
		_, err := models.AddComment(f.db, f.user, r, text)
		var verr *models.ValidationError
		if !errors.As(err, &verr) || verr.Fields[models.InputComment].IsZero() {
			t.Errorf("%s comment: %v, want a validation error", name, err)
		}
	}
	if _, err := models.AddComment(f.db, f.user, r, strings.Repeat("é", models.MaxCommentLen)); err != nil {
		t.Errorf("a comment of the maximum length: %v", err)
	}
	if _, err := models.AddComment(f.db, stranger, r, "hello"); !errors.Is(err, models.ErrNotPermitted) {
		t.Errorf("stranger's comment: %v, want ErrNotPermitted", err)
	}
	if n := len(auditEntries(t, f.base, models.ActionRequestCommented)); n != 1 {
		t.Errorf("%d comment audit rows, want 1", n)
	}
}
