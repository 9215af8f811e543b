package database

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// slowStatement is how long a statement runs before it is logged.
const slowStatement = 200 * time.Millisecond

// gormLogger logs slow statements and real errors through slog, and leaves
// out "record not found", which callers handle as a normal answer.
//
// It wraps GORM's slog logger to ask for a statement's text only when it
// will log it: GORM's own Trace builds the text, every value interpolated
// with regular expressions, for every statement, logged or not — a tenth
// of what a page allocates.
type gormLogger struct {
	logger.Interface
	level logger.LogLevel
}

func newGormLogger(log *slog.Logger) logger.Interface {
	cfg := logger.Config{SlowThreshold: slowStatement, IgnoreRecordNotFoundError: true, LogLevel: logger.Warn}
	return gormLogger{Interface: logger.NewSlogLogger(log, cfg), level: cfg.LogLevel}
}

// LogMode keeps the wrapper around the logger at the new level (db.Debug()
// asks for Info, which logs every statement).
func (l gormLogger) LogMode(level logger.LogLevel) logger.Interface {
	return gormLogger{Interface: l.Interface.LogMode(level), level: level}
}

// Trace hands the statement to GORM's logger only when that logger would
// write it: an error other than "record not found", a slow statement, or
// every statement at level Info.
func (l gormLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	quiet := err == nil || errors.Is(err, gorm.ErrRecordNotFound)
	if quiet && l.level < logger.Info && time.Since(begin) <= slowStatement {
		return
	}
	l.Interface.Trace(ctx, begin, fc, err)
}
