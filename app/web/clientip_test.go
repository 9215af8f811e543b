package web

import (
	"net"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

func TestClientIP(t *testing.T) {
	proxies := NewTrustedProxies([]string{"127.0.0.1", "10.0.0.0/8"})
	cases := []struct {
		name, peer, xff, want string
	}{
		{"direct client, header ignored", "203.0.113.5", "6.6.6.6", "203.0.113.5"},
		{"through the proxy", "127.0.0.1", "198.51.100.7", "198.51.100.7"},
		{"spoofed entry left of the proxy's", "127.0.0.1", "6.6.6.6, 127.0.0.1", "127.0.0.1"},
		{"spoofed entry, remote client", "10.1.2.3", "6.6.6.6, 198.51.100.7", "198.51.100.7"},
		{"proxy without header", "127.0.0.1", "", "127.0.0.1"},
		{"garbage header", "127.0.0.1", "not-an-ip", "127.0.0.1"},
		{"IPv6 client", "127.0.0.1", "2001:db8::1", "2001:db8::1"},
	}
	app := fiber.New()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fctx := &fasthttp.RequestCtx{}
			fctx.SetRemoteAddr(&net.TCPAddr{IP: net.ParseIP(tc.peer), Port: 40000})
			if tc.xff != "" {
				fctx.Request.Header.Set(fiber.HeaderXForwardedFor, tc.xff)
			}
			c := app.AcquireCtx(fctx)
			defer app.ReleaseCtx(c)
			if got := proxies.ClientIP(c); got != tc.want {
				t.Errorf("ClientIP = %s, want %s", got, tc.want)
			}
		})
	}
	if got := NewTrustedProxies(nil).trusts(net.ParseIP("127.0.0.1")); got {
		t.Error("an empty proxy list trusts loopback")
	}
}
