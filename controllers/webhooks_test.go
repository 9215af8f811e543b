package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

func TestWebhookPagesAreForAdminsOnly(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	user := env.LoggedIn("alice", models.RoleUser)
	for _, path := range []string{"/admin/webhooks", "/admin/webhooks/new", "/admin/queue"} {
		if r := user.Get(path); r.Status != http.StatusForbidden {
			t.Errorf("GET %s as a user: %d, want 403", path, r.Status)
		}
	}
	form := url.Values{"url": {"https://awx.example.org/hook"}, "secret": {"k"}, "events": {models.ActionRequestCreated}}
	if r := user.PostForm("/admin/webhooks/new", form); r.Status != http.StatusForbidden {
		t.Errorf("POST as a user: %d, want 403", r.Status)
	}
	if r := env.Client().Get("/admin/webhooks"); r.Status != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want a redirect to /login", r.Status)
	}
}

func TestWebhookCreateEditDelete(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Admin()

	page := admin.Get("/admin/webhooks/new")
	for _, want := range []string{`<label for="f-url" class="form-label">URL</label>`, `<label for="f-secret" class="form-label">Secret</label>`,
		`>Active</label>`, `value="request.commented"`, `<legend class="form-label fs-6">Events</legend>`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("new webhook form lacks %s", want)
		}
	}

	// Bad input: 422, the form again with what was typed.
	bad := url.Values{"url": {"ftp://files.example.org/x"}, "secret": {"typed-secret"}, "events": {"request.exploded"}}
	r := admin.PostForm("/admin/webhooks/new", bad)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad webhook: %d", r.Status)
	}
	for _, want := range []string{"URL must be an http:// or https:// address.", `value="ftp://files.example.org/x"`, `value="typed-secret"`, `Unknown event`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("422 page lacks %s", want)
		}
	}
	if n := len(env.AuditEntries(models.ActionWebhookCreated)); n != 0 {
		t.Fatalf("%d webhooks created from bad input", n)
	}

	good := url.Values{"url": {"https://awx.example.org/hook"}, "secret": {"first-secret"}, "active": {"on"},
		"events": {models.ActionRequestCreated, models.ActionRequestApproved}}
	if r := admin.PostForm("/admin/webhooks/new", good); r.Status != http.StatusSeeOther || r.Location != "/admin/webhooks" {
		t.Fatalf("create: %d %s", r.Status, r.Location)
	}
	list := admin.Get("/admin/webhooks")
	if !strings.Contains(list.Body, "https://awx.example.org/hook") || !strings.Contains(list.Body, "Webhook created.") {
		t.Error("list lacks the new webhook")
	}
	if strings.Contains(list.Body, "first-secret") || strings.Contains(admin.Get("/admin/webhooks/1/edit").Body, "first-secret") {
		t.Error("a page shows the secret")
	}
	created := env.AuditEntries(models.ActionWebhookCreated)
	if len(created) != 1 || created[0].Details["url"] != "https://awx.example.org/hook" || created[0].Details["secret"] != nil {
		t.Errorf("audit of the creation: %+v", created)
	}

	// Edit with an empty secret keeps it; unchecking Active deactivates.
	edit := url.Values{"url": {"http://awx.example.org/hook2"}, "secret": {""}, "events": {models.ActionRequestRejected}}
	if r := admin.PostForm("/admin/webhooks/1/edit", edit); r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.Status, r.Body)
	}
	w, err := models.FindWebhook(env.DB.Gorm, 1)
	if err != nil {
		t.Fatal(err)
	}
	if w.URL != "http://awx.example.org/hook2" || w.Secret != "first-secret" || w.Active || !w.Wants(models.ActionRequestRejected) || w.Wants(models.ActionRequestCreated) {
		t.Errorf("after edit: %+v", w)
	}
	if n := len(env.AuditEntries(models.ActionWebhookChanged)); n != 1 {
		t.Errorf("%d change audits, want 1", n)
	}

	if r := admin.Get("/admin/webhooks/99/edit"); r.Status != http.StatusNotFound {
		t.Errorf("unknown webhook: %d, want 404", r.Status)
	}
	if r := admin.Get("/admin/webhooks/x/deliveries"); r.Status != http.StatusNotFound {
		t.Errorf("garbage id: %d, want 404", r.Status)
	}
	if r := admin.PostForm("/admin/webhooks/1/delete", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.Status)
	}
	if _, err := models.FindWebhook(env.DB.Gorm, 1); err != models.ErrNotFound {
		t.Errorf("after delete: %v", err)
	}
	if n := len(env.AuditEntries(models.ActionWebhookDeleted)); n != 1 {
		t.Errorf("%d delete audits, want 1", n)
	}
}

