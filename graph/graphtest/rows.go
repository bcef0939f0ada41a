package graphtest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"imbridge/ent/migrate"
)

// Row is one database row, column name to value, read with plain SQL: no
// privacy rule, hook or resolver stands between the test and what is stored.
type Row map[string]any

// Rows reads every row of every table of the schema (ent/migrate.Tables, so
// tables added later are included), ordered by primary key, leaving out the
// columns named in skip ("last_used_at" or "api_tokens.last_used_at").
// Values are normalised to strings so dumps compare with ==.
func (e *Env) Rows(skip ...string) map[string][]Row {
	e.T.Helper()
	out := map[string][]Row{}
	for _, t := range migrate.Tables {
		order := "1"
		if len(t.PrimaryKey) > 0 {
			var pk []string
			for _, c := range t.PrimaryKey {
				pk = append(pk, c.Name)
			}
			order = strings.Join(pk, ", ")
		}
		rows, err := e.DB.SQL.Query(`SELECT * FROM ` + t.Name + ` ORDER BY ` + order)
		if err != nil {
			e.T.Fatalf("reading %s: %v", t.Name, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			e.T.Fatal(err)
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				e.T.Fatalf("scanning %s: %v", t.Name, err)
			}
			r := Row{}
			for i, c := range cols {
				if slices.Contains(skip, c) || slices.Contains(skip, t.Name+"."+c) {
					continue
				}
				r[c] = normalise(vals[i])
			}
			out[t.Name] = append(out[t.Name], r)
		}
		if err := rows.Err(); err != nil {
			e.T.Fatal(err)
		}
		rows.Close()
	}
	return out
}

func normalise(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case int64:
		return fmt.Sprint(x)
	case int:
		return fmt.Sprint(x)
	default:
		return fmt.Sprint(x)
	}
}

// Int reads an integer column of a row (ids, tenant ids); ok is false when
// the column is NULL or absent.
func (r Row) Int(col string) (int, bool) {
	v, ok := r[col]
	if !ok || v == nil {
		return 0, false
	}
	var n int
	if _, err := fmt.Sscan(fmt.Sprint(v), &n); err != nil {
		return 0, false
	}
	return n, true
}
