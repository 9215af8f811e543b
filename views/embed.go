// Package views embeds the HTML templates, so the binary carries them.
// Pages live at the top, the layout in layouts/, shared pieces in
// partials/, error pages in errors/.
package views

import "embed"

// FS holds every template, named by its path relative to this folder.
//
//go:embed *.html layouts partials errors
var FS embed.FS
