package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"vmportal/models"
	"vmportal/views"
)

// happened is what the subject says after the VM name, per event.
var happened = map[string]string{
	models.ActionRequestCreated:        "new request submitted",
	models.ActionRequestApproved:       "request approved",
	models.ActionRequestRejected:       "request rejected",
	models.ActionRequestActive:         "marked Active",
	models.ActionRequestCancelled:      "request cancelled",
	models.ActionRequestDecommissioned: "decommissioned",
	models.EventRequestCommented:       "new comment",
}

// textLabel names the text a mail quotes, per event.
var textLabel = map[string]string{
	models.ActionRequestApproved:       "Approval Note",
	models.ActionRequestRejected:       "Reason",
	models.ActionRequestCancelled:      "Reason",
	models.ActionRequestDecommissioned: "Reason",
	models.EventRequestCommented:       "Comment",
}

// mailTemplates are the two parts of every notification mail.
type mailTemplates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

func loadMailTemplates() (*mailTemplates, error) {
	text, err := texttemplate.ParseFS(views.MailFS, "mail/notification.txt")
	if err != nil {
		return nil, fmt.Errorf("notify: mail template: %w", err)
	}
	html, err := htmltemplate.ParseFS(views.MailFS, "mail/notification.html")
	if err != nil {
		return nil, fmt.Errorf("notify: mail template: %w", err)
	}
	return &mailTemplates{text: text, html: html}, nil
}

// mailView is what the templates show.
type mailView struct {
	Subject, Headline, VMName, Status, Actor, When string
	TextLabel, Text, Link, AccountLink             string
}

// composed is a rendered mail.
type composed struct {
	Subject, Text, HTML string
}

// compose renders the mail of a, with links under baseURL.
func (t *mailTemplates) compose(a MailArgs, baseURL string) (composed, error) {
	what := happened[a.Event]
	if what == "" {
		what = a.Event
	}
	v := mailView{
		Subject:  fmt.Sprintf("[VM Portal] %s: %s", a.VMName, what),
		Headline: fmt.Sprintf("%s: %s", a.VMName, what),
		VMName:   a.VMName, Status: a.Status, Actor: a.Actor,
		When:      a.OccurredAt.UTC().Format("2006-01-02 15:04 MST"),
		TextLabel: textLabel[a.Event], Text: a.Text,
		Link:        fmt.Sprintf("%s/vms/%d", baseURL, a.RequestID),
		AccountLink: baseURL + "/account",
	}
	var text, html bytes.Buffer
	if err := t.text.Execute(&text, v); err != nil {
		return composed{}, fmt.Errorf("notify: render mail: %w", err)
	}
	if err := t.html.Execute(&html, v); err != nil {
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
