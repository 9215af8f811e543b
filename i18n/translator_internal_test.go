package i18n

import (
	"strings"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// The translator's shortcuts must give exactly what go-i18n and the
// number printer would: every message of every language, and the whole
// numbers Number writes without the printer.
func TestShortcutsAgreeWithGoI18n(t *testing.T) {
	for _, l := range Languages {
		tr := For(l.Tag)
		for id := range catalogIDs {
			want, err := tr.loc.Localize(&goi18n.LocalizeConfig{MessageID: id})
			if err != nil || strings.Contains(want, "<no value>") {
				continue // needs values: never a shortcut
			}
			if got := tr.Text(M(id)); got != want {
				t.Errorf("%s %s = %q, want %q", l.Tag, id, got, want)
			}
		}
		if got := tr.Text(M("no.such.id")); got != "no.such.id" {
			t.Errorf("%s: unknown id = %q, want the id itself", l.Tag, got)
		}
		for _, n := range []int{0, 7, 42, 999, 1000, 65536, 1234567} {
			if got, want := tr.Number(n), tr.numbers.Sprint(n); got != want {
				t.Errorf("%s Number(%d) = %q, want %q", l.Tag, n, got, want)
			}
		}
	}
}
