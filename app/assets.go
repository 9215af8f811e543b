package app

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"
)

// assetURLs returns the template function "asset": it maps a path under
// public/ to its /static URL with a fingerprint of the file's content, e.g.
// "/static/css/styles.css?v=1a2b3c4d". A new release changes the URL of
// every file that changed, so browsers and Apache may cache them for long
// without ever serving a stale stylesheet or script.
func assetURLs(root fs.FS, cache bool) func(string) string {
	var mu sync.Mutex
	seen := map[string]string{}
	return func(name string) string {
		mu.Lock()
		defer mu.Unlock()
		if url, ok := seen[name]; ok && cache {
			return url
		}
		url := "/static/" + name
		if body, err := fs.ReadFile(root, name); err == nil {
			sum := sha256.Sum256(body)
			url += "?v=" + hex.EncodeToString(sum[:4])
		}
		seen[name] = url
		return url
	}
}
