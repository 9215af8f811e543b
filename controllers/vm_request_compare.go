package controllers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/i18n"
	"vmportal/models"
)

// versionChoice is one option of the compare page's version selects.
type versionChoice struct {
	Number int
	Label  i18n.Message
}

// versionSelect is one of the compare page's two selects.
type versionSelect struct {
	Name   string // the query parameter
	Label  string // the catalog ID of the select's label
	Chosen int
}

// versionSelects are the compare page's selects with from and to chosen.
func versionSelects(from, to int) []versionSelect {
	return []versionSelect{{"from", "compare.from", from}, {"to", "compare.to", to}}
}

// Compare shows what differs between two versions of a request
// (?from=N&to=M; by default the original submission and the current
// version), to whoever may see the request. A version that is not a
// number of this request answers 422 with the page and its selects.
func (v *VMRequests) Compare(c *fiber.Ctx) error {
	d, err := v.loadDetail(c, models.WithVersions)
	if err != nil {
		return err
	}
	latest := d.Request.Version
	from, okFrom := versionParam(c.Query("from"), 1, latest)
	to, okTo := versionParam(c.Query("to"), latest, latest)
	data := fiber.Map{"Request": d.Request, "From": from, "To": to, "Versions": versionChoices(latest),
		"Selects": versionSelects(from, to)}
	if !okFrom || !okTo {
		data["Selects"] = versionSelects(1, latest)
		data["Error"] = i18n.M("compare.bad_version", "Latest", latest)
		return v.Render(c, fiber.StatusUnprocessableEntity, "compare_vm", i18n.M("compare.title"), data)
	}
	before, _ := d.Version(from) // every number from 1 to latest is a version
	after, _ := d.Version(to)
	data["Rows"] = models.Compare(before, after)
	return v.Render(c, fiber.StatusOK, "compare_vm", i18n.M("compare.title"), data)
}

// versionParam reads a version number from the query: def when absent,
// false when it is not a number from 1 to latest.
func versionParam(text string, def, latest int) (int, bool) {
	if text == "" {
		return def, true
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > latest {
		return 0, false
	}
	return n, true
}

// versionChoices lists versions 1 to latest, the first and the last named
// as such.
func versionChoices(latest int) []versionChoice {
	out := make([]versionChoice, latest)
	for i := range out {
		n := i + 1
		out[i] = versionChoice{Number: n, Label: i18n.M("compare.version", "N", n)}
		switch n {
		case latest:
			out[i].Label = i18n.M("compare.version_current", "N", n)
		case 1:
			out[i].Label = i18n.M("compare.version_original", "N", n)
		}
	}
	return out
}
