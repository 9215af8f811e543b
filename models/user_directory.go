package models

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"vmportal/app/directory"
)

// directoryProfileProblem says why the directory's entry cannot make a
// portal account ("" when it can): the portal needs an email address.
func directoryProfileProblem(id *directory.Identity) string {
	if !ValidEmail(strings.TrimSpace(id.Email)) {
		return fmt.Sprintf("directory entry %s has no valid email address", id.DN)
	}
	return ""
}

// syncDirectoryUser creates the portal account of a directory user at
// their first login, or refreshes its name, email and role from the
// directory, and returns it locked with what changed. The directory is
// authoritative for a directory account's role: it is applied without the
// last-admin check, which protects local admins only (the seeded local
// admin always remains).
func syncDirectoryUser(tx *gorm.DB, username string, id *directory.Identity) (*User, []Change, error) {
	fullName := truncate(strings.TrimSpace(id.FullName), MaxTextField)
	if fullName == "" {
		fullName = username
	}
	role := RoleUser
	if id.Admin {
		role = RoleAdmin
	}
	// ON CONFLICT: two first logins at once create the account once.
	created := tx.Exec(`INSERT INTO users (username, full_name, email, password_hash, role, source)
		VALUES (?, ?, ?, '', ?, ?) ON CONFLICT ((lower(username))) DO NOTHING`,
		username, fullName, strings.TrimSpace(id.Email), role, SourceDirectory)
	if created.Error != nil {
		return nil, nil, fmt.Errorf("models: create directory user %q: %w", username, created.Error)
	}
	var u User
	err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("lower(username) = lower(?)", username).Take(&u).Error
	if err != nil {
		return nil, nil, fmt.Errorf("models: load directory user %q: %w", username, err)
	}
	if !u.IsDirectory() || !u.Active {
		// A local account took the name, or an admin deactivated this one,
		// while the directory was being asked.
		return nil, nil, errors.New("models: directory user " + username + " changed during login")
	}
	if created.RowsAffected == 1 {
		err := RecordAudit(tx, ActionUserCreated, userObject(u.ID), map[string]any{
			"username": u.Username, "full_name": u.FullName, "email": u.Email, "role": u.Role, "source": SourceDirectory})
		return &u, nil, err
	}
	before := u
	u.FullName, u.Email, u.Role = fullName, strings.TrimSpace(id.Email), role
	changes := userChanges(&before, &u)
	if len(changes) > 0 {
		if err := tx.Model(&u).Select("full_name", "email", "role", "updated_at").Updates(&u).Error; err != nil {
			return nil, nil, fmt.Errorf("models: refresh directory user %q: %w", username, err)
		}
	}
	return &u, changes, nil
}
