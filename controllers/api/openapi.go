package api

import (
	"encoding/json"
	"strconv"
	"sync"

	"github.com/gofiber/fiber/v2"

	"vmportal/models"
)

// OpenAPI serves the API's OpenAPI 3.1 document. It is built once, here:
// the routes and answers below, the request's schemas from the field
// description (openapi_schemas.go). The API's tests validate every call
// they make and every answer they get against it, so it cannot drift.
func (a *API) OpenAPI(c *fiber.Ctx) error {
	doc, err := Document()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.Send(doc)
}

// Document is the OpenAPI document as JSON.
var Document = sync.OnceValues(func() ([]byte, error) { return json.MarshalIndent(document(), "", "  ") })

// problems names the error answers and says when each is given.
var problems = map[int][2]string{
	400: {"BadRequest", "The call cannot be read: a body that is not JSON or not an object, invalid UTF-8, a NUL, a bad query parameter or cursor."},
	401: {"Unauthorized", "No token, or one that is unknown, expired or revoked, or whose user is deactivated."},
	403: {"Forbidden", "The token's scope or the user's role does not allow this."},
	404: {"NotFound", "No such request, or another user's."},
	409: {"Conflict", "The decision does not apply to the request's status."},
	412: {"PreconditionFailed", "If-Match does not name the request's current version."},
	413: {"TooLarge", "The body is larger than 1 MB."},
	415: {"UnsupportedMediaType", "The body is not sent as application/json."},
	422: {"Unprocessable", "Fields of the wrong type, unknown fields, or values the rules refuse; one entry per field."},
	428: {"PreconditionRequired", "If-Match is missing."},
	429: {"TooManyRequests", "The token's rate limit is spent; Retry-After says how many seconds to wait."},
	500: {"InternalError", "An unexpected error; it is logged."},
	503: {"Unavailable", "The database cannot be reached; retry after Retry-After seconds."},
}

// always are the answers any authorised call may get.
var always = []int{401, 429, 500, 503}

func responses(ok obj, codes ...int) obj {
	out := obj{}
	for k, v := range ok {
		out[k] = v
	}
	for _, code := range append(codes, always...) {
		out[strconv.Itoa(code)] = obj{"$ref": "#/components/responses/" + problems[code][0]}
	}
	return out
}

func problemResponses() obj {
	out := obj{}
	retry := obj{"Retry-After": obj{"required": true, "schema": obj{"type": "integer", "minimum": 1}}}
	for code, p := range problems {
		schema := "Problem"
		if code == 422 {
			schema = "ValidationProblem"
		}
		r := obj{"description": p[1], "content": obj{MIMEProblem: obj{"schema": ref(schema)}}}
		if code == 429 || code == 503 {
			r["headers"] = retry
		}
		out[p[0]] = r
	}
	return out
}

func jsonContent(schema string) obj { return obj{"application/json": obj{"schema": ref(schema)}} }

func answer(description, schema string, headers obj) obj {
	r := obj{"description": description, "content": jsonContent(schema)}
	if headers != nil {
		r["headers"] = headers
	}
	return r
}

var (
	etagHeader = obj{"ETag": obj{"required": true, "description": "The request's version, quoted.",
		"schema": obj{"type": "string", "pattern": `^"[0-9]+"$`}}}
	idParam  = obj{"name": "id", "in": "path", "required": true, "schema": obj{"type": "integer", "minimum": 1}}
	pageArgs = []any{
		obj{"name": "cursor", "in": "query", "description": "next_cursor of the previous page.", "schema": obj{"type": "string"}},
		obj{"name": "limit", "in": "query", "schema": obj{"type": "integer", "minimum": 1, "maximum": MaxLimit, "default": DefaultLimit}},
	}
	ifMatch = func(required bool) obj {
		return obj{"name": "If-Match", "in": "header", "required": required,
			"description": "The ETag of the request as read.", "schema": obj{"type": "string"}}
	}
)

func op(summary, scope string, params []any, body obj, resps obj) obj {
	o := obj{"summary": summary, "description": "Scope: " + scope + ".", "responses": resps}
	if len(params) > 0 {
		o["parameters"] = params
	}
	if body != nil {
		o["requestBody"] = body
	}
	return o
}

func bodyOf(schema string, required bool) obj {
	return obj{"required": required, "content": jsonContent(schema)}
}

