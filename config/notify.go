package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
)

// Notify holds the settings of email notifications. Mail is off while
// SMTPURL is empty; webhooks need no settings (admins manage them in the
// portal).
type Notify struct {
	// SMTPURL is the mail relay (SMTP_URL): smtp://[user:pass@]host:port
	// uses STARTTLS when the server offers it, smtps://host:465 implicit
	// TLS. Empty: no mail is sent.
	SMTPURL string
	// MailFrom is the sender address (MAIL_FROM, default
	// "VM Portal <vmportal@localhost>").
	MailFrom string
	// BaseURL is the portal's public address, for links in mails
	// (BASE_URL, default http://localhost:8080).
	BaseURL string
}

// MailOn reports whether an SMTP relay is configured.
func (n Notify) MailOn() bool { return n.SMTPURL != "" }

func defaultNotify() Notify {
	return Notify{MailFrom: "VM Portal <vmportal@localhost>", BaseURL: "http://localhost:8080"}
}

// loadNotify reads SMTP_URL, MAIL_FROM and BASE_URL and checks their form.
func loadNotify(n *Notify, get func(string) (string, bool)) []string {
	var errs []string
	if v, ok := get("SMTP_URL"); ok {
		n.SMTPURL = v
		if u, err := url.Parse(v); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			errs = append(errs, "SMTP_URL: want smtp://[user:pass@]host:port or smtps://[user:pass@]host:port")
		}
	}
	if v, ok := get("MAIL_FROM"); ok {
		n.MailFrom = v
	}
	if _, err := mail.ParseAddress(n.MailFrom); err != nil {
		errs = append(errs, fmt.Sprintf("MAIL_FROM=%q: want an address such as \"VM Portal <portal@example.org>\"", n.MailFrom))
	}
	if v, ok := get("BASE_URL"); ok {
		n.BaseURL = strings.TrimRight(v, "/")
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Sprintf("BASE_URL=%q: want the portal's public URL, e.g. https://vmportal.example.org", v))
		}
	}
	return errs
}
