package models_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"vmportal/models"
)

// capFixture is a database with a user who submits and two admins who
// decide, each acting through their own context.
type capFixture struct {
	base          *gorm.DB
	user          *gorm.DB
	admin, admin2 *models.User
	adminDB       *gorm.DB
	admin2DB      *gorm.DB
}

func newCapFixture(t *testing.T) *capFixture {
	base := openDB(t)
	as := func(u *models.User) *gorm.DB {
		return base.WithContext(models.WithActor(context.Background(), models.Actor{UserID: u.ID, Username: u.Username}))
	}
	f := &capFixture{base: base, admin: createUser(t, base, "ann", models.RoleAdmin), admin2: createUser(t, base, "bob", models.RoleAdmin)}
	f.user, f.adminDB, f.admin2DB = as(createUser(t, base, "alice", models.RoleUser)), as(f.admin), as(f.admin2)
	return f
}

// host registers a host with cores, ram and disk, and CPU and RAM
// overcommit ratios as typed.
func (f *capFixture) host(t *testing.T, name string, cores, ram, disk int, cpuRatio, ramRatio string) *models.VirtualHost {
	t.Helper()
	h, err := models.CreateHost(f.adminDB, models.HostInput{Name: name, PhysicalLocation: "DC1", CPUCores: strconv.Itoa(cores),
		RAMGB: strconv.Itoa(ram), DiskGB: strconv.Itoa(disk), CPUOvercommit: cpuRatio, RAMOvercommit: ramRatio})
	if err != nil {
		t.Fatalf("create host %s: %v", name, err)
	}
	return h
}

// request submits a request named name on host, sized cpus/ram/disk, as
// the user.
func (f *capFixture) request(t *testing.T, db *gorm.DB, name, host string, cpus, ram, disk int) *models.VMRequest {
	t.Helper()
	in := validInput(name)
	in.text["virtual_host"], in.text["cpus"], in.text["ram_gb"], in.text["disk_gb"] = host, strconv.Itoa(cpus), strconv.Itoa(ram), strconv.Itoa(disk)
	r := &models.VMRequest{}
	if fe := in.apply(r); len(fe) > 0 {
		t.Fatalf("input invalid: %v", fe)
	}
	if err := models.CreateRequest(db, r); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return r
}

// approve approves the request with id as admin (freshly loaded).
func (f *capFixture) approve(t *testing.T, db *gorm.DB, admin *models.User, id int64, opts ...models.DecideOption) error {
	t.Helper()
	r, err := models.FindRequest(db, id)
	if err != nil {
		t.Fatal(err)
	}
	return models.Decide(db, admin, r, models.DecisionApprove, "", opts...)
}

func (f *capFixture) status(t *testing.T, id int64) *models.VMRequest {
	t.Helper()
	r, err := models.FindRequest(f.base, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// overNames lists the resources a capacity error names.
func overNames(err error) string {
	var cerr *models.CapacityError
	if !errors.As(err, &cerr) {
		return fmt.Sprintf("not a capacity error: %v", err)
	}
	var names []string
	for _, r := range cerr.Over {
		names = append(names, r.Name)
	}
	return strings.Join(names, ",")
}

// TestCapacityBoundaries: a host of 8 cores, 32 GB RAM and 500 GB disk
// without overcommit, already carrying an approved 4/16/200 request.
// Filling it exactly is allowed; one unit past any resource is refused,
// naming that resource.
func TestCapacityBoundaries(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name            string
		cpus, ram, disk int
		over            string
	}{
		{"exactly-full", 4, 16, 300, ""},
		{"one-cpu-over", 5, 16, 300, "CPU"},
		{"one-gb-ram-over", 4, 17, 300, "RAM"},
		{"one-gb-disk-over", 4, 16, 301, "Disk"},
		{"all-over", 5, 17, 301, "CPU,RAM,Disk"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newCapFixture(t)
			f.host(t, "esx-01", 8, 32, 500, "1", "1")
			first := f.request(t, f.user, "first", "esx-01", 4, 16, 200)
			if err := f.approve(t, f.adminDB, f.admin, first.ID); err != nil {
				t.Fatalf("first approval: %v", err)
			}
			r := f.request(t, f.user, c.name, "ESX-01", c.cpus, c.ram, c.disk) // host names match ignoring case
			err := f.approve(t, f.adminDB, f.admin, r.ID)
			if c.over == "" {
				if err != nil {
					t.Fatalf("exactly at capacity refused: %v", err)
				}
				return
			}
			if got := overNames(err); got != c.over {
				t.Fatalf("over = %s, want %s", got, c.over)
			}
			if !strings.Contains(err.Error(), "would put host esx-01 over capacity") {
				t.Errorf("message %q", err)
			}
			if s := f.status(t, r.ID); s.Status != models.StatusPending || s.Version != 1 {
				t.Errorf("refused approval changed the request: %s v%d", s.Status, s.Version)
			}
		})
	}
}

