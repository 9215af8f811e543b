package models

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"vmportal/i18n"
)

// Comment is one message on a request, from its owner or an admin.
type Comment struct {
	ID        int64
	RequestID int64
	AuthorID  int64
	Body      string
	CreatedAt time.Time
	// Author is the author's username, filled by the queries that read
	// comments (read-only: not a column of vm_comments).
	Author string `gorm:"->"`
}

// TableName maps Comment to the vm_comments table.
func (Comment) TableName() string { return "vm_comments" }

// MaxCommentLen bounds a comment, in characters (the schema says the same).
const MaxCommentLen = 5000

// InputComment is the name of a comment's text in forms and FieldErrors.
const InputComment = "comment"

// AddComment stores u's comment text on r and its audit row, in one
// transaction. The text is kept as typed (line breaks too) but for
// surrounding white space; an empty or overlong text is a
// *ValidationError keyed InputComment, and a user who may not comment on
// r gets ErrNotPermitted. Nothing is stored on error.
func AddComment(db *gorm.DB, u *User, r *VMRequest, text string) (Comment, error) {
	if !CanComment(u, r) {
		return Comment{}, ErrNotPermitted
	}
	body := strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	switch n := len([]rune(body)); {
	case n == 0:
		return Comment{}, &ValidationError{Fields: FieldErrors{InputComment: i18n.M("comment.empty")}}
	case n > MaxCommentLen:
		return Comment{}, &ValidationError{Fields: FieldErrors{InputComment: i18n.M(
			"comment.too_long", "Max", MaxCommentLen, "Count", n)}}
	}
	c := Comment{RequestID: r.ID, AuthorID: u.ID, Body: body, CreatedAt: db.NowFunc(), Author: u.Username}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return RecordAudit(tx, ActionRequestCommented, requestObject(r.ID), map[string]any{
			"vm_name": r.VMName, "comment_id": strconv.FormatInt(c.ID, 10), "comment": body,
		})
	})
	if err != nil {
		return Comment{}, fmt.Errorf("models: comment on vm request %d: %w", r.ID, err)
	}
	return c, nil
}

// ListComments returns the comments on the request with requestID, oldest
// first, with their authors' usernames.
func ListComments(db *gorm.DB, requestID int64) ([]Comment, error) {
	var out []Comment
	err := db.Table("vm_comments c").Select("c.*, u.username AS author").
		Joins("JOIN users u ON u.id = c.author_id").
		Where("c.request_id = ?", requestID).Order("c.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("models: comments of vm request %d: %w", requestID, err)
	}
	return out, nil
}
