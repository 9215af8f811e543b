// Package config loads the portal's settings from environment variables,
// applies defaults that work on a developer machine, and validates them once
// at start-up. The resulting Config is passed explicitly to whoever needs it.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// DefaultAdminPassword is the password the seeded admin gets unless
// ADMIN_PASSWORD says otherwise before the first start.
const DefaultAdminPassword = "SvaTecnica1"

// Config holds every setting of the portal. Each field is read from the
// environment variable named in its comment.
type Config struct {
	// DatabaseURL is the libpq URL of the PostgreSQL database (DATABASE_URL).
	DatabaseURL string
	// MigrationDatabaseURL is the URL init-db connects with, as the role
	// that owns the schema (MIGRATION_DATABASE_URL); empty means
	// DatabaseURL. When its user differs from DatabaseURL's, init-db grants
	// that runtime role what the app needs and no more.
	MigrationDatabaseURL string
	// ListenAddr is the host:port the web server binds to (LISTEN_ADDR).
	ListenAddr string
	// AdminPassword is the seeded admin's initial password (ADMIN_PASSWORD),
	// used only when init-db first creates the admin.
	AdminPassword string
	// CookieSecure marks the session and CSRF cookies Secure (COOKIE_SECURE);
	// turn it on whenever the portal is served over HTTPS.
	CookieSecure bool
	// TrustedProxies lists the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For and X-Forwarded-Proto headers are believed
	// (TRUSTED_PROXIES, comma separated). Empty: no proxy is trusted.
	TrustedProxies []string
	// LogLevel is debug, info, warn or error (LOG_LEVEL).
	LogLevel slog.Level
	// SessionTTL is how long an idle session stays valid (SESSION_TTL).
	SessionTTL time.Duration
	// DevMode reads templates and static files from disk and reloads
	// templates on every request (DEV_MODE), for live editing.
	DevMode bool
	// BcryptCost is the cost of new password hashes (BCRYPT_COST, 12–15).
	BcryptCost int
	// LDAP configures directory login (LDAP_*); off unless LDAP_URL is set.
	LDAP LDAP
	// Notify configures email notifications (SMTP_URL, MAIL_FROM, BASE_URL).
	Notify Notify
}

// loadServer reads the settings of the web server and its sessions:
// trusted proxies, log level, session lifetime, bcrypt cost.
func loadServer(cfg *Config, get func(string) (string, bool)) []string {
	var errs []string
	if v, ok := get("TRUSTED_PROXIES"); ok {
		for _, p := range strings.Split(v, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if !validProxy(p) {
				errs = append(errs, fmt.Sprintf("TRUSTED_PROXIES: %q is neither an IP address nor a CIDR range", p))
			}
			cfg.TrustedProxies = append(cfg.TrustedProxies, p)
		}
	}
	if v, ok := get("LOG_LEVEL"); ok {
		if err := cfg.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Sprintf("LOG_LEVEL=%q: want debug, info, warn or error", v))
		}
	}
	if v, ok := get("SESSION_TTL"); ok {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			errs = append(errs, fmt.Sprintf("SESSION_TTL=%q: want a duration of at least 1m, e.g. 12h", v))
		}
		cfg.SessionTTL = d
	}
	if v, ok := get("BCRYPT_COST"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 12 || n > 15 {
			errs = append(errs, fmt.Sprintf("BCRYPT_COST=%q: want a whole number from 12 to 15", v))
		}
		cfg.BcryptCost = n
	}
	return errs
}

// Defaults returns the configuration used when no variable is set.
func Defaults() Config {
	return Config{
		DatabaseURL:   "postgres://vmportal:vmportal@127.0.0.1:5432/vmportal?sslmode=disable",
		ListenAddr:    "127.0.0.1:8080",
		AdminPassword: DefaultAdminPassword,
		LogLevel:      slog.LevelInfo,
		SessionTTL:    12 * time.Hour,
		BcryptCost:    12,
		LDAP:          defaultLDAP(),
		Notify:        defaultNotify(),
	}
}

// Load reads the configuration from the process environment.
func Load() (Config, error) {
	return FromLookup(os.LookupEnv)
}

// FromLookup reads the configuration through lookup (os.LookupEnv in
// production, a map in tests) and validates it.
func FromLookup(lookup func(string) (string, bool)) (Config, error) {
	cfg := Defaults()
	var errs []string
	get := func(name string) (string, bool) {
		v, ok := lookup(name)
		v = strings.TrimSpace(v)
		return v, ok && v != ""
	}
	if v, ok := get("DATABASE_URL"); ok {
		cfg.DatabaseURL = v
	}
	if v, ok := get("MIGRATION_DATABASE_URL"); ok {
		cfg.MigrationDatabaseURL = v
	}
	if v, ok := get("LISTEN_ADDR"); ok {
		cfg.ListenAddr = v
	}
	if v, ok := lookup("ADMIN_PASSWORD"); ok && v != "" {
		cfg.AdminPassword = v
	}
	boolean := func(name string, into *bool) {
		if v, ok := get(name); ok {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s=%q: want true or false", name, v))
			}
			*into = b
		}
	}
	boolean("COOKIE_SECURE", &cfg.CookieSecure)
	boolean("DEV_MODE", &cfg.DevMode)
	errs = append(errs, loadServer(&cfg, get)...)
	errs = append(errs, loadNotify(&cfg.Notify, get)...)
	errs = append(errs, loadLDAP(&cfg.LDAP, lookup, get, boolean)...)
	if _, _, err := net.SplitHostPort(cfg.ListenAddr); err != nil {
		errs = append(errs, fmt.Sprintf("LISTEN_ADDR=%q: want host:port", cfg.ListenAddr))
	}
	if len(errs) > 0 {
		return cfg, fmt.Errorf("config: %s", strings.Join(errs, "; "))
	}
	return cfg, nil
}

func validProxy(p string) bool {
	if net.ParseIP(p) != nil {
		return true
	}
	_, _, err := net.ParseCIDR(p)
	return err == nil
}
