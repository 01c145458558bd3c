// This file keeps Options from showing secrets when printed or logged. An
// aws.CredentialsProvider is often a value holding its keys (the static
// provider of aws-sdk-go-v2's credentials package), which fmt's %v, %+v and
// %#v would print field by field, secret key and session token included.

package awslambda

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/provconc/provconc/internal/redact"
)

var (
	_ fmt.Formatter  = Options{}
	_ fmt.GoStringer = Options{}
	_ slog.LogValuer = Options{}
	_ json.Marshaler = Options{}
)

// fields is the safe view of the options: the credentials by type only, an
// endpoint's password and query redacted, long values clipped, functions
// and providers as set or nil. tencentscf.Options shows the same fields
// under the same names.
func (o Options) fields() redact.Fields {
	return redact.Fields{
		{Key: "Region", Value: redact.Clip(o.Region)},
		{Key: "Credentials", Value: describeCredentials(o.Credentials)},
		{Key: "Endpoint", Value: redact.URL(o.Endpoint)},
		{Key: "HTTPClient", Value: redact.SetOrNil(o.HTTPClient != nil)},
		{Key: "Timeout", Value: o.Timeout},
		{Key: "AttemptTimeout", Value: o.AttemptTimeout},
		{Key: "AppID", Value: redact.Clip(o.AppID)},
		{Key: "Retry.MaxAttempts", Value: o.Retry.MaxAttempts},
		{Key: "Logger", Value: redact.SetOrNil(o.Logger != nil)},
		{Key: "TracerProvider", Value: redact.SetOrNil(o.TracerProvider != nil)},
		{Key: "MeterProvider", Value: redact.SetOrNil(o.MeterProvider != nil)},
		{Key: "Now", Value: redact.SetOrNil(o.Now != nil)},
	}
}

// String describes the options with nothing secret in them.
func (o Options) String() string { return o.fields().String("awslambda.Options") }

// GoString is String, so %#v redacts too.
func (o Options) GoString() string { return o.String() }

// Format writes String for every verb and flag, so no fmt verb reaches the
// credentials.
func (o Options) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, o.String()) }

// LogValue gives slog the redacted form.
func (o Options) LogValue() slog.Value { return o.fields().LogValue() }

// MarshalJSON encodes the redacted form, for loggers that encode values as
// JSON.
func (o Options) MarshalJSON() ([]byte, error) { return o.fields().MarshalJSON() }

// describeCredentials names a provider by its type; anonymous credentials,
// which hold nothing, are named as such.
func describeCredentials(c aws.CredentialsProvider) string {
	switch c.(type) {
	case nil:
		return "nil"
	case aws.AnonymousCredentials, *aws.AnonymousCredentials:
		return "aws.AnonymousCredentials"
	}
	return fmt.Sprintf("%T %s", c, redact.Marker)
}
