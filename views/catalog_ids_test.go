package views

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"vmportal/i18n"
)

// catalogID finds the IDs a template names literally: {{t "list.title"}},
// {{tHTML "layout.x_html"}}, also inside parentheses.
var catalogID = regexp.MustCompile(`[{(]\s*(?:t|tHTML)\s+"([^"]+)"`)

// Every ID a template names is in the catalogs: a misspelt or forgotten
// ID would otherwise show on the page as the ID itself.
func TestTemplatesNameKnownCatalogIDs(t *testing.T) {
	ids, err := i18n.IDs(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	err = fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		src, err := fs.ReadFile(FS, path)
		if err != nil {
			return err
		}
		for _, m := range catalogID.FindAllStringSubmatchIndex(string(src), -1) {
			if id := string(src[m[2]:m[3]]); !slices.Contains(ids, id) {
				t.Errorf("views/%s:%d: %q is not in %s", path, 1+strings.Count(string(src[:m[0]]), "\n"), id,
					i18n.CatalogPath(i18n.English))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
