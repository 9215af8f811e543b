package apptest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Timeouts keep a broken page from hanging the run. A page load waits on
// the server, which under -race on a busy machine took 75 s for a login
// (bcrypt at cost 12); a step within a page waits on the browser alone.
const (
	loadTimeout  = 3 * time.Minute
	stepTimeout  = 30 * time.Second
	startTimeout = 30 * time.Second
)

// Browser drives one headless Chromium tab for an end-to-end test. Every
// method fails the test with t.Fatalf when it cannot do its work, so a
// journey reads as a list of steps. It is not safe for concurrent use.
type Browser struct {
	t       testing.TB
	ctx     context.Context // the tab
	base    string
	dialogs sync.WaitGroup                                // the goroutine that accepts them
	console func() (chromedp.ConsoleMessage, error, bool) // pulls the next message
	errs    []string                                      // the console errors read so far
}

// NewBrowser starts a headless Chromium (CHROMIUM_PATH, or Debian's
// /usr/bin/chromium) for t, with paths relative to baseURL. It gets a
// fresh profile and resolves no host but baseURL's and localhost, so it
// never reaches the internet. When t has failed, the cleanup saves a
// screenshot named after the test before it closes the browser.
func NewBrowser(t testing.TB, baseURL string) *Browser {
	t.Helper()
	exe := os.Getenv("CHROMIUM_PATH")
	for _, p := range []string{"/usr/bin/chromium", "/snap/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := exec.LookPath(p); exe == "" && err == nil { // Debian's, Ubuntu's snap or older package
			exe = p
		}
	}
	if _, err := exec.LookPath(exe); err != nil {
		t.Fatalf("apptest: no Chromium (install Debian's package chromium, or set CHROMIUM_PATH): %v", err)
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		t.Fatalf("apptest: the base URL: %v", err)
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(),
		append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()),
			chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900),
			chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE "+u.Hostname()),
		)...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first call binds the browser's life to its context, so it gets
	// no deadline; a timer cancels a start that hangs.
	hung := time.AfterFunc(startTimeout, cancel)
	if err = chromedp.Do(ctx); !hung.Stop() || err != nil {
		allocCancel()
		t.Fatalf("apptest: starting Chromium (%s, for at most %v): %v", exe, startTimeout, err)
	}
	b := &Browser{t: t, ctx: ctx, base: strings.TrimSuffix(baseURL, "/")}
	// A user who asks for reduced motion: Bootstrap then opens modals and
	// collapses without transitions, so a button is where it will stay as
	// soon as it is visible. With the slide-in, a click on a busy machine
	// could land where the button was a frame earlier and miss it.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	}); err != nil {
		allocCancel()
		t.Fatalf("apptest: asking for reduced motion: %v", err)
	}
	// chromedp queues the console from here on; ConsoleErrors reads it.
	console, stopConsole := iter.Pull2(chromedp.Console(ctx))
	b.console = console
	b.acceptDialogs()
	t.Cleanup(func() {
		if t.Failed() {
			b.Screenshot(t.Name())
		}
		cancel()
		allocCancel() // waits for the browser process to exit
		stopConsole()
		b.dialogs.Wait()
	})
	return b
}

// acceptDialogs accepts each JavaScript dialog, such as confirm(), which
// blocks the page until someone closes it, as a user who says yes.
func (b *Browser) acceptDialogs() {
	dialogs := chromedp.Events(b.ctx, page.JavascriptDialogOpening)
	b.dialogs.Go(func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.t.Logf("apptest: accepting the %s dialog %q", ev.Type, ev.Message)
			_, _ = chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	})
}

// ConsoleErrors returns what the pages reported so far, in order: calls of
// console.error and console.assert, uncaught exceptions, and the browser's
// log errors, such as a Content Security Policy violation or a failed load.
func (b *Browser) ConsoleErrors() []string {
	b.t.Helper()
	// Read up to a mark written now, so every earlier message is in.
	const mark = "apptest:console-errors-mark"
	run(b, stepTimeout, "ConsoleErrors()", chromedp.Evaluate[chromedp.Void](`console.debug("`+mark+`")`))
	for {
		m, err, ok := b.console()
		switch {
		case !ok || err != nil:
			b.t.Fatalf("apptest: ConsoleErrors(): reading the console: %v", err)
		case m.Type == chromedp.ConsoleDebug && m.Text == mark:
			return slices.Clone(b.errs)
		// Chromium's own request for a favicon is no page's error.
		case m.Source == "network" && strings.HasSuffix(m.URL, "/favicon.ico"):
		case m.Type == chromedp.ConsoleError || m.Type == "assert" || m.IsException():
			b.errs = append(b.errs, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
		}
	}
}

// run runs the chromedp action a within timeout, and fails the test with
// what on an error.
func run[T any](b *Browser, timeout time.Duration, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	for {
		v, err := chromedp.Run(ctx, a)
		// Node ids die with their document, and chromedp's own re-read of
		// a new document can end the ids a query has just found: look again.
		var cdpErr *cdproto.Error
		if errors.As(err, &cdpErr) && strings.Contains(cdpErr.Message, "node with given id") && ctx.Err() == nil {
			b.t.Logf("apptest: %s: %v; retrying", what, err)
			time.Sleep(20 * time.Millisecond)
			continue
		}
		if err != nil {
			b.t.Fatalf("apptest: %s: %v", what, err)
		}
		return v
	}
}

// Screenshot saves the whole page as name.png in os.TempDir()/vmportal-screenshots
// and logs the path. A picture is a diagnostic: a failure is only logged.
func (b *Browser) Screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	p := filepath.Join(os.TempDir(), "vmportal-screenshots", regexp.MustCompile(`[^\w.-]+`).ReplaceAllString(name, "_")+".png")
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = errors.Join(os.MkdirAll(filepath.Dir(p), 0o755), os.WriteFile(p, buf, 0o644))
	}
	if err != nil {
		b.t.Logf("apptest: no screenshot %s: %v", p, err)
		return
	}
	b.t.Logf("apptest: screenshot: %s", p)
}
