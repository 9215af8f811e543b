package controllers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/notify"
	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Webhooks is the admins' management of webhooks (list, new, edit,
// delete), their deliveries log and "Send test", and the notification
// queue's page.
type Webhooks struct {
	*web.Site
	Queue *notify.Queue
}

// webhookForm is what admin_webhook_form.html shows.
type webhookForm struct {
	Hook   models.Webhook
	Errors models.FieldErrors
	Edit   bool
}

// Index lists every webhook.
func (h *Webhooks) Index(c *fiber.Ctx) error {
	hooks, err := models.ListWebhooks(h.DB.WithContext(c.UserContext()))
	if err != nil {
		return err
	}
	return h.Render(c, fiber.StatusOK, "admin_webhooks", i18n.M("webhooks.title"), fiber.Map{"Hooks": hooks})
}

// New shows the empty form, every event chosen and the webhook active.
func (h *Webhooks) New(c *fiber.Ctx) error {
	hook := models.Webhook{Active: true, Events: append(models.EventList{}, models.WebhookEvents...)}
	return h.renderForm(c, fiber.StatusOK, webhookForm{Hook: hook})
}

// Create saves a new webhook.
func (h *Webhooks) Create(c *fiber.Ctx) error {
	hook := models.Webhook{}
	readWebhookForm(c, &hook)
	return h.save(c, webhookForm{Hook: hook}, i18n.M("webhooks.created"))
}

// Edit shows one webhook's form; the secret field starts empty and an
// empty secret keeps the stored one.
func (h *Webhooks) Edit(c *fiber.Ctx) error {
	hook, err := h.load(c)
	if err != nil {
		return err
	}
	hook.Secret = ""
	return h.renderForm(c, fiber.StatusOK, webhookForm{Hook: *hook, Edit: true})
}

// Update saves the webhook's URL, secret (when a new one is given),
// events and Active flag.
func (h *Webhooks) Update(c *fiber.Ctx) error {
	hook, err := h.load(c)
	if err != nil {
		return err
	}
	stored := hook.Secret
	readWebhookForm(c, hook)
	form := webhookForm{Hook: *hook, Edit: true}
	if hook.Secret == "" {
		form.Hook.Secret = stored
	}
	return h.save(c, form, i18n.M("webhooks.saved"))
}

// save is the one save path of Create and Update: 422 with the form kept
// on invalid input, else a flash and back to the list.
func (h *Webhooks) save(c *fiber.Ctx, form webhookForm, done i18n.Message) error {
	typedSecret := c.FormValue("secret")
	err := models.SaveWebhook(h.DB.WithContext(c.UserContext()), &form.Hook)
	var verr *models.ValidationError
	if errors.As(err, &verr) {
		form.Errors = verr.Fields
		form.Hook.Secret = typedSecret // never echo a stored secret
		return h.renderForm(c, fiber.StatusUnprocessableEntity, form)
	}
	if err != nil {
		return err
	}
	if err := h.AddFlash(c, "success", done); err != nil {
		return err
	}
	return web.Redirect(c, "/admin/webhooks")
}

// Delete removes a webhook and its deliveries log.
func (h *Webhooks) Delete(c *fiber.Ctx) error {
	hook, err := h.load(c)
	if err != nil {
		return err
	}
	if err := models.DeleteWebhook(h.DB.WithContext(c.UserContext()), hook.ID); err != nil {
		return err
	}
	if err := h.AddFlash(c, "success", i18n.M("webhooks.deleted", "URL", hook.URL)); err != nil {
		return err
	}
	return web.Redirect(c, "/admin/webhooks")
}

// readWebhookForm copies the posted fields into hook.
func readWebhookForm(c *fiber.Ctx, hook *models.Webhook) {
	hook.URL = c.FormValue("url")
	hook.Secret = c.FormValue("secret")
	hook.Active = c.FormValue("active") == "on"
	hook.Events = models.EventList{}
	for _, e := range c.Request().PostArgs().PeekMulti("events") {
		hook.Events = append(hook.Events, string(e))
	}
}

func (h *Webhooks) load(c *fiber.Ctx) (*models.Webhook, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id < 1 {
		return nil, fiber.ErrNotFound
	}
	return models.FindWebhook(h.DB.WithContext(c.UserContext()), id)
}

func (h *Webhooks) renderForm(c *fiber.Ctx, status int, form webhookForm) error {
	if form.Errors == nil {
		form.Errors = models.FieldErrors{}
	}
	title := i18n.M("webhooks.new")
	if form.Edit {
		title = i18n.M("webhooks.edit_title")
	}
	return h.Render(c, status, "admin_webhook_form", title, fiber.Map{"Form": form, "Events": models.WebhookEvents})
}
