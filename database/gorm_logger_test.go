package database

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// TestGormLoggerBuildsTextOnlyToLogIt checks that the statement's text is
// built (fc called) exactly when the statement is logged.
func TestGormLoggerBuildsTextOnlyToLogIt(t *testing.T) {
	now := time.Now()
	slow := now.Add(-2 * slowStatement)
	cases := []struct {
		name  string
		level logger.LogLevel
		begin time.Time
		err   error
		logs  string // "" when nothing may be logged or built
	}{
		{"fast statement", logger.Warn, now, nil, ""},
		{"record not found", logger.Warn, now, gorm.ErrRecordNotFound, ""},
		{"wrapped record not found", logger.Warn, now, errors.Join(gorm.ErrRecordNotFound), ""},
		{"error", logger.Warn, now, errors.New("boom"), "level=ERROR"},
		{"slow statement", logger.Warn, slow, nil, "level=WARN"},
		{"silent, even on error", logger.Silent, slow, errors.New("boom"), ""},
		{"every statement at Info", logger.Info, now, nil, "level=INFO"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			l := newGormLogger(slog.New(slog.NewTextHandler(&out, nil))).LogMode(tc.level)
			built := false
			l.Trace(context.Background(), tc.begin, func() (string, int64) {
				built = true
				return "SELECT 42", 1
			}, tc.err)
			if tc.logs == "" {
				if built || out.Len() > 0 {
					t.Fatalf("built %v, logged %q; want neither", built, out.String())
				}
				return
			}
			if !built || !strings.Contains(out.String(), tc.logs) || !strings.Contains(out.String(), "SELECT 42") {
				t.Fatalf("built %v, logged %q; want the statement at %s", built, out.String(), tc.logs)
			}
		})
	}
}
