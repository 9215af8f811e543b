package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"vmportal/app"
	"vmportal/app/apptest"
	"vmportal/config"
	"vmportal/models"
)

// TestUnauthorisedCalls: no token, a malformed or unknown one, an expired
// or revoked one, and a deactivated user's all answer 401.
func TestUnauthorisedCalls(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	alice := env.CreateUser("alice", models.RoleUser)
	expired, expiredTok := newToken(t, env, alice, models.ScopeRead)
	if err := env.DB.Gorm.Exec("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = ?", expiredTok.ID).Error; err != nil {
		t.Fatal(err)
	}
	revoked, revokedTok := newToken(t, env, alice, models.ScopeRead)
	if err := models.RevokeAPIToken(env.DB.Gorm.WithContext(env.Ctx(models.Actor{UserID: alice.ID})), alice, revokedTok.ID); err != nil {
		t.Fatal(err)
	}
	bob := env.CreateUser("bob", models.RoleUser)
	bobs, _ := newToken(t, env, bob, models.ScopeRead)
	if err := models.SetUserActive(env.DB.Gorm.WithContext(env.Ctx(models.SystemActor)), bob.ID, false); err != nil {
		t.Fatal(err)
	}
	for name, token := range map[string]string{
		"none": "", "unknown": models.TokenPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not ours": "abc",
		"expired": expired, "revoked": revoked, "deactivated user": bobs,
	} {
		t.Run(name, func(t *testing.T) {
			c := &apiClient{t: t, env: env, token: token}
			r := c.get("/api/v1/me").want(t, http.StatusUnauthorized)
			if r.Header.Get("WWW-Authenticate") == "" {
				t.Fatal("401 without WWW-Authenticate")
			}
		})
	}
	// Another scheme is not a token either.
	c := &apiClient{t: t, env: env}
	c.do(call{method: http.MethodGet, path: "/api/v1/me", header: map[string]string{"Authorization": "Basic YWxpY2U6eA=="}}).
		want(t, http.StatusUnauthorized)
}

// TestCookiesNeverAuthoriseTheAPI and tokens never authorise pages.
func TestCookiesAndTokensDoNotMix(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	browser := env.Admin()
	cookies := app.SessionCookie + "=" + browser.Cookie(app.SessionCookie) + "; " + app.CSRFCookie + "=" + browser.Cookie(app.CSRFCookie)
	c := &apiClient{t: t, env: env}
	c.do(call{method: http.MethodGet, path: "/api/v1/me", header: map[string]string{"Cookie": cookies}}).want(t, http.StatusUnauthorized)
	c.do(call{method: http.MethodPost, path: "/api/v1/vms", body: mustJSON(t, newRequestBody("cookie-1")),
		header: map[string]string{"Cookie": cookies}}).want(t, http.StatusUnauthorized)
	secret, _ := newToken(t, env, admin(t, env), models.ScopeAdmin)
	for _, path := range []string{"/dashboard", "/vms", "/audit"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		res, err := env.App.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next="+escape(path) {
			t.Fatalf("page %s with a token: %d %s", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

func escape(path string) string { return "%2F" + path[1:] }

// TestRoleChangeAndDeactivationActAtOnce: a token keeps its scope, but its
// powers follow the user's current role and active flag.
func TestRoleChangeAndDeactivationActAtOnce(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	carol := env.CreateUser("carol", models.RoleAdmin)
	alice := env.CreateUser("alice", models.RoleUser)
	aliceReq := clientFor(t, env, alice, models.ScopeWrite).post("/api/v1/vms", newRequestBody("alice-01")).want(t, http.StatusCreated)
	c := clientFor(t, env, carol, models.ScopeAdmin)
	c.get("/api/v1/audit").want(t, http.StatusOK)
	c.get("/api/v1/vms/"+aliceReq.str("id")).want(t, http.StatusOK)

	sys := env.DB.Gorm.WithContext(env.Ctx(models.SystemActor))
	if err := models.UpdateUserProfile(sys, carol.ID, carol.FullName, carol.Email, models.RoleUser); err != nil {
		t.Fatal(err)
	}
	c.get("/api/v1/audit").want(t, http.StatusForbidden)
	c.get("/api/v1/vms/"+aliceReq.str("id")).want(t, http.StatusNotFound)

	if err := models.SetUserActive(sys, carol.ID, false); err != nil {
		t.Fatal(err)
	}
	c.get("/api/v1/me").want(t, http.StatusUnauthorized)
}

// TestRateLimit: past the per-token allowance, 429 with Retry-After; other
// tokens are not affected.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, func(cfg *configT) { cfg.APIRateLimit = 3 })
	alice := env.CreateUser("alice", models.RoleUser)
	c := clientFor(t, env, alice, models.ScopeRead)
	for range 3 {
		c.get("/api/v1/me").want(t, http.StatusOK)
	}
	r := c.get("/api/v1/me").want(t, http.StatusTooManyRequests)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	clientFor(t, env, alice, models.ScopeRead).get("/api/v1/me").want(t, http.StatusOK)
}

// TestTokenUseIsRecordedSparingly: the last use is written on first use,
// not again within a minute from the same address; a new address is
// written and audited once.
func TestTokenUseIsRecordedSparingly(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, func(cfg *configT) { cfg.TrustedProxies = []string{"0.0.0.0"} })
	alice := env.CreateUser("alice", models.RoleUser)
	secret, tok := newToken(t, env, alice, models.ScopeRead)
	c := &apiClient{t: t, env: env, token: secret}
	from := func(ip string) {
		c.do(call{method: http.MethodGet, path: "/api/v1/me", header: map[string]string{"X-Forwarded-For": ip}}).want(t, http.StatusOK)
	}
	lastUse := func() (time.Time, string) {
		var row models.APIToken
		if err := env.DB.Gorm.Take(&row, tok.ID).Error; err != nil || row.LastUsedAt == nil || row.LastUsedIP == nil {
			t.Fatalf("last use not recorded: %v %+v", err, row)
		}
		return *row.LastUsedAt, *row.LastUsedIP
	}

	from("192.0.2.1")
	at1, ip1 := lastUse()
	from("192.0.2.1")
	if at2, _ := lastUse(); !at2.Equal(at1) || ip1 != "192.0.2.1" {
		t.Fatalf("second call within a minute wrote the last use again: %v → %v (%s)", at1, at2, ip1)
	}
	from("198.51.100.7")
	if _, ip := lastUse(); ip != "198.51.100.7" {
		t.Fatalf("new address not recorded: %s", ip)
	}
	rows := env.AuditEntries(models.ActionTokenNewAddress)
	if len(rows) != 2 || rows[1].Details["address"] != "198.51.100.7" || rows[1].Details["token"] != tok.Name {
		t.Fatalf("new-address audit rows: %+v", rows)
	}
}

type configT = config.Config
