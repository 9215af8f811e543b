package models_test

import (
	"reflect"
	"testing"

	"vmportal/models"
)

// TestScanAllMatchesGORM: ScanAll fills a struct exactly as GORM's Scan
// does, for every column of a request (a decided one, with its pointers
// set, and a Pending one, with them NULL), for a struct that embeds
// another, and drops a column that has no field.
func TestScanAllMatchesGORM(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := createUser(t, f.base, "root", models.RoleAdmin)
	decided := f.create(t, validInput("scan-a"))
	f.create(t, validInput("scan-b"))
	if err := models.Decide(f.db, admin, decided, models.DecisionReject, "too big"); err != nil {
		t.Fatal(err)
	}
	const query = `SELECT r.*, 'no such field' AS extra, 41 + 1 AS found FROM vm_requests r ORDER BY id`

	var viaGORM []models.VMRequest
	if err := f.base.Raw(query).Scan(&viaGORM).Error; err != nil {
		t.Fatal(err)
	}
	viaScan, err := models.ScanAll[models.VMRequest](f.base.Raw(query))
	if err != nil {
		t.Fatal(err)
	}
	if len(viaGORM) != 2 || viaGORM[0].DecidedAt == nil || viaGORM[1].DecidedAt != nil {
		t.Fatalf("fixture: %+v", viaGORM)
	}
	if !reflect.DeepEqual(viaScan, viaGORM) {
		t.Errorf("ScanAll:\n%+v\nGORM:\n%+v", viaScan, viaGORM)
	}

	type embedding struct {
		models.VMRequest
		Found int
	}
	var embGORM []embedding
	if err := f.base.Raw(query).Scan(&embGORM).Error; err != nil {
		t.Fatal(err)
	}
	embScan, err := models.ScanAll[embedding](f.base.Raw(query))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(embScan, embGORM) || embScan[0].Found != 42 || embScan[1].VMName != "scan-b" {
		t.Errorf("embedded: ScanAll\n%+v\nGORM\n%+v", embScan, embGORM)
	}
}

// TestScanAllReadsNULLAsZero: the missing side of a LEFT JOIN scans as
// a zero struct, as with GORM.
func TestScanAllReadsNULLAsZero(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	const query = `SELECT u.* FROM (SELECT 1) one LEFT JOIN users u ON false`
	var viaGORM []models.User
	if err := db.Raw(query).Scan(&viaGORM).Error; err != nil {
		t.Fatal(err)
	}
	viaScan, err := models.ScanAll[models.User](db.Raw(query))
	if err != nil {
		t.Fatal(err)
	}
	if len(viaScan) != 1 || !reflect.DeepEqual(viaScan, viaGORM) {
		t.Errorf("ScanAll %+v, GORM %+v", viaScan, viaGORM)
	}
}

// TestScanAllRefusesSerializedFields: a JSON-serialized field would be
// scanned wrong without GORM's serializer, so ScanAll says so instead.
func TestScanAllRefusesSerializedFields(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	if _, err := models.ScanAll[models.AuditEntry](db.Raw("SELECT * FROM audit_log")); err == nil {
		t.Error("ScanAll read audit entries, whose details are serialized JSON")
	}
}

// TestScanAllKeepsALayoutPerColumnList: the same struct read from
// statements with its columns in other orders, or fewer of them, fills
// the right fields each time (the layouts are kept per column list).
func TestScanAllKeepsALayoutPerColumnList(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	for _, tc := range []struct {
		query string
		want  models.User
	}{
		{`SELECT 7 AS id, 'ada' AS username, 'Ada L' AS full_name`, models.User{ID: 7, Username: "ada", FullName: "Ada L"}},
		{`SELECT 'Ada L' AS full_name, 'ada' AS username, 7 AS id`, models.User{ID: 7, Username: "ada", FullName: "Ada L"}},
		{`SELECT 'ada' AS full_name, 'Ada L' AS username`, models.User{Username: "Ada L", FullName: "ada"}},
		{`SELECT 7 AS id, 'ada' AS username, 'Ada L' AS full_name`, models.User{ID: 7, Username: "ada", FullName: "Ada L"}},
	} {
		got, err := models.ScanAll[models.User](db.Raw(tc.query))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !reflect.DeepEqual(got[0], tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.query, got, tc.want)
		}
	}
}

// ScanPage reads every row, with its limit only sizing the slice: more
// rows than the limit are still all read, fewer leave no empty ones.
func TestScanPageReadsEveryRow(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	const query = `SELECT n AS id FROM generate_series(1, 5) n ORDER BY n`
	for _, limit := range []int{0, 3, 5, 25} {
		got, err := models.ScanPage[models.User](db.Raw(query), limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 5 || got[0].ID != 1 || got[4].ID != 5 {
			t.Errorf("limit %d: %d rows %+v", limit, len(got), got)
		}
	}
}
