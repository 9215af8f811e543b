package apptest

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"

	"vmportal/config"
)

// ThroughProxy is an option for New: the app reaches its database through
// a TCPProxy, stored in *p, so the test can cut the line.
func ThroughProxy(t testing.TB, p **TCPProxy) func(*config.Config) {
	return func(cfg *config.Config) {
		u, err := url.Parse(cfg.DatabaseURL)
		if err != nil {
			t.Fatalf("apptest: database url: %v", err)
		}
		*p = NewTCPProxy(t, u.Host)
		u.Host = (*p).Addr
		cfg.DatabaseURL = u.String()
	}
}

// TCPProxy forwards a loopback port to a target address and can cut the
// line: tests point the app at it to see how the app behaves while its
// database is unreachable, and that it recovers once the line is back.
type TCPProxy struct {
	t      testing.TB
	target string
	Addr   string // host:port the app connects to

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
}

// NewTCPProxy starts forwarding a free loopback port to target.
func NewTCPProxy(t testing.TB, target string) *TCPProxy {
	t.Helper()
	p := &TCPProxy{t: t, target: target, conns: map[net.Conn]struct{}{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("apptest: proxy listen: %v", err)
	}
	p.Addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.Down)
	return p
}

// Down closes the listener and every open connection: the database is
// "gone" as far as the app can tell.
func (p *TCPProxy) Down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
}

// Up listens again on the same address.
func (p *TCPProxy) Up() {
	p.t.Helper()
	ln, err := net.Listen("tcp", p.Addr)
	if err != nil {
		p.t.Fatalf("apptest: proxy relisten: %v", err)
	}
	p.serve(ln)
}

func (p *TCPProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = client.Close()
				continue
			}
			p.track(client, server)
			go pipe(client, server)
			go pipe(server, client)
		}
	}()
}

func (p *TCPProxy) track(conns ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range conns {
		p.conns[c] = struct{}{}
	}
}

func pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
	_ = src.Close()
}
