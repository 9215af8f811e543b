package apptest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

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
