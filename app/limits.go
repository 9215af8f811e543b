package app

import (
	"bytes"
	"time"

	"github.com/valyala/fasthttp"

	"vmportal/models"
)

// Limits of the routes that need their own, applied by fasthttp as soon as
// the request's headers are read (before the body, before routing).
const (
	// importBodyLimit leaves room for the largest request import (a 5 MB
	// CSV file) and its multipart envelope; every other request keeps
	// Fiber's default body limit (4 MB). A larger body is refused with 413.
	importBodyLimit = models.MaxImportBytes + 1<<20
	// exportWriteTimeout bounds a CSV download: a streamed export of a
	// million requests takes longer than the server's WriteTimeout, which
	// fasthttp sets once for the whole response.
	exportWriteTimeout = time.Hour
)

// routeLimits is the server's HeaderReceived hook: a larger body for the
// CSV import, more time for CSV exports; zero values keep the defaults.
func routeLimits(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	path, _, _ := bytes.Cut(h.RequestURI(), []byte("?"))
	switch {
	case h.IsPost() && string(path) == "/vms/import":
		return fasthttp.RequestConfig{MaxRequestBodySize: importBodyLimit}
	case h.IsGet() && bytes.HasSuffix(path, []byte(".csv")):
		return fasthttp.RequestConfig{WriteTimeout: exportWriteTimeout}
	}
	return fasthttp.RequestConfig{}
}
