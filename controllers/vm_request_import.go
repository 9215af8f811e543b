package controllers

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// An import runs in two steps. The upload (ImportPreview) reads the file
// and checks every line exactly as the form would, plus the uniqueness of
// the names, and stores nothing but the file, kept as a pending import for
// the second step. The click on "Import N requests" (Import) reads that
// file again, checks it again (the database may have changed since), and
// creates every request in one transaction, or none.

// importPreview is what the import page shows about an uploaded file.
type importPreview struct {
	ID     int64 // the pending import to confirm; 0 when the file has errors
	Lines  int   // data lines read
	Valid  int   // lines without an error
	Errors []importError
}

// importError is one error of a line, for the preview's table.
type importError struct {
	Line           int
	Field, Message i18n.Message
}

// ImportForm shows the upload form.
func (v *VMRequests) ImportForm(c *fiber.Ctx) error {
	return v.renderImport(c, fiber.StatusOK, fiber.Map{})
}

// ImportPreview reads the uploaded file and shows how many requests it
// would create and every error by line and field (422 when there are any).
func (v *VMRequests) ImportPreview(c *fiber.Ctx) error {
	data, err := uploadedFile(c, "file")
	if err != nil {
		return v.importFailed(c, err)
	}
	db := v.DB.WithContext(c.UserContext())
	rows, err := v.readImport(c, data)
	if err != nil {
		return v.importFailed(c, err)
	}
	preview := summarize(rows)
	if len(preview.Errors) > 0 {
		return v.renderImport(c, fiber.StatusUnprocessableEntity, fiber.Map{"Preview": preview})
	}
	p, err := models.SavePendingImport(db, web.CurrentUser(c).ID, data)
	if err != nil {
		return err
	}
	preview.ID = p.ID
	return v.renderImport(c, fiber.StatusOK, fiber.Map{"Preview": preview})
}

// Import creates the requests of a previewed file: all in one
// transaction, each through the normal create path, or none (the preview
// is shown again with what went wrong).
func (v *VMRequests) Import(c *fiber.Ctx) error {
	id, err := requestID(c)
	if err != nil {
		return err
	}
	db := v.DB.WithContext(c.UserContext())
	p, err := models.FindPendingImport(db, id, web.CurrentUser(c).ID)
	if errors.Is(err, models.ErrNotFound) {
		return v.importGone(c)
	}
	if err != nil {
		return err
	}
	rows, err := v.readImport(c, p.Content)
	if err != nil {
		return v.importFailed(c, err)
	}
	if preview := summarize(rows); len(preview.Errors) > 0 {
		return v.renderImport(c, fiber.StatusUnprocessableEntity, fiber.Map{"Preview": preview})
	}
	requests := make([]*models.VMRequest, len(rows))
	for i := range rows {
		requests[i] = rows[i].Request
	}
	err = models.ImportRequests(db, p.ID, requests)
	var rowErr *models.ImportRowError
	switch {
	case errors.As(err, &rowErr):
		for k, msg := range rowErr.Fields {
			rows[rowErr.Index].Errors.Add(k, msg)
		}
		return v.renderImport(c, fiber.StatusUnprocessableEntity, fiber.Map{"Preview": summarize(rows)})
	case errors.Is(err, models.ErrNotFound):
		return v.importGone(c)
	case err != nil:
		return err
	}
	if err := v.AddFlash(c, "success", importedMessage(len(requests))); err != nil {
		return err
	}
	return web.Redirect(c, "/vms")
}

// readImport parses data and checks every line: the form's rules, then
// the names' uniqueness within the file and against the database.
func (v *VMRequests) readImport(c *fiber.Ctx, data []byte) ([]models.ImportRow, error) {
	lines, err := parseImportCSV(data)
	if err != nil {
		return nil, err
	}
	rows := make([]models.ImportRow, len(lines))
	for i, l := range lines {
		rows[i] = models.ReadImportRow(l.Line, l.Text)
	}
	if err := models.CheckImportNames(v.DB.WithContext(c.UserContext()), rows); err != nil {
		return nil, err
	}
	return rows, nil
}

// uploadedFile reads the file posted as field, refusing one over the size
// limit before reading it whole.
func uploadedFile(c *fiber.Ctx, field string) ([]byte, error) {
	fh, err := c.FormFile(field)
	if err != nil {
		return nil, fileError("vm_import.file_missing")
	}
	if fh.Size > models.MaxImportBytes {
		return nil, fileTooLarge()
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("controllers: open upload: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, models.MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("controllers: read upload: %w", err)
	}
	return data, nil
}

// summarize counts the valid lines and lists every error, line by line,
// each line's errors in form order.
func summarize(rows []models.ImportRow) importPreview {
	p := importPreview{Lines: len(rows)}
	for _, row := range rows {
		if len(row.Errors) == 0 {
			p.Valid++
			continue
		}
		for _, m := range row.Errors.Ordered(models.RequestFieldOrder) {
			p.Errors = append(p.Errors, importError{Line: row.Line, Field: fieldLabel(m.Field), Message: m.Message})
		}
	}
	return p
}

// fieldLabel names the field of an error key: "cpus" → "CPUs", and a
// VLAN by its place in the cell, "vlans.2.vlan_id" → "VLANs (VLAN 3)".
func fieldLabel(key string) i18n.Message {
	k, rest, _ := strings.Cut(key, ".")
	f := models.FieldByKey(k)
	if f == nil {
		return i18n.M("vm_import.field_key", "Key", key)
	}
	if i, _, ok := strings.Cut(rest, "."); ok {
		if n, err := strconv.Atoi(i); err == nil {
			return i18n.M("vm_import.field_vlan", "Label", f.LabelMessage(), "N", n+1)
		}
	}
	return f.LabelMessage()
}

// importFailed shows a problem with the file as a whole (422), or passes
// any other error on to the error handler.
func (v *VMRequests) importFailed(c *fiber.Ctx, err error) error {
	var fileErr importFileError
	if errors.As(err, &fileErr) {
		return v.renderImport(c, fiber.StatusUnprocessableEntity, fiber.Map{"FileError": fileErr.msg})
	}
	return err
}

// importGone answers a click on a preview that no longer waits.
func (v *VMRequests) importGone(c *fiber.Ctx) error {
	return v.renderImport(c, fiber.StatusNotFound, fiber.Map{"FileError": i18n.M("vm_import.upload_gone")})
}

// renderImport shows the import page with the limits and data.
func (v *VMRequests) renderImport(c *fiber.Ctx, status int, data fiber.Map) error {
	data["MaxRows"] = models.MaxImportRows
	data["MaxMB"] = models.MaxImportBytes >> 20
	// The columns keep their English names: they are the CSV file's header.
	data["Columns"] = strings.Join(formLabels(), ", ")
	return v.Render(c, status, "importar_vms", i18n.M("vm_import.import_title"), data)
}

// importedMessage is the flash after an import of n requests (the
// catalogs have no plural forms, so one and many are two texts).
func importedMessage(n int) i18n.Message {
	if n == 1 {
		return i18n.M("vm_import.imported_single")
	}
	return i18n.M("vm_import.imported_many", "Count", n)
}