// TestOvercommitRatios: the limit is capacity × ratio, rounded down, in
// exact hundredths.
func TestOvercommitRatios(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		cores, ram         int
		cpuRatio, ramRatio string
		fitCPU, fitRAM     int // the largest request that fits
	}{
		{10, 10, "1.5", "1.25", 15, 12}, // 12.5 GB rounds down
		{100, 100, "1.15", "2", 115, 200},
		{4, 8, "10", "10.00", 40, 80},
	} {
		t.Run(fmt.Sprintf("%s-%s", c.cpuRatio, c.ramRatio), func(t *testing.T) {
			t.Parallel()
			f := newCapFixture(t)
			f.host(t, "h1", c.cores, c.ram, 1000, c.cpuRatio, c.ramRatio)
			over := f.request(t, f.user, "over-cpu", "h1", min(c.fitCPU+1, 128), 1, 1)
			if c.fitCPU < 128 {
				if got := overNames(f.approve(t, f.adminDB, f.admin, over.ID)); got != "CPU" {
					t.Errorf("CPU one past %d: %s", c.fitCPU, got)
				}
			}
			overRAM := f.request(t, f.user, "over-ram", "h1", 1, c.fitRAM+1, 1)
			if got := overNames(f.approve(t, f.adminDB, f.admin, overRAM.ID)); got != "RAM" {
				t.Errorf("RAM one past %d: %s", c.fitRAM, got)
			}
			fit := f.request(t, f.user, "fits", "h1", min(c.fitCPU, 128), c.fitRAM, 1)
			if err := f.approve(t, f.adminDB, f.admin, fit.ID); err != nil && c.fitCPU <= 128 {
				t.Errorf("at the overcommitted limit: %v", err)
			}
		})
	}
}

