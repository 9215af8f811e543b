package deploy_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// eventually polls cond for up to two seconds: a process's log lines reach
// the test through a pipe, a moment after the answer they describe.
func eventually(cond func() bool) {
	for deadline := time.Now().Add(2 * time.Second); !cond() && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
}

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
