package apptest

import (
	"context"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Visit loads the base URL followed by path, such as "/vms?page=2", and
// returns the HTTP status of the page.
func (b *Browser) Visit(path string) int {
	b.t.Helper()
	return b.load(fmt.Sprintf("Visit(%q)", path), chromedp.NavigateResponse(b.base+path))
}

// Click clicks the first link or button whose text or aria-label is text,
// waits for the page that it loads (after any redirect) and returns its
// HTTP status. For a click that loads no page, use ClickInPage.
func (b *Browser) Click(text string) int {
	b.t.Helper()
	return b.load(fmt.Sprintf("Click(%q)", text), func(ctx context.Context, _ *chromedp.Target) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.Click(clickable(text)))
	})
}

// load runs a, which loads a page, and returns the page's HTTP status.
func (b *Browser) load(what string, a chromedp.Action[*network.Response]) int {
	b.t.Helper()
	resp := run(b, loadTimeout, what, a)
	if resp == nil { // chromedp's answer when no document arrived
		b.t.Fatalf("apptest: %s: no page was loaded", what)
	}
	return int(resp.Status)
}

// ClickInPage is Click for a button that works within the page, such as
// "Add VLAN": it returns once the page has handled the click.
func (b *Browser) ClickInPage(text string) {
	b.t.Helper()
	run(b, stepTimeout, fmt.Sprintf("ClickInPage(%q)", text), chromedp.Click(clickable(text)))
}

// Fill is FillNth for the first control labelled label.
func (b *Browser) Fill(label, value string) {
	b.t.Helper()
	b.FillNth(label, 0, value)
}

// FillNth gives value to the n-th (from 0) form control whose <label>
// reads label, such as the VLAN ID of the second VLAN row. It types into a
// text control as a user does (select all, type, leave); a select gets the
// option with that value. Either way the page sees input and change
// events, and the test fails unless the control ends up holding value.
func (b *Browser) FillNth(label string, n int, value string) {
	b.t.Helper()
	fill := func(ctx context.Context, t *chromedp.Target, nodes []*chromedp.Node) (string, error) {
		el := chromedp.NodeIDs{nodes[0].NodeID}
		set := chromedp.SetValue(el, value)
		if nodes[0].NodeName != "SELECT" {
			set = chromedp.Steps(chromedp.KeyEventNode(nodes[0], "a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
				chromedp.KeyEvent(kb.Backspace+value), chromedp.Blur(el))
		}
		if _, err := set(ctx, t); err != nil {
			return "", err
		}
		return chromedp.Value(el)(ctx, t)
	}
	what := fmt.Sprintf("FillNth(%q, %d, %q)", label, n, value)
	if got := run(b, stepTimeout, what, chromedp.QueryAfter(control(label, n), fill, chromedp.NodeVisible)); got != value {
		b.t.Fatalf("apptest: %s: the control holds %q", what, got)
	}
}

// Tick clicks the checkbox labelled label, as a user ticks it.
func (b *Browser) Tick(label string) {
	b.t.Helper()
	run(b, stepTimeout, fmt.Sprintf("Tick(%q)", label), chromedp.Click(control(label, 0), chromedp.NodeVisible))
}

// Value returns the value of the control labelled label; for a select,
// the value of the chosen option.
func (b *Browser) Value(label string) string {
	b.t.Helper()
	return run(b, stepTimeout, fmt.Sprintf("Value(%q)", label), chromedp.Value(control(label, 0)))
}

// Text returns the text of the page as a user sees it.
func (b *Browser) Text() string {
	b.t.Helper()
	return run(b, stepTimeout, "Text()", chromedp.Text(chromedp.CSS("body")))
}

// Path returns the path and query of the page, such as "/vms?page=2".
func (b *Browser) Path() string {
	b.t.Helper()
	return strings.TrimPrefix(run(b, stepTimeout, "Path()", chromedp.Location()), b.base)
}

// Count returns the number of elements that match the CSS selector css.
func (b *Browser) Count(css string) int {
	b.t.Helper()
	return len(run(b, stepTimeout, fmt.Sprintf("Count(%q)", css), chromedp.Nodes(chromedp.CSSAll(css), chromedp.AtLeast(0))))
}

// WaitVisible waits until the first element that matches css is shown,
// such as a dialog that fades in after a click.
func (b *Browser) WaitVisible(css string) {
	b.t.Helper()
	run(b, stepTimeout, fmt.Sprintf("WaitVisible(%q)", css), chromedp.WaitVisible(chromedp.CSS(css)))
}

// control selects the n-th (from 0) element that a <label> reading label
// names in its for attribute.
func control(label string, n int) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`(//*[@id=//label[normalize-space()=%s]/@for])[%d]`, xpathString(label), n+1))
}

// clickable selects the first link or button whose text (white space
// collapsed) or aria-label is text.
func clickable(text string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`(//*[self::a or self::button][normalize-space()=%[1]s or @aria-label=%[1]s])[1]`, xpathString(text)))
}

// xpathString quotes s as an XPath 1.0 string, which has no escapes: each
// ' becomes a string of its own in a concat().
func xpathString(s string) string {
	return `concat('` + strings.ReplaceAll(s, `'`, `', "'", '`) + `', '')`
}

// Viewport makes the page width × height CSS pixels, as a phone's screen
// when mobile is true (mobile layout, touch), and reloads nothing: the
// next page loaded is laid out at that size.
func (b *Browser) Viewport(width, height int, mobile bool) {
	b.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	run(b, stepTimeout, fmt.Sprintf("Viewport(%d, %d)", width, height),
		chromedp.EmulateViewport(int64(width), int64(height), opts...))
}

// ClickSelector is Click for the first element that matches the CSS
// selector css, for a link whose text alone does not single it out.
func (b *Browser) ClickSelector(css string) int {
	b.t.Helper()
	return b.load(fmt.Sprintf("ClickSelector(%q)", css), func(ctx context.Context, _ *chromedp.Target) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(css)))
	})
}

// Number evaluates the JavaScript expression js in the page and returns
// its value, which must be a number (a size, a count, a boolean as 0/1).
func (b *Browser) Number(js string) float64 {
	b.t.Helper()
	return run(b, stepTimeout, fmt.Sprintf("Number(%q)", js), chromedp.Evaluate[float64]("Number("+js+")"))
}

// ClickInPageSelector is ClickInPage for the first element that matches
// the CSS selector css, such as a disclosure's summary.
func (b *Browser) ClickInPageSelector(css string) {
	b.t.Helper()
	run(b, stepTimeout, fmt.Sprintf("ClickInPageSelector(%q)", css), chromedp.Click(chromedp.CSS(css)))
}

// Upload chooses the file at path in the file control labelled label, as
// a person picks it in the file dialog.
func (b *Browser) Upload(label, path string) {
	b.t.Helper()
	run(b, stepTimeout, fmt.Sprintf("Upload(%q, %q)", label, path), chromedp.SetUploadFiles(control(label, 0), []string{path}))
}
