// Package i18n puts the portal into its languages: the message catalogs
// (locales/<tag>.toml, embedded), the choice of a language for a request
// (Match), and a Translator per language for texts, dates and numbers.
//
// Every text a person reads is a message ID with English and Spanish
// wording in the catalogs; templates call {{t "id"}}, Go code builds a
// Message (M) that is put into words only when shown, in the reader's
// language. English is the default and the fallback.
package i18n

import (
	"embed"
	"fmt"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The languages of the portal.
const (
	English = "en"
	Spanish = "es"
)

// Language is one language a visitor can pick: its tag and its own name.
type Language struct {
	Tag  string
	Name string
}

// Languages are the portal's languages in the order the picker shows
// them. Adding one: a locales/<tag>.toml with every ID, and a line here.
var Languages = []Language{{Tag: English, Name: "English"}, {Tag: Spanish, Name: "Español"}}

//go:embed locales/*.toml
var locales embed.FS

// bundle holds every catalog, parsed once at start-up: a broken catalog
// stops the program before it serves a page.
var bundle = func() *goi18n.Bundle {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, l := range Languages {
		f, err := b.LoadMessageFileFS(locales, CatalogPath(l.Tag))
		if err != nil {
			panic(fmt.Sprintf("i18n: catalog %s: %v", l.Tag, err))
		}
		for _, m := range f.Messages {
			catalogIDs[m.ID] = true
		}
	}
	return b
}()

// catalogIDs is every message ID of any catalog, filled in with bundle.
var catalogIDs = map[string]bool{}

// CatalogPath is the file of language tag's messages inside Catalogs.
func CatalogPath(tag string) string { return "locales/" + tag + ".toml" }

// matcher picks the closest supported language; its first tag, English,
// is what a visitor with no usable preference gets.
var matcher = func() language.Matcher {
	tags := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		tags[i] = language.MustParse(l.Tag)
	}
	return language.NewMatcher(tags)
}()

// Match returns the supported language that best fits prefs, each either
// a tag ("es", "es-MX") or an Accept-Language header value; empty
// preferences are skipped, and with none usable the answer is English.
func Match(prefs ...string) string {
	for _, p := range prefs {
		if p == "" {
			continue
		}
		tags, _, err := language.ParseAcceptLanguage(p)
		if err != nil || len(tags) == 0 {
			continue
		}
		_, i, conf := matcher.Match(tags...)
		if conf != language.No {
			return Languages[i].Tag
		}
	}
	return English
}

// Supported reports whether tag is one of Languages, exactly.
func Supported(tag string) bool {
	for _, l := range Languages {
		if l.Tag == tag {
			return true
		}
	}
	return false
}

// IDs lists the message IDs of language tag's catalog.
func IDs(tag string) ([]string, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	mf, err := b.LoadMessageFileFS(locales, CatalogPath(tag))
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(mf.Messages))
	for _, m := range mf.Messages {
		ids = append(ids, m.ID)
	}
	return ids, nil
}
