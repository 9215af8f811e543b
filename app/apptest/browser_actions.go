package apptest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// FillLabel finds the form control whose <label> has the text label (trimmed,
// with runs of white space as one space, and exactly equal), and gives it the
// value value.
//
// For an input of a text-like type and for a textarea, it clears the control
// and types value with real key events, so that the page sees keydown, input
// and, when the control loses the focus, change events. A date, time, color,
// range or similar input gets value as it is, with input and change events. A
// file input gets value as the path of the file to upload. For a select, it
// chooses the option whose visible text or value equals value, and fires input
// and change events. It fails the test for a checkbox or a radio button, and
// when no label or no option matches.
func (b *Browser) FillLabel(label, value string) {
	b.t.Helper()
	b.fill(label, -1, value)
}

// FillNth is FillLabel for the n-th (0-based) visible control labelled
// label, for repeated rows such as the VLAN rows of a form.
func (b *Browser) FillNth(label string, n int, value string) {
	b.t.Helper()
	b.fill(label, n, value)
}

func (b *Browser) fill(label string, nth int, value string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	what := fmt.Sprintf("FillLabel(%q #%d, %q)", label, nth, value)

	token := newToken()
	res, err := evalJS[controlInfo](ctx, findControlJS, label, token, "", nth)
	if err != nil {
		b.t.Fatalf("apptest: %s: %v", what, err)
	}
	if res.Error != "" {
		b.t.Fatalf("apptest: %s: %s", what, res.Error)
	}
	sel := chromedp.CSS(`[data-apptest-control="` + token + `"]`)

	switch res.Kind {
	case "select":
		var msg string
		msg, err = evalJS[string](ctx, selectOptionJS, token, value)
		if err == nil && msg != "" {
			err = errors.New(msg)
		}
	case "typed":
		if _, err = evalJS[chromedp.Void](ctx, clearControlJS, token, value == ""); err != nil {
			break
		}
		if value != "" {
			if err = chromedp.Do(ctx, chromedp.SendKeys(sel, value)); err != nil {
				break
			}
			// Blur the control, so that the browser fires the change
			// event as it does when a user leaves the field.
			_, err = evalJS[chromedp.Void](ctx, blurControlJS, token)
		}
	case "set":
		_, err = evalJS[chromedp.Void](ctx, setControlJS, token, value)
	case "file":
		err = chromedp.Do(ctx, chromedp.SetUploadFiles(sel, []string{value}))
	default:
		err = fmt.Errorf("the control is a %s, which FillLabel does not support", res.Kind)
	}
	if err != nil {
		b.t.Fatalf("apptest: %s: %v", what, err)
	}
	_, _ = evalJS[chromedp.Void](ctx, unmarkJS, "data-apptest-control")
}

// ClickButton clicks the first visible <button>, <input type=submit>,
// <input type=button> or <a> whose visible text (or, for an input, its value)
// is exactly text after trimming, with runs of white space as one space. The
// click is a real mouse click at the center of the element.
//
// When the click starts a navigation, for example a form submission or a link,
// ClickButton waits until the new document is complete. When it does not, for
// example a button that only runs a script, ClickButton returns after a short
// time in which no navigation started. A dialog that the click opens, such as
// confirm(), is accepted, and its message is logged.
func (b *Browser) ClickButton(text string) {
	b.t.Helper()
	b.click(fmt.Sprintf("ClickButton(%q)", text), text, 0)
}

// ClickNth is like ClickButton, but it clicks the n-th (counted from 0)
// visible element with the text, for example ClickNth("Remove", 1) for the
// second "Remove" button.
func (b *Browser) ClickNth(text string, n int) {
	b.t.Helper()
	b.click(fmt.Sprintf("ClickNth(%q, %d)", text, n), text, n)
}

// click does the work of ClickButton and ClickNth.
func (b *Browser) click(what, text string, n int) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()

	token := newToken()
	msg, err := evalJS[string](ctx, findClickableJS, text, n, token)
	if err != nil {
		b.t.Fatalf("apptest: %s: %v", what, err)
	}
	if msg != "" {
		b.t.Fatalf("apptest: %s: %s", what, msg)
	}

	b.mu.Lock()
	starts, stops := b.navStarts, b.navStops
	b.mu.Unlock()

	sel := chromedp.CSS(`[data-apptest-click="` + token + `"]`)
	if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
		b.t.Fatalf("apptest: %s: clicking: %v", what, err)
	}
	if err := b.settle(ctx, token, starts, stops); err != nil {
		b.t.Fatalf("apptest: %s: after the click: %v", what, err)
	}
}

// pageState is what stateJS reports about the current document.
type pageState struct {
	Same    bool   `json:"same"`    // the document is the one that got the click
	Leaving bool   `json:"leaving"` // that document fired beforeunload
	Ready   string `json:"ready"`   // document.readyState
}

// settle waits until the click with the token has had its effect: the new
// document is complete after a navigation, or no navigation started within
// settleTime.
func (b *Browser) settle(ctx context.Context, token string, starts, stops int) error {
	clicked := time.Now()
	var last error
	for {
		ectx, cancel := context.WithTimeout(ctx, evalTimeout)
		st, err := evalJS[pageState](ectx, stateJS, token)
		cancel()
		b.mu.Lock()
		started := b.navStarts != starts
		stopped := b.navStops != stops
		b.mu.Unlock()

		switch {
		case err != nil:
			// The document can go away while the check runs.
			last = err
		case !st.Same:
			if st.Ready == "complete" {
				return nil
			}
		case started || st.Leaving:
			// A navigation started. It ends when a new document
			// replaces this one (the case above), or when it stops
			// without one, as with a response 204 or a change of the
			// fragment only.
			if stopped && st.Ready == "complete" {
				return nil
			}
		default:
			if st.Ready == "complete" && time.Since(clicked) >= settleTime {
				return nil
			}
		}

		select {
		case <-ctx.Done():
			if last != nil {
				return fmt.Errorf("%w (last error: %v)", ctx.Err(), last)
			}
			return fmt.Errorf("waiting for the page to settle: %w", ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}

// waitComplete polls until document.readyState is "complete".
func (b *Browser) waitComplete(ctx context.Context) error {
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState`))
		if err == nil && s == "complete" {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for document.readyState to be complete: %w", ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}

// newToken returns a random token that marks one element.
func newToken() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
