package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/models"
)

// On a phone (375 × 740), an admin opens the list: the page does not
// scroll sideways as a whole, the most important columns come first and
// are on screen, a long hyphenated name stays on one line, a request's
// other fields open in its details row; sorting by CPUs from the heading
// and filtering from the form keep each other in the URL. The dashboard
// and the list pass the accessibility check at that size.
func TestBrowserListOnAPhone(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	ctx := env.Ctx(models.Actor{UserID: 1, Username: "admin"})
	for i, name := range []string{"print-dev-0100000", "crm-production-database-primary-node-0001", "web-01"} {
		form := apptest.RequestForm(name)
		form.Set("cpus", fmt.Sprint(8-2*i))
		if i == 2 {
			form.Set("virtual_host", "esx-02")
		}
		r := &models.VMRequest{CreatedByID: 1, UpdatedByID: 1}
		text := map[string]string{}
		for k := range form {
			text[k] = form.Get(k)
		}
		if fe := models.ReadText(r, text, nil); len(fe) > 0 {
			t.Fatal(fe)
		}
		if err := models.CreateRequest(env.DB.Gorm.WithContext(ctx), r); err != nil {
			t.Fatal(err)
		}
	}
	b := apptest.NewBrowser(t, env.Serve())
	b.Viewport(375, 740, true)
	logIn(b, "admin", apptest.AdminPassword)
	check := func(page string) {
		t.Helper()
		if v := b.AccessibilityViolations(); len(v) > 0 {
			t.Errorf("%s on a phone breaks WCAG rules:\n  %s", page, strings.Join(v, "\n  "))
		}
	}
	check("dashboard")
	b.Screenshot("dashboard-on-a-phone")

	b.Visit("/vms")
	// The table scrolls sideways in its own box; the page does not.
	if w := b.Number("window.innerWidth"); w != 375 {
		t.Errorf("the list page is laid out %v px wide on a 375 px screen", w)
	}
	if right := b.Number(`document.querySelector(".table-responsive").getBoundingClientRect().right`); right > 375 {
		t.Errorf("the table's box ends at %v px, off a 375 px screen", right)
	}
	first := b.Number(`[...document.querySelectorAll("thead th")].slice(0, 2).map(th => th.textContent.trim()).join("|") === "VM Name, sort ascending↕|Status, sort ascending↕"`)
	if first != 1 {
		t.Error("VM Name and Status are not the first columns")
	}
	for _, name := range []string{"print-dev-0100000", "crm-production-database-primary-node-0001"} {
		lines := b.Number(`document.evaluate("//a[text()='` + name + `']", document, null, 9).singleNodeValue.getClientRects().length`)
		if lines != 1 {
			t.Errorf("%s is broken over %v lines", name, lines)
		}
	}
	if b.Number(`document.querySelector(".request-details details").open`) != 0 {
		t.Error("the details rows start open")
	}
	b.ClickInPageSelector(".request-details summary")
	if b.Number(`document.querySelector(".request-details details").open`) != 1 ||
		!strings.Contains(b.Text(), "Primary Admin Email") {
		t.Error("opening the details row does not show the other fields")
	}
	check("list")

	b.ClickSelector(`thead a[href*="sort=cpus"]`)
	if b.Path() != "/vms?dir=asc&sort=cpus" || b.Count(`th[aria-sort="ascending"]`) != 1 {
		t.Fatalf("sorting by CPUs led to %s", b.Path())
	}
	if got := b.Number(`document.querySelector("tbody th a").textContent === "web-01"`); got != 1 {
		t.Error("the fewest CPUs do not come first")
	}
	b.ClickInPageSelector(`.list-filters summary`) // opens "More filters"
	b.Fill("Virtual Host", "esx-01")
	// Typing into a field with suggestions can leave Chromium's datalist
	// popup open, and the first click outside an open popup only closes
	// it: click the heading first, as a person would see the popup go.
	b.ClickInPageSelector("h1")
	b.Click("Search")
	u, _ := url.Parse(b.Path())
	if q := u.Query(); q.Get("virtual_host") != "esx-01" || q.Get("sort") != "cpus" || q.Get("dir") != "asc" {
		t.Fatalf("the filter form lost the sort or the filter: %s", b.Path())
	}
	if b.Count("tbody tr.request-row") != 2 || b.Count(`th[aria-sort="ascending"]`) != 1 {
		t.Errorf("filtered and sorted list: %d rows", b.Count("tbody tr.request-row"))
	}
	check("filtered, sorted list")
	b.Screenshot("list-on-a-phone")
}
