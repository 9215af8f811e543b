package views

import (
	"encoding/csv"
	"io"
	"strings"
)

// CSVWriter writes the CSV files the portal offers for download. Every
// export goes through it: encoding/csv quotes commas, quotes and line
// breaks, and SafeCell keeps a spreadsheet from running a cell as a formula.
type CSVWriter struct {
	w *csv.Writer
}

// NewCSVWriter writes CSV to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w)}
}

// Write writes one record, each cell made safe, and flushes it.
func (w *CSVWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, cell := range record {
		safe[i] = SafeCell(cell)
	}
	if err := w.w.Write(safe); err != nil {
		return err
	}
	w.w.Flush()
	return w.w.Error()
}

// formulaStart are the first characters that make Excel, LibreOffice and
// Google Sheets read a cell as a formula (or, tab and CR, hide one).
const formulaStart = "=+-@\t\r"

// SafeCell neutralises CSV formula injection: a cell that begins with one
// of formulaStart gets a leading apostrophe, which spreadsheets show as
// text. Anyone can put such text into a cell (a username typed at the
// login form, a browser's user agent), and an admin opening the export
// must not run it.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}
