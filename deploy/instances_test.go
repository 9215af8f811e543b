package deploy_test

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

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
	"DATABASE_URL", "MIGRATION_DATABASE_URL", "LISTEN_ADDR", "ADMIN_PASSWORD", "COOKIE_SECURE", "TRUSTED_PROXIES",
	"LOG_LEVEL", "SESSION_TTL", "DEV_MODE", "BCRYPT_COST", "API_RATE_LIMIT",
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
