package controllers_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// countIn reads the number shown in the dashboard's "My Requests" entry
// for status.
func countIn(t *testing.T, body, status string) string {
	t.Helper()
	m := regexp.MustCompile(`data-testid="mine-` + status + `">\s*<span class="status-count-n">(\d+)</span>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no My Requests entry for %s", status)
	}
	return m[1]
}

// TestDashboardForUserAndAdmin: a user sees their own requests per status,
// each a link to the filtered list, and nothing of the admins' figures;
// an admin sees the Pending count, the oldest Pending requests, the
// 12-month chart with its table, and their own requests as links to the
// list narrowed to them.
func TestDashboardForUserAndAdmin(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	ana := env.LoggedIn("ana", models.RoleUser)
	first := ana.SubmitRequest("dash-01")
	second := ana.SubmitRequest("dash-02")
	ana.SubmitRequest("dash-03")
	ana.DecideRequest(second, "cancel", 1, "not needed")
	admin := env.Admin()
	admin.DecideRequest(first, "reject", 1, "no budget")
	today := requestForm("dash-04")
	today.Set("request_date", models.Today().Format(models.DateLayout)) // inside the chart's 12 months
	submit(t, admin, today)

	page := ana.Get("/dashboard")
	if page.Status != http.StatusOK {
		t.Fatalf("user dashboard: %d", page.Status)
	}
	for status, want := range map[string]string{models.StatusPending: "1", models.StatusRejected: "1",
		models.StatusCancelled: "1", models.StatusActive: "0"} {
		if got := countIn(t, page.Body, status); got != want {
			t.Errorf("user's %s: %s, want %s", status, got, want)
		}
	}
	if !strings.Contains(page.Body, `href="/vms?status=Rejected"`) {
		t.Error("the user's counts do not link to the filtered list")
	}
	for _, adminOnly := range []string{"pending-count", "<svg", "Waiting longest", "Requests per month"} {
		if strings.Contains(page.Body, adminOnly) {
			t.Errorf("a user's dashboard shows %q", adminOnly)
		}
	}
	list := ana.Get("/vms?status=Rejected")
	if !strings.Contains(list.Body, ">dash-01<") || strings.Contains(list.Body, ">dash-03<") {
		t.Error("the Rejected link does not lead to the user's Rejected requests")
	}

	page = admin.Get("/dashboard")
	if !regexp.MustCompile(`data-testid="pending-count">2<`).MatchString(page.Body) {
		t.Error("admin's Pending count is not 2")
	}
	if countIn(t, page.Body, models.StatusPending) != "1" || !strings.Contains(page.Body, `href="/vms?mine=1&amp;status=Pending"`) {
		t.Error("admin's own counts are missing or do not link to their own requests")
	}
	oldest := page.Body[strings.Index(page.Body, "Waiting longest"):]
	if i, j := strings.Index(oldest, ">dash-03<"), strings.Index(oldest, ">dash-04<"); i < 0 || j < i {
		t.Error("oldest Pending requests missing or out of order")
	}
	for _, want := range []string{`<svg class="chart"`, `role="img"`, `aria-labelledby="chart-title chart-desc"`,
		"<title id=\"chart-title\">Requests per month,", models.Today().Format("January 2006"), `<rect class="chart-pending"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("admin dashboard lacks %q", want)
		}
	}
	if n := strings.Count(page.Body, `<th scope="row" class="text-nowrap">`); n != 12 {
		t.Errorf("the chart's table has %d months, want 12", n)
	}
	mine := admin.Get("/vms?mine=1")
	if !strings.Contains(mine.Body, ">dash-04<") || strings.Contains(mine.Body, ">dash-03<") {
		t.Error("mine=1 does not narrow an admin's list to their own requests")
	}
}

