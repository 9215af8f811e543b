package apptest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// defaultChromiumPath is the Chromium binary that NewBrowser starts when the
// environment variable CHROMIUM_PATH is empty. It is the path of the Debian
// package chromium.
const defaultChromiumPath = "/usr/bin/chromium"

// actionTimeout is the time that one Browser method may take before it fails
// the test. It keeps a broken page from hanging the test run.
const actionTimeout = 15 * time.Second

const (
	// startTimeout limits the start of Chromium.
	startTimeout = 30 * time.Second
	// closeTimeout limits the graceful close of Chromium in the cleanup.
	closeTimeout = 5 * time.Second
	// settleTime is how long ClickButton watches for a navigation that a
	// click starts, before it decides that the click does not navigate.
	settleTime = 150 * time.Millisecond
	// pollInterval is the pause between two checks of the page state.
	pollInterval = 20 * time.Millisecond
	// evalTimeout limits one check of the page state while a navigation
	// replaces the document.
	evalTimeout = 2 * time.Second
)

// Browser drives one headless Chromium tab for an end-to-end test.
//
// Every method fails the test with t.Fatalf when it cannot do its work, so a
// test reads as a list of steps with no error handling. A Browser is not safe
// for use by several goroutines at the same time.
type Browser struct {
	t       testing.TB
	baseURL string
	ctx     context.Context // the context of the tab
	timeout time.Duration

	mu        sync.Mutex
	closed    bool
	errs      []string // console errors and uncaught exceptions
	mainFrame cdp.FrameID
	navStarts int // navigation starts in the main frame
	navStops  int // navigation ends in the main frame
}

// NewBrowser starts a headless Chromium for the test t and returns a Browser
// whose paths are relative to baseURL, for example "http://127.0.0.1:8080".
//
// It starts the binary that the environment variable CHROMIUM_PATH names, or
// /usr/bin/chromium. It fails the test when the binary is missing or does not
// start. Chromium gets a fresh profile in t.TempDir(), resolves no host name
// other than the host of baseURL and localhost, and fetches nothing from the
// internet. A cleanup of t takes a screenshot when the test failed (see
// Screenshot) and closes the browser.
func NewBrowser(t testing.TB, baseURL string) *Browser {
	t.Helper()

	execPath := os.Getenv("CHROMIUM_PATH")
	if execPath == "" {
		execPath = defaultChromiumPath
		// Ubuntu ships Chromium as a snap (package chromium-browser).
		for _, alt := range []string{defaultChromiumPath, "/snap/bin/chromium", "/usr/bin/chromium-browser"} {
			if _, err := exec.LookPath(alt); err == nil {
				execPath = alt
				break
			}
		}
	}
	if _, err := exec.LookPath(execPath); err != nil {
		t.Fatalf("apptest: Chromium not found at %s (install the Debian package chromium, or set CHROMIUM_PATH): %v", execPath, err)
	}
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		t.Fatalf("apptest: the base URL %q is not an absolute URL", baseURL)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("no-proxy-server", true),
		// Resolve no host name except the one of the app, so that the
		// browser never tries to reach the internet.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE "+u.Hostname()),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)

	b := &Browser{
		t:       t,
		baseURL: strings.TrimSuffix(baseURL, "/"),
		timeout: actionTimeout,
	}
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(b.onEvent))
	b.ctx = ctx

	// The first Do starts the browser and binds its life to ctx, so it must
	// not get a context with a timeout. Watch it from here instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(startTimeout):
		err = fmt.Errorf("no answer after %v", startTimeout)
	}
	if err != nil {
		cancel()
		allocCancel()
		t.Fatalf("apptest: starting Chromium (%s): %v", execPath, err)
	}

	t.Cleanup(func() {
		if t.Failed() {
			if p, err := b.screenshot(sanitize(t.Name()), closeTimeout); err != nil {
				t.Logf("apptest: no screenshot of the failed test: %v", err)
			} else {
				t.Logf("apptest: screenshot of the failed test: %s", p)
			}
		}
		b.mu.Lock()
		b.closed = true
		b.mu.Unlock()
		cctx, ccancel := context.WithTimeout(ctx, closeTimeout)
		if err := chromedp.Cancel(cctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.Logf("apptest: closing Chromium: %v", err)
		}
		ccancel()
		cancel()
		allocCancel() // waits until the browser process has exited
	})

	fctx, fcancel := context.WithTimeout(ctx, b.timeout)
	tree, err := chromedp.Call(fctx, page.GetFrameTree, cdp.Empty{})
	fcancel()
	if err != nil {
		t.Fatalf("apptest: reading the frame tree of the new tab: %v", err)
	}
	b.mu.Lock()
	b.mainFrame = tree.FrameTree.Frame.ID
	b.mu.Unlock()
	return b
}

