package controllers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"vmportal/models"
	"vmportal/views"
)

// importFileError is what is wrong with an import file as a whole (not
// CSV, not UTF-8, a missing column, too large): the page shows it as is.
type importFileError string

func (e importFileError) Error() string { return string(e) }

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
		return nil, importFileError("The file is empty. Choose a CSV file with a header line and one request per line.")
	case len(data) > models.MaxImportBytes:
		return nil, importFileError(fmt.Sprintf("The file is larger than %d MB. Split it into smaller files.", models.MaxImportBytes>>20))
	case !utf8.Valid(data):
		return nil, importFileError(fmt.Sprintf("The file is not UTF-8 text (line %d). Save it as \"CSV UTF-8\" and upload it again.", invalidUTF8Line(data)))
	case bytes.IndexByte(data, 0) >= 0:
		return nil, importFileError("The file is not a CSV file (it holds binary data). Choose a CSV file exported from the list.")
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
			return nil, importFileError(fmt.Sprintf("The file has more than %d requests. Split it into smaller files.", models.MaxImportRows))
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
		return nil, importFileError("The file has a header but no requests.")
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
		return nil, importFileError(fmt.Sprintf("The file is not a request CSV: its first line must name the columns of the CSV export (%s).",
			strings.Join(formLabels(), ", ")))
	}
	keys := make([]string, len(header))
	seen := map[string]bool{}
	for i, cell := range header {
		label := strings.ToLower(strings.TrimSpace(cell))
		switch {
		case seen[label]:
			return nil, importFileError(fmt.Sprintf("The column %q appears twice in the header.", strings.TrimSpace(cell)))
		case form[label] != "":
			keys[i] = form[label]
		case !ignored[label]:
			return nil, importFileError(fmt.Sprintf("The header has an unknown column %q. Use the columns of the CSV export: %s.",
				strings.TrimSpace(cell), strings.Join(formLabels(), ", ")))
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
		return nil, importFileError(fmt.Sprintf("The header lacks the column(s) %s. The first line must name the columns of the CSV export.",
			strings.Join(missing, ", ")))
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
			return importFileError(fmt.Sprintf("Line %d has a different number of cells than the header. Every line needs one cell per column.", perr.Line))
		}
		return importFileError(fmt.Sprintf("Line %d is not valid CSV (%v). Check its quotes.", perr.StartLine, perr.Err))
	}
	return importFileError("The file is not a CSV file.")
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