func TestQueuePageShowsQueuedJobs(t *testing.T) {
	t.Parallel()
	env := apptest.New(t) // no workers: jobs stay queued
	admin := env.Admin()
	form := url.Values{"url": {"https://awx.example.org/hook"}, "secret": {"k"}, "active": {"on"}, "events": {models.ActionRequestCreated}}
	if r := admin.PostForm("/admin/webhooks/new", form); r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d", r.Status)
	}
	admin.SubmitRequest("nt-queue-01")
	page := admin.Get("/admin/queue")
	if page.Status != http.StatusOK {
		t.Fatalf("queue page: %d", page.Status)
	}
	for _, want := range []string{"Notification queue", `data-testid="queued">1<`, "request.created to webhook 1", "Webhook"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("queue page lacks %s", want)
		}
	}
}

func TestAccountEmailSetting(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	u := env.CreateUser("alice", models.RoleUser)
	c := env.Client()
	c.Login("alice", apptest.Password)
	page := c.Get("/account")
	if !strings.Contains(page.Body, `<label class="form-check-label" for="f-email_notifications">Email me about my requests</label>`) ||
		!strings.Contains(page.Body, `name="email_notifications" aria-describedby="f-email_notifications-help" checked`) {
		t.Fatalf("account page lacks the checked setting:\n%s", page.Body)
	}
	if r := c.PostForm("/account", url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn off: %d", r.Status)
	}
	got, err := models.FindUserByID(env.DB.Gorm, u.ID)
	if err != nil || got.EmailNotifications {
		t.Fatalf("after unchecking: %+v %v", got, err)
	}
	if strings.Contains(c.Get("/account").Body, "checked") {
		t.Error("the box is still checked")
	}
	if r := c.PostForm("/account", url.Values{"email_notifications": {"on"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn on: %d", r.Status)
	}
	if got, _ := models.FindUserByID(env.DB.Gorm, u.ID); !got.EmailNotifications {
		t.Error("not turned back on")
	}
	if n := len(env.AuditEntries(models.ActionUserChanged)); n != 2 {
		t.Errorf("%d audit rows, want 2", n)
	}
}

// The webhook, queue and account pages speak Spanish too: labels, the
// validation messages of a 422 and the flash of a saved setting.
func TestNotificationPagesInSpanish(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Client()
	admin.Header.Set("Accept-Language", "es-ES")
	admin.Login("admin", apptest.AdminPassword)

	pages := map[string][]string{
		"/admin/webhooks":     {"Nuevo webhook", "Cola de notificaciones", `lang="es"`},
		"/admin/webhooks/new": {">Secreto</label>", "<legend class=\"form-label fs-6\">Eventos</legend>", "Crear webhook"},
		"/admin/queue":        {"<h1 class=\"h3 mb-3\">Cola de notificaciones</h1>", "Fallidos, en reintento"},
		"/account":            {"Avisarme por correo de mis solicitudes", "Guardar ajustes", ">Cuenta</a>"},
	}
	for path, wants := range pages {
		body := admin.Get(path).Body
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
	}
	r := admin.PostForm("/admin/webhooks/new", url.Values{"url": {"ftp://x.example.org"}, "secret": {""}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad webhook: %d", r.Status)
	}
	for _, want := range []string{"La URL debe ser una dirección http:// o https://.", "Indique el secreto.", "Elija al menos un evento."} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("Spanish 422 page lacks %s", want)
		}
	}
	admin.PostForm("/account", url.Values{})
	if body := admin.Get("/account").Body; !strings.Contains(body, "Ya no recibirá correos sobre sus solicitudes.") {
		t.Error("Spanish flash missing after turning mail off")
	}
}
