package cronexpr

import (
	"testing"
	"time"
)

// FuzzParse feeds any text to both parsers and the schedulers: nothing may
// panic, an accepted expression must find its next firing strictly after
// the start, and a converted cron must parse in the other dialect.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"cron(0 8 ? * MON-FRI *)", "cron(*/15 0-23 1,15 JAN-MAR ? 2026-2030)", "cron(0 12 L * ? *)", "cron(0 9 15W * ? *)",
		"cron(0 9 ? * 6L *)", "cron(0 9 ? * 3#2 *)", "at(2026-12-24T08:00:00)", "rate(1 day)", "rate(90 minutes)",
		"0 0 15 * * 1-5 *", "0 */5 * * * * *", "cron(0 0 29 2 ? 2100)", "cron(59 23 31 12 ? 2199)", "cron(0 0 ? * 1#5 *)",
	} {
		f.Add(seed)
	}
	start := time.Date(2026, 1, 5, 6, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr string) {
		if x, err := Parse(expr); err == nil {
			if next, ok := x.Next(start, time.UTC, start); ok && !next.After(start) {
				t.Fatalf("%q: next %v is not after %v", expr, next, start)
			}
			if x.Kind == KindCron {
				if s, err := ShiftToSCF(x.Cron, 7*3600); err == nil {
					if _, err := ParseCron(SCF, s); err != nil {
						t.Fatalf("%q shifted to %q, which SCF parsing refuses: %v", expr, s, err)
					}
				}
			}
		}
		if c, err := ParseCron(SCF, expr); err == nil {
			if next, ok := c.Next(start); ok && !next.After(start) {
				t.Fatalf("%q: next %v is not after %v", expr, next, start)
			}
			if s, err := SCFToAWS(c); err == nil {
				if _, err := ParseCron(AWS, s); err != nil {
					t.Fatalf("%q converted to %q, which AWS parsing refuses: %v", expr, s, err)
				}
			}
		}
	})
}
