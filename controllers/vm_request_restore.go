package controllers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
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
		return fiber.NewError(fiber.StatusForbidden, "Only an admin can restore a version of a request that is "+r.Status+".")
	}
	based, err1 := strconv.Atoi(c.FormValue("version"))
	n, err2 := strconv.Atoi(c.FormValue("restore"))
	if err1 != nil || err2 != nil {
		return fiber.NewError(fiber.StatusBadRequest, "The form is missing the version to restore or the version it was loaded at. Reload the page and try again.")
	}
	if based != r.Version {
		return restoreConflict(r.ID, n)
	}
	name := r.VMName
	err = models.RestoreVersion(v.DB.WithContext(c.UserContext()), web.CurrentUser(c), r, n)
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		in := inputFromRequest(r) // version n's details, as RestoreVersion left them
		r.VMName = name
		return v.renderEdit(c, fiber.StatusUnprocessableEntity, r, in, based, verr.Fields, fiber.Map{"RestoreRefused": n})
	case errors.Is(err, models.ErrNoSuchVersion):
		return fiber.NewError(fiber.StatusNotFound, fmt.Sprintf("Request #%d has no earlier version %d.", r.ID, n))
	case errors.Is(err, models.ErrConflict):
		return restoreConflict(r.ID, n)
	case err != nil:
		return err
	}
	if err := v.AddFlash(c, "success", fmt.Sprintf("Version %d restored as version %d.", n, r.Version)); err != nil {
		return err
	}
	return web.Redirect(c, fmt.Sprintf("/vms/%d", r.ID))
}

// restoreConflict answers a restore based on a version that is no longer
// the current one.
func restoreConflict(id int64, n int) error {
	return fiber.NewError(fiber.StatusConflict, fmt.Sprintf(
		"Request #%d was changed by someone else since you loaded it, so version %d was not restored. Go back to the request, reload it and try again.", id, n))
}
