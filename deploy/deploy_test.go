// Package deploy_test checks the shipped deployment files for real: it
// builds the binary, runs two app instances on a fresh database, and runs
// Apache (as a foreground process of its own, with a throw-away main
// config) in front of them with the VirtualHost files from deploy/apache,
// rewritten only in ports and paths.
package deploy_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"vmportal/database/testdb"
)

// The seeded admin (testdb's template is initialised with this password).
const (
	adminUser     = "admin"
	adminPassword = "SvaTecnica1"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// TestApacheInFrontOfTwoInstances is the deployment of docs/DEPLOY.md in
// miniature: the three Apache variants pass configtest; Apache serves the
// static files itself and proxies the rest; a login through the balancer
// holds while the requests alternate between the two instances; the audit
// log gets the client's real address, not the one it claims; stopping an
// instance (as an upgrade does) loses neither the session nor a request.
func TestApacheInFrontOfTwoInstances(t *testing.T) {
	t.Parallel()
	apache := findApache(t)
	bin := buildBinary(t)
	work := sharedTempDir(t)

	// Free ports: the three VirtualHost files, each in its own ports, all
	// in one Apache, and the two app instances.
	var (
		plainPort    = freePort(t)
		balancerPort = freePort(t)
		redirectPort = freePort(t)
		tlsPort      = freePort(t)
		portA        = freePort(t)
		portB        = freePort(t)
	)

	// Static files where Apache's unprivileged children can read them.
	public := filepath.Join(work, "public")
	copyTree(t, filepath.Join(moduleRoot(t), "public"), public)
	certFile, keyFile, roots := selfSignedCert(t, work)

	// The shipped VirtualHost files, rewritten in ports and paths only.
	src := filepath.Join(moduleRoot(t), "deploy", "apache")
	sites := filepath.Join(work, "sites")
	mkdir(t, sites)
	plainConf := rewriteFile(t, filepath.Join(src, "vmportal.conf"), filepath.Join(sites, "vmportal.conf"),
		"*:80", fmt.Sprintf("*:%d", plainPort),
		"/opt/vmportal/public", public,
		"127.0.0.1:8080", fmt.Sprintf("127.0.0.1:%d", portA))
	balancerConf := rewriteFile(t, filepath.Join(src, "vmportal-balancer.conf"), filepath.Join(sites, "vmportal-balancer.conf"),
		"*:80", fmt.Sprintf("*:%d", balancerPort),
		"/opt/vmportal/public", public,
		"127.0.0.1:8081", fmt.Sprintf("127.0.0.1:%d", portA),
		"127.0.0.1:8082", fmt.Sprintf("127.0.0.1:%d", portB))
	tlsConf := rewriteFile(t, filepath.Join(src, "vmportal-ssl.conf"), filepath.Join(sites, "vmportal-ssl.conf"),
		"*:80", fmt.Sprintf("*:%d", redirectPort),
		"*:443", fmt.Sprintf("*:%d", tlsPort),
		"/opt/vmportal/public", public,
		"127.0.0.1:8080", fmt.Sprintf("127.0.0.1:%d", portA),
		"/etc/ssl/certs/vmportal.crt", certFile,
		"/etc/ssl/private/vmportal.key", keyFile)

	// TLS in front of the balancer: checked by configtest only.
	balTLSRedirect, balTLSPort := freePort(t), freePort(t)
	balancerTLSConf := rewriteFile(t, filepath.Join(src, "vmportal-balancer-ssl.conf"), filepath.Join(sites, "vmportal-balancer-ssl.conf"),
		"*:80", fmt.Sprintf("*:%d", balTLSRedirect),
		"*:443", fmt.Sprintf("*:%d", balTLSPort),
		"/opt/vmportal/public", public,
		"127.0.0.1:8081", fmt.Sprintf("127.0.0.1:%d", portA),
		"127.0.0.1:8082", fmt.Sprintf("127.0.0.1:%d", portB),
		"/etc/ssl/certs/vmportal.crt", certFile,
		"/etc/ssl/private/vmportal.key", keyFile)

	t.Run("configtest", func(t *testing.T) {
		for _, v := range []struct {
			name  string
			conf  string
			ports []int
		}{
			{"plain", plainConf, []int{plainPort}},
			{"tls", tlsConf, []int{redirectPort, tlsPort}},
			{"balancer", balancerConf, []int{balancerPort}},
			{"balancer-tls", balancerTLSConf, []int{balTLSRedirect, balTLSPort}},
		} {
			main := writeMainConf(t, filepath.Join(work, "apache-"+v.name), v.ports, []string{v.conf})
			out, err := exec.Command(apache, "-t", "-f", main).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "Syntax OK") {
				t.Errorf("apache2 -t with %s (%s): %v\n%s", filepath.Base(v.conf), v.name, err, out)
			}
		}
	})
	if t.Failed() {
		t.FailNow()
	}

	dbURL := testdb.New(t)
	if out, err := appCommand(bin, dbURL, nil, "init-db").CombinedOutput(); err != nil {
		t.Fatalf("vmportal init-db: %v\n%s", err, out)
	}
	a := startApp(t, bin, dbURL, "A", portA)
	b := startApp(t, bin, dbURL, "B", portB)

	mainConf := writeMainConf(t, filepath.Join(work, "apache"),
		[]int{plainPort, balancerPort, redirectPort, tlsPort},
		[]string{plainConf, balancerConf, tlsConf})
	startApache(t, apache, mainConf, fmt.Sprintf("http://127.0.0.1:%d/static/css/styles.css", plainPort))

	plain := fmt.Sprintf("http://127.0.0.1:%d", plainPort)
	balanced := fmt.Sprintf("http://127.0.0.1:%d", balancerPort)
	stylesheet, err := os.ReadFile(filepath.Join(public, "css", "styles.css"))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("static files come from Apache", func(t *testing.T) {
		c := newClient(t, nil)
		r := c.get(plain + "/static/css/styles.css")
		if r.status != http.StatusOK || r.body != string(stylesheet) {
			t.Fatalf("styles.css: %d, %d bytes (want 200, %d bytes)", r.status, len(r.body), len(stylesheet))
		}
		// The app would answer "public, max-age=86400" without an ETag.
		wantHeader(t, r, "Cache-Control", "public, max-age=86400")
		wantHeader(t, r, "Content-Type", "text/css")
		for _, h := range []string{"ETag", "Last-Modified", "Expires"} {
			if r.header.Get(h) == "" {
				t.Errorf("styles.css: no %s header: not served by Apache?", h)
			}
		}
		r = c.get(plain + "/static/vendor/bootstrap-5.3.9/css/bootstrap.min.css")
		if r.status != http.StatusOK {
			t.Fatalf("bootstrap.min.css: %d", r.status)
		}
		wantHeader(t, r, "Cache-Control", "public, max-age=31536000, immutable")
		if r := c.get(plain + "/static/embed.go"); r.status != http.StatusForbidden {
			t.Errorf("/static/embed.go: %d, want 403", r.status)
		}
		if r := c.get(plain + "/static/nope.css"); r.status != http.StatusNotFound {
			t.Errorf("/static/nope.css: %d, want 404", r.status)
		}
		if n := a.logCount("path=/static") + b.logCount("path=/static"); n != 0 {
			t.Errorf("the app instances logged %d requests for /static; Apache should serve them", n)
		}
	})

	t.Run("security headers once each, as the app sets them", func(t *testing.T) {
		c := newClient(t, nil)
		direct := c.get(fmt.Sprintf("http://127.0.0.1:%d/healthz", portA))
		proxied := c.get(plain + "/healthz")
		if proxied.status != http.StatusOK || strings.TrimSpace(proxied.body) != "ok" {
			t.Fatalf("/healthz through Apache: %d %q", proxied.status, proxied.body)
		}
		static := c.get(plain + "/static/js/scripts.js")
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
			want := direct.header.Get(h)
			if want == "" {
				t.Fatalf("the app sent no %s", h)
			}
			for name, r := range map[string]response{"proxied /healthz": proxied, "static scripts.js": static} {
				if got := r.header.Values(h); len(got) != 1 || got[0] != want {
					t.Errorf("%s: %s = %q, want once %q (the value the app sets)", name, h, got, want)
				}
			}
		}
	})

	t.Run("TLS variant", func(t *testing.T) {
		c := newClient(t, roots)
		r := c.get(fmt.Sprintf("https://127.0.0.1:%d/healthz", tlsPort))
		if r.status != http.StatusOK || strings.TrimSpace(r.body) != "ok" {
			t.Fatalf("https /healthz: %d %q", r.status, r.body)
		}
		if got := r.header.Values("Strict-Transport-Security"); len(got) != 1 || got[0] != "max-age=31536000" {
			t.Errorf("Strict-Transport-Security = %q, want once max-age=31536000", got)
		}
		r = c.get(fmt.Sprintf("https://127.0.0.1:%d/static/css/styles.css", tlsPort))
		if r.status != http.StatusOK || r.body != string(stylesheet) {
			t.Errorf("https styles.css: %d", r.status)
		}
		r = c.get(fmt.Sprintf("http://127.0.0.1:%d/login?next=%%2Fvms", redirectPort))
		if want := "https://vmportal.example.com/login?next=%2Fvms"; r.status != http.StatusMovedPermanently || r.header.Get("Location") != want {
			t.Errorf("plain HTTP: %d Location %q, want 301 to %s", r.status, r.header.Get("Location"), want)
		}
	})

	// The client connects from 127.0.0.2 where it can, so that its real
	// address differs from Apache's (127.0.0.1, the trusted proxy): the
	// audit log must show the address Apache saw, not Apache's own, and not
	// the one the client claims in X-Forwarded-For.
	clientIP := "127.0.0.2"
	if ln, err := net.Listen("tcp", clientIP+":0"); err != nil {
		t.Logf("cannot use %s as a source address (%v); the client connects from 127.0.0.1", clientIP, err)
		clientIP = "127.0.0.1"
	} else {
		ln.Close()
	}
	user := newClient(t, nil)
	user.localIP = clientIP

	t.Run("login through the balancer; the session holds on both instances", func(t *testing.T) {
		r := user.get(balanced + "/login")
		if r.status != http.StatusOK {
			t.Fatalf("GET /login: %d\n%s", r.status, r.body)
		}
		m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("no _csrf field in the login page:\n%s", r.body)
		}
		form := url.Values{"_csrf": {m[1]}, "username": {adminUser}, "password": {adminPassword}}
		r = user.post(balanced+"/login", form, map[string]string{"X-Forwarded-For": "6.6.6.6"})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/dashboard" {
			t.Fatalf("POST /login: %d Location %q, want 303 to /dashboard\n%s", r.status, r.header.Get("Location"), r.body)
		}
		for i := 0; i < 8; i++ {
			r := user.get(balanced + "/dashboard")
			if r.status != http.StatusOK || !strings.Contains(r.body, `data-testid="current-user"`) {
				t.Fatalf("GET /dashboard #%d: %d, not logged in (Location %q)", i+1, r.status, r.header.Get("Location"))
			}
		}
		var na, nb int
		eventually(func() bool {
			na, nb = a.logCount("path=/dashboard status=200"), b.logCount("path=/dashboard status=200")
			return na+nb >= 8
		})
		if na == 0 || nb == 0 || na+nb != 8 {
			t.Errorf("dashboard pages answered: %d by A, %d by B; want both, 8 in all\nA:\n%s\nB:\n%s", na, nb, a.logs(), b.logs())
		}
		// GET and POST /login went to different instances, too.
		eventually(func() bool { return a.logCount("path=/login")+b.logCount("path=/login") >= 2 })
		if a.logCount("path=/login") != 1 || b.logCount("path=/login") != 1 {
			t.Errorf("/login requests: %d on A, %d on B; want one each", a.logCount("path=/login"), b.logCount("path=/login"))
		}
	})
	if t.Failed() {
		t.FailNow()
	}

	t.Run("audit log has the real client address", func(t *testing.T) {
		pool := testdb.Pool(t, dbURL)
		rows, err := pool.Query(context.Background(),
			`SELECT coalesce(actor_username, ''), coalesce(host(client_ip), '') FROM audit_log WHERE action = 'login' ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var who, ip string
			if err := rows.Scan(&who, &ip); err != nil {
				t.Fatal(err)
			}
			got = append(got, who+"@"+ip)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if want := adminUser + "@" + clientIP; len(got) != 1 || got[0] != want {
			t.Errorf("login audit rows: %q, want [%s] (X-Forwarded-For sent by the client: 6.6.6.6)", got, want)
		}
	})

	t.Run("stopping one instance loses no session and no request", func(t *testing.T) {
		if code := b.stop(t); code != 0 {
			t.Errorf("instance B exited with %d on SIGTERM, want 0\n%s", code, b.logs())
		}
		if !strings.Contains(b.logs(), "shutting down") {
			t.Errorf("instance B did not log its graceful shutdown:\n%s", b.logs())
		}
		before := a.logCount("path=/dashboard status=200")
		for i := 0; i < 6; i++ {
			r := user.get(balanced + "/dashboard")
			if r.status != http.StatusOK || !strings.Contains(r.body, `data-testid="current-user"`) {
				t.Fatalf("GET /dashboard #%d with B stopped: %d (Location %q)", i+1, r.status, r.header.Get("Location"))
			}
		}
		var n int
		eventually(func() bool { n = a.logCount("path=/dashboard status=200") - before; return n >= 6 })
		if n != 6 {
			t.Errorf("A answered %d of the 6 requests made while B was stopped", n)
		}
	})

	t.Run("login over HTTPS: the app sees https and checks the Referer", func(t *testing.T) {
		c := newClient(t, roots)
		base := fmt.Sprintf("https://127.0.0.1:%d", tlsPort)
		login := func(header map[string]string) response {
			r := c.get(base + "/login")
			m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(r.body)
			if r.status != http.StatusOK || m == nil {
				t.Fatalf("GET /login over HTTPS: %d", r.status)
			}
			form := url.Values{"_csrf": {m[1]}, "username": {adminUser}, "password": {adminPassword}}
			return c.post(base+"/login", form, header)
		}
		// Fiber's CSRF check demands a same-origin Referer on HTTPS, as
		// browsers send with the app's Referrer-Policy: same-origin.
		if r := login(nil); r.status != http.StatusForbidden {
			t.Errorf("HTTPS login without Referer: %d, want 403", r.status)
		}
		r := login(map[string]string{"Referer": base + "/login"})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/dashboard" {
			t.Fatalf("HTTPS login: %d Location %q\n%s", r.status, r.header.Get("Location"), r.body)
		}
		if r := c.get(base + "/dashboard"); r.status != http.StatusOK {
			t.Fatalf("dashboard over HTTPS after login: %d", r.status)
		}
	})

	t.Run("with both instances stopped Apache still serves the static files", func(t *testing.T) {
		if code := a.stop(t); code != 0 {
			t.Errorf("instance A exited with %d on SIGTERM, want 0\n%s", code, a.logs())
		}
		c := newClient(t, nil)
		if r := c.get(balanced + "/healthz"); r.status != http.StatusServiceUnavailable {
			t.Errorf("/healthz with no instance: %d, want Apache's 503", r.status)
		}
		for _, base := range []string{plain, balanced} {
			r := c.get(base + "/static/css/styles.css")
			if r.status != http.StatusOK || r.body != string(stylesheet) {
				t.Errorf("%s/static/css/styles.css with no instance: %d, %d bytes", base, r.status, len(r.body))
			}
		}
	})
}

// TestServeFinishesInFlightRequestOnSIGTERM: a request that has begun
// when SIGTERM arrives is answered; new connections are refused at once;
// the process then exits 0 (what systemd's KillSignal=SIGTERM relies on).
func TestServeFinishesInFlightRequestOnSIGTERM(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	dbURL := testdb.New(t)
	port := freePort(t)
	app := startApp(t, bin, dbURL, "app", port)
	addr := fmt.Sprintf("127.0.0.1:%d", port)

	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Half a request: the headers are not finished yet.
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if err := app.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(app.logs(), "shutting down") {
		if time.Now().After(deadline) {
			t.Fatalf("no graceful shutdown after SIGTERM:\n%s", app.logs())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted after SIGTERM")
	}
	time.Sleep(300 * time.Millisecond)
	select {
	case <-app.done:
		t.Fatalf("the process exited with a request in flight:\n%s", app.logs())
	default:
	}

	// The rest of the request: it is answered in full.
	if _, err := io.WriteString(conn, "\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request: %v\n%s", err, app.logs())
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Fatalf("in-flight request: %d %q", resp.StatusCode, body)
	}
	if code := app.stop(t); code != 0 {
		t.Fatalf("exit code %d after SIGTERM, want 0\n%s", code, app.logs())
	}
}
