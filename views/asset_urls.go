package views

import (
	"io/fs"
	"regexp"
)

// WithAssetURLs is fsys with each {{asset "path"}} of its templates
// written in as the URL asset gives for it. Those URLs change only with
// the files (a fingerprint of their content), and the layout's four were
// twelve reflective calls on every page, the function and two escapers
// each. Only an action that is a whole href or src value is written in,
// and only when html/template would write the URL unchanged (letters,
// digits and / . _ - ? =); any other stays an action. In development
// mode the templates are read again on every request, so an edited
// file's new URL still shows at once.
func WithAssetURLs(fsys fs.FS, asset func(string) string) fs.FS {
	return rewrittenFS{fsys, func(src []byte) []byte { return writeAssetURLs(src, asset) }}
}

// assetAttribute is an href or src attribute whose value is one asset
// action with a literal path.
var assetAttribute = regexp.MustCompile(`\b(href|src)="\{\{asset "([^"{}]+)"\}\}"`)

// plainURL is a URL html/template writes into an attribute unchanged.
var plainURL = regexp.MustCompile(`^[A-Za-z0-9/._?=-]+$`)

// writeAssetURLs writes the asset URLs of template source src in.
func writeAssetURLs(src []byte, asset func(string) string) []byte {
	return assetAttribute.ReplaceAllFunc(src, func(attr []byte) []byte {
		m := assetAttribute.FindSubmatch(attr)
		url := asset(string(m[2]))
		if !plainURL.MatchString(url) {
			return attr
		}
		return []byte(string(m[1]) + `="` + url + `"`)
	})
}
