package controllers

import "vmportal/models"

// capacityView is the detail page's "Capacity" section: the registered
// host the request names, and per resource what is allocated of its limit
// now and, while the request is Pending, after its approval.
type capacityView struct {
	Host    *models.HostUsage // nil: the host is not registered
	Name    string            // the host as the request names it
	Pending bool              // show "After approval"
	Rows    []capacityRow
}

// capacityRow is one resource of the section.
type capacityRow struct {
	models.Resource
	Now, After         int64
	OverNow, OverAfter bool
}

// newCapacityView weighs r against host (its other Approved and Active
// requests counted). An Approved or Active request is counted "now".
func newCapacityView(r *models.VMRequest, host *models.HostUsage) capacityView {
	v := capacityView{Host: host, Name: r.VirtualHost, Pending: r.Status == models.StatusPending}
	if host == nil {
		return v
	}
	counted := r.Status == models.StatusApproved || r.Status == models.StatusActive
	for _, res := range host.Resources(r) {
		row := capacityRow{Resource: res, Now: res.Allocated, After: res.After()}
		if counted {
			row.Now = row.After
		}
		row.OverNow, row.OverAfter = res.Over(row.Now), res.Over(row.After)
		v.Rows = append(v.Rows, row)
	}
	return v
}
