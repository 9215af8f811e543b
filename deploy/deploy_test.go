// Package deploy_test checks the shipped deployment files for real: it
// builds the binary, runs two app instances on a fresh database, and runs
// Apache (as a foreground process of its own, with a throw-away main
// config) in front of them with the VirtualHost files from deploy/apache,
// rewritten only in ports and paths.
package deploy_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
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

// Where Debian and Ubuntu install Apache and its modules.
const (
	apacheBinary     = "/usr/sbin/apache2"
	apacheModulesDir = "/usr/lib/apache2/modules"
)

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
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

	t.Run("configtest", func(t *testing.T) {
		for _, v := range []struct {
			name  string
			conf  string
			ports []int
		}{
			{"plain", plainConf, []int{plainPort}},
			{"tls", tlsConf, []int{redirectPort, tlsPort}},
			{"balancer", balancerConf, []int{balancerPort}},
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

// ---- Apache ---------------------------------------------------------------

// findApache returns Apache's binary. Missing Apache fails the test under
// CI (scripts/test-deps.sh installs it) and skips it elsewhere.
func findApache(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("apache2")
	if err != nil {
		if _, serr := os.Stat(apacheBinary); serr == nil {
			path, err = apacheBinary, nil
		}
	}
	if err != nil {
		msg := "Apache is not installed (" + apacheBinary + "): apt-get install apache2, or run `make test`, whose scripts/test-deps.sh installs it"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if _, err := os.Stat(filepath.Join(apacheModulesDir, "mod_proxy_balancer.so")); err != nil {
		t.Fatalf("Apache modules not found in %s: %v", apacheModulesDir, err)
	}
	return path
}

// apacheModules are loaded by the test's main config (unixd and log_config
// are built into Debian's apache2).
var apacheModules = []string{
	"mpm_event", "authz_core", "alias", "mime", "dir", "headers", "expires",
	"proxy", "proxy_http", "proxy_balancer", "lbmethod_byrequests", "slotmem_shm",
	"ssl", "socache_shmcb",
}

// writeMainConf writes a minimal main config in dir (instead of Debian's
// apache2.conf, which needs the envvars of apache2ctl and binds port 80)
// that listens on ports and includes the site files.
func writeMainConf(t *testing.T, dir string, ports []int, sites []string) string {
	t.Helper()
	for _, d := range []string{dir, filepath.Join(dir, "run"), filepath.Join(dir, "log")} {
		mkdir(t, d)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ServerRoot %q\nServerName localhost\n", dir)
	for _, p := range ports {
		fmt.Fprintf(&b, "Listen 127.0.0.1:%d\n", p)
	}
	fmt.Fprintf(&b, "PidFile %q\nDefaultRuntimeDir %q\n", filepath.Join(dir, "run", "apache2.pid"), filepath.Join(dir, "run"))
	fmt.Fprintf(&b, "ErrorLog %q\nLogLevel warn\n", filepath.Join(dir, "log", "error.log"))
	// The site files log to ${APACHE_LOG_DIR}, as on Debian/Ubuntu.
	fmt.Fprintf(&b, "Define APACHE_LOG_DIR %s\n", filepath.Join(dir, "log"))
	if os.Geteuid() == 0 {
		// As root, Apache must switch its children to an unprivileged user.
		b.WriteString("User www-data\nGroup www-data\n")
	}
	for _, m := range apacheModules {
		fmt.Fprintf(&b, "LoadModule %s_module %s\n", m, filepath.Join(apacheModulesDir, "mod_"+m+".so"))
	}
	b.WriteString(`StartServers 1
ServerLimit 1
ThreadsPerChild 32
MaxRequestWorkers 32
MinSpareThreads 1
MaxSpareThreads 64
`)
	if _, err := os.Stat("/etc/mime.types"); err == nil {
		b.WriteString("TypesConfig /etc/mime.types\n")
	}
	b.WriteString(`AddType text/css .css
AddType text/javascript .js
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
<Directory />
    Options None
    AllowOverride None
    Require all denied
</Directory>
`)
	for _, s := range sites {
		fmt.Fprintf(&b, "Include %q\n", s)
	}
	path := filepath.Join(dir, "apache2.conf")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// startApache runs Apache in the foreground in a process group of its own,
// waits until readyURL answers 200, and stops it when the test ends.
func startApache(t *testing.T, apache, conf, readyURL string) {
	t.Helper()
	var out syncBuffer
	cmd := exec.Command(apache, "-f", conf, "-DFOREGROUND")
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start apache2: %v", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	errorLog := func() string {
		b, _ := os.ReadFile(filepath.Join(filepath.Dir(conf), "log", "error.log"))
		return out.String() + string(b)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		if t.Failed() {
			t.Logf("Apache's output and error log:\n%s", errorLog())
		}
	})
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-done:
			t.Fatalf("apache2 exited at start:\n%s", errorLog())
		default:
		}
		if resp, err := client.Get(readyURL); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("apache2 did not answer %s:\n%s", readyURL, errorLog())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// rewriteFile copies a shipped config file to dst, replacing each old
// string by its new one (pairs: old1, new1, old2, new2, ...). A string the
// file no longer contains fails the test: the file and this test must
// change together.
func rewriteFile(t *testing.T, src, dst string, pairs ...string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(text, pairs[i]) {
			t.Fatalf("%s no longer contains %q, which the test replaces", src, pairs[i])
		}
		text = strings.ReplaceAll(text, pairs[i], pairs[i+1])
	}
	if err := os.WriteFile(dst, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// selfSignedCert writes a throw-away certificate for 127.0.0.1 and its key
// into dir, and returns their paths and a pool that trusts it.
func selfSignedCert(t *testing.T, dir string) (certFile, keyFile string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "localhost"},
		DNSNames:              []string{"localhost", "vmportal.example.com"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "vmportal.crt"), filepath.Join(dir, "vmportal.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	return certFile, keyFile, roots
}

// ---- the app --------------------------------------------------------------

// moduleRoot is the directory of go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		t.Fatal("go env GOMOD: not inside the module")
	}
	return filepath.Dir(gomod)
}

// buildBinary builds the portal once per test binary.
func buildBinary(t *testing.T) string {
	t.Helper()
	root := moduleRoot(t)
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "vmportal-deploy-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "vmportal")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// configVars are the portal's settings; the app processes get only the
// values the test gives them.
var configVars = []string{
	"DATABASE_URL", "LISTEN_ADDR", "ADMIN_PASSWORD", "COOKIE_SECURE", "TRUSTED_PROXIES",
	"LOG_LEVEL", "SESSION_TTL", "DEV_MODE", "BCRYPT_COST",
}

func appCommand(bin, dbURL string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Dir = filepath.Dir(bin) // no views/ or public/ here: the embedded ones are used
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, v := range configVars {
			if name == v {
				keep = false
			}
		}
		if keep {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "DATABASE_URL="+dbURL)
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// appProcess is a running `vmportal serve`.
type appProcess struct {
	name string
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
	err  error // from Wait, once done is closed
}

// startApp runs `vmportal serve` on 127.0.0.1:port behind a trusted
// proxy at 127.0.0.1, logging every request, and waits for /healthz.
// It is stopped with SIGTERM when the test ends, if still running.
func startApp(t *testing.T, bin, dbURL, name string, port int) *appProcess {
	t.Helper()
	p := &appProcess{name: name, out: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = appCommand(bin, dbURL, []string{
		fmt.Sprintf("LISTEN_ADDR=127.0.0.1:%d", port),
		"TRUSTED_PROXIES=127.0.0.1",
		"LOG_LEVEL=debug",
	}, "serve")
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start instance %s: %v", name, err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.stop(t)
		}
	})
	client := &http.Client{Timeout: time.Second}
	health := fmt.Sprintf("http://127.0.0.1:%d/healthz", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-p.done:
			t.Fatalf("instance %s exited at start: %v\n%s", name, p.err, p.logs())
		default:
		}
		if resp, err := client.Get(health); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance %s did not answer %s:\n%s", name, health, p.logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends SIGTERM, waits for the process, and returns its exit code.
func (p *appProcess) stop(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
			t.Errorf("instance %s did not exit within 30 s of SIGTERM", p.name)
		}
	}
	var exit *exec.ExitError
	switch {
	case p.err == nil:
		return 0
	case errors.As(p.err, &exit):
		return exit.ExitCode()
	default:
		return -1
	}
}

func (p *appProcess) logs() string { return p.out.String() }

// eventually polls cond for up to two seconds: a process's log lines reach
// the test through a pipe, a moment after the answer they describe.
func eventually(cond func() bool) {
	for deadline := time.Now().Add(2 * time.Second); !cond() && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
}

// logCount counts the request log lines (LOG_LEVEL=debug) containing s.
func (p *appProcess) logCount(s string) int {
	n := 0
	for _, line := range strings.Split(p.logs(), "\n") {
		if strings.Contains(line, "msg=request ") && strings.Contains(line, s) {
			n++
		}
	}
	return n
}

// ---- HTTP client ----------------------------------------------------------

type client struct {
	t       *testing.T
	http    *http.Client
	localIP string // source address of the connections, when set
}

type response struct {
	status int
	header http.Header
	body   string
}

// newClient has a cookie jar, follows no redirect, and trusts roots for
// HTTPS.
func newClient(t *testing.T, roots *x509.CertPool) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t}
	transport := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			d := net.Dialer{Timeout: 5 * time.Second}
			if c.localIP != "" {
				d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(c.localIP)}
			}
			return d.DialContext(ctx, network, addr)
		},
	}
	t.Cleanup(transport.CloseIdleConnections)
	c.http = &http.Client{
		Jar:           jar,
		Transport:     transport,
		Timeout:       15 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

func (c *client) get(u string) response {
	return c.do(http.MethodGet, u, nil, nil)
}

func (c *client) post(u string, form url.Values, header map[string]string) response {
	return c.do(http.MethodPost, u, strings.NewReader(form.Encode()), header)
}

func (c *client) do(method, u string, body io.Reader, header map[string]string) response {
	c.t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", method, u, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func wantHeader(t *testing.T, r response, name, want string) {
	t.Helper()
	if got := r.header.Get(name); !strings.HasPrefix(got, want) {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}

// ---- helpers --------------------------------------------------------------

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sharedTempDir is a temporary directory that Apache's children, which
// run as www-data when the test runs as root, can read (t.TempDir is 0700).
func sharedTempDir(t *testing.T) string {
	t.Helper()
	parent := os.TempDir()
	if os.Geteuid() == 0 && !traversableByAll(parent) {
		parent = "/tmp" // TMPDIR is private: www-data could not reach the files
	}
	dir, err := os.MkdirTemp(parent, "vmportal-deploy-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// traversableByAll reports whether every directory from / down to dir
// lets other users through.
func traversableByAll(dir string) bool {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// copyTree copies the regular files under src to dst, world-readable.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			return os.Chmod(target, 0o755) // whatever the umask
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, b, 0o644); err != nil {
			return err
		}
		return os.Chmod(target, 0o644)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
