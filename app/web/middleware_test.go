package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"vmportal/models"
)

func TestSafeNext(t *testing.T) {
	for next, want := range map[string]string{
		"/vms/7":                 "/vms/7",
		"/vms?status=Pending&q=": "/vms?status=Pending&q=",
		"":                       "/dashboard",
		"//evil.example":         "/dashboard",
		"///evil.example":        "/dashboard",
		"/\\evil.example":        "/dashboard",
		"/a\\b":                  "/dashboard",
		"https://evil.example":   "/dashboard",
		"javascript:alert(1)":    "/dashboard",
		"evil.example/x":         "/dashboard",
		"/x\r\nSet-Cookie: a=b":  "/dashboard",
		"/%2F%2Fevil.example":    "/%2F%2Fevil.example", // a path on this site, not a host
	} {
		if got := SafeNext(next, "/dashboard"); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestRequireRole(t *testing.T) {
	app := fiber.New()
	app.Use(func(c *fiber.Ctx) error {
		switch c.Get("X-Role") {
		case models.RoleAdmin:
			c.Locals(localUser, &models.User{ID: 1, Role: models.RoleAdmin})
		case models.RoleUser:
			c.Locals(localUser, &models.User{ID: 2, Role: models.RoleUser})
		}
		return c.Next()
	})
	app.Get("/admin", RequireAuth, RequireRole(models.RoleAdmin), func(c *fiber.Ctx) error { return c.SendString("ok") })
	for role, want := range map[string]int{models.RoleAdmin: 200, models.RoleUser: 403, "": 303} {
		req := httptest.NewRequest(http.MethodGet, "/admin", nil)
		req.Header.Set("X-Role", role)
		res, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != want {
			t.Errorf("role %q: status %d, want %d", role, res.StatusCode, want)
		}
	}
}
