package models

import (
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// schemas caches the parsed field layout of the structs ScanAll fills.
var schemas sync.Map

// layouts caches columnPaths' answers: a statement's text fixes its
// columns, so each struct type meets few column lists, and working one
// out (a lookup and a test allocation per column) was a few percent of
// the detail page's CPU.
var layouts sync.Map // layoutKey → [][]int

// layoutKey is a struct type and its columns, joined by NULs.
type layoutKey struct {
	t       reflect.Type
	columns string
}

// ScanAll runs query and reads every row it returns into a new T. Columns
// match T's fields by their GORM column names, embedded structs included,
// and NULL leaves a field at its zero value, as with GORM's Scan; a column
// without a field is read and dropped. GORM's Scan allocates and converts
// every value of every row through reflection, and on the list, detail
// and dashboard pages that was a fifth of the page's CPU; here the layout
// is worked out once per struct type and column list and each value goes
// straight into its field.
func ScanAll[T any](query *gorm.DB) ([]T, error) {
	return scanInto[T](query, nil)
}

// ScanPage is ScanAll for a statement that returns at most limit rows:
// the slice is made once at that size rather than grown by doubling,
// which for the list's wide rows was a fifth of what the page allocated.
func ScanPage[T any](query *gorm.DB, limit int) ([]T, error) {
	return scanInto(query, make([]T, 0, limit))
}

// scanInto is ScanAll appending to out.
func scanInto[T any](query *gorm.DB, out []T) (_ []T, err error) {
	rows, err := query.Rows()
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	var zero T
	paths, err := columnPaths(&zero, rows, query.NamingStrategy)
	if err != nil {
		return nil, fmt.Errorf("models: scan %T: %w", zero, err)
	}
	targets := make([]any, len(paths))
	var dropped any
	for rows.Next() {
		out = append(out, zero)
		row := reflect.ValueOf(&out[len(out)-1]).Elem()
		for i, path := range paths {
			if path == nil {
				targets[i] = &dropped
				continue
			}
			targets[i] = scanTarget(row.FieldByIndex(path).Addr().Interface())
		}
		if err := rows.Scan(targets...); err != nil {
			return nil, fmt.Errorf("models: scan %T: %w", zero, err)
		}
	}
	return out, rows.Err()
}

// columnPaths says where each of rows' columns goes in the struct dst
// points to (nil: nowhere), and fails for a field ScanAll cannot fill
// the way GORM would.
func columnPaths(dst any, rows *sql.Rows, naming schema.Namer) ([][]int, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	key := layoutKey{reflect.TypeOf(dst), strings.Join(cols, "\x00")}
	if paths, ok := layouts.Load(key); ok {
		return paths.([][]int), nil
	}
	sch, err := schema.Parse(dst, &schemas, naming)
	if err != nil {
		return nil, err
	}
	paths := make([][]int, len(cols))
	for i, c := range cols {
		f := sch.LookUpField(c)
		if f == nil {
			continue
		}
		if f.Serializer != nil || f.StructField.Index[0] < 0 {
			// A serialized field (JSON) or a pointer to an embedded
			// struct needs GORM's own Scan.
			return nil, fmt.Errorf("field %s needs GORM's Scan", f.Name)
		}
		if _, ok := scanTarget(reflect.New(f.FieldType).Interface()).(unsupported); ok {
			return nil, fmt.Errorf("field %s: %s is not supported", f.Name, f.FieldType)
		}
		paths[i] = f.StructField.Index
	}
	layouts.Store(key, paths)
	return paths, nil
}

// scanTarget is what rows.Scan fills for a field at p: the plain kinds
// through the NULL-tolerant scanners below, pointers, byte slices and
// sql.Scanners as they are (they take NULL themselves).
func scanTarget(p any) any {
	switch p := p.(type) {
	case *string:
		return nullString{p}
	case *int:
		return nullInt{p}
	case *int64:
		return nullable[int64]{p}
	case *bool:
		return nullable[bool]{p}
	case *time.Time:
		return nullable[time.Time]{p}
	case *[]byte, sql.Scanner:
		return p
	}
	if reflect.TypeOf(p).Elem().Kind() == reflect.Pointer {
		return p
	}
	return unsupported{}
}

// unsupported marks a field type scanTarget has no scanner for.
type unsupported struct{}

// The NULL-tolerant scanners: NULL stores the zero value, as GORM does
// for a LEFT JOIN's missing side. Each accepts what pgx's database/sql
// driver returns for the column types this schema uses: int64 for every
// integer, string (or bytes) for text.
type (
	nullString struct{ p *string }
	nullInt    struct{ p *int }
	// nullable takes the driver's value as it is.
	nullable[T int64 | bool | time.Time] struct{ p *T }
)

func (s nullString) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.p = ""
	case string:
		*s.p = v
	case []byte:
		*s.p = string(v)
	default:
		return fmt.Errorf("string from %T", src)
	}
	return nil
}

func (s nullInt) Scan(src any) error {
	var n int64
	if err := (nullable[int64]{&n}).Scan(src); err != nil {
		return err
	}
	*s.p = int(n)
	return nil
}

func (s nullable[T]) Scan(src any) error {
	if src == nil {
		var zero T
		*s.p = zero
		return nil
	}
	v, ok := src.(T)
	if !ok {
		return fmt.Errorf("%T from %T", *s.p, src)
	}
	*s.p = v
	return nil
}
