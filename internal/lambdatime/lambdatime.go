// Package lambdatime reads and writes the LastModified timestamps of AWS
// Lambda, 2019-11-21T19:32:12+0000: ISO 8601 with no colon in the offset,
// which RFC 3339 parsers refuse. transport/awslambda exports it to users as
// ParseLastModified and FormatLastModified; the root package uses it to write
// Config as JSON in the service's own form.
package lambdatime

import (
	"fmt"
	"time"

	"github.com/provconc/provconc/internal/redact"
)

// Layouts seen in LastModified; time.Parse accepts fractional seconds after
// the seconds field in either.
const (
	layout        = "2006-01-02T15:04:05Z0700"
	layoutRFC3339 = "2006-01-02T15:04:05Z07:00"
	// serviceLayout is what the service writes: UTC, "+0000", no fraction.
	serviceLayout = "2006-01-02T15:04:05-0700"
	// exactLayout adds the sub-second digits when there are any.
	exactLayout = "2006-01-02T15:04:05.999999999-0700"
)

// Parse parses a LastModified value as AWS Lambda writes it, with or without
// fractional seconds, and also in RFC 3339 form. The empty string yields the
// zero time. The error quotes at most 64 bytes of s.
func Parse(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	l := layout
	// An offset written with a colon ("+00:00") is RFC 3339.
	if n := len(s); n > 6 && s[n-3] == ':' && (s[n-6] == '+' || s[n-6] == '-') {
		l = layoutRFC3339
	}
	t, err := time.Parse(l, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("provconc: LastModified %s is not an ISO 8601 timestamp", redact.Quote(s))
	}
	return t, nil
}

// Format writes t as the service does: UTC, second precision, offset
// without a colon.
func Format(t time.Time) string { return t.UTC().Format(serviceLayout) }

// FormatExact writes t as Format does, but keeps its sub-second digits when
// it has any, so Parse gives back the same instant.
func FormatExact(t time.Time) string { return t.UTC().Format(exactLayout) }
