package models

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"

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
