package models

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"vmportal/i18n"
)

// VirtualHost is a registered hypervisor host: where it stands, what it
// holds, and how far CPU and RAM may be overcommitted. Requests name their
// host as text (VMRequest.VirtualHost); a request whose host matches a
// registered name, ignoring case, is checked against its capacity when it
// is approved.
type VirtualHost struct {
	ID               int64
	Name             string
	PhysicalLocation string
	CPUCores         int `gorm:"column:cpu_cores"`
	RAMGB            int `gorm:"column:ram_gb"`
	DiskGB           int `gorm:"column:disk_gb"`
	CPUOvercommit    Ratio
	RAMOvercommit    Ratio `gorm:"column:ram_overcommit"`
	RetiredAt        *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Limits of a host's capacity (the schema's CHECKs say the same).
const (
	MaxHostCores = 1_000_000
	MaxHostGB    = 100_000_000
)

// HostInput is the host form as typed.
type HostInput struct {
	Name, PhysicalLocation, CPUCores, RAMGB, DiskGB, CPUOvercommit, RAMOvercommit string
}

// Input is h as its edit form starts.
func (h *VirtualHost) Input() HostInput {
	return HostInput{Name: h.Name, PhysicalLocation: h.PhysicalLocation, CPUCores: strconv.Itoa(h.CPUCores),
		RAMGB: strconv.Itoa(h.RAMGB), DiskGB: strconv.Itoa(h.DiskGB),
		CPUOvercommit: h.CPUOvercommit.String(), RAMOvercommit: h.RAMOvercommit.String()}
}

// read checks the input and, when it keeps every rule, copies it into h.
func (in HostInput) read(h *VirtualHost) FieldErrors {
	fe := FieldErrors{}
	name, place := strings.TrimSpace(in.Name), strings.TrimSpace(in.PhysicalLocation)
	checkRequiredText(fe, "name", hostLabel("name"), name, MaxTextField)
	checkRequiredText(fe, "physical_location", hostLabel("physical_location"), place, MaxTextField)
	cores := readCount(fe, "cpu_cores", in.CPUCores, MaxHostCores)
	ram := readCount(fe, "ram_gb", in.RAMGB, MaxHostGB)
	disk := readCount(fe, "disk_gb", in.DiskGB, MaxHostGB)
	cpuRatio := readRatio(fe, "cpu_overcommit", in.CPUOvercommit)
	ramRatio := readRatio(fe, "ram_overcommit", in.RAMOvercommit)
	if len(fe) == 0 {
		h.Name, h.PhysicalLocation, h.CPUCores, h.RAMGB, h.DiskGB = name, place, cores, ram, disk
		h.CPUOvercommit, h.RAMOvercommit = cpuRatio, ramRatio
	}
	return fe
}

// hostLabel is the label of the host form's field ("hosts.<field>").
func hostLabel(field string) i18n.Message { return i18n.M("hosts." + field) }

// readCount reads a whole number from 1 to max.
func readCount(fe FieldErrors, field, text string, max int) int {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 1 || n > max {
		fe.Add(field, i18n.M("validation.int_range", "Label", hostLabel(field), "Min", 1, "Max", max))
	}
	return n
}

// readRatio reads an overcommit ratio from 1.00 to 10.00.
func readRatio(fe FieldErrors, field, text string) Ratio {
	r, ok := ParseRatio(text)
	if !ok || r < MinRatio || r > MaxRatio {
		fe.Add(field, i18n.M("hosts.ratio_range", "Label", hostLabel(field), "Min", MinRatio.String(), "Max", MaxRatio.String()))
	}
	return r
}

// ListHosts returns the registered hosts by name, each with its current
// allocation (see RegisteredHosts), then the retired ones.
func ListHosts(db *gorm.DB) (registered []HostUsage, retired []VirtualHost, err error) {
	if registered, err = RegisteredHosts(db); err != nil {
		return nil, nil, err
	}
	if err := db.Where("retired_at IS NOT NULL").Order("lower(name), id").Find(&retired).Error; err != nil {
		return nil, nil, fmt.Errorf("models: list retired hosts: %w", err)
	}
	return registered, retired, nil
}

