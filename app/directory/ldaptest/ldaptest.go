// Package ldaptest starts a real OpenLDAP server (Debian's slapd) for the
// directory-login tests: a throwaway config and mdb database in a temp
// dir, loaded with slapadd from an LDIF of people and groups, listening on
// a free loopback port, with StartTLS offered under a CA made for the test.
// The server stops when the test ends.
package ldaptest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vmportal/config"
)

// The directory tree every Server holds.
const (
	Suffix        = "dc=example,dc=org"
	RootDN        = "cn=root," + Suffix
	RootPassword  = "root-secret"
	ServiceDN     = "cn=portal,ou=services," + Suffix
	ServicePass   = "service-secret"
	PeopleBase    = "ou=people," + Suffix
	AdminGroupDN  = "cn=portal-admins,ou=groups," + Suffix
	UserGroupDN   = "cn=portal-users,ou=groups," + Suffix
	AlicePassword = "alice-password-1"
	BobPassword   = "bob-password-1"
	DavePassword  = "dave-password-1"
)

// Server is one running slapd.
type Server struct {
	t    testing.TB
	dir  string
	cmd  *exec.Cmd
	URL  string // ldap://127.0.0.1:port (StartTLS offered)
	Port int
	// LDAPSURL is the same server over TLS from the first byte
	// (ldaps://127.0.0.1:port).
	LDAPSURL string
	// CAFile is the PEM of the CA that signed the server's certificate.
	CAFile string
	done   chan struct{}
}

// Start runs slapd with the test tree: alice (in both groups: an admin),
// bob (a user), dave (in neither group) and carol (admin group only).
func Start(t testing.TB) *Server {
	t.Helper()
	slapd := findTool(t, "slapd")
	slapadd := findTool(t, "slapadd")
	s := &Server{t: t, dir: t.TempDir(), done: make(chan struct{})}
	if err := os.Mkdir(filepath.Join(s.dir, "data"), 0o700); err != nil {
		t.Fatalf("ldaptest: %v", err)
	}
	cert, key, ca := writeTLSFiles(t, s.dir)
	s.CAFile = ca
	conf := filepath.Join(s.dir, "slapd.conf")
	writeFile(t, conf, slapdConf(s.dir, cert, key, ca))
	ldif := filepath.Join(s.dir, "tree.ldif")
	writeFile(t, ldif, treeLDIF)
	if out, err := exec.Command(slapadd, "-f", conf, "-l", ldif).CombinedOutput(); err != nil {
		t.Fatalf("ldaptest: slapadd: %v\n%s", err, out)
	}
	// A free port can be taken by another test between freePort and
	// slapd's bind, and slapd then exits: try again on other ports.
	for attempt := 1; ; attempt++ {
		log, ok := s.start(slapd, conf)
		if ok {
			break
		}
		if attempt == 3 {
			t.Fatalf("ldaptest: slapd did not start:\n%s", log)
		}
	}
	t.Cleanup(s.Stop)
	return s
}

// Config returns the portal's LDAP settings for this server over StartTLS,
// trusting the test CA.
func (s *Server) Config() config.LDAP {
	return config.LDAP{
		URL: s.URL, StartTLS: true, CAFile: s.CAFile,
		BindDN: ServiceDN, BindPassword: ServicePass,
		UserBase: PeopleBase, UserFilter: "(uid=%s)",
		AdminGroup: AdminGroupDN, UserGroup: UserGroupDN,
		AttrName: "cn", AttrEmail: "mail", Timeout: 2 * time.Second,
	}
}

// Stop ends slapd and waits for it; the port is closed afterwards.
func (s *Server) Stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// Modify applies an LDIF change with the ldapmodify tool, as the root DN.
func (s *Server) Modify(ldif string) {
	s.t.Helper()
	cmd := exec.Command(findTool(s.t, "ldapmodify"), "-x", "-H", s.URL, "-D", RootDN, "-w", RootPassword)
	cmd.Stdin = strings.NewReader(ldif)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("ldaptest: ldapmodify: %v\n%s", err, out)
	}
}

// start runs slapd on two free ports and waits until it listens on both;
// it reports false (with slapd's output) when slapd exited or stayed deaf.
func (s *Server) start(slapd, conf string) (string, bool) {
	s.Port = freePort(s.t)
	s.URL = fmt.Sprintf("ldap://127.0.0.1:%d", s.Port)
	s.LDAPSURL = fmt.Sprintf("ldaps://127.0.0.1:%d", freePort(s.t))
	var log bytes.Buffer
	// -d 0 keeps slapd in the foreground, so the test owns the process.
	s.cmd = exec.Command(slapd, "-f", conf, "-h", s.URL+"/ "+s.LDAPSURL+"/", "-d", "0")
	s.cmd.Stdout, s.cmd.Stderr = &log, &log
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("ldaptest: start slapd: %v", err)
	}
	s.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { _ = cmd.Wait(); close(done) }(s.cmd, s.done)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		select {
		case <-s.done:
			return log.String(), false
		default:
		}
		if s.listening(s.URL) && s.listening(s.LDAPSURL) {
			return "", true
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.Stop()
	return log.String(), false
}

// listening reports whether slapd accepts connections at url's port (it
// opens its listeners one after the other, so both are waited for).
func (s *Server) listening(url string) bool {
	c, err := net.DialTimeout("tcp", url[strings.LastIndex(url, "/")+1:], time.Second)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

// findTool looks in the PATH and in /usr/sbin (not in a user's PATH on
// Debian).
func findTool(t testing.TB, name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if p := filepath.Join("/usr/sbin", name); fileExists(p) {
		return p
	}
	t.Fatalf("ldaptest: %s not found: install the Debian packages slapd and ldap-utils (scripts/test-deps.sh)", name)
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func writeFile(t testing.TB, path, body string) {
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatalf("ldaptest: %v", err)
	}
}

// freePort asks the kernel for a free loopback port.
func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("ldaptest: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// SilentListener returns an ldap:// URL of a loopback port that accepts
// connections and never answers, like a hung directory.
func SilentListener(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("ldaptest: %v", err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return "ldap://" + ln.Addr().String()
}
