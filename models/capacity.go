package models

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"vmportal/i18n"
)

// allocationSQL is what the Approved and Active requests on host h take
// of it (h is the outer row): one row of host_allocations, which triggers
// keep in step with the requests (migration 0029), whatever the number of
// requests. max over at most one row gives that row, or zeros, as
// bigint (sum would give numeric).
const allocationSQL = `SELECT coalesce(max(a.cpus), 0) AS cpus, coalesce(max(a.ram_gb), 0) AS ram_gb,
		coalesce(max(a.disk_gb), 0) AS disk_gb
	FROM host_allocations a WHERE a.host = lower(h.name)`

// registeredHostsFrom is every registered (not retired) host h with its
// allocation a, and registeredHostsOrder the order pages list them in:
// the hosts page and an admin's dashboard read the same hosts.
const (
	registeredHostsFrom  = `FROM virtual_hosts h, LATERAL (` + allocationSQL + `) a WHERE h.retired_at IS NULL`
	registeredHostsOrder = `lower(h.name)`
)

// hostUsageJSON is the registered host h with its allocation a as a JSON
// object keyed like HostUsage's fields, the ratios in hundredths as Ratio
// holds them; the host's dates are left out (no page that reads it shows
// them).
const hostUsageJSON = `json_build_object('ID', h.id, 'Name', h.name, 'PhysicalLocation', h.physical_location,
		'CPUCores', h.cpu_cores, 'RAMGB', h.ram_gb, 'DiskGB', h.disk_gb,
		'CPUOvercommit', (h.cpu_overcommit * 100)::int, 'RAMOvercommit', (h.ram_overcommit * 100)::int,
		'AllocCPUs', a.cpus, 'AllocRAMGB', a.ram_gb, 'AllocDiskGB', a.disk_gb)`

// allocationWithout is allocationSQL less the share of the request whose
// id the SQL expression id gives, as that request is stored: the request
// being approved, edited or shown counts only the others.
func allocationWithout(id string) string {
	return `SELECT a.cpus - coalesce(x.cpus, 0) AS cpus, a.ram_gb - coalesce(x.ram_gb, 0) AS ram_gb,
		a.disk_gb - coalesce(x.disk_gb, 0) AS disk_gb
	FROM (` + allocationSQL + `) a
	LEFT JOIN vm_requests x ON x.id = ` + id + ` AND x.status IN ('Approved', 'Active')
		AND lower(x.virtual_host) = lower(h.name)`
}

// HostUsage is a registered host with what its Approved and Active
// requests take of it.
type HostUsage struct {
	VirtualHost
	AllocCPUs   int64 `gorm:"column:alloc_cpus"`
	AllocRAMGB  int64 `gorm:"column:alloc_ram_gb"`
	AllocDiskGB int64 `gorm:"column:alloc_disk_gb"`
}

// Resource is one dimension of a host's capacity as pages show it.
type Resource struct {
	Name      string // "CPU", "RAM", "Disk"
	Unit      string // "cores", "GB"
	Capacity  int64  // what the host has
	Ratio     Ratio  // how far it may be overcommitted
	Limit     int64  // Capacity × Ratio, rounded down: what may be allocated
	Allocated int64  // what Approved and Active requests take now
	Request   int64  // what the request in question asks for (0 on /hosts)
}

// After is the allocation once the request is approved.
func (r Resource) After() int64 { return r.Allocated + r.Request }

// Percent is n as a share of the limit, in percent (past 100 when over).
func (r Resource) Percent(n int64) int64 {
	if r.Limit <= 0 {
		return 100
	}
	return n * 100 / r.Limit
}

// Bar is Percent capped at 100: the width of a usage bar.
func (r Resource) Bar(n int64) int64 { return min(100, r.Percent(n)) }

// Overcommitted reports whether the limit is above the capacity.
func (r Resource) Overcommitted() bool { return r.Ratio != MinRatio }

// Over reports whether n is past the limit.
func (r Resource) Over(n int64) bool { return n > r.Limit }

// Resources lists the host's CPU, RAM and disk; req, when not nil, is the
// request whose approval the page weighs.
func (u *HostUsage) Resources(req *VMRequest) []Resource {
	out := []Resource{
		{Name: "CPU", Unit: "cores", Capacity: int64(u.CPUCores), Ratio: u.CPUOvercommit, Allocated: u.AllocCPUs},
		{Name: "RAM", Unit: "GB", Capacity: int64(u.RAMGB), Ratio: u.RAMOvercommit, Allocated: u.AllocRAMGB},
		{Name: "Disk", Unit: "GB", Capacity: int64(u.DiskGB), Ratio: MinRatio, Allocated: u.AllocDiskGB},
	}
	if req != nil {
		out[0].Request, out[1].Request, out[2].Request = int64(req.CPUs), int64(req.RAMGB), int64(req.DiskGB)
	}
	for i := range out {
		out[i].Limit = out[i].Ratio.Of(out[i].Capacity)
	}
	return out
}

// CapacityError refuses an approval that would take a host past its
// capacity × overcommit; nothing was changed.
type CapacityError struct {
	Host string
	Over []Resource // the resources the approval would overrun
	Edit bool       // an edit of an Approved or Active request, not an approval
}

// resourceFields are the request fields that size each resource.
var resourceFields = map[string]string{"CPU": "cpus", "RAM": "ram_gb", "Disk": "disk_gb"}

