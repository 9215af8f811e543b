package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// MaxBody is the largest request body the API reads (a request with 64
// VLANs and 10,000 characters of notes is far below it).
const MaxBody = 1 << 20

func tooLarge() *Problem {
	return problem(fiber.StatusRequestEntityTooLarge, "The request body is larger than 1 MB.")
}

// readObject reads the body as one JSON object and returns its members,
// unparsed. Before any field is looked at it refuses, as problems: a body
// over MaxBody (413), one that is not JSON (415 for another content type,
// 400 for invalid UTF-8, broken JSON, or text no field may hold: a NUL),
// and anything but one object (400). An empty body is an empty object
// when emptyOK (decisions that take no text).
func readObject(c *fiber.Ctx, emptyOK bool) (map[string]json.RawMessage, error) {
	body := c.Body()
	switch {
	case len(body) > MaxBody:
		return nil, tooLarge()
	case len(bytes.TrimSpace(body)) == 0 && emptyOK:
		return map[string]json.RawMessage{}, nil
	case !isJSON(c.Get(fiber.HeaderContentType)):
		return nil, problem(fiber.StatusUnsupportedMediaType, "Send the body as JSON, with \"Content-Type: application/json\".")
	case !utf8.Valid(body):
		return nil, problem(fiber.StatusBadRequest, "The body is not valid UTF-8.")
	}
	// Decode once into plain values to check the whole document (syntax,
	// one object, nothing after it, no NUL in any string) before fields
	// are read one by one.
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, problem(fiber.StatusBadRequest, "The body is not valid JSON: "+err.Error()+".")
	}
	if dec.More() {
		return nil, problem(fiber.StatusBadRequest, "The body holds more than one JSON value.")
	}
	if _, ok := doc.(map[string]any); !ok {
		return nil, problem(fiber.StatusBadRequest, "The body must be a JSON object.")
	}
	if hasNUL(doc) {
		return nil, problem(fiber.StatusBadRequest, "The body contains a NUL character, which no field can hold.")
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil {
		return nil, problem(fiber.StatusBadRequest, "The body is not valid JSON: "+err.Error()+".")
	}
	return members, nil
}

// isJSON accepts application/json and any +json type, with parameters.
func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == fiber.MIMEApplicationJSON || strings.HasSuffix(mt, "+json")
}

// hasNUL reports whether any string or key in v holds a NUL character.
func hasNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, 0)
	case []any:
		for _, e := range v {
			if hasNUL(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range v {
			if strings.ContainsRune(k, 0) || hasNUL(e) {
				return true
			}
		}
	}
	return false
}
