package controllers_test

import (
	"net/http"
	"strings"
	"testing"
)

// Comments, Compare versions, Restore and Request Similar VM speak the
// visitor's language: buttons, headings, version names, VLAN rows,
// validation, flashes and the audit trail's words.
func TestCollaborationInSpanish(t *testing.T) {
	t.Parallel()
	_, alice, admin, path := compareFixture(t) // version 3, Approved
	alice.Header.Set("Accept-Language", "es-ES")
	admin.Header.Set("Accept-Language", "es")

	page := alice.Get(path).Body
	for _, want := range []string{">Comparar versiones</a>", ">Solicitar VM similar</a>", ">Comentarios</h2>",
		"Todavía no hay comentarios.", ">Publicar comentario</button>", "Comparar la versión 1 con la actual"} {
		if !strings.Contains(page, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}
	if r := comment(alice, path, "  "); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Escriba un comentario antes de publicarlo.") {
		t.Errorf("empty comment: %d, want 422 with the Spanish message", r.Status)
	}
	if r := comment(alice, path, "¿Para cuándo?"); r.Status != http.StatusSeeOther ||
		!strings.Contains(alice.Get(path).Body, "Comentario publicado.") {
		t.Errorf("comment: %d, or no Spanish flash", r.Status)
	}

	cmp := alice.Get(path + "/compare?from=1&to=3").Body
	for _, want := range []string{`<h1 class="h3 mb-3">Comparar versiones</h1>`, ">Versión inicial</label>",
		`<option value="1" selected>Versión 1 (solicitud original)</option>`, `<option value="3" selected>Versión 3 (actual)</option>`,
		`<th scope="row">CPU</th>`, `<th scope="row">VLAN eliminada</th>`, `<th scope="row">VLAN renombrada</th>`, "Volver a wf-01"} {
		if !strings.Contains(cmp, want) {
			t.Errorf("compare page lacks %q", want)
		}
	}
	if r := alice.Get(path + "/compare?from=9"); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "Elija dos versiones entre 1 y 3.") {
		t.Errorf("bad version: %d, want 422 in Spanish", r.Status)
	}

	if r := restore(alice, path, 1, 3); r.Status != http.StatusForbidden ||
		!strings.Contains(r.Body, "Solo un administrador puede restaurar una versión de una solicitud que está Aprobada.") {
		t.Errorf("owner's restore of an approved request: %d, want 403 in Spanish", r.Status)
	}
	if r := restore(admin, path, 1, 3); r.Status != http.StatusSeeOther {
		t.Fatalf("restore: %d", r.Status)
	}
	page = admin.Get(path).Body
	for _, want := range []string{"Versión 1 restaurada como versión 4.", "Restaurada desde la versión 1"} {
		if !strings.Contains(page, want) {
			t.Errorf("after the restore the page lacks %q", want)
		}
	}
	if r := restore(admin, path, 1, 3); r.Status != http.StatusConflict || !strings.Contains(r.Body, "no se ha restaurado la versión 1") {
		t.Errorf("stale restore: %d, want 409 in Spanish", r.Status)
	}
	trail := admin.Get("/audit").Body
	for _, want := range []string{"Comentario añadido", "Solicitud restaurada", "restaurada desde la versión 1", "comentario: ¿Para cuándo?"} {
		if !strings.Contains(trail, want) {
			t.Errorf("audit trail lacks %q", want)
		}
	}

	if similar := alice.Get("/vms/new?from=" + path[len("/vms/"):]).Body; !strings.Contains(similar, "Datos copiados de la solicitud") {
		t.Error("Request Similar VM notice not in Spanish")
	}
}
