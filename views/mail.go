package views

import (
	"embed"

	"vmportal/i18n"
)

// MailFS holds the notification mail templates (mail/*.txt for the plain
// text part, mail/*.html for the HTML part), apart from the pages' FS so
// the page engine does not load them.
//
//go:embed mail
var MailFS embed.FS

// MailFuncs are the helpers the mail templates may call, speaking tr's
// language: {{t "id"}} for a catalog text (name/value pairs after it) and
// {{tHTML "id_html"}} for one that holds markup (HTML part only).
func MailFuncs(tr *i18n.Translator) map[string]any {
	return map[string]any{"t": tr.T, "tHTML": tr.HTML}
}
