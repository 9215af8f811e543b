package models

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
)

// Ratio is an overcommit ratio in hundredths (150 = 1.50), the precision
// the database stores (numeric(4,2)). Whole hundredths keep the capacity
// arithmetic exact: 100 cores × 1.15 is 115, not 114.99999.
type Ratio int

// Bounds of an overcommit ratio: 1.00 (none) to 10.00.
const (
	MinRatio Ratio = 100
	MaxRatio Ratio = 1000
)

// ParseRatio reads "1.5", "2" or "1.25"; ok is false for anything else
// (more than two decimals included).
func ParseRatio(s string) (r Ratio, ok bool) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || strings.ContainsAny(whole+frac, "+-") {
		return 0, false
	}
	w, err := strconv.Atoi(whole)
	if err != nil || w > 100 {
		return 0, false
	}
	f := 0
	if frac != "" {
		if f, err = strconv.Atoi(frac + strings.Repeat("0", 2-len(frac))); err != nil {
			return 0, false
		}
	}
	return Ratio(w*100 + f), true
}

// String writes the ratio with two decimals: "1.50".
func (r Ratio) String() string { return fmt.Sprintf("%d.%02d", int(r)/100, int(r)%100) }

// Of is n × r, rounded down to a whole number.
func (r Ratio) Of(n int64) int64 { return n * int64(r) / 100 }

// Value stores the ratio as a decimal string.
func (r Ratio) Value() (driver.Value, error) { return r.String(), nil }

// Scan reads the numeric column.
func (r *Ratio) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	case float64:
		s = strconv.FormatFloat(v, 'f', 2, 64)
	case int64:
		s = strconv.FormatInt(v, 10)
	default:
		return fmt.Errorf("models: ratio from %T", src)
	}
	// numeric(4,2) comes as "1.50"; trailing zeros beyond two are fine.
	if whole, frac, ok := strings.Cut(s, "."); ok && len(frac) > 2 {
		s = whole + "." + strings.TrimRight(frac, "0")
	}
	v, ok := ParseRatio(s)
	if !ok {
		return fmt.Errorf("models: ratio %q", s)
	}
	*r = v
	return nil
}
