package views

import (
	"math"
	"strings"
	"testing"
	"time"

	"vmportal/i18n"
	"vmportal/models"
)

func TestNiceCeilingGivesRoundWholeTicks(t *testing.T) {
	for v, want := range map[int64]int64{0: 4, 1: 4, 4: 4, 5: 8, 9: 20, 21: 40, 399: 400, 401: 800, 1234: 2000, 950_000: 2_000_000} {
		if got := niceCeiling(v); got != want {
			t.Errorf("niceCeiling(%d) = %d, want %d", v, got, want)
		}
	}
}

// TestMonthChartStacksToScale: each bar's segments stack from the
// baseline without gaps, in status order, and the tallest month reaches
// its share of the axis; empty months and statuses draw nothing.
func TestMonthChartStacksToScale(t *testing.T) {
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	months := make([]models.MonthCounts, 12)
	for i := range months {
		months[i] = models.MonthCounts{Month: first.AddDate(0, i, 0), Counts: make([]int64, len(models.Statuses))}
	}
	months[3].Counts = []int64{5, 0, 2, 9, 0, 0}
	months[3].Total = 16
	months[11].Counts = []int64{1, 0, 0, 0, 0, 0}
	months[11].Total = 1
	c := viewFuncs{i18n.For(i18n.English)}.newMonthChart(months)
	if len(c.Bars) != 12 || len(c.Ticks) != chartTicks+1 || c.Ticks[chartTicks].Label != "20" {
		t.Fatalf("%d bars, ticks %+v", len(c.Bars), c.Ticks)
	}
	april := c.Bars[3]
	if len(april.Segments) != 3 || april.Label != "Apr" || april.Title != "April 2026: 16 requests" {
		t.Fatalf("April: %+v", april)
	}
	y := c.Baseline
	for _, s := range april.Segments {
		if math.Abs(s.Y+s.Height-y) > 1e-9 {
			t.Fatalf("segment %s does not sit on the one below", s.Status)
		}
		y = s.Y
	}
	top := c.Ticks[chartTicks].Y
	if want := c.Baseline - (c.Baseline-top)*16/20; math.Abs(y-want) > 1e-9 {
		t.Errorf("April's top at %v, want %v", y, want)
	}
	if len(c.Bars[0].Segments) != 0 || april.Segments[0].Class != "chart-pending" || april.Segments[2].Class != "chart-active" {
		t.Errorf("segments: %+v", april.Segments)
	}
	if c.Title != "Requests per month, January 2026 to December 2026" {
		t.Errorf("title %q", c.Title)
	}
	if c.Rows[3].Name != "April 2026" || c.Rows[3].Total != 16 {
		t.Errorf("table row: %+v", c.Rows[3])
	}
}

// TestMonthChartSpeaksThePagesLanguage: month names, counts and titles
// come from the catalog of the page's language, numbers grouped its way.
func TestMonthChartSpeaksThePagesLanguage(t *testing.T) {
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	months := make([]models.MonthCounts, 12)
	for i := range months {
		months[i] = models.MonthCounts{Month: first.AddDate(0, i, 0), Counts: make([]int64, len(models.Statuses))}
	}
	months[8].Counts[0], months[8].Total = 12_000, 12_000
	months[11].Counts[0], months[11].Total = 1, 1
	c := viewFuncs{i18n.For("es")}.newMonthChart(months)
	if c.Title != "Solicitudes por mes, de enero de 2026 a diciembre de 2026" {
		t.Errorf("title %q", c.Title)
	}
	if b := c.Bars[8]; b.Label != "sep" || b.Title != "septiembre de 2026: 12.000 solicitudes" {
		t.Errorf("September: %q %q", b.Label, b.Title)
	}
	if b := c.Bars[11]; b.Title != "diciembre de 2026: 1 solicitud" {
		t.Errorf("December: %q", b.Title)
	}
	if c.Ticks[chartTicks].Label != "20.000" || !strings.HasPrefix(c.Summary, "12.001 solicitudes en estos meses") {
		t.Errorf("ticks %+v, summary %q", c.Ticks, c.Summary)
	}
}
