package controllers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Hosts is the admins' register of virtual hosts: list with usage bars,
// new, edit, retire.
type Hosts struct {
	*web.Site
}

// hostForm is what hosts_form.html shows.
type hostForm struct {
	Input  models.HostInput
	Errors models.FieldErrors
	Edit   *models.VirtualHost // nil on "New Host"
}

// Index lists the registered hosts with their CPU, RAM and disk use, then
// the retired ones.
func (h *Hosts) Index(c *fiber.Ctx) error {
	hosts, retired, err := models.ListHosts(h.DB.WithContext(c.UserContext()))
	if err != nil {
		return err
	}
	return h.Render(c, fiber.StatusOK, "hosts", i18n.M("hosts.title"), fiber.Map{"Hosts": hosts, "Retired": retired})
}

// New shows the empty host form, without overcommit to start with.
func (h *Hosts) New(c *fiber.Ctx) error {
	in := models.HostInput{CPUOvercommit: models.MinRatio.String(), RAMOvercommit: models.MinRatio.String()}
	return h.renderForm(c, fiber.StatusOK, hostForm{Input: in})
}

// Create registers the host and goes back to the list.
func (h *Hosts) Create(c *fiber.Ctx) error {
	in := hostInput(c)
	created, err := models.CreateHost(h.DB.WithContext(c.UserContext()), in)
	return h.saved(c, hostForm{Input: in}, err, func() i18n.Message { return i18n.M("hosts.registered", "Name", created.Name) })
}

// Edit shows the form of a registered host.
func (h *Hosts) Edit(c *fiber.Ctx) error {
	host, err := h.load(c)
	if err != nil {
		return err
	}
	return h.renderForm(c, fiber.StatusOK, hostForm{Input: host.Input(), Edit: host})
}

// Update saves the host's form.
func (h *Hosts) Update(c *fiber.Ctx) error {
	host, err := h.load(c)
	if err != nil {
		return err
	}
	in := hostInput(c)
	saved, err := models.UpdateHost(h.DB.WithContext(c.UserContext()), host.ID, in)
	return h.saved(c, hostForm{Input: in, Edit: host}, err, func() i18n.Message { return i18n.M("hosts.saved", "Name", saved.Name) })
}

// Retire takes a host out of the register (it stays listed as retired).
func (h *Hosts) Retire(c *fiber.Ctx) error {
	host, err := h.load(c)
	if err != nil {
		return err
	}
	_, err = models.RetireHost(h.DB.WithContext(c.UserContext()), host.ID)
	return finishSave(h.Site, c, err, nil, func() i18n.Message {
		return i18n.M("hosts.retired", "Name", host.Name)
	}, "/hosts")
}

// saved finishes a save: the form again with 422 on invalid input, else
// the flash done() says and back to the list.
func (h *Hosts) saved(c *fiber.Ctx, form hostForm, err error, done func() i18n.Message) error {
	return finishSave(h.Site, c, err, func(fe models.FieldErrors) error {
		form.Errors = fe
		return h.renderForm(c, fiber.StatusUnprocessableEntity, form)
	}, done, "/hosts")
}

func hostInput(c *fiber.Ctx) models.HostInput {
	return models.HostInput{
		Name: c.FormValue("name"), PhysicalLocation: c.FormValue("physical_location"),
		CPUCores: c.FormValue("cpu_cores"), RAMGB: c.FormValue("ram_gb"), DiskGB: c.FormValue("disk_gb"),
		CPUOvercommit: c.FormValue("cpu_overcommit"), RAMOvercommit: c.FormValue("ram_overcommit"),
	}
}

func (h *Hosts) load(c *fiber.Ctx) (*models.VirtualHost, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id < 1 {
		return nil, fiber.ErrNotFound
	}
	return models.FindHost(h.DB.WithContext(c.UserContext()), id)
}

func (h *Hosts) renderForm(c *fiber.Ctx, status int, form hostForm) error {
	if form.Errors == nil {
		form.Errors = models.FieldErrors{}
	}
	title := i18n.M("hosts.new")
	if form.Edit != nil {
		title = i18n.M("hosts.edit_title", "Name", form.Edit.Name)
	}
	return h.Render(c, status, "hosts_form", title, fiber.Map{"Form": form})
}
