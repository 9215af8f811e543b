package apptest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The checker must find what it is there to find: an unlabelled input, an
// image without alt text and unreadable contrast; and pass a clean page.
func TestAccessibilityViolationsFindsProblems(t *testing.T) {
	t.Parallel()
	pages := map[string]string{
		"/bad": `<input type="text" name="q"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#ccc;background:#fff">faint</p>`,
		"/good": `<header><nav aria-label="Main"><a href="/good">Home</a></nav></header><main><h1>Title</h1>
			<label for="q">Search</label><input id="q" type="text" name="q"></main>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>%s</body></html>`, pages[r.URL.Path])
	}))
	defer srv.Close()
	b := NewBrowser(t, srv.URL)

	b.Visit("/bad")
	got := strings.Join(b.AccessibilityViolations(), "\n")
	for _, rule := range []string{"label", "image-alt", "color-contrast"} {
		if !strings.Contains(got, rule+" (") {
			t.Errorf("rule %s not reported; got:\n%s", rule, got)
		}
	}
	b.Visit("/good")
	if v := b.AccessibilityViolations(); len(v) > 0 {
		t.Errorf("a clean page has violations: %v", v)
	}
}
