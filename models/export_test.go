package models

// WithSuffixProbe makes f's name search count at most n suffix entries
// before it walks (see searchRequests), so a test with a few thousand
// requests reaches every plan.
func WithSuffixProbe(f RequestFilter, n int) RequestFilter {
	f.probe = n
	return f
}
