package apptest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
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

// WaitVisible waits until the first element matching css is shown, e.g. a
// dialog that opens with an animation after a click.
func (b *Browser) WaitVisible(css string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(css))); err != nil {
		b.t.Fatalf("apptest: WaitVisible(%q): %v", css, err)
	}
}