// RegisteredHosts returns the registered hosts by name, each with its
// current allocation: one statement, a kept row of host_allocations per
// host.
func RegisteredHosts(db *gorm.DB) ([]HostUsage, error) {
	hosts, err := ScanAll[HostUsage](db.Raw(`SELECT h.*, a.cpus AS alloc_cpus, a.ram_gb AS alloc_ram_gb, a.disk_gb AS alloc_disk_gb
		` + registeredHostsFrom + ` ORDER BY ` + registeredHostsOrder))
	if err != nil {
		return nil, fmt.Errorf("models: list hosts: %w", err)
	}
	return hosts, nil
}

// FindHost loads the registered host with id, or ErrNotFound (retired
// hosts are not edited).
func FindHost(db *gorm.DB, id int64) (*VirtualHost, error) {
	var h VirtualHost
	err := db.Where("retired_at IS NULL").Take(&h, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: find host %d: %w", id, err)
	}
	return &h, nil
}

// CreateHost registers a host, audited as host.created.
func CreateHost(db *gorm.DB, in HostInput) (*VirtualHost, error) {
	h := &VirtualHost{}
	if fe := in.read(h); len(fe) > 0 {
		return nil, &ValidationError{Fields: fe}
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(h).Error; err != nil {
			return err
		}
		return RecordAudit(tx, ActionHostCreated, hostObject(h.ID), h.auditDetails())
	})
	return h, hostSaveError("create host", h.Name, err)
}

// UpdateHost changes the registered host with id, audited as host.updated
// with what changed.
func UpdateHost(db *gorm.DB, id int64, in HostInput) (*VirtualHost, error) {
	var h VirtualHost
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("retired_at IS NULL").Take(&h, id).Error; err != nil {
			return err
		}
		before := h.auditDetails()
		if fe := in.read(&h); len(fe) > 0 {
			return &ValidationError{Fields: fe}
		}
		if err := tx.Save(&h).Error; err != nil {
			return err
		}
		return RecordAudit(tx, ActionHostUpdated, hostObject(h.ID), map[string]any{
			"name": h.Name, "changes": changedDetails(before, h.auditDetails(), hostLabels)})
	})
	return &h, hostSaveError("update host", strings.TrimSpace(in.Name), err)
}

// RetireHost takes the registered host with id out of service: it stays
// listed as retired, no longer suggested or checked. Audited as
// host.retired.
func RetireHost(db *gorm.DB, id int64) (*VirtualHost, error) {
	var h VirtualHost
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("retired_at IS NULL").Take(&h, id).Error; err != nil {
			return err
		}
		now := tx.NowFunc()
		h.RetiredAt = &now
		if err := tx.Save(&h).Error; err != nil {
			return err
		}
		return RecordAudit(tx, ActionHostRetired, hostObject(h.ID), map[string]any{"name": h.Name})
	})
	return &h, hostSaveError("retire host", "", err)
}

// hostLabels are the keys and labels of a host's audited details.
var hostLabels = [][2]string{
	{"name", "Name"}, {"physical_location", "Physical Location"}, {"cpu_cores", "CPU Cores"}, {"ram_gb", "RAM (GB)"},
	{"disk_gb", "Disk (GB)"}, {"cpu_overcommit", "CPU Overcommit"}, {"ram_overcommit", "RAM Overcommit"},
}

func (h *VirtualHost) auditDetails() map[string]any {
	return map[string]any{
		"name": h.Name, "physical_location": h.PhysicalLocation, "cpu_cores": strconv.Itoa(h.CPUCores),
		"ram_gb": strconv.Itoa(h.RAMGB), "disk_gb": strconv.Itoa(h.DiskGB),
		"cpu_overcommit": h.CPUOvercommit.String(), "ram_overcommit": h.RAMOvercommit.String(),
	}
}

// hostSaveError turns a taken name into the form's message and a missing
// host into ErrNotFound.
func hostSaveError(what, name string, err error) error {
	return adminSaveError(what, "virtual_hosts_name_key", i18n.M("hosts.name_taken", "Name", name), err)
}

func hostObject(id int64) AuditObject {
	return AuditObject{Type: "virtual_host", ID: strconv.FormatInt(id, 10)}
}
