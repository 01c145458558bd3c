// This file tests the LastModified timestamp helpers: the service's form,
// RFC 3339, and the refusals.

package awslambda_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/provconc/provconc/transport/awslambda"
)

func TestParseLastModified(t *testing.T) {
	t.Parallel()
	instant := time.Date(2019, 11, 21, 19, 32, 12, 0, time.UTC)
	tests := []struct {
		in         string
		want       time.Time // compared as an instant
		wantOffset int       // seconds east of UTC
	}{
		{in: "2019-11-21T19:32:12+0000", want: instant},
		{in: "2019-11-21T19:32:12.123+0000", want: instant.Add(123 * time.Millisecond)},
		{in: "2019-11-21T19:32:12.123456789+0000", want: instant.Add(123456789 * time.Nanosecond)},
		{in: "2019-11-21T19:32:12Z", want: instant},
		{in: "2019-11-21T19:32:12.5Z", want: instant.Add(500 * time.Millisecond)},
		{in: "2019-11-21T19:32:12+00:00", want: instant},
		{in: "2019-11-21T19:32:12.123+00:00", want: instant.Add(123 * time.Millisecond)},
		{in: "2019-11-21T12:32:12-0700", want: instant, wantOffset: -7 * 3600},
		{in: "2019-11-21T12:32:12-07:00", want: instant, wantOffset: -7 * 3600},
		{in: "2019-11-22T01:02:12+0530", want: instant, wantOffset: 5*3600 + 30*60},
		{in: "2019-11-22T01:02:12+05:30", want: instant, wantOffset: 5*3600 + 30*60},
		{in: "2019-11-21T09:32:12.250-10:00", want: instant.Add(250 * time.Millisecond), wantOffset: -10 * 3600},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := awslambda.ParseLastModified(tt.in)
			if err != nil {
				t.Fatalf("ParseLastModified(%q) error: %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseLastModified(%q) = %v, want the instant %v", tt.in, got, tt.want)
			}
			if _, off := got.Zone(); off != tt.wantOffset {
				t.Errorf("ParseLastModified(%q) offset = %ds, want %ds", tt.in, off, tt.wantOffset)
			}
		})
	}
}

func TestParseLastModifiedEmpty(t *testing.T) {
	t.Parallel()
	got, err := awslambda.ParseLastModified("")
	if err != nil || !got.IsZero() {
		t.Errorf(`ParseLastModified("") = %v, %v; want the zero time and no error`, got, err)
	}
}

func TestParseLastModifiedRejects(t *testing.T) {
	t.Parallel()
	long := "2019-11-21T19:32:12+0000" + strings.Repeat("x", 1000)
	tests := []string{
		"yesterday",
		"2019-11-21",
		"2019-11-21T19:32:12",        // no offset
		"2019-11-21 19:32:12+0000",   // no T
		"2019-13-21T19:32:12+0000",   // month 13
		"2019-11-21T25:32:12+0000",   // hour 25
		"2019-11-21T19:32:12+0000 ",  // trailing space
		"2019-11-21T19:32:12+00:00x", // trailing junk after an RFC 3339 offset
		"1574364732",                 // epoch seconds
		"+00:00",
		long,
		strings.Repeat("9", 500),
	}
	for _, in := range tests {
		got, err := awslambda.ParseLastModified(in)
		if err == nil {
			t.Errorf("ParseLastModified(%q) = %v, want an error", truncateForLog(in), got)
			continue
		}
		if !got.IsZero() {
			t.Errorf("ParseLastModified(%q) returned %v with its error, want the zero time", truncateForLog(in), got)
		}
		msg := err.Error()
		if !strings.Contains(msg, "LastModified") {
			t.Errorf("error %q does not name LastModified", msg)
		}
		// The value is echoed, but never more than 160 bytes of it (the
		// rule every error follows), with its length.
		if len(in) > 160 {
			if strings.Contains(msg, in[:161]) || !strings.Contains(msg, fmt.Sprintf("(%d bytes)", len(in))) {
				t.Errorf("error echoes more than 160 bytes of the value, or not its length: %q", msg)
			}
			if len(msg) > 260 {
				t.Errorf("error is %d bytes long for a %d-byte value: %q", len(msg), len(in), msg)
			}
		} else if !strings.Contains(msg, in) {
			t.Errorf("error %q does not show the short value %q", msg, in)
		}
	}
}

func truncateForLog(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func TestFormatLastModified(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2019, 11, 21, 19, 32, 12, 0, time.UTC), "2019-11-21T19:32:12+0000"},
		// Sub-second precision is dropped, the zone converted to UTC.
		{time.Date(2019, 11, 21, 19, 32, 12, 999999999, time.UTC), "2019-11-21T19:32:12+0000"},
		{time.Date(2019, 11, 21, 12, 32, 12, 0, time.FixedZone("PDT", -7*3600)), "2019-11-21T19:32:12+0000"},
		{time.Date(2019, 11, 22, 1, 2, 12, 0, time.FixedZone("IST", 5*3600+30*60)), "2019-11-21T19:32:12+0000"},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2024-02-29T00:00:00+0000"},
	}
	for _, tt := range tests {
		if got := awslambda.FormatLastModified(tt.in); got != tt.want {
			t.Errorf("FormatLastModified(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLastModifiedRoundTrip(t *testing.T) {
	t.Parallel()
	// Format then Parse gives back the instant at second precision.
	times := []time.Time{
		time.Date(2019, 11, 21, 19, 32, 12, 0, time.UTC),
		time.Date(2019, 11, 21, 19, 32, 12, 123456789, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 0, time.FixedZone("X", -3*3600-30*60)),
		time.Date(2038, 1, 19, 3, 14, 8, 0, time.FixedZone("Y", 14*3600)),
	}
	for _, tm := range times {
		s := awslambda.FormatLastModified(tm)
		got, err := awslambda.ParseLastModified(s)
		if err != nil {
			t.Errorf("ParseLastModified(FormatLastModified(%v) = %q) error: %v", tm, s, err)
			continue
		}
		if want := tm.Truncate(time.Second); !got.Equal(want) {
			t.Errorf("round trip of %v through %q = %v, want %v", tm, s, got, want)
		}
	}
	// Parse then Format gives back the documented string.
	for _, s := range []string{"2019-11-21T19:32:12+0000", "2000-01-01T00:00:00+0000"} {
		tm, err := awslambda.ParseLastModified(s)
		if err != nil {
			t.Fatalf("ParseLastModified(%q): %v", s, err)
		}
		if got := awslambda.FormatLastModified(tm); got != s {
			t.Errorf("FormatLastModified(ParseLastModified(%q)) = %q", s, got)
		}
	}
}