// TestDashboardAndListInSpanish: the dashboard's headings, counts, chart
// (titles and month names) and the list's filters, sort hints and details
// rows follow the reader's language; numbers and dates its way.
func TestDashboardAndListInSpanish(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Client()
	admin.Header.Set("Accept-Language", "es-ES")
	admin.Login("admin", apptest.AdminPassword)
	form := requestForm("es-01")
	today := models.Today()
	form.Set("request_date", today.Format(models.DateLayout))
	submit(t, admin, form)

	page := admin.Get("/dashboard")
	month := []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
		"octubre", "noviembre", "diciembre"}[today.Month()-1]
	for _, want := range []string{"Mis solicitudes", "Solicitudes pendientes", "Las que más esperan",
		"Solicitudes por mes", "<title id=\"chart-title\">Solicitudes por mes, de ",
		month + " de " + today.Format("2006"), "1 solicitud en estos meses", "<title>Pendiente: 1</title>",
		today.Format("02/01/2006"), ">Pendiente</span>", "Solicitudes por mes en una tabla"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("Spanish dashboard lacks %q", want)
		}
	}
	for _, english := range []string{"My Requests", "Waiting longest", "January", "requests"} {
		if strings.Contains(page.Body, english) {
			t.Errorf("Spanish dashboard shows %q", english)
		}
	}

	list := admin.Get("/vms?sort=cpus")
	for _, want := range []string{"Más filtros", "Solicitante", "Fecha de solicitud desde", "ordenar de forma descendente",
		"ordenar de forma ascendente", "<summary>Detalles", "de es-01", ">Pendiente</span>", "Filtrar solicitudes"} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("Spanish list lacks %q", want)
		}
	}
	for _, english := range []string{"More filters", "sort ascending", ">Details<"} {
		if strings.Contains(list.Body, english) {
			t.Errorf("Spanish list shows %q", english)
		}
	}
}

// TestDashboardShowsHostCapacity: an admin's dashboard draws each
// registered host's CPU, RAM and disk in use as bars, with the figures in
// words (in the page's language) for those who cannot see the bars; with
// no host it says so and links to registering one; a user sees none of it.
func TestDashboardShowsHostCapacity(t *testing.T) {
	t.Parallel()
	env, admin, user := adminAnd(t, "uma", models.RoleUser)
	empty := admin.Get("/dashboard").Body
	if !strings.Contains(empty, "No virtual hosts are registered yet.") || !strings.Contains(empty, `href="/hosts/new"`) {
		t.Error("without hosts, the dashboard does not say so")
	}
	registerHost(t, admin, hostForm("esx-dash"))
	registerHost(t, admin, hostForm("esx-spare"))
	form := requestForm("cap-01")
	form.Set("virtual_host", "ESX-Dash")
	admin.DecideRequest(submit(t, admin, form), models.DecisionApprove, 1, "")

	page := admin.Get("/dashboard").Body
	at := strings.Index(page, `data-testid="host-capacity"`)
	if at < 0 {
		t.Fatal("no host capacity section on an admin's dashboard")
	}
	section := page[at:]
	for _, want := range []string{"Host capacity", "esx-dash", "esx-spare", "4 of 32 cores (12%)", "16 of 96 GB (16%)",
		"200 of 1,000 GB (20%)", "0 of 32 cores (0%)", `<svg class="usage-bar"`, `aria-hidden="true"`, `<rect width="12"`} {
		if !strings.Contains(section, want) {
			t.Errorf("host capacity lacks %q", want)
		}
	}
	if strings.Index(section, "esx-dash") > strings.Index(section, "esx-spare") {
		t.Error("hosts are not in name order")
	}
	if strings.Contains(user.Get("/dashboard").Body, "host-capacity") {
		t.Error("a user's dashboard shows the hosts' capacity")
	}

	es := env.Client()
	es.Header.Set("Accept-Language", "es-ES")
	es.Login("admin", apptest.AdminPassword)
	spanish := es.Get("/dashboard").Body
	for _, want := range []string{"Capacidad de los hosts", "4 de 32 núcleos (12 %)", "200 de 1.000 GB (20 %)"} {
		if !strings.Contains(spanish, want) {
			t.Errorf("Spanish host capacity lacks %q", want)
		}
	}
}

// TestDashboardChartFollowsTheCounts: the chart is kept between views
// (web.Fragments) but never shown stale: a new request or a change of
// status redraws it, in each language's own copy.
func TestDashboardChartFollowsTheCounts(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Admin()
	spanish := env.Client()
	spanish.Header.Set("Accept-Language", "es")
	spanish.Login("admin", apptest.AdminPassword)
	today := models.Today().Format(models.DateLayout)
	for _, c := range []*apptest.Client{admin, spanish} {
		c.Get("/dashboard") // draw and keep the chart before the changes
	}

	form := requestForm("chart-01")
	form.Set("request_date", today)
	path := submit(t, admin, form)
	for c, want := range map[*apptest.Client]string{admin: "<title>Pending: 1</title>", spanish: "<title>Pendiente: 1</title>"} {
		if body := c.Get("/dashboard").Body; !strings.Contains(body, want) {
			t.Errorf("after a new request the chart lacks %q", want)
		}
	}
	admin.DecideRequest(path, "approve", 1, "")
	body := admin.Get("/dashboard").Body
	if !strings.Contains(body, "<title>Approved: 1</title>") || strings.Contains(body, "<title>Pending: 1</title>") {
		t.Error("after approval the chart still shows the request as Pending")
	}
}
