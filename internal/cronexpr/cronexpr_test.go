package cronexpr

import (
	"strings"
	"testing"
	"time"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ expr, want string }{
		{"", "must be at("},
		{"cron(0 8 * * MON-FRI *)", "exactly one of day-of-month and day-of-week must be ?"},
		{"cron(0 8 ? * ? *)", "exactly one of"},
		{"cron(0 8 ? * MON-FRI)", "6 space-separated fields"},
		{"cron(60 8 ? * MON *)", "minute \"60\" must be 0-59"},
		{"cron(0 24 ? * MON *)", "hour \"24\" must be 0-23"},
		{"cron(0 8 ? * 0 *)", "day-of-week \"0\" must be 1-7"},
		{"cron(0 8 ? * MON-FRI 2200)", "year \"2200\" must be 1970-2199"},
		{"cron(0 8 ? * FRI-MON *)", "runs backwards"},
		{"cron(0 8 ? * 2#6 *)", "# needs a day and a week 1-5"},
		{"cron(0 8 32W * ? *)", "W needs a day 1-31"},
		{"cron(0 */0 * * ? *)", "hour step \"0\""},
		{"at(2026-02-30T08:00:00)", "at(...) must hold"},
		{"at(2026-01-01 08:00:00)", "at(...) must hold"},
		{"rate(0 minutes)", "rate(...) must hold"},
		{"rate(1 minutes)", "rate(...) must hold"},
		{"rate(5 minute)", "plural unit"},
		{"rate(5 weeks)", "rate(...) must hold"},
		{"rate(05 minutes)", "rate(...) must hold"},
		{"rate( 5 minutes)", "rate(...) must hold"},
		{"every(5 minutes)", "must be at("},
	} {
		_, err := Parse(tc.expr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tc.expr, err, tc.want)
		}
	}
	for _, expr := range []string{"cron(0 8 ? * MON-FRI *)", "cron(*/15 0-23 1,15 JAN-MAR ? 2026-2030)", "cron(0 12 L * ? *)", "cron(0 9 15W * ? *)",
		"cron(0 9 ? * 6L *)", "cron(0 9 ? * 3#2 *)", "cron(0 9 ? * L *)", "at(2026-12-24T08:00:00)", "rate(1 day)", "rate(90 minutes)", "rate(1 hour)"} {
		if _, err := Parse(expr); err != nil {
			t.Errorf("Parse(%q): %v", expr, err)
		}
	}
	for _, tc := range []struct{ expr, want string }{
		{"0 0 8 * * MON-FRI", "7 space-separated fields"},
		{"0 0 8 ? * MON-FRI *", "? is not an SCF wildcard"},
		{"0 0 8 * * 7 *", "day-of-week \"7\" must be 0-6"},
		{"0 0 8 * * * 2100", "year \"2100\" must be 1970-2099"},
		{"60 0 8 * * * *", "second \"60\""},
	} {
		_, err := ParseCron(SCF, tc.expr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseCron(SCF, %q) = %v, want an error containing %q", tc.expr, err, tc.want)
		}
	}
}

func TestNext(t *testing.T) {
	t.Parallel()
	berlin := mustLoad(t, "Europe/Berlin")
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		expr string
		loc  *time.Location
		from time.Time
		want []time.Time // successive firings
	}{
		{"cron(0 8 ? * MON-FRI *)", berlin, time.Date(2026, 1, 2, 7, 0, 0, 0, time.UTC), []time.Time{ // Friday 08:00 Berlin is 07:00 UTC
			time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC), time.Date(2026, 1, 6, 7, 0, 0, 0, time.UTC)}},
		// Across the spring change, 08:00 Berlin moves from 07:00 to 06:00 UTC.
		{"cron(0 8 ? * MON *)", berlin, time.Date(2026, 3, 23, 12, 0, 0, 0, time.UTC), []time.Time{
			time.Date(2026, 3, 30, 6, 0, 0, 0, time.UTC)}},
		{"cron(0 12 L * ? *)", time.UTC, time.Date(2028, 2, 1, 0, 0, 0, 0, time.UTC), []time.Time{
			time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC), time.Date(2028, 3, 31, 12, 0, 0, 0, time.UTC)}},
		// 15W: the 15th of August 2026 is a Saturday, so Friday the 14th.
		{"cron(0 9 15W 8 ? *)", time.UTC, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), []time.Time{time.Date(2026, 8, 14, 9, 0, 0, 0, time.UTC)}},
		// 3#2: the second Tuesday; 6L: the last Friday.
		{"cron(0 9 ? * 3#2 *)", time.UTC, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), []time.Time{time.Date(2026, 1, 13, 9, 0, 0, 0, time.UTC), time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)}},
		{"cron(0 9 ? * 6L *)", time.UTC, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), []time.Time{time.Date(2026, 1, 30, 9, 0, 0, 0, time.UTC)}},
		{"cron(*/20 10 ? * SUN 2026)", time.UTC, time.Date(2026, 12, 27, 10, 30, 0, 0, time.UTC), []time.Time{time.Date(2026, 12, 27, 10, 40, 0, 0, time.UTC)}},
		{"at(2026-06-01T08:00:00)", berlin, created, []time.Time{time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC)}},
		{"rate(90 minutes)", time.UTC, created.Add(time.Hour), []time.Time{created.Add(90 * time.Minute), created.Add(180 * time.Minute)}},
		// Years more than eight ahead are found too; 2100 is no leap year.
		{"cron(0 8 1 1 ? 2040)", time.UTC, created, []time.Time{time.Date(2040, 1, 1, 8, 0, 0, 0, time.UTC)}},
		{"cron(0 0 29 2 ? 2097-2199)", time.UTC, created, []time.Time{time.Date(2104, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2108, 2, 29, 0, 0, 0, 0, time.UTC)}},
		{"cron(30 6 ? * 2#1 2030,2045)", berlin, created, []time.Time{time.Date(2030, 1, 7, 5, 30, 0, 0, time.UTC), time.Date(2030, 2, 4, 5, 30, 0, 0, time.UTC)}},
	} {
		x, err := Parse(tc.expr)
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		at := tc.from
		for _, want := range tc.want {
			got, ok := x.Next(at, tc.loc, created)
			if !ok || !got.Equal(want) {
				t.Errorf("%s after %v = %v %v, want %v", tc.expr, at, got, ok, want)
				break
			}
			at = got
		}
	}
	// Years that have run out, and an at() in the past, never fire again.
	for _, expr := range []string{"cron(0 8 ? * MON 2020)", "at(2020-01-01T00:00:00)", "cron(0 0 30 2 ? *)"} {
		x, _ := Parse(expr)
		if got, ok := x.Next(created, time.UTC, created); ok {
			t.Errorf("%s fired at %v, want never", expr, got)
		}
	}
}

