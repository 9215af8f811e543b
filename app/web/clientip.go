package web

import (
	"net"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// TrustedProxies decides which peers' X-Forwarded-For headers to believe.
type TrustedProxies struct {
	nets []*net.IPNet
}

// NewTrustedProxies parses addresses and CIDR ranges (as validated by
// config); invalid entries are ignored.
func NewTrustedProxies(list []string) *TrustedProxies {
	tp := &TrustedProxies{}
	for _, p := range list {
		if !strings.Contains(p, "/") {
			if ip := net.ParseIP(p); ip != nil {
				bits := 128
				if ip.To4() != nil {
					ip, bits = ip.To4(), 32
				}
				tp.nets = append(tp.nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			}
			continue
		}
		if _, n, err := net.ParseCIDR(p); err == nil {
			tp.nets = append(tp.nets, n)
		}
	}
	return tp
}

func (tp *TrustedProxies) trusts(ip net.IP) bool {
	if tp == nil || ip == nil {
		return false
	}
	for _, n := range tp.nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// ClientIP returns the address of the real client. X-Forwarded-For is read
// only when the direct peer is a trusted proxy, and then only its right-most
// entry: that is the one the proxy itself appended (Apache's mod_proxy adds
// the address it saw). Entries further left were sent by the client and may
// be forged ("X-Forwarded-For: 6.6.6.6"), so they are never believed. The
// portal is designed for one proxy tier in front of it.
func (tp *TrustedProxies) ClientIP(c *fiber.Ctx) string {
	peer := c.Context().RemoteIP()
	if !tp.trusts(peer) {
		return peer.String()
	}
	xff := string(c.Request().Header.Peek(fiber.HeaderXForwardedFor))
	if i := strings.LastIndexByte(xff, ','); i >= 0 {
		xff = xff[i+1:]
	}
	if ip := net.ParseIP(strings.TrimSpace(xff)); ip != nil {
		return ip.String()
	}
	return peer.String()
}
