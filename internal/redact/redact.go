// Package redact holds what the protocols' printed and logged forms share:
// the marker that stands in for a secret, and the redaction of endpoint URLs.
package redact

import (
	"net/url"
	"strings"
)

// Marker stands in for a secret.
const Marker = "[REDACTED]"

// URL hides a password in an endpoint URL. A value that does not parse as
// a URL but holds an "@" (it may carry user information) is hidden whole.
func URL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if strings.Contains(s, "@") {
			return Marker
		}
		return s
	}
	return u.Redacted()
}

// Struct writes name{K1: v1, K2: v2, ...} from alternating keys and values
// already made safe to show: the printed form of an options struct.
func Struct(name string, keyValues ...string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i := 0; i+1 < len(keyValues); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(keyValues[i])
		b.WriteString(": ")
		b.WriteString(keyValues[i+1])
	}
	b.WriteByte('}')
	return b.String()
}

// SetOrNil describes an optional field without printing it.
func SetOrNil(set bool) string {
	if set {
		return "set"
	}
	return "nil"
}
