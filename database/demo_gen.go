package database

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"vmportal/models"
)

// demoSeed seeds the demo data's random source (see demoGen).
const demoSeed = 0x5eed

// demoSpan is how far back the demo requests go.
const demoSpan = 2 * 365 * 24 * time.Hour

// demoGen makes the demo requests: created_at runs from two years ago to
// now across the whole run, so ids grow with it. The random source has a
// fixed seed: the same n on a fresh database gives the same requests
// (dates aside), so benchmark runs compare like with like.
type demoGen struct {
	rnd    *rand.Rand
	people demoPeople
	total  int
	next   int // index of the next request in the run
	start  time.Time
	now    time.Time
}

func newDemoGen(people demoPeople, total int, now time.Time) *demoGen {
	return &demoGen{rnd: rand.New(rand.NewPCG(uint64(total), demoSeed)), people: people, total: total,
		start: now.Add(-demoSpan), now: now}
}

func (g *demoGen) batch(ids []int64) []*models.VMRequest {
	reqs := make([]*models.VMRequest, len(ids))
	for i, id := range ids {
		reqs[i] = g.request(id)
	}
	return reqs
}

// request makes one request with id. Its name ends in the id, so names
// never clash, within a run or with earlier runs.
func (g *demoGen) request(id int64) *models.VMRequest {
	slot := float64(demoSpan) / float64(g.total)
	created := g.start.Add(time.Duration((float64(g.next) + g.rnd.Float64()) * slot)).Truncate(time.Microsecond)
	g.next++
	creator := pick(g.rnd, g.people.creators)
	loc := g.rnd.IntN(len(demoLocations))
	r := &models.VMRequest{
		ID:               id,
		VMName:           fmt.Sprintf("%s-%s-%07d", pick(g.rnd, demoApps), pick(g.rnd, demoEnvs), id),
		RequestorName:    creator.Name,
		RequestorEmail:   creator.Email,
		RequestDate:      time.Date(created.Year(), created.Month(), created.Day(), 0, 0, 0, 0, time.UTC),
		CPUs:             pick(g.rnd, []int{1, 2, 2, 4, 4, 4, 8, 8, 16, 32}),
		RAMGB:            pick(g.rnd, []int{2, 4, 8, 8, 16, 16, 32, 64, 128}),
		DiskGB:           pick(g.rnd, []int{20, 40, 50, 80, 100, 100, 200, 500, 1000, 2000}),
		PhysicalLocation: demoLocations[loc].name,
		VirtualHost:      fmt.Sprintf("esx-%s-%02d", demoLocations[loc].code, 1+g.rnd.IntN(4)),
		OperatingSystem:  pick(g.rnd, demoOSes),
		Version:          1,
		CreatedByID:      creator.ID,
		UpdatedByID:      creator.ID,
		CreatedAt:        created,
		UpdatedAt:        created,
	}
	r.PrimaryAdminName, r.PrimaryAdminEmail = g.person()
	if g.rnd.IntN(10) < 4 {
		r.SecondaryAdminName, r.SecondaryAdminEmail = g.person()
	}
	if g.rnd.IntN(10) < 7 {
		r.BackupRequired, r.BackupFrequency = true, pick(g.rnd, models.BackupFrequencies)
	}
	if g.rnd.IntN(2) == 0 {
		r.Notes = pick(g.rnd, demoNotes)
	}
	r.VLANs = g.vlans()
	g.decide(r)
	return r
}

// decide sets the status: recent requests are mostly Pending, older ones
// mostly decided (Active, Approved, some Rejected, Cancelled or
// Decommissioned) by the admin.
func (g *demoGen) decide(r *models.VMRequest) {
	roll := g.rnd.IntN(100)
	if g.now.Sub(r.CreatedAt) < 14*24*time.Hour {
		roll -= 60 // recent: 60 points more Pending
	}
	switch {
	case roll < 10:
		r.Status = models.StatusPending
		return
	case roll < 18:
		r.Status, r.DecisionReason, r.Version = models.StatusRejected, pick(g.rnd, demoRejectReasons), 2
	case roll < 22:
		r.Status, r.DecisionReason, r.Version = models.StatusCancelled, pick(g.rnd, demoCancelReasons), 2
	case roll < 45:
		r.Status, r.Version = models.StatusApproved, 2
	case roll < 90:
		r.Status, r.Version = models.StatusActive, 3 // approved, then activated
	default: // approved, activated, then decommissioned
		r.Status, r.DecisionReason, r.Version = models.StatusDecommissioned, pick(g.rnd, demoDecommissionReasons), 4
	}
	decided := r.CreatedAt.Add(time.Duration(10+g.rnd.IntN(72*60)) * time.Minute)
	if decided.After(g.now) {
		decided = g.now
	}
	admin := g.people.admin.ID
	r.DecidedByID, r.DecidedAt = &admin, &decided
	r.UpdatedByID, r.UpdatedAt = admin, decided
}

// asciiFold keeps demo email addresses plain ASCII ("díaz" → "diaz").
var asciiFold = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n", "ç", "c", "à", "a", "è", "e", "ò", "o")

func (g *demoGen) person() (name, email string) {
	first, last := pick(g.rnd, demoFirstNames), pick(g.rnd, demoLastNames)
	return first + " " + last, asciiFold.Replace(strings.ToLower(first+"."+last)) + "@example.com"
}

// vlans picks 0–4 distinct VLANs, mostly well-known named ones.
func (g *demoGen) vlans() []models.VLAN {
	k := g.rnd.IntN(5)
	vlans := make([]models.VLAN, 0, k)
	used := map[int]bool{}
	for len(vlans) < k {
		v := models.VLAN{VLANID: 1 + g.rnd.IntN(models.MaxVLANID)}
		if g.rnd.IntN(10) < 7 {
			v = pick(g.rnd, demoVLANs)
		}
		if !used[v.VLANID] {
			used[v.VLANID] = true
			v.Position = len(vlans)
			vlans = append(vlans, v)
		}
	}
	return vlans
}

func pick[T any](rnd *rand.Rand, list []T) T { return list[rnd.IntN(len(list))] }