// FieldErrors puts the refusal beside the fields of the resources it
// overruns, for a form.
func (e *CapacityError) FieldErrors() FieldErrors {
	fe := FieldErrors{}
	for _, r := range e.Over {
		fe.Add(resourceFields[r.Name], e.Message())
	}
	return fe
}

// Error says which resources, by how much (in English).
func (e *CapacityError) Error() string { return e.Message().String() }

// Message says which resources, by how much, for the reader's language.
func (e *CapacityError) Message() i18n.Message {
	var parts i18n.Message
	for i, r := range e.Over {
		part := i18n.M("capacity.part", "Resource", r.NameMessage(), "After", r.After(), "Limit", r.Limit, "Unit", r.UnitMessage())
		if r.Overcommitted() {
			part = i18n.M("capacity.part_overcommit", "Part", part, "Capacity", r.Capacity, "Ratio", r.Ratio.String())
		}
		if i == 0 {
			parts = part
		} else {
			parts = i18n.M("capacity.parts", "First", parts, "Next", part)
		}
	}
	id := "capacity.over_approval"
	if e.Edit {
		id = "capacity.over_edit"
	}
	return i18n.M(id, "Host", e.Host, "Parts", parts)
}

// NameMessage is the resource's name for a page ("CPU", "RAM", "Disk").
func (r Resource) NameMessage() i18n.Message {
	return i18n.M("capacity.resource_" + strings.ToLower(r.Name))
}

// UnitMessage is the resource's unit for a page ("cores", "GB").
func (r Resource) UnitMessage() i18n.Message {
	return i18n.M("capacity.unit_" + strings.ToLower(r.Unit))
}

// lockedHostUsage locks the registered host r names (SELECT … FOR UPDATE,
// held until tx ends) and returns it with its allocation, read after the
// lock: two approvals on one host queue here, and the second sees the
// first's request counted. It returns nil for a host that is not
// registered (no capacity check).
func lockedHostUsage(tx *gorm.DB, r *VMRequest) (*HostUsage, error) {
	var h VirtualHost
	err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).
		Where("lower(name) = lower(?) AND retired_at IS NULL", r.VirtualHost).Limit(1).Find(&h).Error
	if err != nil {
		return nil, fmt.Errorf("models: lock host %q: %w", r.VirtualHost, err)
	}
	if h.ID == 0 {
		return nil, nil
	}
	var a struct{ CPUs, RAMGB, DiskGB int64 }
	err = tx.Raw(`SELECT a.cpus, a.ram_gb AS ramgb, a.disk_gb AS diskgb
		FROM (SELECT ?::text AS name, ?::bigint AS id) h, LATERAL (`+allocationWithout("h.id")+`) a`, h.Name, r.ID).
		Row().Scan(&a.CPUs, &a.RAMGB, &a.DiskGB)
	if err != nil {
		return nil, fmt.Errorf("models: allocation of host %q: %w", h.Name, err)
	}
	return &HostUsage{VirtualHost: h, AllocCPUs: a.CPUs, AllocRAMGB: a.RAMGB, AllocDiskGB: a.DiskGB}, nil
}

// checkCapacity locks r's host and refuses (a *CapacityError) an approval
// of r that would take it past its limits. An unregistered host passes.
func checkCapacity(tx *gorm.DB, r *VMRequest) error {
	u, err := lockedHostUsage(tx, r)
	if err != nil || u == nil {
		return err
	}
	var over []Resource
	for _, res := range u.Resources(r) {
		if res.Over(res.After()) {
			over = append(over, res)
		}
	}
	if len(over) > 0 {
		return &CapacityError{Host: u.Name, Over: over}
	}
	return nil
}

// checkGrowth refuses (a *CapacityError) an edit of an Approved or Active
// request r that takes its registered host past its limits: one that
// moves r to another host, or grows a resource on its host. A resource
// the edit does not grow is left as it is, even when the host is already
// past it (an approval over capacity). The host is locked as for an
// approval; the save that follows checks r's version, so the stored sizes
// read here are the ones it replaces.
func checkGrowth(tx *gorm.DB, r *VMRequest) error {
	var stored VMRequest
	if err := tx.Select("virtual_host", "cpus", "ram_gb", "disk_gb").Take(&stored, r.ID).Error; err != nil {
		return fmt.Errorf("models: sizes of vm request %d: %w", r.ID, err)
	}
	was := map[string]int64{"CPU": int64(stored.CPUs), "RAM": int64(stored.RAMGB), "Disk": int64(stored.DiskGB)}
	sameHost := strings.EqualFold(strings.TrimSpace(stored.VirtualHost), strings.TrimSpace(r.VirtualHost))
	if sameHost && int64(r.CPUs) <= was["CPU"] && int64(r.RAMGB) <= was["RAM"] && int64(r.DiskGB) <= was["Disk"] {
		return nil
	}
	err := checkCapacity(tx, r)
	var cerr *CapacityError
	if !errors.As(err, &cerr) {
		return err
	}
	cerr.Edit = true
	if sameHost {
		grown := cerr.Over[:0]
		for _, res := range cerr.Over {
			if res.Request > was[res.Name] {
				grown = append(grown, res)
			}
		}
		if cerr.Over = grown; len(grown) == 0 {
			return nil
		}
	}
	return cerr
}
