// This file exports Lambda's LastModified timestamp form, for users who read
// or write the service's JSON themselves (fixtures, httpmock responders).

package awslambda

import (
	"time"

	"github.com/provconc/provconc/internal/lambdatime"
)

// ParseLastModified parses a LastModified value as AWS Lambda writes it
// (2019-11-21T19:32:12+0000), with or without fractional seconds, and also in
// RFC 3339 form. The empty string yields the zero time.
func ParseLastModified(s string) (time.Time, error) { return lambdatime.Parse(s) }

// FormatLastModified writes t the way AWS Lambda does: UTC, second
// precision, offset without a colon (2019-11-21T19:32:12+0000).
func FormatLastModified(t time.Time) string { return lambdatime.Format(t) }
