package apptest

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

const formPage = `<!doctype html>
<html><head><title>New VM</title><script src="/static/form.js" defer></script></head>
<body>
<h1>New VM</h1>
<form method="post" action="/submit">
  <p><label for="name">Name</label> <input id="name" name="name" value="old"></p>
  <p><label for="size"> Size </label>
    <select id="size" name="size">
      <option value="s">Small</option>
      <option value="m" selected>Medium</option>
      <option value="l">Large</option>
    </select></p>
  <p><label for="region">Region</label>
    <select id="region" name="region">
      <option value="eu-1">Europe</option>
      <option value="us-1">America</option>
    </select></p>
  <p><label for="notes">Notes</label> <textarea id="notes" name="notes">prefilled text</textarea></p>
  <p><label for="start">Start date</label> <input id="start" name="start" type="date"></p>
  <p><label>E-mail <input name="email" type="email"></label></p>
  <button type="submit" name="which" value="hidden" hidden>Create VM</button>
  <button type="submit" name="which" value="visible">
    Create VM
  </button>
</form>
<p>Events: <span id="events"></span></p>
</body></html>`

// formJS records the input and change events, to prove that FillLabel fires
// them.
const formJS = `
const log = (e) => {
	document.getElementById("events").textContent += e.type + ":" + (e.target.id || e.target.name) + " ";
};
document.addEventListener("input", log);
document.addEventListener("change", log);
`

var submitPage = template.Must(template.New("submit").Parse(`<!doctype html>
<html><head><title>Submitted</title></head><body>
<h1>Submitted</h1>
<ul>{{range .}}<li>{{.}}</li>{{end}}</ul>
</body></html>`))

const rowsPage = `<!doctype html>
<html><head><title>Rows</title><script src="/static/rows.js" defer></script></head>
<body>
<h1>Disks</h1>
<ul id="rows"><li class="row">Row 1 <button type="button" class="remove">Remove</button></li></ul>
<button type="button" id="add">Add row</button>
<button type="button" id="clear">Delete all</button>
<p><a href="/slow">Go to form</a></p>
</body></html>`

// rowsJS adds and removes rows without a navigation.
const rowsJS = `
let n = document.querySelectorAll("li.row").length;
const rows = document.getElementById("rows");
document.getElementById("add").addEventListener("click", () => {
	n++;
	const li = document.createElement("li");
	li.className = "row";
	li.append("Row " + n + " ");
	const b = document.createElement("button");
	b.type = "button";
	b.className = "remove";
	b.textContent = "Remove";
	li.append(b);
	rows.append(li);
});
rows.addEventListener("click", (e) => {
	if (e.target.classList.contains("remove")) e.target.closest("li").remove();
});
document.getElementById("clear").addEventListener("click", () => {
	if (confirm("Delete all rows?")) rows.replaceChildren();
});
`

const boomPage = `<!doctype html>
<html><head><title>Boom</title><script src="/static/boom.js"></script></head>
<body>
<h1>Boom</h1>
<script>console.log("an inline script that the CSP blocks")</script>
<button type="button" id="throw">Throw</button>
</body></html>`

// boomJS reports an error on the console, throws while the page loads, and
// throws on a click.
const boomJS = `
console.error("bad thing", 42);
document.addEventListener("DOMContentLoaded", () => {
	document.getElementById("throw").addEventListener("click", () => {
		throw new Error("click failed");
	});
});
throw new Error("kaboom");
`

const csp = "default-src 'self'; script-src 'self'"

