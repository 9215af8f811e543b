package controllers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Restore saves the request back to an earlier version (the form's
// "restore"), based on the version the page showed (its "version"), as a
// new version recorded as "restored from version N". Admins may restore
// any request, its owner while it is Pending (as for editing). When the
// old details break today's rules the edit form comes back (422) with
// them and the errors, nothing saved; when the request changed since the
// page was loaded, 409.
func (v *VMRequests) Restore(c *fiber.Ctx) error {
	r, err := v.loadVisible(c)
	if err != nil {
		return err
	}
	if !models.CanRestore(web.CurrentUser(c), r) {
		return web.Refuse(fiber.StatusForbidden, i18n.M("restore.not_permitted", "Status", i18n.M(models.ValuePrefix+r.Status)))
	}
	based, err1 := strconv.Atoi(c.FormValue("version"))
	n, err2 := strconv.Atoi(c.FormValue("restore"))
	if err1 != nil || err2 != nil {
		return web.Refuse(fiber.StatusBadRequest, i18n.M("restore.missing_version"))
	}
	if based != r.Version {
		return restoreConflict(r.ID, n)
	}
	name, was := r.VMName, r.Status
	err = models.RestoreVersion(v.DB.WithContext(c.UserContext()), web.CurrentUser(c), r, n)
	var verr *models.ValidationError
	var cerr *models.CapacityError
	switch {
	case errors.As(err, &verr), errors.As(err, &cerr):
		// An Approved or Active request restored past its host's capacity
		// is refused like such an edit, beside the fields that grow.
		var fe models.FieldErrors
		if cerr != nil {
			fe = cerr.FieldErrors()
		} else {
			fe = verr.Fields
		}
		in := inputFromRequest(r) // version n's details, as RestoreVersion left them
		r.VMName = name
		return v.renderEdit(c, fiber.StatusUnprocessableEntity, r, in, based, fe, fiber.Map{"RestoreRefused": n})
	case errors.Is(err, models.ErrNoSuchVersion):
		return web.Refuse(fiber.StatusNotFound, i18n.M("restore.no_such_version", "ID", r.ID, "Version", n))
	case errors.Is(err, models.ErrConflict):
		return restoreConflict(r.ID, n)
	case err != nil:
		return err
	}
	if err := v.AddFlash(c, "success", withPolicyOutcome(i18n.M("restore.restored", "From", n, "To", r.Version), was, r)); err != nil {
		return err
	}
	return web.Redirect(c, fmt.Sprintf("/vms/%d", r.ID))
}

// restoreConflict answers a restore based on a version that is no longer
// the current one.
func restoreConflict(id int64, n int) error {
	return web.Refuse(fiber.StatusConflict, i18n.M("restore.conflict", "ID", id, "Version", n))
}
