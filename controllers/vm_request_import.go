package controllers

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
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
	Field, Message string
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
	if err := v.AddFlash(c, "success", fmt.Sprintf("Imported %s.", plural(len(requests), "request"))); err != nil {
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
		return nil, importFileError("Choose a CSV file to import.")
	}
	if fh.Size > models.MaxImportBytes {
		return nil, importFileError(fmt.Sprintf("The file is larger than %d MB. Split it into smaller files.", models.MaxImportBytes>>20))
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
func fieldLabel(key string) string {
	k, rest, _ := strings.Cut(key, ".")
	f := models.FieldByKey(k)
	if f == nil {
		return key
	}
	if i, _, ok := strings.Cut(rest, "."); ok {
		if n, err := strconv.Atoi(i); err == nil {
			return fmt.Sprintf("%s (VLAN %d)", f.Label, n+1)
		}
	}
	return f.Label
}

// importFailed shows a problem with the file as a whole (422), or passes
// any other error on to the error handler.
func (v *VMRequests) importFailed(c *fiber.Ctx, err error) error {
	var fileErr importFileError
	if errors.As(err, &fileErr) {
		return v.renderImport(c, fiber.StatusUnprocessableEntity, fiber.Map{"FileError": string(fileErr)})
	}
	return err
}

// importGone answers a click on a preview that no longer waits.
func (v *VMRequests) importGone(c *fiber.Ctx) error {
	return v.renderImport(c, fiber.StatusNotFound, fiber.Map{
		"FileError": "This upload is no longer waiting to be imported: it was imported already, replaced by a newer upload, or is older than a day. Upload the file again.",
	})
}

// renderImport shows the import page with the limits and data.
func (v *VMRequests) renderImport(c *fiber.Ctx, status int, data fiber.Map) error {
	data["MaxRows"] = thousands(models.MaxImportRows)
	data["MaxMB"] = models.MaxImportBytes >> 20
	data["Columns"] = strings.Join(formLabels(), ", ")
	return v.Render(c, status, "importar_vms", "Import Requests", data)
}

// plural writes n with noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// thousands writes n with comma separators ("10,000").
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
