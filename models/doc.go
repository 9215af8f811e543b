// Package models holds the portal's data: the GORM structs, their
// validation, the queries that read and write them (each taking a *gorm.DB
// that already carries the request's context), and the callbacks that keep
// the history and the audit trail. It knows nothing about HTTP: who is
// acting and from where travels in the context (see WithActor).
package models
