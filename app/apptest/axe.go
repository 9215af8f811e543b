package apptest

import (
	"context"
	_ "embed"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, the accessibility rules engine (see axe/VERSION).
//
//go:embed axe/axe.min.js
var axeSource string

// wcagTags selects the WCAG 2.0 and 2.1 rules of levels A and AA.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// runAxeJS runs axe on the document and lists each violation with the
// first elements it was found on.
const runAxeJS = `async (tags) => {
	const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
	return r.violations.map((v) => v.id + " (" + v.impact + "): " + v.help + " — " +
		v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}`

// AccessibilityViolations checks the current page with axe-core against
// WCAG 2.1 A and AA and returns one line per rule broken. The script is
// injected through the DevTools protocol, so the page's CSP does not
// block it.
func (b *Browser) AccessibilityViolations() []string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+"\n;true")); err != nil {
		b.t.Fatalf("apptest: load axe-core: %v", err)
	}
	violations, err := evalJS[[]string](ctx, runAxeJS, wcagTags)
	if err != nil {
		b.t.Fatalf("apptest: run axe-core: %v", err)
	}
	return violations
}
