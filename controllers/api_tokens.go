package controllers

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/app/web"
	"vmportal/i18n"
	"vmportal/models"
)

// Tokens is a user's page of personal access tokens for the REST API:
// list, create (the secret is shown once, on the answer to the create),
// revoke.
type Tokens struct {
	*web.Site
}

// tokensPage is what account_tokens.html shows.
type tokensPage struct {
	Tokens []models.APIToken
	Scopes []string
	Input  models.TokenInput
	Errors models.FieldErrors
	// Secret is the token just created: shown on this answer only (it is
	// not kept in a flash, which would store it in the session table).
	Secret  string
	Created *models.APIToken
}

// Index lists the user's tokens with the form for a new one.
func (t *Tokens) Index(c *fiber.Ctx) error {
	in := models.TokenInput{Scope: models.ScopeRead, Expires: models.DefaultTokenExpiry()}
	return t.render(c, fiber.StatusOK, tokensPage{Input: in})
}

// Create makes a token and shows its secret, once.
func (t *Tokens) Create(c *fiber.Ctx) error {
	in := models.TokenInput{Name: c.FormValue("name"), Expires: c.FormValue("expires"), Scope: c.FormValue("scope")}
	secret, created, err := models.CreateAPIToken(t.DB.WithContext(c.UserContext()), web.CurrentUser(c), in)
	var verr *models.ValidationError
	switch {
	case errors.As(err, &verr):
		return t.render(c, fiber.StatusUnprocessableEntity, tokensPage{Input: in, Errors: verr.Fields})
	case err != nil:
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	fresh := models.TokenInput{Scope: models.ScopeRead, Expires: models.DefaultTokenExpiry()}
	return t.render(c, fiber.StatusCreated, tokensPage{Input: fresh, Secret: secret, Created: created})
}

// Revoke revokes one of the user's tokens; another user's is 404.
func (t *Tokens) Revoke(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id < 1 {
		return fiber.ErrNotFound
	}
	if err := models.RevokeAPIToken(t.DB.WithContext(c.UserContext()), web.CurrentUser(c), id); err != nil {
		return err
	}
	if err := t.AddFlash(c, "success", i18n.M("token.revoked_flash")); err != nil {
		return err
	}
	return web.Redirect(c, "/account/tokens")
}

func (t *Tokens) render(c *fiber.Ctx, status int, p tokensPage) error {
	u := web.CurrentUser(c)
	tokens, err := models.ListAPITokens(t.DB.WithContext(c.UserContext()), u.ID)
	if err != nil {
		return err
	}
	p.Tokens, p.Scopes = tokens, models.TokenScopes(u)
	if p.Errors == nil {
		p.Errors = models.FieldErrors{}
	}
	return t.Render(c, status, "account_tokens", i18n.M("token.title"), fiber.Map{"Page": p, "Now": time.Now()})
}
