package web

import (
	"github.com/gofiber/fiber/v2"

	"vmportal/i18n"
	"vmportal/models"
)

// localTranslator is the Locals key of the request's *i18n.Translator.
const localTranslator = "web.translator"

// chooseLanguage settles the request's language once, after the session
// and user are loaded: the user's stored choice, else the choice made in
// this session before logging in (the login page's picker), else the
// browser's Accept-Language, else English.
func chooseLanguage(c *fiber.Ctx, sess *session) {
	stored := sess.values.Lang
	if u := CurrentUser(c); u != nil && u.Language != "" {
		stored = u.Language
	}
	// Pages differ by Accept-Language for visitors who picked nothing.
	c.Vary(fiber.HeaderAcceptLanguage)
	c.Locals(localTranslator, i18n.For(i18n.Match(stored, c.Get(fiber.HeaderAcceptLanguage))))
}

// Tr is the translator of the request's language. Requests that never
// reached the session middleware (an unrouted path's 404) are answered
// in the browser's language.
func Tr(c *fiber.Ctx) *i18n.Translator {
	if t, ok := c.Locals(localTranslator).(*i18n.Translator); ok {
		return t
	}
	return i18n.For(i18n.Match(c.Get(fiber.HeaderAcceptLanguage)))
}

// SetLanguage makes lang the visitor's language from this request on: it
// is stored on the logged-in user, so it follows them to every browser,
// or in the session of an anonymous visitor (and kept by logging in).
func (s *Site) SetLanguage(c *fiber.Ctx, lang string) error {
	sess, err := sessionOf(c)
	if err != nil {
		return err
	}
	if u := CurrentUser(c); u != nil {
		if err := models.SetUserLanguage(s.DB.WithContext(c.UserContext()), u.ID, lang); err != nil {
			return err
		}
		u.Language = lang
	}
	sess.values.Lang, sess.changed = lang, true
	c.Locals(localTranslator, i18n.For(lang))
	return nil
}
