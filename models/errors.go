package models

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"vmportal/i18n"
)

// uniqueViolation turns a violation of the live-name unique index (a
// concurrent save won the race past the check) into the same field error
// the check gives; other errors give nil.
func uniqueViolation(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "vm_requests_vm_name_live_key" {
		return &ValidationError{Fields: FieldErrors{"vm_name": i18n.M("validation.vm_name_live")}}
	}
	return nil
}

// adminSaveError maps the error of saving a named admin-managed record (a
// host, a policy): a violation of its unique name index becomes a field
// error on "name" with taken as the message, a missing row ErrNotFound,
// and a validation error stays itself.
func adminSaveError(what, nameIndex string, taken i18n.Message, err error) error {
	var verr *ValidationError
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &verr):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return ErrNotFound
	case errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == nameIndex:
		return &ValidationError{Fields: FieldErrors{"name": taken}}
	}
	return fmt.Errorf("models: %s: %w", what, err)
}
