package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// A browser that asks for Spanish gets Spanish pages, <html lang="es">
// included; one that asks for nothing usable gets English.
func TestAcceptLanguagePicksTheLanguage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	for _, tc := range []struct{ header, lang, heading string }{
		{"es-MX,es;q=0.9", "es", "Iniciar sesión"},
		{"de-DE,fr;q=0.5", "en", "Log in"},
		{"", "en", "Log in"},
	} {
		c := env.Client()
		c.Header.Set("Accept-Language", tc.header)
		r := c.Get("/login")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `<html lang="`+tc.lang+`">`) ||
			!strings.Contains(r.Body, `<h1 class="h3 mb-4">`+tc.heading+`</h1>`) {
			t.Errorf("Accept-Language %q: status %d, want lang %s with %q", tc.header, r.Status, tc.lang, tc.heading)
		}
		if !strings.Contains(r.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("Accept-Language %q: Vary is %q", tc.header, r.Header.Get("Vary"))
		}
	}
}

// The navbar's choice is stored on the user: it beats Accept-Language,
// stays after logging out (the login page keeps it) and comes back at the
// next login from another browser.
func TestLanguageChoiceIsStoredOnTheUser(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	u := env.CreateUser("alice", models.RoleUser)
	c := env.Client()
	c.Header.Set("Accept-Language", "en-GB")
	c.Login("alice", apptest.Password)
	if r := c.Get("/vms"); !strings.Contains(r.Body, "List VMs") {
		t.Fatal("not English before the choice")
	}

	r := c.PostForm("/language", url.Values{"language": {"es"}, "next": {"/vms?status=Pending"}})
	if r.Status != http.StatusSeeOther || r.Location != "/vms?status=Pending" {
		t.Fatalf("picking Spanish: %d → %q, want 303 back to the page", r.Status, r.Location)
	}
	page := c.Get(r.Location)
	for _, want := range []string{`<html lang="es">`, "Idioma cambiado a español.", "Solicitar nueva VM", "Cerrar sesión", `aria-pressed="true">Español`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("after picking Spanish the page lacks %q", want)
		}
	}
	var stored models.User
	if err := env.DB.Gorm.First(&stored, u.ID).Error; err != nil || stored.Language != "es" {
		t.Fatalf("users.language = %q (%v), want es", stored.Language, err)
	}

	c.PostForm("/logout", nil)
	if login := c.Get("/login"); !strings.Contains(login.Body, "Ha cerrado la sesión.") || !strings.Contains(login.Body, `lang="es"`) {
		t.Error("the login page after logging out is not in the user's language")
	}

	other := env.Client()
	other.Header.Set("Accept-Language", "en-US")
	other.Login("alice", apptest.Password)
	if d := other.Get("/dashboard"); !strings.Contains(d.Body, "Hola, Test alice.") {
		t.Errorf("next login from another browser is not in Spanish:\n%s", d.Body)
	}

	// Back to English, and an unknown language is refused.
	other.PostForm("/language", url.Values{"language": {"en"}, "next": {"/dashboard"}})
	if d := other.Get("/dashboard"); !strings.Contains(d.Body, "Welcome, Test alice.") {
		t.Error("switching back to English did not stick")
	}
	if r := other.PostForm("/language", url.Values{"language": {"xx"}}); r.Status != http.StatusBadRequest {
		t.Errorf("unknown language: status %d, want 400", r.Status)
	}
	if r := other.PostForm("/language", url.Values{"language": {"es"}, "next": {"//evil.example/x"}}); r.Location != "/dashboard" {
		t.Errorf("off-site next: redirected to %q", r.Location)
	}
	if r := env.Client().PostForm("/language", url.Values{"language": {"es"}, "_csrf": {""}}); r.Status != http.StatusForbidden {
		t.Errorf("without the CSRF token: status %d, want 403", r.Status)
	}
}

// Before logging in, the picker keeps the choice in the session; logging
// in makes it the choice of a user who never picked one.
func TestLanguageChoiceBeforeLogin(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("bob", models.RoleUser)
	c := env.Client()
	c.Get("/login")
	r := c.PostForm("/language", url.Values{"language": {"es"}, "next": {"/login"}})
	if r.Status != http.StatusSeeOther || r.Location != "/login" {
		t.Fatalf("picking Spanish on the login page: %d → %q", r.Status, r.Location)
	}
	if page := c.Get("/login"); !strings.Contains(page.Body, "Iniciar sesión") {
		t.Fatal("login page not in Spanish after the choice")
	}
	c.Login("bob", apptest.Password)
	if d := c.Get("/dashboard"); !strings.Contains(d.Body, "Panel") || !strings.Contains(d.Body, `lang="es"`) {
		t.Error("the choice made before login was lost")
	}
	var stored models.User
	if err := env.DB.Gorm.Where("username = ?", "bob").First(&stored).Error; err != nil || stored.Language != "es" {
		t.Errorf("users.language after logging in = %q (%v), want es", stored.Language, err)
	}
	other := env.Client()
	other.Login("bob", apptest.Password)
	if d := other.Get("/dashboard"); !strings.Contains(d.Body, `lang="es"`) {
		t.Error("another browser does not get the language picked at the login page")
	}
}

// Validation messages, field labels, statuses and error pages follow the
// language.
func TestSpanishValidationAndErrorPages(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("carol", models.RoleUser)
	c := env.Client()
	c.Header.Set("Accept-Language", "es-ES")
	c.Login("carol", apptest.Password)

	form := apptest.RequestForm("bad name!")
	form.Set("cpus", "0")
	form.Set("primary_admin_email", "not-an-address")
	form.Set("backup_frequency", "")
	r := c.PostForm("/vms/new", form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid request: status %d, want 422", r.Status)
	}
	for _, want := range []string{
		"Corrija lo siguiente:",
		"El nombre de la VM debe tener de 1 a 63 letras, dígitos o guiones, sin empezar ni terminar en guion.",
		"«CPU» debe ser un número entero entre 1 y 128.",
		"Indique un correo electrónico válido en «Correo del administrador principal», por ejemplo nombre@ejemplo.com.",
		"Elija un valor para «Frecuencia de copia»: Diaria, Semanal o Mensual.",
		`value="bad name!"`, // the input is kept
		"Enviar solicitud", "Nombre de la VM", "Máquina virtual", "Añadir VLAN",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}

	path := c.SubmitRequest("web-es-01")
	detail := c.Get(path)
	for _, want := range []string{"Pendiente", "Datos actuales", "Solicitud original", "Semanal", "Sí"} {
		if !strings.Contains(detail.Body, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}

	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/no/such/page", http.StatusNotFound, "Página no encontrada"},
		{"/users", http.StatusForbidden, "Esta página es solo para administradores."},
		{"/vms/999999", http.StatusNotFound, "La página que busca no existe o ya no está aquí."},
	} {
		if r := c.Get(tc.path); r.Status != tc.status || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, "Volver al panel") {
			t.Errorf("%s: status %d, want %d with %q", tc.path, r.Status, tc.status, tc.want)
		}
	}
	if r := c.PostForm(path+"/approve", url.Values{"version": {"1"}}); r.Status != http.StatusForbidden ||
		!strings.Contains(r.Body, "Acceso denegado") {
		t.Errorf("a user approving: status %d, want 403 in Spanish", r.Status)
	}
}
