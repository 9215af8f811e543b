package apptest

import (
	_ "embed"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, the accessibility rules engine (see axe/VERSION).
//
//go:embed axe/axe.min.js
var axeSource string

// runAxeJS runs axe on the document against the WCAG 2.0 and 2.1 rules of
// levels A and AA, and lists each violation with the first elements it
// was found on.
const runAxeJS = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
	.then((r) => r.violations.map((v) => v.id + " (" + v.impact + "): " + v.help + " — " +
		v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")))`

// AccessibilityViolations checks the current page with axe-core against
// WCAG 2.1 A and AA and returns one line per rule broken. The script is
// injected through the DevTools protocol, so the page's CSP does not
// block it.
func (b *Browser) AccessibilityViolations() []string {
	b.t.Helper()
	run(b, stepTimeout, "load axe-core", chromedp.Evaluate[chromedp.Void](axeSource+"\n;undefined"))
	return run(b, stepTimeout, "run axe-core", chromedp.Evaluate[[]string](runAxeJS, chromedp.EvalAwaitPromise))
}
