package apptest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
)

// PostFile posts a multipart form to path, as a browser uploads a file:
// content as the file field named field (file name filename), with the
// remembered CSRF token.
func (c *Client) PostFile(path, field, filename string, content []byte) *Response {
	c.t.Helper()
	if c.csrf == "" {
		c.Get("/login") // any page issues a token
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if err := w.WriteField("_csrf", c.csrf); err != nil {
		c.t.Fatalf("apptest: multipart: %v", err)
	}
	fw, err := w.CreateFormFile(field, filename)
	if err == nil {
		_, err = fw.Write(content)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		c.t.Fatalf("apptest: multipart: %v", err)
	}
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}
