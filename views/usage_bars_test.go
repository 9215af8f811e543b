package views

import (
	"html/template"
	"strings"
	"testing"

	"vmportal/i18n"
	"vmportal/models"
)

// formerUsageBar is the partial (partials/usage_bar) the pages used
// before usageBars was written in Go: the oracle its output must match.
const formerUsageBar = `{{range .}}<div class="usage mb-1">
  <div class="d-flex justify-content-between small"><span class="fw-semibold">{{t .NameMessage}}</span><span>{{t "capacity.usage" "Used" (number .Allocated) "Limit" (number .Limit) "Unit" (t .UnitMessage) "Percent" (.Percent .Allocated)}}{{if .Over .Allocated}} <span class="text-danger fw-semibold">{{t "capacity.over"}}</span>{{end}}</span></div>
  <svg class="usage-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <rect width="100" height="6" rx="1" fill="#dee2e6"/>
    <rect width="{{.Bar .Allocated}}" height="6" rx="1" fill="{{if .Over .Allocated}}#b02a37{{else}}#0b5ed7{{end}}"/>
  </svg>
</div>
{{end}}`

// TestUsageBarsMatchTheFormerPartial: the bars written in Go are the
// former partial's markup in both languages, for a host with room, one
// past its limit, one with thousands to group and one with no limit.
func TestUsageBarsMatchTheFormerPartial(t *testing.T) {
	hosts := []*models.HostUsage{
		{VirtualHost: models.VirtualHost{Name: "esx-01", CPUCores: 32, RAMGB: 256, DiskGB: 4000, CPUOvercommit: 150, RAMOvercommit: 100},
			AllocCPUs: 12, AllocRAMGB: 64, AllocDiskGB: 1200},
		{VirtualHost: models.VirtualHost{Name: "esx-02", CPUCores: 8, RAMGB: 16, DiskGB: 100000, CPUOvercommit: 100, RAMOvercommit: 100},
			AllocCPUs: 9, AllocRAMGB: 20, AllocDiskGB: 123456},
		{VirtualHost: models.VirtualHost{Name: "esx-03", CPUOvercommit: 100, RAMOvercommit: 100}},
	}
	for _, lang := range []string{i18n.English, i18n.Spanish} {
		v := viewFuncs{i18n.For(lang)}
		oracle := template.Must(template.New("bars").Funcs(Funcs(i18n.For(lang))).Parse(formerUsageBar))
		for _, h := range hosts {
			resources := h.Resources(nil)
			var want strings.Builder
			if err := oracle.Execute(&want, resources); err != nil {
				t.Fatal(err)
			}
			if got := string(v.usageBars(resources)); got != want.String() {
				t.Errorf("%s %s: bars differ from the former partial:\n got %s\nwant %s", lang, h.Name, got, want.String())
			}
		}
	}
}
