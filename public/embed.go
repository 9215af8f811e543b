// Package public embeds the static files served under /static: the
// vendored Bootstrap, the portal's stylesheet and its script.
package public

import "embed"

// FS holds css/, js/ and vendor/.
//
//go:embed css js vendor
var FS embed.FS
