package apptest

import (
	"fmt"

	"github.com/chromedp/chromedp"
)

// SetChecked makes the checkbox labelled label checked (on) or not, by
// clicking it as a user would when it is not already so.
func (b *Browser) SetChecked(label string, on bool) {
	b.t.Helper()
	what := fmt.Sprintf("SetChecked(%q, %v)", label, on)
	checked := func() bool {
		return run(b, stepTimeout, what, chromedp.Evaluate[bool](fmt.Sprintf(
			`document.evaluate(%q, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.checked`,
			fmt.Sprintf(`//*[@id=//label[normalize-space()=%s]/@for]`, xpathString(label)))))
	}
	if checked() != on {
		run(b, stepTimeout, what, chromedp.Click(control(label, 0), chromedp.NodeVisible))
	}
	if checked() != on {
		b.t.Fatalf("apptest: %s: the box did not change", what)
	}
}
