package controllers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/database"
)

// Health answers the load balancer's and the operator's "are you alive?".
type Health struct {
	DB *database.DB
}

// Show answers 200 "ok" when the database answers within two seconds, and
// 503 otherwise. It uses no session, so probes create none.
func (h *Health) Show(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := h.DB.Ping(ctx); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable\n")
	}
	return c.SendString("ok\n")
}
