package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Recipient is an address a notification mail goes to, with the language
// its mail is written in: the portal user's choice (users.language) when
// the address is a user's, else "" (the default language).
type Recipient struct {
	Email    string
	Name     string
	Language string
}

// recipients collects addresses once each (case-insensitively), in the
// order they were added.
type recipients struct {
	list []Recipient
	seen map[string]bool
}

func (rs *recipients) add(email, name, lang string) {
	key := strings.ToLower(strings.TrimSpace(email))
	if key == "" || rs.seen[key] {
		return
	}
	if rs.seen == nil {
		rs.seen = map[string]bool{}
	}
	rs.seen[key] = true
	rs.list = append(rs.list, Recipient{Email: strings.TrimSpace(email), Name: name, Language: lang})
}

// mailUser is the part of a user the recipient rules read.
type mailUser struct {
	ID       int64
	Email    string
	FullName string
	Language string
}

// mailUserColumns are the columns of mailUser.
const mailUserColumns = "id, email, full_name, language"

// AdminRecipients are every active admin who wants mail: who hears of a
// new request.
func AdminRecipients(db *gorm.DB) ([]Recipient, error) {
	var us []mailUser
	err := db.Table("users").Select(mailUserColumns).
		Where("role = ? AND active AND email_notifications", RoleAdmin).Order("id").Scan(&us).Error
	if err != nil {
		return nil, fmt.Errorf("models: admin recipients: %w", err)
	}
	var rs recipients
	rs.addUsers(us)
	return rs.list, nil
}

// addUsers adds each of us.
func (rs *recipients) addUsers(us []mailUser) {
	for _, u := range us {
		rs.add(u.Email, u.FullName, u.Language)
	}
}

// DecisionRecipients are who hears of a decision on r: its owner and the
// Requestor, Primary Admin and Secondary Admin emails on it, each address
// once, without the addresses of users who turned mail off.
func DecisionRecipients(db *gorm.DB, r *VMRequest) ([]Recipient, error) {
	var rs recipients
	if err := addOwner(db, &rs, r, 0); err != nil {
		return nil, err
	}
	rs.add(r.RequestorEmail, r.RequestorName, "")
	rs.add(r.PrimaryAdminEmail, r.PrimaryAdminName, "")
	rs.add(r.SecondaryAdminEmail, r.SecondaryAdminName, "")
	return asUsersWant(db, rs.list)
}

// CommentRecipients are who hears of a comment on r by authorID: the owner
// and the admins taking part in r — those who decided on it (a history
// row that changed its status) or commented on it — never the author.
func CommentRecipients(db *gorm.DB, r *VMRequest, authorID int64) ([]Recipient, error) {
	var rs recipients
	if err := addOwner(db, &rs, r, authorID); err != nil {
		return nil, err
	}
	// A decision is a history row whose changes include the status; the
	// comments are read through their (request_id, id) index.
	var us []mailUser
	err := db.Raw(`SELECT u.id, u.email, u.full_name, u.language FROM users u
		WHERE u.role = ? AND u.active AND u.email_notifications AND u.id <> ?
		  AND (u.id IN (SELECT h.changed_by_id FROM vm_history h
		          WHERE h.vm_request_id = ? AND h.kind = ? AND h.changes @> '[{"field": "status"}]')
		    OR u.id IN (SELECT c.author_id FROM vm_comments c WHERE c.request_id = ?))
		ORDER BY u.id`, RoleAdmin, authorID, r.ID, HistoryUpdated, r.ID).Scan(&us).Error
	if err != nil {
		return nil, fmt.Errorf("models: comment recipients of vm request %d: %w", r.ID, err)
	}
	rs.addUsers(us)
	return rs.list, nil
}

// addOwner adds r's creator when active, wanting mail and not skipID.
func addOwner(db *gorm.DB, rs *recipients, r *VMRequest, skipID int64) error {
	if r.CreatedByID == 0 || r.CreatedByID == skipID {
		return nil
	}
	var us []mailUser
	err := db.Table("users").Select(mailUserColumns).
		Where("id = ? AND active AND email_notifications", r.CreatedByID).Scan(&us).Error
	if err != nil {
		return fmt.Errorf("models: owner of vm request %d: %w", r.ID, err)
	}
	rs.addUsers(us)
	return nil
}

// asUsersWant applies the wishes of portal users to addresses typed on a
// request (an address there may be a user's): it drops the addresses of
// users who turned mail off and writes the others in their language, in
// one query for the whole list (users are a few thousand rows at most).
func asUsersWant(db *gorm.DB, list []Recipient) ([]Recipient, error) {
	if len(list) == 0 {
		return list, nil
	}
	lower := make([]string, len(list))
	for i, r := range list {
		lower[i] = strings.ToLower(r.Email)
	}
	var users []struct {
		Email              string
		EmailNotifications bool
		Language           string
	}
	err := db.Table("users").Select("lower(email) AS email, email_notifications, language").
		Where("lower(email) IN ?", lower).Order("id").Scan(&users).Error
	if err != nil {
		return nil, fmt.Errorf("models: mail preferences: %w", err)
	}
	out := list[:0:0]
	for _, r := range list {
		keep := true
		for _, u := range users {
			if !strings.EqualFold(u.Email, r.Email) {
				continue
			}
			keep = keep && u.EmailNotifications
			if r.Language == "" {
				r.Language = u.Language
			}
		}
		if keep {
			out = append(out, r)
		}
	}
	return out, nil
}

// SetEmailNotifications records whether user id wants mail about their
// requests, audited as a change of the user.
func SetEmailNotifications(db *gorm.DB, id int64, on bool) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Table("users").Where("id = ?", id).Update("email_notifications", on).Error; err != nil {
			return fmt.Errorf("models: set email notifications of user %d: %w", id, err)
		}
		return RecordAudit(tx, ActionUserChanged, userObject(id), map[string]any{"email_notifications": on})
	})
}
