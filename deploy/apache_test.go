package deploy_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Where Debian and Ubuntu install Apache and its modules.
const (
	apacheBinary     = "/usr/sbin/apache2"
	apacheModulesDir = "/usr/lib/apache2/modules"
)

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
	}
	// One pass: a replaced port such as *:4435 must not be rewritten again
	// by a later pair (*:443).
	text = strings.NewReplacer(pairs...).Replace(text)
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
