package views_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"vmportal/views"
)

func TestSafeCell(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"=1+1":           "'=1+1",
		"+41 22 555":     "'+41 22 555",
		"-2":             "'-2",
		"@SUM(A1)":       "'@SUM(A1)",
		"\tx":            "'\tx",
		"\rx":            "'\rx",
		"":               "",
		"web-01":         "web-01",
		"a=b":            "a=b",
		"'already":       "'already",
		"Ünïcode = fine": "Ünïcode = fine",
	}
	for in, want := range cases {
		if got := views.SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVWriterQuotesAndNeutralises(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := views.NewCSVWriter(&buf)
	record := []string{"a,b", "say \"hi\"", "line\nbreak", "=cmd"}
	if err := w.Write(record); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&buf).Read()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a,b", "say \"hi\"", "line\nbreak", "'=cmd"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestPlainCellUndoesSafeCell(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "web-01", "=1+1", "'=1+1", "''=x", "'already", "'", "''", "-", "'-", "a=b", "\tx", "'\rx"} {
		if got := views.PlainCell(views.SafeCell(s)); got != s {
			t.Errorf("PlainCell(SafeCell(%q)) = %q", s, got)
		}
	}
	if got := views.SafeCell("'=1+1"); got != "''=1+1" {
		t.Errorf("SafeCell(%q) = %q: a quoted formula keeps its quote through a round trip", "'=1+1", got)
	}
	if got := views.PlainCell("'hello"); got != "'hello" {
		t.Errorf("PlainCell(%q) = %q: only SafeCell's apostrophe goes", "'hello", got)
	}
}
