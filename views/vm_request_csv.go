package views

import (
	"strconv"
	"time"

	"vmportal/models"
)

// requestCSVColumn is one column of the request export: its header and
// how a row's cell reads.
type requestCSVColumn struct {
	Label string
	Cell  func(*models.ExportRow) string
}

// requestCSVColumns are the export's columns: the ID, every described field
// (models.RequestFields, in order: the form's fields, then Status and the
// decision's Reason and Approval Note), then the record keeping. The form
// fields carry their form text (VLANs as "10:web;20"), so the file imports
// back; the import ignores the other columns.
var requestCSVColumns = func() []requestCSVColumn {
	cols := []requestCSVColumn{{"ID", func(r *models.ExportRow) string { return strconv.FormatInt(r.ID, 10) }}}
	for _, f := range models.RequestFields {
		cols = append(cols, requestCSVColumn{f.Label, func(r *models.ExportRow) string { return f.Text(&r.VMRequest) }})
	}
	return append(cols,
		requestCSVColumn{"Created By", func(r *models.ExportRow) string { return r.CreatedByName }},
		requestCSVColumn{"Created At", func(r *models.ExportRow) string { return csvTime(r.CreatedAt) }},
		requestCSVColumn{"Updated By", func(r *models.ExportRow) string { return r.UpdatedByName }},
		requestCSVColumn{"Updated At", func(r *models.ExportRow) string { return csvTime(r.UpdatedAt) }},
		requestCSVColumn{"Decided By", func(r *models.ExportRow) string { return r.DecidedByName }},
		requestCSVColumn{"Decided At", func(r *models.ExportRow) string {
			if r.DecidedAt == nil {
				return ""
			}
			return csvTime(*r.DecidedAt)
		}},
		requestCSVColumn{"Version", func(r *models.ExportRow) string { return strconv.Itoa(r.Version) }},
	)
}()

// RequestCSVHeader is the first line of the request export.
func RequestCSVHeader() []string {
	h := make([]string, len(requestCSVColumns))
	for i, c := range requestCSVColumns {
		h[i] = c.Label
	}
	return h
}

// RequestCSVRecord is one request's line of the export (SafeCell is
// applied by CSVWriter).
func RequestCSVRecord(r *models.ExportRow) []string {
	rec := make([]string, len(requestCSVColumns))
	for i, c := range requestCSVColumns {
		rec[i] = c.Cell(r)
	}
	return rec
}

// csvTime writes a timestamp in UTC, RFC 3339, as spreadsheets read it.
func csvTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
