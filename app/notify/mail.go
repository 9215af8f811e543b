package notify

import (
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	gomail "github.com/wneessen/go-mail"

	"vmportal/config"
)

// smtpTimeout bounds one conversation with the relay.
const smtpTimeout = 30 * time.Second

// mailer sends notification mails through the relay of SMTP_URL.
type mailer struct {
	relay     *url.URL
	from      string
	domain    string // of MAIL_FROM, for Message-IDs
	baseURL   string
	templates mailTemplates
}

// newMailer reads cfg; nil (mail off) when there is no SMTP_URL.
func newMailer(cfg config.Notify) (*mailer, error) {
	if !cfg.MailOn() {
		return nil, nil
	}
	relay, err := url.Parse(cfg.SMTPURL)
	if err != nil {
		return nil, fmt.Errorf("notify: SMTP_URL: %w", err)
	}
	from, err := mail.ParseAddress(cfg.MailFrom)
	if err != nil {
		return nil, fmt.Errorf("notify: MAIL_FROM: %w", err)
	}
	templates, err := loadMailTemplates()
	if err != nil {
		return nil, err
	}
	domain := from.Address[strings.LastIndex(from.Address, "@")+1:]
	return &mailer{relay: relay, from: from.String(), domain: domain, baseURL: cfg.BaseURL, templates: templates}, nil
}

// client makes a go-mail client for the relay: smtp:// upgrades with
// STARTTLS when the server offers it (an intranet relay often does not),
// smtps:// speaks TLS from the start; user:pass in the URL logs in.
func (m *mailer) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithTimeout(smtpTimeout)}
	port := 25
	if m.relay.Scheme == "smtps" {
		port = 465
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if p := m.relay.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("notify: SMTP_URL port %q: %w", p, err)
		}
		port = n
	}
	opts = append(opts, gomail.WithPort(port))
	if u := m.relay.User; u != nil {
		pass, _ := u.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.Username()), gomail.WithPassword(pass))
	}
	c, err := gomail.NewClient(m.relay.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("notify: smtp client: %w", err)
	}
	return c, nil
}

// send delivers one mail to the relay.
func (m *mailer) send(ctx context.Context, a MailArgs) error {
	body, err := m.templates.compose(a, m.baseURL)
	if err != nil {
		return err
	}
	msg := gomail.NewMsg()
	if err := msg.From(m.from); err != nil {
		return fmt.Errorf("notify: mail from: %w", err)
	}
	to := a.To
	if a.ToName != "" {
		to = (&mail.Address{Name: a.ToName, Address: a.To}).String()
	}
	if err := msg.To(to); err != nil {
		// A malformed address never becomes deliverable: give up on it.
		return river.JobCancel(fmt.Errorf("notify: mail to %q: %w", a.To, err))
	}
	msg.Subject(body.Subject)
	msg.SetMessageIDWithValue(messageID(a.EventID, a.To, m.domain))
	msg.SetDateWithValue(a.OccurredAt)
	msg.SetBodyString(gomail.TypeTextPlain, body.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, body.HTML)
	c, err := m.client()
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("notify: send %s mail to %s: %w", a.Event, a.To, err)
	}
	return nil
}

// mailWorker sends MailArgs jobs.
type mailWorker struct {
	river.WorkerDefaults[MailArgs]
	mailer *mailer
}

// Work sends one mail; an error makes River retry it later.
func (w *mailWorker) Work(ctx context.Context, job *river.Job[MailArgs]) error {
	if w.mailer == nil {
		// Queued by an instance with a relay; retried until one that has
		// it takes the job (instances should share their settings).
		return fmt.Errorf("notify: mail is off (no SMTP_URL) on this instance")
	}
	return w.mailer.send(ctx, job.Args)
}
