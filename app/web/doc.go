// Package web is the toolkit the controllers share: the session helpers
// (log in, log out, flash messages), the render helper that gives every
// page its common data, the middleware that loads the current user and
// guards routes by role, the request's language (Tr, SetLanguage) with the
// template sets per language (Views), refusals with a translated message
// (Refuse), and the client-address logic for proxies. It sits
// between app (which wires it) and controllers (which use it).
package web
