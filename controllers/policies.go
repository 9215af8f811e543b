package controllers

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Policies is the admins' list of approval policies: ordered, first match
// wins; new, edit, move up or down, delete.
type Policies struct {
	*web.Site
}

// policyForm is what policies_form.html shows.
type policyForm struct {
	Input  models.PolicyInput
	Errors models.FieldErrors
	Edit   *models.ApprovalPolicy // nil on "New Policy"
}

// Index lists the policies in the order they are tried.
func (p *Policies) Index(c *fiber.Ctx) error {
	ps, err := models.ListPolicies(p.DB.WithContext(c.UserContext()))
	if err != nil {
		return err
	}
	return p.Render(c, fiber.StatusOK, "policies", i18n.M("policies.title"), fiber.Map{"Policies": ps})
}

// New shows the empty policy form.
func (p *Policies) New(c *fiber.Ctx) error {
	return p.renderForm(c, fiber.StatusOK, policyForm{Input: models.PolicyInput{Action: models.PolicyAutoApprove}})
}

// Create adds the policy after the others.
func (p *Policies) Create(c *fiber.Ctx) error {
	in := policyInput(c)
	created, err := models.CreatePolicy(p.DB.WithContext(c.UserContext()), in)
	return p.saved(c, policyForm{Input: in}, err, func() i18n.Message { return i18n.M("policies.created", "Name", created.Name) })
}

// Edit shows the form of one policy.
func (p *Policies) Edit(c *fiber.Ctx) error {
	policy, err := p.load(c)
	if err != nil {
		return err
	}
	return p.renderForm(c, fiber.StatusOK, policyForm{Input: policy.Input(), Edit: policy})
}

// Update saves the policy's form.
func (p *Policies) Update(c *fiber.Ctx) error {
	policy, err := p.load(c)
	if err != nil {
		return err
	}
	in := policyInput(c)
	saved, err := models.UpdatePolicy(p.DB.WithContext(c.UserContext()), policy.ID, in)
	return p.saved(c, policyForm{Input: in, Edit: policy}, err, func() i18n.Message { return i18n.M("policies.saved", "Name", saved.Name) })
}

// Move returns the handler that moves a policy one place up (by = -1) or
// down (by = +1).
func (p *Policies) Move(by int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := requestID(c)
		if err != nil {
			return err
		}
		moved, err := models.MovePolicy(p.DB.WithContext(c.UserContext()), id, by)
		return finishSave(p.Site, c, err, nil, func() i18n.Message {
			return i18n.M("policies.moved", "Name", moved.Name, "Position", moved.Position)
		}, "/policies")
	}
}

// Delete removes a policy.
func (p *Policies) Delete(c *fiber.Ctx) error {
	id, err := requestID(c)
	if err != nil {
		return err
	}
	deleted, err := models.DeletePolicy(p.DB.WithContext(c.UserContext()), id)
	return finishSave(p.Site, c, err, nil, func() i18n.Message { return i18n.M("policies.deleted", "Name", deleted.Name) }, "/policies")
}

// saved finishes a save: the form again with 422 on invalid input, else
// the flash done() says and back to the list.
func (p *Policies) saved(c *fiber.Ctx, form policyForm, err error, done func() i18n.Message) error {
	return finishSave(p.Site, c, err, func(fe models.FieldErrors) error {
		form.Errors = fe
		return p.renderForm(c, fiber.StatusUnprocessableEntity, form)
	}, done, "/policies")
}

func policyInput(c *fiber.Ctx) models.PolicyInput {
	return models.PolicyInput{
		Name: c.FormValue("name"), MaxCPUs: c.FormValue("max_cpus"), MaxRAMGB: c.FormValue("max_ram_gb"),
		MaxDiskGB: c.FormValue("max_disk_gb"), PhysicalLocation: c.FormValue("physical_location"),
		RequesterRole: c.FormValue("requester_role"), Action: c.FormValue("action"),
	}
}

func (p *Policies) load(c *fiber.Ctx) (*models.ApprovalPolicy, error) {
	id, err := requestID(c)
	if err != nil {
		return nil, err
	}
	return models.FindPolicy(p.DB.WithContext(c.UserContext()), id)
}

func (p *Policies) renderForm(c *fiber.Ctx, status int, form policyForm) error {
	if form.Errors == nil {
		form.Errors = models.FieldErrors{}
	}
	title := i18n.M("policies.new")
	if form.Edit != nil {
		title = i18n.M("policies.edit_title", "Name", form.Edit.Name)
	}
	return p.Render(c, status, "policies_form", title, fiber.Map{
		"Form": form, "Roles": models.Roles, "Actions": models.PolicyActions, "ActionLabel": models.PolicyActionLabel})
}