// Visit navigates to the base URL followed by path, for example "/vms?page=2",
// and waits until the page has loaded and its body is ready.
func (b *Browser) Visit(path string) {
	b.t.Helper()
	target := b.baseURL + path
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(target)); err != nil {
		b.t.Fatalf("apptest: Visit(%q): %v", path, err)
	}
	if err := b.waitComplete(ctx); err != nil {
		b.t.Fatalf("apptest: Visit(%q): %v", path, err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		b.t.Fatalf("apptest: Visit(%q): waiting for the body: %v", path, err)
	}
}

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

// Text returns document.body.innerText, the text of the page as a user sees
// it.
func (b *Browser) Text() string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if err != nil {
		b.t.Fatalf("apptest: Text(): %v", err)
	}
	return s
}

// Path returns the path and the query of the current page, for example
// "/vms?page=2".
func (b *Browser) Path() string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
	if err != nil {
		b.t.Fatalf("apptest: Path(): %v", err)
	}
	return s
}

// Value returns the current value of the form control whose <label> has the
// text label, as FillLabel finds it. For a select it is the value of the
// chosen option.
func (b *Browser) Value(label string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	res, err := evalJS[controlInfo](ctx, findControlJS, label, "", "value", -1)
	if err != nil {
		b.t.Fatalf("apptest: Value(%q): %v", label, err)
	}
	if res.Error != "" {
		b.t.Fatalf("apptest: Value(%q): %s", label, res.Error)
	}
	return res.Value
}

// Count returns the number of elements that match the CSS selector css. It
// fails the test when css is not a valid selector.
func (b *Browser) Count(css string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	n, err := evalJS[int](ctx, `(sel) => document.querySelectorAll(sel).length`, css)
	if err != nil {
		b.t.Fatalf("apptest: Count(%q): %v", css, err)
	}
	return n
}

// Screenshot saves a PNG image of the whole page in the directory
// vmportal-screenshots of os.TempDir(), as name.png, and logs the path. The
// characters of name other than letters, digits, '.', '-' and '_' become '_'.
//
// NewBrowser also takes a screenshot when the test fails, named after t.Name().
func (b *Browser) Screenshot(name string) {
	b.t.Helper()
	p, err := b.screenshot(sanitize(name), b.timeout)
	if err != nil {
		b.t.Fatalf("apptest: Screenshot(%q): %v", name, err)
	}
	b.t.Logf("apptest: screenshot: %s", p)
}

// screenshot saves a full page PNG as name.png and returns its path. It gives
// up after timeout.
func (b *Browser) screenshot(name string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	var buf []byte
	for {
		// The capture fails while a navigation replaces the page, so
		// try again for a short time.
		var err error
		buf, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return "", err
		case <-time.After(100 * time.Millisecond):
		}
	}
	dir := filepath.Join(os.TempDir(), "vmportal-screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		return "", err
	}
	return p, nil
}

// ConsoleErrors returns the errors that the pages of this Browser reported so
// far, in the order in which they came: calls of console.error and
// console.assert, uncaught exceptions and unhandled promise rejections, and
// errors of the browser log, such as a violation of the Content Security
// Policy or a resource that failed to load. The failed request of the
// browser for /favicon.ico is left out, because no page asked for it. Each entry is one line of text with
// the place where the error came from, if known.
func (b *Browser) ConsoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}

// onEvent receives the events of the tab, in order. It runs in the loop that
// reads the messages of the tab, so it must return fast and run no command.
func (b *Browser) onEvent(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			b.errs = append(b.errs, "console."+string(ev.Type)+": "+argsText(ev.Args)+stackPlace(ev.StackTrace))
		}
	case *runtime.EventExceptionThrown:
		b.errs = append(b.errs, "uncaught exception: "+exceptionText(ev.ExceptionDetails))
	case *cdplog.EventEntryAdded:
		if e := ev.Entry; e != nil && e.Level == cdplog.EntryLevelError && !isFavicon(e) {
			s := "log (" + string(e.Source) + "): " + e.Text
			if e.URL != "" {
				s += fmt.Sprintf(" (%s:%d)", e.URL, e.LineNumber+1)
			}
			b.errs = append(b.errs, s)
		}
	case *page.EventFrameRequestedNavigation:
		if ev.FrameID == b.mainFrame {
			b.navStarts++
		}
	case *page.EventFrameStartedNavigating:
		if ev.FrameID == b.mainFrame {
			b.navStarts++
		}
	case *page.EventFrameStartedLoading:
		if ev.FrameID == b.mainFrame {
			b.navStarts++
		}
	case *page.EventFrameStoppedLoading:
		if ev.FrameID == b.mainFrame {
			b.navStops++
		}
	case *page.EventNavigatedWithinDocument:
		if ev.FrameID == b.mainFrame {
			b.navStops++
		}
	case *page.EventJavascriptDialogOpening:
		// A dialog blocks the page until someone closes it. Accept it
		// from another goroutine, because this func must run no command.
		if !b.closed {
			b.t.Logf("apptest: accepting the %s dialog %q", ev.Type, ev.Message)
		}
		ctx := b.ctx
		go func() {
			cctx, cancel := context.WithTimeout(ctx, closeTimeout)
			defer cancel()
			_, _ = chromedp.Call(cctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}()
	}
}

