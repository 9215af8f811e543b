package api

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// timeLayout is how the API writes instants: RFC 3339 in UTC.
const timeLayout = time.RFC3339

// Me answers the token's user and the token itself.
func (a *API) Me(c *fiber.Ctx) error {
	u, t := user(c), token(c)
	return c.JSON(fiber.Map{
		"id": u.ID, "username": u.Username, "full_name": u.FullName, "email": u.Email, "role": u.Role,
		"token": fiber.Map{"name": t.Name, "scope": t.Scope, "expires_at": t.ExpiresAt.UTC().Format(timeLayout)},
	})
}

// joinList writes values as `"a", "b" or "c"` for messages.
func joinList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = `"` + v + `"`
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
