package controllers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// importFileError is what is wrong with an import file as a whole (not
// CSV, not UTF-8, a missing column, too large): the page shows its
// message in the reader's language.
type importFileError struct{ msg i18n.Message }

func (e importFileError) Error() string { return e.msg.String() }

// fileError is an importFileError with the catalog text id and its values.
func fileError(id string, pairs ...any) importFileError {
	return importFileError{i18n.M(id, pairs...)}
}

// importLine is one data line of an import file: its line number and each
// form field's text by key.
type importLine struct {
	Line int
	Text map[string]string
}

// utf8BOM starts files that Excel saves as "CSV UTF-8"; it is not data.
var utf8BOM = []byte("\xef\xbb\xbf")

// parseImportCSV reads an import file: UTF-8 (a BOM allowed) CSV whose
// header names the export's columns. Every form field's column must be
// there; the export's other columns (ID, Status, timestamps…) are ignored,
// and any other column is refused, so a misspelt header cannot drop data
// silently. Cells are read back as the export wrote them (PlainCell), and
// lines with every cell empty are skipped. Any problem with the file as a
// whole is an importFileError.
func parseImportCSV(data []byte) ([]importLine, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, fileError("vm_import.file_empty")
	case len(data) > models.MaxImportBytes:
		return nil, fileTooLarge()
	case !utf8.Valid(data):
		return nil, fileError("vm_import.file_not_utf8", "Line", invalidUTF8Line(data))
	case bytes.IndexByte(data, 0) >= 0:
		return nil, fileError("vm_import.file_binary")
	}
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		return nil, csvReadError(err)
	}
	columns, err := importColumns(header)
	if err != nil {
		return nil, err
	}
	var lines []importLine
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvReadError(err)
		}
		if blankRecord(record) {
			continue
		}
		if len(lines) == models.MaxImportRows {
			return nil, fileError("vm_import.file_too_many", "Max", models.MaxImportRows)
		}
		line, _ := r.FieldPos(0)
		text := make(map[string]string, len(columns))
		for i, key := range columns {
			if key != "" {
				text[key] = views.PlainCell(record[i])
			}
		}
		lines = append(lines, importLine{Line: line, Text: text})
	}
	if len(lines) == 0 {
		return nil, fileError("vm_import.file_no_rows")
	}
	return lines, nil
}

// importColumns maps each header cell to the form field it fills ("" for
// an export column the import ignores), matching labels without regard to
// case or surrounding spaces.
func importColumns(header []string) ([]string, error) {
	form, ignored := map[string]string{}, map[string]bool{}
	for _, f := range models.FormFields() {
		form[strings.ToLower(f.Label)] = f.Key
	}
	for _, label := range views.RequestCSVHeader() {
		if _, ok := form[strings.ToLower(label)]; !ok {
			ignored[strings.ToLower(label)] = true
		}
	}
	if !knownColumn(header, form, ignored) {
		return nil, fileError("vm_import.header_unrecognised", "Columns", strings.Join(formLabels(), ", "))
	}
	keys := make([]string, len(header))
	seen := map[string]bool{}
	for i, cell := range header {
		label := strings.ToLower(strings.TrimSpace(cell))
		switch {
		case seen[label]:
			return nil, fileError("vm_import.header_twice", "Column", strings.TrimSpace(cell))
		case form[label] != "":
			keys[i] = form[label]
		case !ignored[label]:
			return nil, fileError("vm_import.header_unknown", "Column", strings.TrimSpace(cell),
				"Columns", strings.Join(formLabels(), ", "))
		}
		seen[label] = true
	}
	var missing []string
	for _, f := range models.FormFields() {
		if !seen[strings.ToLower(f.Label)] {
			missing = append(missing, f.Label)
		}
	}
	if len(missing) > 0 {
		return nil, fileError("vm_import.header_missing", "Columns", strings.Join(missing, ", "))
	}
	return keys, nil
}

// knownColumn reports whether any cell of header names an export column.
func knownColumn(header []string, form map[string]string, ignored map[string]bool) bool {
	for _, cell := range header {
		label := strings.ToLower(strings.TrimSpace(cell))
		if form[label] != "" || ignored[label] {
			return true
		}
	}
	return false
}

// formLabels are the labels of the form fields, the columns an import needs.
func formLabels() []string {
	var labels []string
	for _, f := range models.FormFields() {
		labels = append(labels, f.Label)
	}
	return labels
}

// csvReadError turns encoding/csv's error into a message with the line.
func csvReadError(err error) error {
	var perr *csv.ParseError
	if errors.As(err, &perr) {
		if errors.Is(perr.Err, csv.ErrFieldCount) {
			return fileError("vm_import.line_cells", "Line", perr.Line)
		}
		return fileError("vm_import.line_invalid", "Line", perr.StartLine, "Problem", perr.Err.Error())
	}
	return fileError("vm_import.file_not_csv")
}

// blankRecord reports whether every cell of record is empty or spaces (a
// spreadsheet's trailing empty rows).
func blankRecord(record []string) bool {
	for _, cell := range record {
		if strings.TrimSpace(cell) != "" {
			return false
		}
	}
	return true
}

// invalidUTF8Line is the 1-based line of the first byte that is not UTF-8.
func invalidUTF8Line(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return bytes.Count(data[:i], []byte("\n")) + 1
		}
		i += size
	}
	return 0
}

// fileTooLarge is the error of a file over the size limit.
func fileTooLarge() importFileError {
	return fileError("vm_import.file_too_large", "MB", models.MaxImportBytes>>20)
}