// isFavicon reports whether the log entry is the failed request of the
// browser for /favicon.ico, which no page asked for.
func isFavicon(e *cdplog.Entry) bool {
	if e.Source != cdplog.EntrySourceNetwork {
		return false
	}
	u, err := url.Parse(e.URL)
	return err == nil && u.Path == "/favicon.ico"
}

// argsText formats the arguments of a console call.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		parts = append(parts, remoteText(a))
	}
	return strings.Join(parts, " ")
}

// remoteText formats a remote object for a message.
func remoteText(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if len(o.Value) > 0 {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
		return string(o.Value)
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	if o.Description != "" {
		return o.Description
	}
	return string(o.Type)
}

// exceptionText formats the details of an exception.
func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "(no details)"
	}
	s := d.Text
	if d.Exception != nil {
		// The description of an Error holds its message and its stack,
		// so keep the first line only.
		desc, _, _ := strings.Cut(remoteText(d.Exception), "\n")
		if desc != "" {
			s = strings.TrimSuffix(s, ".") + ": " + desc
		}
	}
	if d.URL != "" {
		s += fmt.Sprintf(" (%s:%d:%d)", d.URL, d.LineNumber+1, d.ColumnNumber+1)
	} else {
		s += stackPlace(d.StackTrace)
	}
	return s
}

// stackPlace returns the place of the top frame of the stack trace, or "".
func stackPlace(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" (%s:%d:%d)", f.URL, f.LineNumber+1, f.ColumnNumber+1)
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

// evalJS calls the JavaScript function fn with the arguments args, which it
// encodes as JSON, and decodes the result into T. It awaits a promise.
func evalJS[T any](ctx context.Context, fn string, args ...any) (T, error) {
	var zero T
	enc := make([]string, len(args))
	for i, a := range args {
		j, err := json.Marshal(a)
		if err != nil {
			return zero, err
		}
		enc[i] = string(j)
	}
	expr := "(" + fn + ")(" + strings.Join(enc, ", ") + ")"
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// newToken returns a random token that marks one element.
func newToken() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// sanitize makes name safe as a file name.
func sanitize(name string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, name)
	s = strings.Trim(s, ".")
	if s == "" {
		s = "screenshot"
	}
	return s
}

