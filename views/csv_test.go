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
