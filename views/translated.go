package views

import (
	"bytes"
	"html"
	"io/fs"
	"regexp"
	"strings"

	"vmportal/i18n"
)

// Translated is fsys with the fixed texts of its templates written in, in
// tr's language: {{t "id"}} of a message that fills in no values becomes
// the message, HTML-escaped, and {{tHTML "id"}} its markup. About a fifth
// of a page's template actions were such lookups, each a reflective call
// and an escaper, for a text that never changes. An action is left as it
// is where HTML escaping would not be the escaping html/template applies
// (inside a URL, style or event attribute, or a <script> or <style>), and
// tHTML where it is not in text; an unknown id stays too, so it still
// shows on the page as itself.
func Translated(fsys fs.FS, tr *i18n.Translator) fs.FS {
	return rewrittenFS{fsys, func(src []byte) []byte { return translate(src, tr) }}
}

// fixedAction is a t or tHTML action with a literal message id and nothing
// else.
var fixedAction = regexp.MustCompile(`\{\{(t|tHTML) "([A-Za-z0-9_.]+)"\}\}`)

// unsafeAttribute ends inside an attribute value whose escaping is not
// plain HTML escaping.
var unsafeAttribute = regexp.MustCompile(`(?i)\b(href|src|action|formaction|style|on[a-z]+)\s*=\s*"[^"]*$`)

// translate writes the fixed texts of template source src in tr's words.
func translate(src []byte, tr *i18n.Translator) []byte {
	var b bytes.Buffer
	last := 0
	for _, m := range fixedAction.FindAllSubmatchIndex(src, -1) {
		text, ok := tr.Fixed(string(src[m[4]:m[5]]))
		if !ok || strings.Contains(text, "{{") {
			continue
		}
		before := src[:m[0]]
		tag := bytes.LastIndexByte(before, '<')
		inTag := tag >= 0 && bytes.IndexByte(before[tag:], '>') < 0
		if inRawText(before) || inTag && unsafeAttribute.Match(before[tag:]) {
			continue
		}
		if string(src[m[2]:m[3]]) == "t" {
			text = html.EscapeString(text)
		} else if inTag {
			continue // markup belongs in text, not in a tag
		}
		b.Write(src[last:m[0]])
		b.WriteString(text)
		last = m[1]
	}
	b.Write(src[last:])
	return b.Bytes()
}

// inRawText reports whether the end of before is inside a <script> or a
// <style> element.
func inRawText(before []byte) bool {
	lower := bytes.ToLower(before)
	for _, el := range []string{"script", "style"} {
		if bytes.LastIndex(lower, []byte("<"+el)) > bytes.LastIndex(lower, []byte("</"+el)) {
			return true
		}
	}
	return false
}
