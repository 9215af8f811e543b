package web

import (
	"bufio"
	"time"

	"github.com/gofiber/fiber/v2"

	"vmportal/views"
)

// StreamCSV answers with a CSV download named "<name>-<time>.csv" and
// streams it: write is called once the headers are sent and writes the
// rows (from a database cursor, so memory stays flat however long the
// file). An error after the first row cannot change the status any more,
// so it ends the file with a row that says the export stopped early.
func (s *Site) StreamCSV(c *fiber.Ctx, name string, write func(w *views.CSVWriter) error) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+"-"+time.Now().UTC().Format("20060102-150405")+`.csv"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Context().SetBodyStreamWriter(func(bw *bufio.Writer) {
		w := views.NewCSVWriter(bw)
		if err := write(w); err != nil {
			s.Log.Error("csv export failed", "export", name, "err", err)
			_ = w.Write([]string{"export-error", "the export stopped early: " + err.Error()})
		}
		_ = bw.Flush()
	})
	return nil
}
