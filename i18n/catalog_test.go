package i18n_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"vmportal/i18n"
)

// Every language has a text for every ID, and no ID only it has: a
// missing Spanish text fails here, naming the ID.
func TestCatalogsHaveTheSameIDs(t *testing.T) {
	en, err := i18n.IDs(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Languages[1:] {
		ids, err := i18n.IDs(l.Tag)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range en {
			if !slices.Contains(ids, id) {
				t.Errorf("%s: no text for %q (in %s)", i18n.CatalogPath(l.Tag), id, i18n.CatalogPath(i18n.English))
			}
		}
		for _, id := range ids {
			if !slices.Contains(en, id) {
				t.Errorf("%s: %q is not in %s", i18n.CatalogPath(l.Tag), id, i18n.CatalogPath(i18n.English))
			}
		}
	}
}

// filledValue finds a value a message fills in: {{.Name}}, or {x} in a
// plural form.
var filledValue = regexp.MustCompile(`{{\s*\.(\w+)\s*}}|{(\w)}`)

// A translation fills in the same values as the English text (a
// misspelt {{.Name}} would print "<no value>"), and none is empty.
func TestTranslationsUseTheSameValues(t *testing.T) {
	en, _ := i18n.IDs(i18n.English)
	for _, l := range i18n.Languages[1:] {
		tr, base := i18n.For(l.Tag), i18n.For(i18n.English)
		for _, id := range en {
			want, got := raw(base, id), raw(tr, id)
			if strings.TrimSpace(got) == "" {
				t.Errorf("%s %q is empty", l.Tag, id)
			}
			if a, b := names(want), names(got); !slices.Equal(a, b) {
				t.Errorf("%s %q fills in %v, English %v", l.Tag, id, b, a)
			}
		}
	}
}

// raw is a catalog text with its template markers left in (filled with
// themselves), so their names can be compared.
func raw(tr *i18n.Translator, id string) string {
	var pairs []any
	for _, n := range []string{"Label", "Other", "Min", "Max", "Count", "Choices", "Name", "Type", "ID", "Field",
		"Username", "Status", "Verb", "Page", "N", "MaxID", "Message", "Creator", "Created", "Changer", "Changed",
		"Version", "When", "From", "To"} {
		pairs = append(pairs, n, "{{."+n+"}}")
	}
	return tr.T(id, pairs...)
}

func names(s string) []string {
	var out []string
	for _, m := range filledValue.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1]+m[2])
	}
	slices.Sort(out)
	return out
}

func TestMatchPrefersTheBrowsersLanguages(t *testing.T) {
	for _, tc := range []struct {
		prefs []string
		want  string
	}{
		{[]string{"es-MX,es;q=0.9,en;q=0.8"}, i18n.Spanish},
		{[]string{"es-ES"}, i18n.Spanish},
		{[]string{"fr-FR, es;q=0.5"}, i18n.Spanish},
		{[]string{"de-DE"}, i18n.English},
		{[]string{""}, i18n.English},
		{[]string{"garbage;;q=x"}, i18n.English},
		{[]string{"en", "es"}, i18n.English}, // a stored choice comes first
		{[]string{"", "es"}, i18n.Spanish},   // no stored choice: the header
	} {
		if got := i18n.Match(tc.prefs...); got != tc.want {
			t.Errorf("Match(%q) = %s, want %s", tc.prefs, got, tc.want)
		}
	}
}

func TestMessagesFormatsAndLists(t *testing.T) {
	en, es := i18n.For(i18n.English), i18n.For(i18n.Spanish)
	m := i18n.M("validation.choice", "Label", i18n.M("field.backup_frequency"),
		"Choices", i18n.OrList{Items: []string{"Daily", "Weekly", "Monthly"}, Prefix: "value."})
	if got := m.String(); got != "Choose a Backup Frequency: Daily, Weekly or Monthly." {
		t.Errorf("English: %q", got)
	}
	if got := es.Text(m); got != "Elija un valor para «Frecuencia de copia»: Diaria, Semanal o Mensual." {
		t.Errorf("Spanish: %q", got)
	}
	if got := es.T("no.such.id"); got != "no.such.id" {
		t.Errorf("unknown id shows as %q", got)
	}
	if got := es.Value("value.", "Debian 12"); got != "Debian 12" {
		t.Errorf("a typed value is translated: %q", got)
	}
	if got := es.Number(65536); got != "65.536" {
		t.Errorf("Spanish number %q", got)
	}
	if got := en.Number(65536); got != "65,536" {
		t.Errorf("English number %q", got)
	}
	at := time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC)
	if got := es.DateTime(at); got != "02/12/2026 14:05 UTC" {
		t.Errorf("Spanish date and time %q", got)
	}
	if got := en.DateTime(&at); got != "2026-12-02 14:05 UTC" {
		t.Errorf("English date and time %q", got)
	}
	if got, none := es.Date(at), en.DateTime((*time.Time)(nil)); got != "02/12/2026" || none != "—" {
		t.Errorf("Spanish date %q, no time %q", got, none)
	}
	if got := i18n.For("xx").Lang(); got != i18n.English {
		t.Errorf("unsupported language falls back to %s", got)
	}
	if got, err := m.MarshalText(); err != nil || string(got) != m.String() {
		t.Errorf("MarshalText %q, %v", got, err)
	}
	if got := es.HTML("layout.default_password_html"); !strings.Contains(string(got), "<strong>admin</strong>") {
		t.Errorf("HTML entry lost its markup: %q", got)
	}
}
