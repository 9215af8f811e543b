package views

import (
	"strconv"
	"strings"
	"time"

	"vmportal/i18n"
	"vmportal/models"
)

// The dashboard's chart of requests per month, by status: a stacked bar
// per month, drawn as inline SVG on the server (no script, nothing from
// another site). The template (partials/month_chart.html) writes the
// shapes this file places; colours are CSS variables (styles.css) chosen
// to keep 3:1 contrast against both a light and a dark page, and text
// uses currentColor. A table beside it is the text alternative.

// Chart geometry, in SVG user units (the chart scales to its box).
const (
	chartWidth   = 480
	chartHeight  = 260
	chartLeft    = 40 // room for the y axis labels
	chartBottom  = 28 // room for the month labels
	chartTop     = 10
	chartTicks   = 4
	chartBarFill = 0.6 // share of a month's slot the bar takes
)

// monthChart is what partials/month_chart renders; its words are in the
// page's language.
type monthChart struct {
	Width, Height  int
	Left, Right    int
	Baseline       float64
	Bars           []chartBar
	Ticks          []chartTick
	Statuses       []string
	Rows           []chartRow
	Max            int64
	Title, Summary string
}

// chartBar is one month's stack of segments.
type chartBar struct {
	X, Width, LabelX float64
	Label            string // short month name
	Title            string // "March 2026: 12 requests"
	Segments         []chartSegment
}

// chartSegment is one status's part of a bar.
type chartSegment struct {
	Y, Height float64
	Class     string
	Status    string
	N         int64
}

// chartTick is a horizontal grid line with its value.
type chartTick struct {
	Y     float64
	Label string
}

// chartRow is one month of the table that gives the chart as text.
type chartRow struct {
	Name   string // "March 2026"
	Counts []int64
	Total  int64
}

// MonthChart is the partial that draws the chart of NewMonthChart.
const MonthChart = "partials/month_chart"

// NewMonthChart places the bars of months (oldest first), with the words
// and numbers of tr's language: the data of the MonthChart partial.
func NewMonthChart(tr *i18n.Translator, months []models.MonthCounts) any {
	return viewFuncs{tr}.newMonthChart(months)
}

// MonthChartInput identifies the chart of months: two inputs with the
// same key draw the same chart in a given language, so the drawing can be
// kept until a count or the month changes (web.Fragments).
func MonthChartInput(months []models.MonthCounts) string {
	b := make([]byte, 0, len(months)*(len(models.Statuses)+1)*4)
	for _, m := range months {
		b = strconv.AppendInt(b, int64(m.Month.Year()*12+int(m.Month.Month())), 10)
		for _, n := range m.Counts {
			b = append(b, ' ')
			b = strconv.AppendInt(b, n, 10)
		}
		b = append(b, ';')
	}
	return string(b)
}

// newMonthChart places the bars of months (oldest first).
func (v viewFuncs) newMonthChart(months []models.MonthCounts) monthChart {
	c := monthChart{Width: chartWidth, Height: chartHeight, Left: chartLeft, Right: chartWidth - 4,
		Baseline: chartHeight - chartBottom, Statuses: models.Statuses}
	var total int64
	for _, m := range months {
		c.Max = max(c.Max, m.Total)
		total += m.Total
	}
	top := niceCeiling(c.Max)
	plot := c.Baseline - chartTop
	scale := plot / float64(top)
	for i := 0; i <= chartTicks; i++ {
		n := top * int64(i) / chartTicks
		c.Ticks = append(c.Ticks, chartTick{Y: c.Baseline - float64(n)*scale, Label: v.tr.Number(n)})
	}
	slot := float64(c.Right-c.Left) / float64(max(len(months), 1))
	for i, m := range months {
		x := float64(c.Left) + slot*float64(i)
		name := v.monthYear(m.Month)
		b := chartBar{X: x + slot*(1-chartBarFill)/2, Width: slot * chartBarFill, LabelX: x + slot/2,
			Label: v.tr.T("month_short." + monthKey(m.Month)),
			Title: v.tr.T("chart.bar_title", "When", name, "Count", v.requests(m.Total))}
		y := c.Baseline
		for s, n := range m.Counts {
			if n == 0 {
				continue
			}
			h := float64(n) * scale
			y -= h
			status := models.Statuses[s]
			b.Segments = append(b.Segments, chartSegment{Y: y, Height: h, N: n, Status: status,
				Class: chartClass(status)})
		}
		c.Bars = append(c.Bars, b)
		c.Rows = append(c.Rows, chartRow{Name: name, Counts: m.Counts, Total: m.Total})
	}
	if len(months) > 0 {
		c.Title = v.tr.T("chart.title", "From", v.monthYear(months[0].Month),
			"To", v.monthYear(months[len(months)-1].Month))
	}
	c.Summary = v.tr.T("chart.summary", "Count", v.requests(total), "N", v.requests(c.Max))
	return c
}

// monthKey is the catalog key of t's month: "jan" … "dec".
func monthKey(t time.Time) string { return strings.ToLower(t.Month().String()[:3]) }

// monthYear names t's month and year in the page's language ("March
// 2026", "marzo de 2026"); Go's own month names are English only.
func (v viewFuncs) monthYear(t time.Time) string {
	return v.tr.T("chart.month_year", "Month", v.tr.T("month."+monthKey(t)), "Year", t.Year())
}

// requests writes "1 request", "3 requests" in the page's language.
func (v viewFuncs) requests(n int64) string {
	if n == 1 {
		return v.tr.T("chart.requests_1")
	}
	return v.tr.T("chart.requests_n", "N", v.tr.Number(n))
}

// chartClass is the CSS class giving status its colour in the chart.
func chartClass(status string) string { return "chart-" + strings.ToLower(status) }

// niceCeiling is the top of the y axis: chartTicks steps of 1, 2 or 5 ×
// 10ⁿ, the smallest reaching v, so every tick is a round whole number.
func niceCeiling(v int64) int64 {
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if step := m * p; step*chartTicks >= v {
				return step * chartTicks
			}
		}
	}
}
