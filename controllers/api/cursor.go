package api

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Lists come in pages of at most MaxLimit items (DefaultLimit when the
// call does not say), newest first. The cursor is opaque to clients: it
// encodes the last id of the page, and the next page starts below it, so
// items added while a client pages never make it skip or repeat one.
const (
	DefaultLimit = 25
	MaxLimit     = 100
)

const cursorPrefix = "id:"

// encodeCursor is the cursor of the page after the one that ended at id.
func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(id, 10)))
}

// page reads the cursor and limit query parameters: the id to continue
// below (0 for the first page) and the page size.
func page(c *fiber.Ctx) (before int64, limit int, err error) {
	limit = DefaultLimit
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxLimit {
			return 0, 0, problem(fiber.StatusBadRequest, "limit must be a whole number from 1 to 100.")
		}
		limit = n
	}
	if s := c.Query("cursor"); s != "" {
		raw, err := base64.RawURLEncoding.DecodeString(s)
		id, perr := strconv.ParseInt(strings.TrimPrefix(string(raw), cursorPrefix), 10, 64)
		if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) || perr != nil || id < 1 {
			return 0, 0, problem(fiber.StatusBadRequest, "cursor is not one this API gave out; use next_cursor of the previous page.")
		}
		before = id
	}
	return before, limit, nil
}

// pageJSON is a page of a list: its items and the cursor of the next page
// (null on the last one).
func pageJSON[T any](items []T, more bool, lastID int64) fiber.Map {
	var next any
	if more {
		next = encodeCursor(lastID)
	}
	return fiber.Map{"items": items, "next_cursor": next}
}
