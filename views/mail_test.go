package views

import (
	"io/fs"
	"testing"
)

// The notification mails are read by people too: every word in their
// templates (text and HTML part) comes from the catalogs, so a mail is
// written in its recipient's language.
func TestMailTemplatesHaveNoBareText(t *testing.T) {
	paths, err := fs.Glob(MailFS, "mail/*")
	if err != nil || len(paths) == 0 {
		t.Fatalf("mail templates: %v %v", paths, err)
	}
	for _, path := range paths {
		src, err := fs.ReadFile(MailFS, path)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bareText(string(src)) {
			t.Errorf("views/%s:%d: bare text %q: put it in i18n/locales/*.toml and write {{t \"id\"}}", path, b.line, b.text)
		}
	}
}
