package models

import "fmt"

// changedDetails lists what differs between two sets of audited details,
// as the "changes" of an audit entry (the audit page shows them as
// "Label: old → new"). labels gives the keys, in order, and their labels.
func changedDetails(before, after map[string]any, labels [][2]string) []Change {
	changes := []Change{}
	for _, kl := range labels {
		o, n := fmt.Sprint(before[kl[0]]), fmt.Sprint(after[kl[0]])
		if o != n {
			changes = append(changes, Change{Field: kl[0], Label: kl[1], Old: o, New: n})
		}
	}
	return changes
}
