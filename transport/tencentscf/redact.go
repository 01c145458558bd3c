// This file keeps Options from showing secrets when printed, logged or
// encoded: a CredentialSource from elsewhere (a *common.Credential) prints
// its keys field by field under fmt's %v, %+v and %#v.

package tencentscf

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"

	"github.com/provconc/provconc/internal/redact"
)

var (
	_ fmt.Formatter  = Options{}
	_ fmt.GoStringer = Options{}
	_ slog.LogValuer = Options{}
	_ json.Marshaler = Options{}
)

// fields is the safe view of the options: Credentials masked (any other
// source by its type only), an endpoint's password and query redacted, long
// values clipped, functions and providers as set or nil. It shows the
// fields of awslambda.Options under the same names, then SCF's own.
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
		{Key: "Namespace", Value: redact.Clip(o.Namespace)},
		{Key: "International", Value: o.International},
		{Key: "Language", Value: redact.Clip(o.Language)},
	}
}

// String describes the options with nothing secret in them.
func (o Options) String() string { return o.fields().String("tencentscf.Options") }

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
