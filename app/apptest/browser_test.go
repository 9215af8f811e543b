package apptest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// testPage has a label with both kinds of quote, a button that asks with
// confirm(), and an inline script that its Content Security Policy blocks.
const testPage = `<!DOCTYPE html><html lang="en"><head><title>t</title><script src="/page.js" defer></script></head><body>
<script>console.log("inline")</script>
<label for="nick">Owner's "nick"</label> <input id="nick" value="old">
<button type="button" id="ask">Ask</button> <p id="answer"></p>
</body></html>`

// testScript reports an error on the console and throws once it has wired
// the button.
const testScript = `console.error("bad thing", 42);
document.getElementById("ask").addEventListener("click", () => {
	document.getElementById("answer").textContent = confirm("Sure?") ? "accepted" : "dismissed";
});
throw new Error("kaboom");`

// The parts of Browser that are ours and not chromedp's: the XPath string
// of a label with both quotes, the dialog that would block the page, and
// the console errors, read up to the moment of the call and without the
// browser's own failed request for a favicon.
func TestBrowserLabelsDialogsAndConsoleErrors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page.js":
			w.Header().Set("Content-Type", "text/javascript")
			_, _ = w.Write([]byte(testScript))
		case "/":
			w.Header().Set("Content-Security-Policy", "script-src 'self'")
			_, _ = w.Write([]byte(testPage))
		case "/clean":
			_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><title>clean</title></head><body></body></html>`))
		default: // the browser's own request for /favicon.ico among them
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close) // after the browser's cleanup, which runs first
	b := NewBrowser(t, srv.URL)

	if got := b.Visit("/"); got != http.StatusOK {
		t.Fatalf("Visit: status %d", got)
	}
	b.Fill(`Owner's "nick"`, "Ada") // fails the test unless the input holds "Ada"
	b.ClickInPage("Ask")
	if got := b.Text(); !strings.Contains(got, "accepted") {
		t.Errorf("the confirm() dialog was not accepted; page text:\n%s", got)
	}
	// Chromium asks for /favicon.ico once the page has loaded, and the
	// 404 reaches the console by the next page.
	b.Visit("/clean")
	errs := b.ConsoleErrors()
	wants := []string{"Content Security Policy", "bad thing 42", "kaboom"}
	if len(errs) != len(wants) {
		t.Fatalf("ConsoleErrors() = %q, want %d errors: the CSP violation, console.error, the exception", errs, len(wants))
	}
	for i, want := range wants {
		if !strings.Contains(errs[i], want) {
			t.Errorf("ConsoleErrors()[%d] = %q, want it to mention %q", i, errs[i], want)
		}
	}
}
