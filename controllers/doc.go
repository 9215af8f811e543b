// Package controllers holds one file per resource: a struct with the
// resource's dependencies and the handlers the route table points at
// (Show, Create, …), plus the form each one parses. Every save handler has
// the same shape: load the actor, parse the form, validate, re-render with
// 422 on failure, or call the model, set a flash and redirect with 303.
package controllers
