package oaimport_test

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"imbridge/ent/database/dbtest"
	"imbridge/worker/oaimport"
)

// BenchmarkImport100k imports 100,000 users in 5,000 departments (~30% with
// a part-time membership) into a fresh database, inside one transaction as
// the background job runs it. SQLite by default; PostgreSQL when
// IMBRIDGE_TEST_DATABASE_URL is set. Run with:
//
//	go test -run '^$' -bench Import100k -benchtime 1x ./worker/oaimport/
//
// It reports the wall time of one import (s/import) and the process's peak
// resident set (peak-RSS-MB, VmHWM: includes the generated input and the
// test binary).
func BenchmarkImport100k(b *testing.B) {
	in := oaimport.Generate(100_000, 5_000, 1)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := dbtest.Open(b)
		_, ctx := dbtest.Tenant(b, db.Client, "bench")
		b.StartTimer()

		start := time.Now()
		tx, err := db.Client.Tx(ctx)
		if err != nil {
			b.Fatal(err)
		}
		c, err := oaimport.Run(ctx, tx.Client(), in, nil)
		if err != nil {
			_ = tx.Rollback()
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)

		b.StopTimer()
		if c.Created != 105_000 {
			b.Fatalf("counters = %+v", c)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/import")
	b.ReportMetric(peakRSSMB(b), "peak-RSS-MB")
}

// BenchmarkReimport100k measures the steady state of a daily full sync: the
// 100k directory is imported once (not timed), then re-imported unchanged
// and with 10% of users changed (a new title; every 50th also switches its
// primary department) and 1% left out (resigned).
func BenchmarkReimport100k(b *testing.B) {
	in := oaimport.Generate(100_000, 5_000, 1)
	changed := oaimport.Generate(100_000, 5_000, 1)
	for i := range changed.Users {
		u := &changed.Users[i]
		if i%10 == 0 {
			u.Title += "（新）"
		}
		if i%50 == 0 && len(u.Memberships) == 1 {
			u.Memberships[0].DepartmentExternalID = changed.Departments[(i/50)%len(changed.Departments)].ExternalID
		}
	}
	changed.Users = changed.Users[1000:]
	var unchangedTime, changedTime time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := dbtest.Open(b)
		_, ctx := dbtest.Tenant(b, db.Client, "bench")
		if _, err := oaimport.Run(ctx, db.Client, in, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, step := range []struct {
			in  oaimport.Input
			dur *time.Duration
		}{{in, &unchangedTime}, {changed, &changedTime}} {
			start := time.Now()
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				b.Fatal(err)
			}
			c, err := oaimport.Run(ctx, tx.Client(), step.in, nil)
			if err != nil {
				_ = tx.Rollback()
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			*step.dur += time.Since(start)
			b.Logf("%+v in %v", c, time.Since(start).Round(time.Millisecond))
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(unchangedTime.Seconds()/float64(b.N), "s/unchanged")
	b.ReportMetric(changedTime.Seconds()/float64(b.N), "s/changed")
	b.ReportMetric(peakRSSMB(b), "peak-RSS-MB")
}

// peakRSSMB reads the process's peak resident set size (VmHWM) in MB.
func peakRSSMB(b *testing.B) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Logf("peak RSS unavailable: %v", err)
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}
