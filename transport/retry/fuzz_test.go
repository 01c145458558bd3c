package retry_test

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/provconc/provconc/transport/retry"
)

// FuzzParseRetryAfter feeds arbitrary Retry-After values, which a server or
// anything on the way to it writes, and checks the result against the two
// forms of RFC 9110 read independently: strconv for delta-seconds,
// http.ParseTime for a date.
func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{
		"", "0", "120", " 7 ", "-1", "1.5", "+3", "0x10", "1e3", "٣",
		"9223372036854775807", "99999999999999999999999999",
		"Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015",
		"Sun, 06 Nov 1994 08:49:37 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Wed, 21 Oct 2015 07:28:00 PST",
	} {
		f.Add(seed)
	}
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, value string) {
		got, ok := retry.ParseRetryAfter(value, now)
		if got < 0 {
			t.Fatalf("ParseRetryAfter(%q) = %v, a negative wait", value, got)
		}
		if !ok {
			if got != 0 {
				t.Fatalf("ParseRetryAfter(%q) = %v, false; want 0 with false", value, got)
			}
		}
		v := strings.TrimSpace(value)
		if v != "" && strings.Trim(v, "0123456789") == "" {
			// delta-seconds: a count of whole seconds, saturating.
			if !ok {
				t.Fatalf("ParseRetryAfter(%q) refused delta-seconds", value)
			}
			secs, err := strconv.ParseInt(v, 10, 64)
			want := time.Duration(math.MaxInt64)
			if err == nil && secs <= math.MaxInt64/int64(time.Second) {
				want = time.Duration(secs) * time.Second
			}
			if got != want {
				t.Fatalf("ParseRetryAfter(%q) = %v, want %v", value, got, want)
			}
			return
		}
		at, err := http.ParseTime(v)
		if (err == nil) != ok {
			t.Fatalf("ParseRetryAfter(%q) ok = %v, but http.ParseTime says %v", value, ok, err)
		}
		if ok && got != max(at.Sub(now), 0) {
			t.Fatalf("ParseRetryAfter(%q) = %v, want %v (the date less now)", value, got, max(at.Sub(now), 0))
		}
	})
}
