package notify_test

import (
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/app/notify/smtptest"
	"vmportal/i18n"
	"vmportal/models"
)

// byRecipient indexes mails by their one recipient.
func byRecipient(t *testing.T, ms []smtptest.Message) map[string]smtptest.Message {
	t.Helper()
	out := map[string]smtptest.Message{}
	for _, m := range ms {
		out[strings.Join(m.To, ",")] = m
	}
	return out
}

// Each recipient gets the mail in the language of their account; an
// address typed on a request that is a user's follows that user's choice,
// and one that is nobody's is in English.
func TestMailIsWrittenInTheRecipientsLanguage(t *testing.T) {
	t.Parallel()
	env, relay := mailEnv(t)
	alice := env.CreateUser("alice", models.RoleUser)
	bob := env.CreateUser("bob", models.RoleAdmin)
	for _, u := range []*models.User{alice, bob} {
		if err := models.SetUserLanguage(env.DB.Gorm, u.ID, i18n.Spanish); err != nil {
			t.Fatal(err)
		}
	}
	user, admin := env.Client(), env.Client()
	user.Login("alice", apptest.Password)
	admin.Login("admin", apptest.AdminPassword)

	// Submitted: the admins, admin in English and bob in Spanish.
	form := apptest.RequestForm("nt-es-01")
	form.Set("primary_admin_email", "BOB@example.com") // a user's address: his language
	path := submit(t, user, form)
	got := byRecipient(t, settle(t, relay, 2))
	if s := got["admin@vmportal.local"].Subject(); s != "[VM Portal] nt-es-01: new request submitted" {
		t.Errorf("English subject %q", s)
	}
	if s := got["bob@example.com"].Subject(); s != "[VM Portal] nt-es-01: nueva solicitud enviada" {
		t.Errorf("Spanish subject %q", s)
	}

	// Rejected: alice (owner) and bob (typed as Primary Admin) in Spanish,
	// ada (nobody's address) in English.
	admin.DecideRequest(path, models.DecisionReject, 1, "Sin presupuesto este año")
	got = byRecipient(t, settle(t, relay, 5)[2:])
	for _, to := range []string{"alice@example.com", "BOB@example.com"} {
		m, ok := got[to]
		if !ok {
			t.Fatalf("no rejection mail to %s; mailed %v", to, recipients(relay.Messages()))
		}
		if s := m.Subject(); s != "[VM Portal] nt-es-01: solicitud rechazada" {
			t.Errorf("%s: subject %q", to, s)
		}
		text, html := m.Part("text/plain"), m.Part("text/html")
		for _, want := range []string{"Estado: Rechazada", "Motivo:", "Sin presupuesto este año", "Abrir la solicitud",
			"Avisarme por correo de mis solicitudes"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: text part lacks %q:\n%s", to, want, text)
			}
		}
		for _, want := range []string{`<html lang="es">`, "Nombre de la VM", "su página de cuenta"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: HTML part lacks %q:\n%s", to, want, html)
			}
		}
	}
	ada := got["ada@example.com"]
	if s := ada.Subject(); s != "[VM Portal] nt-es-01: request rejected" {
		t.Errorf("ada: subject %q", s)
	}
	if text := ada.Part("text/plain"); !strings.Contains(text, "Status: Rejected") || !strings.Contains(text, "Reason:") {
		t.Errorf("ada: English text part expected:\n%s", text)
	}
}