// newServer serves the pages of the tests.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(path, body string) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Security-Policy", csp)
			fmt.Fprint(w, body)
		})
	}
	script := func(path, body string) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	page("/form", formPage)
	page("/rows", rowsPage)
	page("/boom", boomPage)
	script("/static/form.js", formJS)
	script("/static/rows.js", rowsJS)
	script("/static/boom.js", boomJS)
	// A slow link, to prove that ClickButton waits for the new page, also
	// after a redirect.
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		http.Redirect(w, r, "/form?done=1", http.StatusSeeOther)
	})
	mux.HandleFunc("POST /submit", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var lines []string
		for k, vs := range r.PostForm {
			for _, v := range vs {
				lines = append(lines, k+"="+v)
			}
		}
		slices.Sort(lines)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := submitPage.Execute(w, lines); err != nil {
			t.Errorf("rendering the submit page: %v", err)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFormRoundTrip(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := NewBrowser(t, srv.URL)

	b.Visit("/form")
	if got := b.Path(); got != "/form" {
		t.Fatalf("Path() = %q, want /form", got)
	}
	if got := b.Value("Name"); got != "old" {
		t.Errorf(`Value("Name") = %q before FillLabel, want "old"`, got)
	}
	if got := b.Value("Size"); got != "m" {
		t.Errorf(`Value("Size") = %q before FillLabel, want "m"`, got)
	}

	notes := `Needs <b>&"quotes"</b>, ünïcode`
	b.FillLabel("Name", "Ada Lovelace")
	b.FillLabel("Size", "Large")  // by the text of the option
	b.FillLabel("Region", "us-1") // by the value of the option
	b.FillLabel("Notes", notes)
	b.FillLabel("Start date", "2024-05-06")
	b.FillLabel("E-mail", "ada@example.org") // a control inside its label

	for label, want := range map[string]string{
		"Name":       "Ada Lovelace",
		"Size":       "l",
		"Region":     "us-1",
		"Notes":      notes,
		"Start date": "2024-05-06",
		"E-mail":     "ada@example.org",
	} {
		if got := b.Value(label); got != want {
			t.Errorf("Value(%q) = %q, want %q", label, got, want)
		}
	}
	events := b.Text()
	for _, want := range []string{"input:name", "change:name", "change:size", "change:region", "input:notes", "change:notes", "change:start", "change:email"} {
		if !strings.Contains(events, want) {
			t.Errorf("the page saw no event %s; page text:\n%s", want, events)
		}
	}

	b.ClickButton("Create VM")
	if got := b.Path(); got != "/submit" {
		t.Fatalf("Path() after the submit = %q, want /submit", got)
	}
	text := b.Text()
	for _, want := range []string{
		"name=Ada Lovelace", "size=l", "region=us-1", "notes=" + notes,
		"start=2024-05-06", "email=ada@example.org", "which=visible",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the submit page lacks %q; page text:\n%s", want, text)
		}
	}
	if errs := b.ConsoleErrors(); len(errs) != 0 {
		t.Errorf("ConsoleErrors() = %q, want none", errs)
	}
}

func TestClickWithoutNavigation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := NewBrowser(t, srv.URL)

	b.Visit("/rows")
	if got := b.Count("li.row"); got != 1 {
		t.Fatalf(`Count("li.row") = %d, want 1`, got)
	}
	b.ClickButton("Add row")
	b.ClickButton("Add row")
	if got := b.Count("li.row"); got != 3 {
		t.Fatalf(`Count("li.row") after two clicks = %d, want 3`, got)
	}
	if got := b.Path(); got != "/rows" {
		t.Errorf("Path() = %q, want /rows", got)
	}

	b.ClickNth("Remove", 1)
	if got := b.Count("li.row"); got != 2 {
		t.Fatalf(`Count("li.row") after the removal = %d, want 2`, got)
	}
	text := b.Text()
	if !strings.Contains(text, "Row 1") || strings.Contains(text, "Row 2") || !strings.Contains(text, "Row 3") {
		t.Errorf("ClickNth(\"Remove\", 1) did not remove the second row; page text:\n%s", text)
	}

	// The button asks with confirm(), which the Browser accepts.
	b.ClickButton("Delete all")
	if got := b.Count("li.row"); got != 0 {
		t.Errorf(`Count("li.row") after "Delete all" = %d, want 0`, got)
	}

	b.ClickButton("Go to form")
	if got := b.Path(); got != "/form?done=1" {
		t.Errorf("Path() after the slow link = %q, want /form?done=1", got)
	}
	if got := b.Value("Name"); got != "old" {
		t.Errorf(`Value("Name") on the new page = %q, want "old"`, got)
	}
	if errs := b.ConsoleErrors(); len(errs) != 0 {
		t.Errorf("ConsoleErrors() = %q, want none", errs)
	}
}

func TestConsoleErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := NewBrowser(t, srv.URL)

	b.Visit("/boom")
	errs := strings.Join(b.ConsoleErrors(), "\n")
	for _, want := range []string{"console.error: bad thing 42", "kaboom", "Content Security Policy"} {
		if !strings.Contains(errs, want) {
			t.Errorf("ConsoleErrors() lacks %q; got:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "click failed") {
		t.Fatalf("ConsoleErrors() has the error of the click before the click:\n%s", errs)
	}

	b.ClickButton("Throw")
	errs = strings.Join(b.ConsoleErrors(), "\n")
	if !strings.Contains(errs, "click failed") {
		t.Errorf("ConsoleErrors() lacks the error of the click; got:\n%s", errs)
	}
}

// fatal is the panic value of fakeTB.Fatalf.
type fatal struct{ msg string }

// fakeTB is a testing.TB whose Fatalf panics, whose Cleanup funcs run when the
// test says so, and whose Failed result the test sets. Other calls go to the
// real test.
type fakeTB struct {
	testing.TB
	name string

	mu       sync.Mutex
	failed   bool
	logs     []string
	cleanups []func()
}

func (f *fakeTB) Helper()      {}
func (f *fakeTB) Name() string { return f.name }

func (f *fakeTB) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

func (f *fakeTB) Logf(format string, args ...any) {
	f.mu.Lock()
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
	f.mu.Unlock()
	f.TB.Logf(format, args...)
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	panic(fatal{fmt.Sprintf(format, args...)})
}

// runCleanups runs the Cleanup funcs, the last one first.
func (f *fakeTB) runCleanups() {
	f.mu.Lock()
	fns := f.cleanups
	f.cleanups = nil
	f.mu.Unlock()
	for _, fn := range slices.Backward(fns) {
		fn()
	}
}

// expectFatal runs fn, which must call Fatalf on a fakeTB, and returns the
// message.
func expectFatal(t *testing.T, what string, fn func()) (msg string) {
	t.Helper()
	defer func() {
		f, ok := recover().(fatal)
		if !ok {
			t.Fatalf("%s did not fail the test", what)
		}
		msg = f.msg
	}()
	fn()
	return ""
}

func TestFailuresAndScreenshots(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	fake := &fakeTB{TB: t, name: "TestFake/auto shot"}
	b := NewBrowser(fake, srv.URL)
	defer fake.runCleanups() // after a t.Fatalf below too

	b.Visit("/form")
	for _, c := range []struct {
		what string
		fn   func()
		want []string
	}{
		{`FillLabel("Nope")`, func() { b.FillLabel("Nope", "x") }, []string{`no <label> with the text "Nope"`, `"Name"`, `"Size"`}},
		{`FillLabel("Size", "Huge")`, func() { b.FillLabel("Size", "Huge") }, []string{`no option`, `"Large=l"`}},
		{`Value("Nope")`, func() { b.Value("Nope") }, []string{`no <label>`}},
		{`ClickButton("Nope")`, func() { b.ClickButton("Nope") }, []string{`found 0 visible`, `"Create VM"`}},
		{`ClickNth("Create VM", 1)`, func() { b.ClickNth("Create VM", 1) }, []string{`found 1 visible`}},
		{`Count("[")`, func() { b.Count("[") }, []string{`Count("[")`}},
	} {
		msg := expectFatal(t, c.what, c.fn)
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("the failure of %s lacks %q: %s", c.what, w, msg)
			}
		}
	}
	if got := b.Path(); got != "/form" {
		t.Errorf("Path() = %q after the failed calls, want /form", got)
	}

	dir := filepath.Join(os.TempDir(), "vmportal-screenshots")
	checkPNG := func(name string) {
		t.Helper()
		p := filepath.Join(dir, name+".png")
		buf, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("reading the screenshot: %v", err)
		}
		if !bytes.HasPrefix(buf, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("%s is not a PNG file", p)
		}
		if err := os.Remove(p); err != nil {
			t.Error(err)
		}
	}

	b.Screenshot("apptest demo/../1")
	checkPNG("apptest_demo_.._1")

	// A failed test gets a screenshot in its cleanup.
	auto := filepath.Join(dir, "TestFake_auto_shot.png")
	_ = os.Remove(auto)
	fake.mu.Lock()
	fake.failed = true
	fake.mu.Unlock()
	fake.runCleanups()
	checkPNG("TestFake_auto_shot")
	fake.mu.Lock()
	logs := strings.Join(fake.logs, "\n")
	fake.mu.Unlock()
	if !strings.Contains(logs, auto) {
		t.Errorf("the cleanup did not log the path %s; logs:\n%s", auto, logs)
	}
}

func TestMissingChromium(t *testing.T) {
	t.Setenv("CHROMIUM_PATH", filepath.Join(t.TempDir(), "no-chromium"))
	fake := &fakeTB{TB: t, name: t.Name()}
	defer fake.runCleanups()
	msg := expectFatal(t, "NewBrowser", func() { NewBrowser(fake, "http://127.0.0.1:1") })
	if !strings.Contains(msg, "Chromium not found") || !strings.Contains(msg, "CHROMIUM_PATH") {
		t.Errorf("the failure lacks a clear message: %s", msg)
	}
}
