package binder_test

import (
	"fmt"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/database/dbtest"
	"imbridge/worker/binder"
)

// BenchmarkImport binds a whole directory from a filled export: n IM users,
// n OA users with the same mobiles, the file exported by the bridge and
// filled in by mobile; one op is export + import (XLSX) in one transaction.
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{10_000} {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			db := dbtest.Open(b).Client
			_, ctx := dbtest.Tenant(b, db, "bench")
			c := db.Corp.Create().SetName("bench").SetPlatform("feishu").SaveX(ctx)
			oas := make([]*ent.UserCreate, 0, n)
			ims := make([]*ent.UserCreate, 0, n)
			for i := range n {
				m := fmt.Sprintf("+86139%08d", i)
				oas = append(oas, db.User.Create().SetExternalID(fmt.Sprintf("U%06d", i)).SetName("oa").SetMobile(m))
				ims = append(ims, db.User.Create().SetCorpID(c.ID).SetExternalID(fmt.Sprintf("ou%06d", i)).SetName("im").SetMobile(m))
			}
			for s := 0; s < n; s += 1000 {
				db.User.CreateBulk(oas[s:min(s+1000, n)]...).ExecX(ctx)
				db.User.CreateBulk(ims[s:min(s+1000, n)]...).ExecX(ctx)
			}
			file, err := binder.Export(ctx, db, c.ID, binder.FieldMobile, binder.FormatXLSX, time.Now())
			if err != nil {
				b.Fatal(err)
			}
			rows := readXLSX(b, file.Content)
			mobile, match := 2, 9
			for i := 1; i < len(rows); i++ {
				for len(rows[i]) <= match {
					rows[i] = append(rows[i], "")
				}
				rows[i][match] = rows[i][mobile]
			}
			filled := writeXLSX(b, rows)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				tx, err := db.Tx(ctx)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				rep, err := binder.Import(ctx, tx.Client(), binder.ImportInput{CorpID: c.ID, Field: binder.FieldMobile, Format: binder.FormatXLSX, Data: filled})
				if err != nil || rep.Counts[binder.Bound] != n {
					b.Fatalf("import: %v %v", err, rep.Counts)
				}
				b.StopTimer()
				_ = tx.Rollback()
				b.StartTimer()
			}
			b.ReportMetric(float64(len(filled))/1024, "file-KiB")
		})
	}
}