func TestShiftToSCF(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		expr   string
		offset int // seconds
		want   string
		err    string
	}{
		{"0 8 ? * MON-FRI *", 7 * 3600, "0 0 15 * * 1-5 *", ""},
		{"0 20 ? * MON-FRI *", 7 * 3600, "0 0 3 * * 2-6 *", ""},
		{"0 20 ? * SAT,SUN *", 7 * 3600, "0 0 3 * * 0-1 *", ""},
		{"0 2 ? * MON *", -9 * 3600, "0 0 17 * * 0 *", ""}, // a zone ahead of UTC+8 moves back a day
		{"30 9 ? * * *", 2*3600 + 1800, "0 0 12 * * * *", ""},
		{"15 1 1 * ? *", 3600, "0 15 2 1 * * *", ""},
		{"0 7,22 ? * MON *", 7 * 3600, "", "different days"},
		{"0 20 1 * ? *", 7 * 3600, "", "restricted days of the month"},
		{"0,30 9 ? * * *", 1800, "", "no longer form one cron"},
		{"0 12 L * ? *", 0, "", "no L, W or #"},
		{"0 8 ? * MON 2150", 0, "", "end at 2099"},
	} {
		c, err := ParseCron(AWS, tc.expr)
		if err != nil {
			t.Fatalf("%s: %v", tc.expr, err)
		}
		got, err := ShiftToSCF(c, tc.offset)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ShiftToSCF(%q, %d) = %q, %v; want an error containing %q", tc.expr, tc.offset, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ShiftToSCF(%q, %d) = %q, %v; want %q", tc.expr, tc.offset, got, err, tc.want)
			continue
		}
		// The converted cron fires at the same instants.
		scf, err := ParseCron(SCF, got)
		if err != nil {
			t.Fatalf("converted %q does not parse: %v", got, err)
		}
		src := time.FixedZone("src", 8*3600-tc.offset)
		at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < 20; i++ {
			a, ok1 := c.Next(at.In(src))
			b, ok2 := scf.Next(at.In(SCFZone))
			if ok1 != ok2 || !a.Equal(b) {
				t.Errorf("%s vs %s after %v: %v vs %v", tc.expr, got, at, a, b)
				break
			}
			at = a
		}
	}
}

func TestSCFToAWS(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ scf, want, err string }{
		{"0 0 15 * * 1-5 *", "0 15 ? * 2-6 *", ""},
		{"0 30 8 1,15 * * *", "30 8 1,15 * ? *", ""},
		{"0 0 8 * JAN * 2026", "0 8 * 1 ? 2026", ""},
		{"30 0 8 * * * *", "", "no seconds"},
		{"0 0 8 1 * MON *", "", "both"},
	} {
		c, err := ParseCron(SCF, tc.scf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := SCFToAWS(c)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("SCFToAWS(%q) = %q, %v; want an error containing %q", tc.scf, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("SCFToAWS(%q) = %q, %v; want %q", tc.scf, got, err, tc.want)
		}
		if _, err := ParseCron(AWS, got); err != nil {
			t.Errorf("SCFToAWS(%q) = %q, which does not parse: %v", tc.scf, got, err)
		}
	}
}
