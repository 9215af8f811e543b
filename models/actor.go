package models

import "context"

// Actor is who performs a change and from where: the "doer" every history
// and audit row names. It travels in the context of the statement, so any
// code path that saves through the models records the right person.
type Actor struct {
	UserID    int64  // 0 for the system (init-db, a command) or an anonymous visitor
	Username  string // the user's name, or the attempted one for a failed login
	IP        string // client address as the app sees it ("" for commands)
	UserAgent string
	// Via names how the actor came in when it is not a page, e.g.
	// "API token deploy-bot"; audit rows record it (details "via").
	Via string
}

type actorKey struct{}

// WithActor returns a copy of ctx that carries a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor carried by ctx, or the system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return SystemActor
}

// SystemActor stands for changes made by the portal's own commands.
var SystemActor = Actor{Username: "system"}