// controlInfo is what findControlJS reports.
type controlInfo struct {
	Error string `json:"error"`
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// pageHelpersJS defines the helpers that the scripts below share.
const pageHelpersJS = `
const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
const visible = (el) => {
	if (!el || !el.isConnected) return false;
	const st = getComputedStyle(el);
	if (st.display === "none" || st.visibility === "hidden" || st.visibility === "collapse") return false;
	return Array.from(el.getClientRects()).some((r) => r.width > 0 && r.height > 0);
};
const labelText = (l) => {
	const c = l.cloneNode(true);
	c.querySelectorAll("input, select, textarea, button").forEach((e) => e.remove());
	return norm(c.textContent);
};
const list = (xs) => xs.length ? xs.map((x) => JSON.stringify(x)).join(", ") : "none";
`

// findControlJS finds the control of a label. With a token, it marks the
// control with the attribute data-apptest-control and reports how to fill it.
// With want "value", it reports the value of the control.
const findControlJS = `(label, token, want, nth) => {` + pageHelpersJS + `
	const labels = Array.from(document.querySelectorAll("label"));
	const matches = labels.filter((l) => labelText(l) === label);
	if (matches.length === 0) {
		return {error: "no <label> with the text " + JSON.stringify(label) + "; the labels are: " + list(labels.map(labelText))};
	}
	const controls = [];
	for (const l of matches) {
		const el = l.control || (l.htmlFor ? document.getElementById(l.htmlFor) : null);
		if (el) controls.push(el);
	}
	if (controls.length === 0) {
		return {error: "the <label> " + JSON.stringify(label) + " has no control (its for attribute is " + JSON.stringify(matches[0].htmlFor) + ")"};
	}
	const el = nth >= 0 ? controls.filter(visible)[nth] : (controls.find(visible) || controls[0]);
	if (!el) return {error: "there are only " + controls.filter(visible).length + " visible controls labelled " + JSON.stringify(label)};
	if (want === "value") return {value: String(el.value ?? "")};
	const tag = el.tagName.toLowerCase();
	const type = (el.type || "").toLowerCase();
	if (el.disabled) return {error: "the " + tag + " is disabled"};
	if (el.readOnly) return {error: "the " + tag + " is read-only"};
	let kind;
	if (tag === "select") kind = "select";
	else if (tag === "textarea") kind = "typed";
	else if (tag === "input") {
		if (["", "text", "search", "email", "password", "tel", "url", "number"].includes(type)) kind = "typed";
		else if (type === "file") kind = "file";
		else if (["checkbox", "radio", "submit", "button", "reset", "image", "hidden"].includes(type)) kind = "input type=" + type;
		else kind = "set";
	} else kind = "<" + tag + ">";
	if (kind === "typed" && !visible(el)) return {error: "the " + tag + " is not visible, so it cannot be typed in"};
	el.setAttribute("data-apptest-control", token);
	return {kind};
}`

// fire dispatches input and change events on an element.
const fireJS = `
const fire = (el) => {
	el.dispatchEvent(new Event("input", {bubbles: true}));
	el.dispatchEvent(new Event("change", {bubbles: true}));
};
`

// selectOptionJS chooses the option whose text or value is value.
const selectOptionJS = `(token, value) => {` + pageHelpersJS + fireJS + `
	const el = document.querySelector('[data-apptest-control="' + token + '"]');
	const opts = Array.from(el.options);
	const opt = opts.find((o) => norm(o.text) === value) || opts.find((o) => o.value === value);
	if (!opt) return "no option with the text or value " + JSON.stringify(value) + "; the options are: " + list(opts.map((o) => norm(o.text) + "=" + o.value));
	if (opt.disabled) return "the option " + JSON.stringify(value) + " is disabled";
	if (!opt.selected) {
		opt.selected = true;
		fire(el);
	}
	return "";
}`

// clearControlJS empties a text control. When it stays empty, it fires input
// and change events, because no typing follows.
const clearControlJS = `(token, last) => {` + fireJS + `
	const el = document.querySelector('[data-apptest-control="' + token + '"]');
	if (el.value === "") return;
	el.value = "";
	if (last) fire(el);
	else el.dispatchEvent(new Event("input", {bubbles: true}));
}`

// blurControlJS takes the focus from a control.
const blurControlJS = `(token) => {
	const el = document.querySelector('[data-apptest-control="' + token + '"]');
	if (el && document.activeElement === el) el.blur();
}`

// setControlJS sets the value of an input that takes no typing.
const setControlJS = `(token, value) => {` + fireJS + `
	const el = document.querySelector('[data-apptest-control="' + token + '"]');
	el.value = value;
	if (el.value !== value) throw new Error("the input of type " + el.type + " does not accept the value " + JSON.stringify(value));
	fire(el);
}`

// unmarkJS removes a marker attribute.
const unmarkJS = `(attr) => {
	document.querySelectorAll("[" + attr + "]").forEach((e) => e.removeAttribute(attr));
}`

// findClickableJS marks the n-th visible clickable element with the text, and
// marks the document so that settle can tell it from the next one. It returns
// an error message, or "".
const findClickableJS = `(text, n, token) => {` + pageHelpersJS + `
	const all = Array.from(document.querySelectorAll("button, input[type=submit], input[type=button], a"));
	const textOf = (el) => el.tagName === "INPUT" ? norm(el.value || (el.type === "submit" ? "Submit" : "")) : norm(el.innerText);
	const shown = all.filter(visible);
	const matches = shown.filter((el) => textOf(el) === text);
	if (matches.length <= n) {
		return "found " + matches.length + " visible button(s) or link(s) with the text " + JSON.stringify(text) +
			", need index " + n + "; the visible ones are: " + list(shown.map(textOf).filter((s) => s !== "").slice(0, 50));
	}
	const el = matches[n];
	if (el.disabled) return "the " + el.tagName.toLowerCase() + " " + JSON.stringify(text) + " is disabled";
	document.querySelectorAll("[data-apptest-click]").forEach((e) => e.removeAttribute("data-apptest-click"));
	el.setAttribute("data-apptest-click", token);
	window.__apptestDoc = token;
	window.__apptestLeaving = false;
	if (!window.__apptestHooked) {
		window.__apptestHooked = true;
		window.addEventListener("beforeunload", () => { window.__apptestLeaving = true; });
	}
	return "";
}`

// stateJS reports the state of the document after a click, and removes the
// click marker.
const stateJS = `async (token) => {
	await new Promise((r) => setTimeout(r, 0));
	document.querySelectorAll("[data-apptest-click]").forEach((e) => e.removeAttribute("data-apptest-click"));
	return {same: window.__apptestDoc === token, leaving: window.__apptestLeaving === true, ready: document.readyState};
}`
