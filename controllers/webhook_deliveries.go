package controllers

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Deliveries shows one webhook's latest delivery attempts: event, attempt,
// status code or error, time.
func (h *Webhooks) Deliveries(c *fiber.Ctx) error {
	hook, err := h.load(c)
	if err != nil {
		return err
	}
	ds, err := models.RecentDeliveries(h.DB.WithContext(c.UserContext()), hook.ID)
	if err != nil {
		return err
	}
	return h.Render(c, fiber.StatusOK, "admin_webhook_deliveries", i18n.M("webhooks.deliveries"), fiber.Map{"Hook": hook, "Deliveries": ds})
}

// SendTest queues a ping to the webhook ("Send test").
func (h *Webhooks) SendTest(c *fiber.Ctx) error {
	hook, err := h.load(c)
	if err != nil {
		return err
	}
	if err := h.Queue.SendTest(c.UserContext(), hook.ID, web.CurrentUser(c).Username); err != nil {
		return err
	}
	if err := h.AddFlash(c, "success", i18n.M("webhooks.test_queued")); err != nil {
		return err
	}
	return web.Redirect(c, "/admin/webhooks/"+c.Params("id")+"/deliveries")
}

// ShowQueue shows the notification queue: waiting, failed and recent jobs.
func (h *Webhooks) ShowQueue(c *fiber.Ctx) error {
	st, err := h.Queue.State(c.UserContext())
	if err != nil {
		return err
	}
	return h.Render(c, fiber.StatusOK, "admin_queue", i18n.M("queue.title"), fiber.Map{"State": st})
}