func TestParseRatio(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]models.Ratio{"1": 100, "1.5": 150, "1.25": 125, " 2.0 ": 200, "10": 1000, "0.5": 50} {
		if got, ok := models.ParseRatio(in); !ok || got != want {
			t.Errorf("ParseRatio(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "1.255", "abc", "-1", "+2", "1,5", ".5", "1e1", "101"} {
		if _, ok := models.ParseRatio(in); ok {
			t.Errorf("ParseRatio(%q) accepted", in)
		}
	}
	if s := models.Ratio(150).String(); s != "1.50" {
		t.Errorf("String = %s", s)
	}
}

// TestHostValidation: every rule of the host form, and names unique
// ignoring case among registered hosts (a retired name may come back).
func TestHostValidation(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	good := models.HostInput{Name: "esx-01", PhysicalLocation: "DC1", CPUCores: "16", RAMGB: "256", DiskGB: "4000", CPUOvercommit: "2", RAMOvercommit: "1"}
	for field, bad := range map[string]func(in *models.HostInput){
		"name":              func(in *models.HostInput) { in.Name = " " },
		"physical_location": func(in *models.HostInput) { in.PhysicalLocation = "" },
		"cpu_cores":         func(in *models.HostInput) { in.CPUCores = "0" },
		"ram_gb":            func(in *models.HostInput) { in.RAMGB = "-5" },
		"disk_gb":           func(in *models.HostInput) { in.DiskGB = "lots" },
		"cpu_overcommit":    func(in *models.HostInput) { in.CPUOvercommit = "0.99" },
		"ram_overcommit":    func(in *models.HostInput) { in.RAMOvercommit = "10.01" },
	} {
		in := good
		bad(&in)
		_, err := models.CreateHost(f.adminDB, in)
		var verr *models.ValidationError
		if !errors.As(err, &verr) || verr.Fields[field].IsZero() || len(verr.Fields) != 1 {
			t.Errorf("%s: %v", field, err)
		}
	}
	h, err := models.CreateHost(f.adminDB, good)
	if err != nil {
		t.Fatal(err)
	}
	dup := good
	dup.Name = "ESX-01"
	var verr *models.ValidationError
	if _, err := models.CreateHost(f.adminDB, dup); !errors.As(err, &verr) || !strings.Contains(verr.Fields["name"].String(), "already registered") {
		t.Fatalf("duplicate name: %v", err)
	}
	if _, err := models.RetireHost(f.adminDB, h.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := models.CreateHost(f.adminDB, dup); err != nil {
		t.Fatalf("the name of a retired host: %v", err)
	}
	for _, a := range []string{models.ActionHostCreated, models.ActionHostRetired} {
		if len(auditEntries(t, f.base, a)) == 0 {
			t.Errorf("%s not audited", a)
		}
	}
}

// TestWhatCountsAndWhatIsChecked: Approved and Active requests count,
// Pending, Rejected and Cancelled ones do not; an unregistered or retired
// host is not checked.
func TestWhatCountsAndWhatIsChecked(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	h := f.host(t, "esx-01", 4, 100, 1000, "1", "1")
	active := f.request(t, f.user, "active", "esx-01", 2, 1, 1)
	if err := f.approve(t, f.adminDB, f.admin, active.ID); err != nil {
		t.Fatal(err)
	}
	a := f.status(t, active.ID)
	if err := models.Decide(f.adminDB, f.admin, a, models.DecisionActivate, ""); err != nil {
		t.Fatal(err)
	}
	rejected := f.request(t, f.user, "rejected", "esx-01", 2, 1, 1)
	if err := models.Decide(f.adminDB, f.admin, rejected, models.DecisionReject, "no"); err != nil {
		t.Fatal(err)
	}
	f.request(t, f.user, "pending", "esx-01", 2, 1, 1)
	three := f.request(t, f.user, "three", "esx-01", 3, 1, 1) // 2 active + 3 > 4
	if got := overNames(f.approve(t, f.adminDB, f.admin, three.ID)); got != "CPU" {
		t.Fatalf("Active request not counted: %s", got)
	}
	two := f.request(t, f.user, "two", "esx-01", 2, 1, 1) // 2 + 2 = 4: fits
	if err := f.approve(t, f.adminDB, f.admin, two.ID); err != nil {
		t.Fatalf("Pending or Rejected request counted: %v", err)
	}
	elsewhere := f.request(t, f.user, "elsewhere", "not-registered", 128, 4096, 65536)
	if err := f.approve(t, f.adminDB, f.admin, elsewhere.ID); err != nil {
		t.Fatalf("unregistered host checked: %v", err)
	}
	if _, err := models.RetireHost(f.adminDB, h.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.approve(t, f.adminDB, f.admin, three.ID); err != nil {
		t.Fatalf("retired host checked: %v", err)
	}
}

// TestApproveOverCapacityNeedsAReasonAndIsAudited.
func TestApproveOverCapacityNeedsAReasonAndIsAudited(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	f.host(t, "esx-01", 2, 4, 10, "1", "1")
	r := f.request(t, f.user, "big", "esx-01", 4, 8, 20)
	err := f.approve(t, f.adminDB, f.admin, r.ID, models.OverCapacity("  "))
	var verr *models.ValidationError
	if !errors.As(err, &verr) || verr.Fields[models.InputOverCapacityReason].IsZero() {
		t.Fatalf("over capacity without a reason: %v", err)
	}
	if err := f.approve(t, f.adminDB, f.admin, r.ID, models.OverCapacity("migration weekend")); err != nil {
		t.Fatalf("over capacity with a reason: %v", err)
	}
	if s := f.status(t, r.ID); s.Status != models.StatusApproved {
		t.Fatalf("status %s", s.Status)
	}
	rows := auditEntries(t, f.base, models.ActionRequestOverCapacity)
	if len(rows) != 1 || rows[0].Details["reason"] != "migration weekend" || rows[0].ActorUsername != "ann" ||
		!strings.Contains(fmt.Sprint(rows[0].Details["over"]), "CPU 4 of 2 cores") {
		t.Fatalf("audit: %+v", rows)
	}
}

// TestConcurrentApprovalsCannotOvercommit: ten admins' approvals race for
// a host with room for three of the requests; exactly three win, the
// others are refused for capacity, and the host ends at most full.
func TestConcurrentApprovalsCannotOvercommit(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	f.host(t, "esx-01", 10, 1000, 10000, "1", "1")
	const n = 10
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = f.request(t, f.user, fmt.Sprintf("race-%02d", i), "esx-01", 3, 1, 1).ID
	}
	// Load every request before anyone approves, so all start from the
	// same (empty) host.
	loaded := make([]*models.VMRequest, n)
	for i, id := range ids {
		loaded[i] = f.status(t, id)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range loaded {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = models.Decide(f.adminDB, f.admin, loaded[i], models.DecisionApprove, "")
		}()
	}
	close(start)
	wg.Wait()
	approved := 0
	for i, err := range errs {
		var cerr *models.CapacityError
		switch {
		case err == nil:
			approved++
		case !errors.As(err, &cerr):
			t.Errorf("approval %d: %v", i, err)
		}
	}
	var cpus int
	if err := f.base.Raw("SELECT coalesce(sum(cpus), 0) FROM vm_requests WHERE status = 'Approved'").Scan(&cpus).Error; err != nil {
		t.Fatal(err)
	}
	if approved != 3 || cpus != 9 {
		t.Fatalf("%d approved with %d CPUs on a 10-core host; want 3 and 9", approved, cpus)
	}
}

// TestEditsOfApprovedRequestsMustFit: growing an Approved request, or
// moving it to a full host, is refused as its approval would be; a
// shrink, or an edit that grows nothing on a host already past its limit,
// is not.
func TestEditsOfApprovedRequestsMustFit(t *testing.T) {
	t.Parallel()
	f := newCapFixture(t)
	f.host(t, "esx-01", 8, 32, 500, "1", "1")
	f.host(t, "esx-02", 2, 32, 500, "1", "1")
	r := f.request(t, f.user, "grows", "esx-01", 4, 16, 200)
	if err := f.approve(t, f.adminDB, f.admin, r.ID); err != nil {
		t.Fatal(err)
	}
	edit := func(change func(r *models.VMRequest)) error {
		t.Helper()
		got := f.status(t, r.ID)
		change(got)
		return models.UpdateRequest(f.adminDB, got)
	}
	if err := edit(func(r *models.VMRequest) { r.CPUs = 8 }); err != nil {
		t.Fatalf("grow to exactly full: %v", err)
	}
	err := edit(func(r *models.VMRequest) { r.CPUs = 9 })
	if got := overNames(err); got != "CPU" || !strings.HasPrefix(err.Error(), "This change would put host esx-01 over capacity") {
		t.Fatalf("grow past the limit: %v", err)
	}
	var cerr *models.CapacityError
	if errors.As(err, &cerr) && cerr.FieldErrors()["cpus"].IsZero() {
		t.Error("the refusal is not beside CPUs")
	}
	if got := overNames(edit(func(r *models.VMRequest) { r.VirtualHost = "esx-02" })); got != "CPU" {
		t.Fatalf("move to a full host: %s", got)
	}
	// Over capacity on purpose, then an edit of the notes only.
	big := f.request(t, f.user, "big", "esx-01", 4, 16, 200)
	if err := f.approve(t, f.adminDB, f.admin, big.ID, models.OverCapacity("agreed")); err != nil {
		t.Fatal(err)
	}
	if err := edit(func(r *models.VMRequest) { r.Notes = "moved racks"; r.RAMGB = 10 }); err != nil {
		t.Fatalf("an edit that grows nothing: %v", err)
	}
	if s := f.status(t, r.ID); s.CPUs != 8 || s.RAMGB != 10 || s.VirtualHost != "esx-01" {
		t.Fatalf("stored: %+v", s)
	}
}
