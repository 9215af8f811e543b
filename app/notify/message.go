package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

// textLabel names the text a mail quotes, per event: the field's label
// for a decision's reason or note, "Comment" for a comment.
var textLabel = map[string]string{
	models.ActionRequestApproved:       "field.decision_note",
	models.ActionRequestRejected:       "field.decision_reason",
	models.ActionRequestCancelled:      "field.decision_reason",
	models.ActionRequestDecommissioned: "field.decision_reason",
	models.ActionRequestCommented:      "mail.comment",
}

// mailTemplates are the two parts of every notification mail, parsed once
// per language (their {{t "id"}} speaks it), as the pages are.
type mailTemplates map[string]*mailTemplate

// mailTemplate is the text and HTML part in one language.
type mailTemplate struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

func loadMailTemplates() (mailTemplates, error) {
	out := mailTemplates{}
	for _, l := range i18n.Languages {
		funcs := views.MailFuncs(i18n.For(l.Tag))
		text, err := texttemplate.New("notification.txt").Funcs(funcs).ParseFS(views.MailFS, "mail/notification.txt")
		if err != nil {
			return nil, fmt.Errorf("notify: mail template: %w", err)
		}
		html, err := htmltemplate.New("notification.html").Funcs(funcs).ParseFS(views.MailFS, "mail/notification.html")
		if err != nil {
			return nil, fmt.Errorf("notify: mail template: %w", err)
		}
		out[l.Tag] = &mailTemplate{text: text, html: html}
	}
	return out, nil
}

// mailView is what the templates show, already in the mail's language
// except for the catalog texts the templates look up themselves.
type mailView struct {
	Lang                              string
	Subject, Headline, VMName, Status string
	Actor, When, TextLabel, Text      string
	Link, AccountLink                 string
}

// composed is a rendered mail.
type composed struct {
	Subject, Text, HTML string
}

// happened is what the subject says after the VM name: the catalog entry
// mail.happened.<event> with dots as underscores, or the event's name.
func happened(tr *i18n.Translator, event string) string {
	id := "mail.happened." + strings.ReplaceAll(event, ".", "_")
	if s := tr.T(id); s != id {
		return s
	}
	return event
}

// compose renders the mail of a in its recipient's language (a.Lang;
// English when unknown), with links under baseURL.
func (t mailTemplates) compose(a MailArgs, baseURL string) (composed, error) {
	tr := i18n.For(i18n.Match(a.Lang))
	tpl := t[tr.Lang()]
	what := happened(tr, a.Event)
	v := mailView{
		Lang:     tr.Lang(),
		Subject:  tr.T("mail.subject", "VMName", a.VMName, "What", what),
		Headline: tr.T("mail.headline", "VMName", a.VMName, "What", what),
		VMName:   a.VMName, Status: tr.Value(models.ValuePrefix, a.Status), Actor: a.Actor,
		When: tr.DateTime(a.OccurredAt), Text: a.Text,
		Link:        fmt.Sprintf("%s/vms/%d", baseURL, a.RequestID),
		AccountLink: baseURL + "/account",
	}
	if id, ok := textLabel[a.Event]; ok {
		v.TextLabel = tr.T(id)
	}
	var text, html bytes.Buffer
	if err := tpl.text.Execute(&text, v); err != nil {
		return composed{}, fmt.Errorf("notify: render mail: %w", err)
	}
	if err := tpl.html.Execute(&html, v); err != nil {
		return composed{}, fmt.Errorf("notify: render mail: %w", err)
	}
	return composed{Subject: v.Subject, Text: text.String(), HTML: html.String()}, nil
}

// messageID is the Message-ID of the mail of event eventID to address:
// the same at every attempt, so a retry after a lost answer from the relay
// shows up as the same mail, not a second one, in the recipient's client.
func messageID(eventID, address, domain string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(address)))
	return eventID + "." + hex.EncodeToString(sum[:8]) + "@" + domain
}
