package config

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	cfg, err := FromLookup(lookup(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ListenAddr != "127.0.0.1:8080" || cfg.AdminPassword != "SvaTecnica1" || cfg.CookieSecure ||
		cfg.LogLevel != slog.LevelInfo || cfg.BcryptCost != 12 || !strings.Contains(cfg.DatabaseURL, "/vmportal") {
		t.Fatalf("defaults = %+v", cfg)
	}
}

func TestFromEnvironment(t *testing.T) {
	cfg, err := FromLookup(lookup(map[string]string{
		"DATABASE_URL":           "postgres://u:p@db:5432/x",
		"MIGRATION_DATABASE_URL": "postgres://owner:p@db:5432/x",
		"LISTEN_ADDR":            "0.0.0.0:9000",
		"ADMIN_PASSWORD":         "Another-Secret-1",
		"COOKIE_SECURE":          "true",
		"TRUSTED_PROXIES":        "127.0.0.1, 10.0.0.0/8",
		"LOG_LEVEL":              "debug",
		"SESSION_TTL":            "2h",
		"BCRYPT_COST":            "13",
		"API_RATE_LIMIT":         "60",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DatabaseURL != "postgres://u:p@db:5432/x" || cfg.MigrationDatabaseURL != "postgres://owner:p@db:5432/x" || cfg.ListenAddr != "0.0.0.0:9000" ||
		cfg.AdminPassword != "Another-Secret-1" || !cfg.CookieSecure || len(cfg.TrustedProxies) != 2 ||
		cfg.LogLevel != slog.LevelDebug || cfg.SessionTTL != 2*time.Hour || cfg.BcryptCost != 13 ||
		cfg.APIRateLimit != 60 {
		t.Fatalf("cfg = %+v", cfg)
	}
}

func TestInvalidSettingsAreReportedTogether(t *testing.T) {
	_, err := FromLookup(lookup(map[string]string{
		"COOKIE_SECURE":   "maybe",
		"TRUSTED_PROXIES": "proxy.example",
		"BCRYPT_COST":     "4",
		"LISTEN_ADDR":     "8080",
		"API_RATE_LIMIT":  "lots",
	}))
	if err == nil {
		t.Fatal("invalid settings accepted")
	}
	for _, name := range []string{"COOKIE_SECURE", "TRUSTED_PROXIES", "BCRYPT_COST", "LISTEN_ADDR", "API_RATE_LIMIT"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
}
