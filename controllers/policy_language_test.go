package controllers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/models"
)

// An admin reading Spanish gets the hosts and policies pages, their
// validation and flashes, the capacity section, the refusal to approve
// over capacity and the policies' outcome in Spanish; what is stored (the
// policy's action in the audit trail) stays English.
func TestHostsAndPoliciesSpeakTheAdminsLanguage(t *testing.T) {
	t.Parallel()
	env, admin, user := adminAnd(t, "alice", models.RoleUser)
	admin.Header.Set("Accept-Language", "es")
	user.Header.Set("Accept-Language", "es")

	bad := hostForm("esx-01")
	bad.Set("cpu_cores", "0")
	bad.Set("ram_overcommit", "11")
	if r := admin.PostForm("/hosts/new", bad); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "«Núcleos de CPU» debe ser un número entero entre 1 y") ||
		!strings.Contains(r.Body, "«Sobreasignación de RAM» debe ser un factor entre 1.00 y 10.00") {
		t.Errorf("Spanish host validation (%d):\n%s", r.Status, pageError(r.Body))
	}
	small := hostForm("esx-01")
	small.Set("cpu_cores", "2")
	small.Set("cpu_overcommit", "1.5") // 3 virtual CPUs
	registerHost(t, admin, small)
	hosts := admin.Get("/hosts").Body
	for _, want := range []string{"<h1 class=\"h3 mb-0\">Hosts virtuales</h1>", "Host esx-01 registrado.", "0 de 3 núcleos (0 %)", "0 de 1.000 GB (0 %)", ">Retirar</button>"} {
		if !strings.Contains(hosts, want) {
			t.Errorf("Spanish /hosts lacks %q", want)
		}
	}

	form := admin.Get("/policies/new").Body
	for _, want := range []string{`class="form-label">Rol del solicitante</label>`, ">Aprobar automáticamente</option>", ">Exigir dos aprobaciones</option>"} {
		if !strings.Contains(form, want) {
			t.Errorf("Spanish policy form lacks %q", want)
		}
	}
	if r := admin.PostForm("/policies/new", url.Values{"name": {"Big"}, "max_cpus": {"500"}, "action": {"reject"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "«CPU como máximo» debe quedar vacío (cualquiera) o ser un número entero entre 1 y 128.") ||
		!strings.Contains(r.Body, "Elija una acción: Aprobar automáticamente o Exigir dos aprobaciones.") {
		t.Errorf("Spanish policy validation (%d):\n%s", r.Status, pageError(r.Body))
	}
	createPolicy(t, admin, url.Values{"name": {"Pequeñas"}, "max_cpus": {"4"}, "action": {models.PolicyAutoApprove}})
	if list := admin.Get("/policies").Body; !strings.Contains(list, "Política Pequeñas creada.") || !strings.Contains(list, "Hasta 4 CPU") {
		t.Error("Spanish /policies lacks the flash or the condition")
	}
	if rows := env.AuditEntries(models.ActionPolicyCreated); len(rows) != 1 || rows[0].Details["action"] != "Auto-approve" {
		t.Errorf("the audited action is not stored in English: %+v", rows)
	}

	path := submit(t, user, requestForm("big-01")) // 4 CPUs: the policy matches, the host lacks them
	if page := user.Get(path).Body; !strings.Contains(page, "La política Pequeñas no la aprobó automáticamente: "+
		"Aprobar esta solicitud dejaría el host esx-01 por encima de su capacidad: CPU 4 de 3 núcleos (2 × 1.50 de sobreasignación).") {
		t.Errorf("no Spanish policy outcome:\n%s", pageError(page))
	}
	page := admin.Get(path).Body
	for _, want := range []string{`<h2 id="capacity-heading" class="h4">Capacidad</h2>`, "4 / 3 núcleos (capacidad superada)", "Aprobar por encima de la capacidad</label>"} {
		if !strings.Contains(page, want) {
			t.Errorf("Spanish detail page lacks %q", want)
		}
	}
	r := admin.PostForm(path+"/approve", url.Values{"version": {"1"}, "over_capacity": {"yes"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Indique el motivo para aprobar por encima de la capacidad.") {
		t.Errorf("Spanish missing reason (%d):\n%s", r.Status, pageError(r.Body))
	}
}
