package views

import "embed"

// MailFS holds the notification mail templates (mail/*.txt for the plain
// text part, mail/*.html for the HTML part), apart from the pages' FS so
// the page engine does not load them.
//
//go:embed mail
var MailFS embed.FS
