package views

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"vmportal/i18n"
	"vmportal/models"
)

// formerPagination is the partial the pager came from before pagination
// was written in Go: the oracle its output must match.
const formerPagination = `{{$q := .Query}}{{$l := .List}}
{{if or $l.HasPrev $l.HasNext}}
<nav aria-label="{{t "common.pages"}}">
  <ul class="pagination flex-wrap">
    <li class="page-item{{if not $l.HasPrev}} disabled{{end}}">
      {{if $l.HasPrev}}<a class="page-link" href="{{$q.URL (add $l.Page -1)}}" rel="prev">{{t "common.previous"}}</a>{{else}}<span class="page-link">{{t "common.previous"}}</span>{{end}}
    </li>
    {{range $l.Pages}}
    <li class="page-item{{if eq . $l.Page}} active{{end}}">
      {{if eq . $l.Page}}<span class="page-link" aria-current="page">{{.}}</span>{{else}}<a class="page-link" href="{{$q.URL .}}">{{.}}</a>{{end}}
    </li>
    {{end}}
    <li class="page-item{{if not $l.HasNext}} disabled{{end}}">
      {{if $l.HasNext}}<a class="page-link" href="{{$q.URL (add $l.Page 1)}}" rel="next">{{t "common.next"}}</a>{{else}}<span class="page-link">{{t "common.next"}}</span>{{end}}
    </li>
  </ul>
</nav>
{{end}}`

// searchLinks links pages of a search for a term that needs escaping, as
// the list's query does.
type searchLinks struct{}

func (searchLinks) URL(page int) string {
	return "/vms?" + url.Values{"q": {`a"b<c>&d é`}, "page": {strconv.Itoa(page)}}.Encode()
}

// TestPaginationMatchesTheFormerPartial: the pager written in Go is the
// former partial's markup, in both languages, on a single page (none),
// the first, a middle and the last page.
func TestPaginationMatchesTheFormerPartial(t *testing.T) {
	pagers := []models.Pager{
		{Page: 1, Pages: []int{1}},
		{Page: 1, Pages: []int{1, 2, 3, 4, 5}, HasNext: true},
		{Page: 7, Pages: []int{3, 4, 5, 6, 7, 8, 9}, HasPrev: true, HasNext: true},
		{Page: 9, Pages: []int{5, 6, 7, 8, 9}, HasPrev: true},
	}
	for _, lang := range []string{i18n.English, "es"} {
		v := viewFuncs{i18n.For(lang)}
		oracle := template.Must(template.New("pager").Funcs(Funcs(i18n.For(lang))).Parse(formerPagination))
		for _, p := range pagers {
			var want strings.Builder
			if err := oracle.Execute(&want, map[string]any{"Query": searchLinks{}, "List": p}); err != nil {
				t.Fatal(err)
			}
			if got := string(v.pagination(searchLinks{}, p)); normal(got) != sameAttribute(normal(want.String())) {
				t.Errorf("%s %+v: pager differs from the former partial:\n got %s\nwant %s", lang, p, normal(got), sameAttribute(normal(want.String())))
			}
		}
	}
}

// sameAttribute undoes the one difference between html/template's
// escaping of an attribute and template.HTMLEscapeString's: "+" written
// as "&#43;", which a browser reads as "+" all the same.
func sameAttribute(s string) string { return strings.ReplaceAll(s, "&#43;", "+") }
