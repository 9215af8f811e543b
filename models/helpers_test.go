package models_test

import (
	"testing"

	"gorm.io/gorm"

	"vmportal/database/testdb"
	"vmportal/models"
)

// openDB is a fresh database of the test's own: the models need nothing more.
func openDB(t *testing.T) *gorm.DB {
	t.Helper()
	return testdb.Open(t).Gorm
}

// createUser inserts an active user with role (no usable password: model
// tests never log in).
func createUser(t *testing.T, db *gorm.DB, username, role string) *models.User {
	t.Helper()
	u := &models.User{Username: username, FullName: username, Email: username + "@example.com", Role: role, Active: true,
		PasswordHash: "$2a$04$unusable.unusable.unusable.unusable.unusable.unusable"}
	if err := db.Create(u).Error; err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// auditEntries returns the audit rows with action, oldest first.
func auditEntries(t *testing.T, db *gorm.DB, action string) []models.AuditEntry {
	t.Helper()
	var rows []models.AuditEntry
	if err := db.Where("action = ?", action).Order("id").Find(&rows).Error; err != nil {
		t.Fatalf("read audit log: %v", err)
	}
	return rows
}
