package api

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"vmportal/models"
)

// Authenticate lets through calls with a valid bearer token: it reads the
// token and its user in one query (a revoked or expired token, or a
// deactivated user, is refused at once), spends one call of the token's
// rate limit, records the use (a write at most once a minute, or when the
// address changes) and puts the actor, naming the token, in the context
// for history and audit rows. Cookies are never looked at.
func (a *API) Authenticate(c *fiber.Ctx) error {
	secret, ok := bearer(c.Get(fiber.HeaderAuthorization))
	if !ok {
		return problem(fiber.StatusUnauthorized, "Send a personal access token as \"Authorization: Bearer <token>\"; create one at /account/tokens.")
	}
	t, u, err := models.AuthenticateToken(a.DB.WithContext(c.UserContext()), secret)
	switch {
	case errors.Is(err, models.ErrTokenInvalid), errors.Is(err, models.ErrTokenExpired),
		errors.Is(err, models.ErrTokenRevoked), errors.Is(err, models.ErrTokenUser):
		return problem(fiber.StatusUnauthorized, capitalize(err.Error())+".")
	case err != nil:
		return err
	}
	if ok, wait := a.Limiter.Take(t.ID); !ok {
		p := problem(fiber.StatusTooManyRequests, "This token has made too many calls; wait before the next one.")
		p.retryAfter = retrySeconds(wait)
		return p
	}
	ip := a.Proxies.ClientIP(c)
	ctx := models.WithActor(c.UserContext(), models.Actor{
		UserID: u.ID, Username: u.Username, IP: ip, UserAgent: c.Get(fiber.HeaderUserAgent), Via: t.Via(),
	})
	c.SetUserContext(ctx)
	if err := t.Touch(a.DB.WithContext(ctx), ip); err != nil {
		return err
	}
	c.Locals(localUser, u)
	c.Locals(localToken, t)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// bearer reads the token of an "Authorization: Bearer <token>" header.
func bearer(header string) (string, bool) {
	scheme, secret, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	secret = strings.TrimSpace(secret)
	return secret, secret != ""
}

// Scope lets through calls whose token has at least scope need. The admin
// scope also needs the user to be an admin now: a token outlives a role
// change, its powers do not.
func Scope(need string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		t, u := token(c), user(c)
		if !t.Allows(need) {
			return problem(fiber.StatusForbidden, "This token's scope is "+t.Scope+"; this call needs "+need+".")
		}
		if need == models.ScopeAdmin && !u.IsAdmin() {
			return problem(fiber.StatusForbidden, "This call is for administrators only.")
		}
		return c.Next()
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
