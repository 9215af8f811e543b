package controllers_test

import (
	"net/http"
	"strings"
	"testing"

	"vmportal/app/apptest"
)

// An admin reading Spanish gets the import page, its preview, every
// error by line and field, and the flash in Spanish, while the file's
// columns keep the English names the export writes.
func TestImportSpeaksTheAdminsLanguage(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Client()
	admin.Header.Set("Accept-Language", "es")
	admin.Login(apptest.AdminUsername, apptest.AdminPassword)

	if list := admin.Get("/vms").Body; !strings.Contains(list, `href="/vms/import">Importar CSV</a>`) {
		t.Error("the Spanish list offers no import")
	}
	page := admin.Get("/vms/import")
	for _, want := range []string{"<h1 class=\"h3 mb-3\">Importar solicitudes</h1>", "VM Name, Request Date, CPUs",
		"Hasta 10.000 solicitudes y 5 MB", ">Previsualizar importación</button>"} {
		if page.Status != http.StatusOK || !strings.Contains(page.Body, want) {
			t.Errorf("Spanish import page (%d) lacks %s", page.Status, want)
		}
	}

	bad := uploadCSV(admin, importFile(t,
		goodLine("es-01"),
		goodLine("ES-01").with(importLine{"CPUs": "0", "VLANs": "10:a;10:b"}),
	))
	for _, want := range []string{
		"Vista previa de la importación", "1 de 2 líneas son válidas.", "No se ha importado nada.",
		"<th scope=\"col\">Línea</th><th scope=\"col\">Campo</th>",
		"<td>3</td><td>Nombre de la VM</td><td>El nombre de VM &#34;ES-01&#34; ya aparece en la línea 2 de este archivo.</td>",
		"<td>3</td><td>CPU</td><td>«CPU» debe ser un número entero entre 1 y 128.</td>",
		"<td>3</td><td>VLAN (VLAN 2)</td>",
	} {
		if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, want) {
			t.Errorf("Spanish preview (%d) lacks %s", bad.Status, want)
		}
	}
	if r := uploadCSV(admin, []byte("Dear admin,\nplease create a VM.\n")); !strings.Contains(r.Body,
		"El archivo no es un CSV de solicitudes: su primera línea debe nombrar las columnas de la exportación CSV, en inglés (VM Name, Request Date") {
		t.Errorf("Spanish file error (%d):\n%s", r.Status, pageError(r.Body))
	}

	ok := uploadCSV(admin, importFile(t, goodLine("es-01"), goodLine("es-02")))
	if !strings.Contains(ok.Body, ">Importar 2 solicitudes</button>") {
		t.Fatalf("Spanish preview offers no import (%d):\n%s", ok.Status, pageError(ok.Body))
	}
	confirmImport(t, admin, ok)
	if list := admin.Get("/vms").Body; !strings.Contains(list, "Se han importado 2 solicitudes.") {
		t.Error("no Spanish flash after the import")
	}
}
