package api

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"vmportal/i18n"
	"vmportal/models"
)

// commentText is the body member of a comment's text.
const commentText = "text"

// Comments answers the comments on a request, oldest first.
func (a *API) Comments(c *fiber.Ctx) error {
	r, err := a.loadVisible(c)
	if err != nil {
		return err
	}
	cs, err := models.ListComments(a.db(c), r.ID)
	if err != nil {
		return err
	}
	items := make([]fiber.Map, len(cs))
	for i := range cs {
		items[i] = commentJSON(&cs[i])
	}
	return c.JSON(fiber.Map{"items": items})
}

// AddComment posts {"text"} as a comment of the user's on a request they
// may see (its owner and admins): 201 with the comment, audited like one
// posted on the page.
func (a *API) AddComment(c *fiber.Ctx) error {
	r, err := a.loadVisible(c)
	if err != nil {
		return err
	}
	body, err := readObject(c, false)
	if err != nil {
		return err
	}
	text, fe := commentBody(body)
	if len(fe) > 0 {
		return invalid(fe)
	}
	cm, err := models.AddComment(a.db(c), user(c), r, text)
	var verr *models.ValidationError
	switch {
	case errors.Is(err, models.ErrNotPermitted):
		return problem(fiber.StatusForbidden, "Only the request's owner and admins may comment on it.")
	case errors.As(err, &verr):
		// The model names the page's field; the API's is "text".
		return invalid(models.FieldErrors{commentText: verr.Fields[models.InputComment]})
	case err != nil:
		return err
	}
	c.Location(fmt.Sprintf("/api/v1/vms/%d/comments", r.ID))
	return c.Status(fiber.StatusCreated).JSON(commentJSON(&cm))
}

// commentBody reads {"text": "…"}; any other member is an error.
func commentBody(body map[string]json.RawMessage) (string, models.FieldErrors) {
	fe := models.FieldErrors{}
	text := ""
	for key, raw := range body {
		switch {
		case key != commentText:
			fe.Add(key, i18n.M("api.field_unknown"))
		case json.Unmarshal(raw, &text) != nil || string(raw) == "null":
			fe.Add(key, i18n.M("api.decision_text_type", "Name", key))
		}
	}
	return text, fe
}

func commentJSON(cm *models.Comment) fiber.Map {
	return fiber.Map{"id": cm.ID, "author": cm.Author, "text": cm.Body, "created_at": cm.CreatedAt.UTC().Format(timeLayout)}
}