// decisionOp is the operation of one workflow decision.
func decisionOp(decision string) obj {
	var body obj
	switch input, required := models.DecisionInput(decision); {
	case input == models.InputReason:
		body = bodyOf("DecisionReason", required)
	case input == models.InputNote:
		body = bodyOf("DecisionNote", required)
	}
	return obj{"post": op("Decide: "+decision, "write (the workflow says who may take it)",
		[]any{idParam, ifMatch(false)}, body,
		responses(obj{"200": answer("The request after the decision.", "VMRequest", etagHeader)},
			400, 403, 404, 409, 412, 413, 415, 422))}
}

func document() obj {
	paths := obj{
		"/me": obj{"get": op("The token's user", "read", nil, nil,
			responses(obj{"200": answer("The user and the token.", "Me", nil)}))},
		"/vms": obj{
			"get": op("List requests (admins all, users their own), newest first", "read",
				append([]any{
					obj{"name": "q", "in": "query", "description": "Part of the VM name.", "schema": obj{"type": "string"}},
					obj{"name": "status", "in": "query", "schema": obj{"type": "string", "enum": models.Statuses}},
				}, pageArgs...), nil,
				responses(obj{"200": answer("A page of requests.", "VMRequestPage", nil)}, 400)),
			"post": op("Create a request (Pending)", "write", nil, bodyOf("VMRequestCreate", true),
				responses(obj{"201": answer("The new request.", "VMRequest", obj{
					"Location": obj{"required": true, "schema": obj{"type": "string"}}, "ETag": etagHeader["ETag"]})},
					400, 403, 413, 415, 422)),
		},
		"/vms/{id}": obj{
			"get": op("One request", "read", []any{idParam}, nil,
				responses(obj{"200": answer("The request.", "VMRequest", etagHeader)}, 404)),
			"patch": op("Change the given fields", "write; users their own Pending requests", []any{idParam, ifMatch(true)},
				bodyOf("VMRequestPatch", true),
				responses(obj{"200": answer("The request as saved.", "VMRequest", etagHeader)},
					400, 403, 404, 412, 413, 415, 422, 428)),
		},
		"/vms/{id}/history": obj{"get": op("The request's history, original submission first", "read", []any{idParam}, nil,
			responses(obj{"200": answer("The history.", "History", nil)}, 404))},
		"/vms/{id}/comments": obj{
			"get": op("The request's comments, oldest first", "read", []any{idParam}, nil,
				responses(obj{"200": answer("The comments.", "CommentList", nil)}, 404)),
			"post": op("Comment on the request (its owner and admins)", "write", []any{idParam}, bodyOf("CommentInput", true),
				responses(obj{"201": answer("The comment.", "Comment", obj{
					"Location": obj{"required": true, "schema": obj{"type": "string"}}})},
					400, 403, 404, 413, 415, 422)),
		},
		"/audit": obj{"get": op("The audit trail, newest first", "admin (and an admin user)",
			append([]any{
				obj{"name": "user", "in": "query", "description": "The actor's username.", "schema": obj{"type": "string"}},
				obj{"name": "action", "in": "query", "schema": obj{"type": "string", "enum": models.AuditActions}},
				obj{"name": "from", "in": "query", "description": "First day.", "schema": obj{"type": "string", "format": "date"}},
				obj{"name": "to", "in": "query", "description": "Last day.", "schema": obj{"type": "string", "format": "date"}},
			}, pageArgs...), nil,
			responses(obj{"200": answer("A page of the audit trail.", "AuditPage", nil)}, 400, 403))},
	}
	for _, d := range models.Decisions {
		paths["/vms/{id}/"+d] = decisionOp(d)
	}
	schemas := fixedSchemas()
	for k, v := range requestSchemas() {
		schemas[k] = v
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "VM Portal API", "version": "1",
			"description": "Requests for virtual machines: list, read, create, change, decide, history, comments, audit. " +
				"Authorise with a personal access token from /account/tokens: Authorization: Bearer <token>. " +
				"Errors are RFC 9457 problem details."},
		"servers":  []any{obj{"url": "/api/v1"}},
		"security": []any{obj{"token": []string{}}},
		"paths":    paths,
		"components": obj{
			"securitySchemes": obj{"token": obj{"type": "http", "scheme": "bearer", "description": "A personal access token (vmp_…)."}},
			"schemas":         schemas,
			"responses":       problemResponses(),
		},
	}
}
