// Package api is the portal's REST API under /api/v1: JSON in the field
// names of the request field description (models.RequestFields),
// authorised only by personal access tokens (Authorization: Bearer), with
// cursor pagination, ETag / If-Match optimistic locking, RFC 9457 problem
// details for every error, and a per-token rate limit. It writes through
// the same models as the pages (validation, history callbacks, audit), so
// an API change is recorded like any other, with the token named in the
// audit row. The OpenAPI 3.1 document (GET /api/openapi.json) is built once
// from openapi.json and the field description.
//
// Cookies never authorise the API, so it needs no CSRF token; tokens never
// authorise the pages: the API's routes come before the session middleware
// and never read a session.
package api
