package controllers

import (
	"errors"

	"gorm.io/gorm"

	"vmportal/models"
)

// applyPassword sets userID's password unless the form already has errors
// (fe), and returns the form's errors: fe plus any rule the model refuses,
// reported on field. A non-nil error is a failure to save, not bad input.
func applyPassword(db *gorm.DB, fe models.FieldErrors, userID int64, field, password string, cost int, how string) (models.FieldErrors, error) {
	if len(fe) > 0 {
		return fe, nil
	}
	err := models.SetPassword(db, userID, password, cost, how)
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		for _, msg := range verr.Fields {
			fe.Add(field, msg)
		}
		return fe, nil
	}
	return fe, err
}
