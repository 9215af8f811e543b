// Package views is the presentation layer: the HTML templates, embedded
// so the binary carries them, and the view helpers they call (Funcs) —
// labels, formatting, the controls and cells built from the request field
// descriptions, readable audit details. Pages live at the top, the layout
// in layouts/, shared pieces in partials/, error pages in errors/.
package views

import "embed"

// FS holds every template, named by its path relative to this folder.
//
//go:embed *.html layouts partials errors
var FS embed.FS
