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
//
// A cell that already begins with apostrophes before such a character
// ("'=x") gets one more, so that PlainCell can always undo SafeCell and an
// exported file imports back to exactly what was stored.
func SafeCell(s string) string {
	if needsApostrophe(s) {
		return "'" + s
	}
	return s
}

// PlainCell undoes SafeCell: it drops the apostrophe SafeCell added, and
// leaves every other cell as it is (for reading a file the portal wrote).
func PlainCell(s string) string {
	if strings.HasPrefix(s, "'") && needsApostrophe(s[1:]) {
		return s[1:]
	}
	return s
}

// needsApostrophe reports whether s, after any leading apostrophes, begins
// with one of formulaStart.
func needsApostrophe(s string) bool {
	t := strings.TrimLeft(s, "'")
	return t != "" && strings.ContainsRune(formulaStart, rune(t[0]))
}
