// This file keeps Options from showing secrets when printed or logged. An
// aws.CredentialsProvider is often a value holding its keys (the static
// provider of aws-sdk-go-v2's credentials package), which fmt's %v, %+v and
// %#v would print field by field, secret key and session token included.

package awslambda

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/provconc/provconc/internal/redact"
)

var (
	_ fmt.Formatter  = Options{}
	_ slog.LogValuer = Options{}
)

// String describes the options with the credentials shown by type only and
// an endpoint's password redacted.
func (o Options) String() string {
	return redact.Struct("awslambda.Options",
		"Region", redact.Quote(o.Region),
		"Credentials", describeCredentials(o.Credentials),
		"Endpoint", redact.QuoteURL(o.Endpoint),
		"HTTPClient", redact.SetOrNil(o.HTTPClient != nil),
		"Retry.MaxAttempts", strconv.Itoa(o.Retry.MaxAttempts),
		"Logger", redact.SetOrNil(o.Logger != nil),
		"Now", redact.SetOrNil(o.Now != nil))
}

// Format writes String for every verb and flag, so no fmt verb (%#v
// included) reaches the credentials.
func (o Options) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, o.String()) }

// LogValue gives slog the redacted form.
func (o Options) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("region", redact.Clip(o.Region)),
		slog.String("credentials", describeCredentials(o.Credentials)),
		slog.String("endpoint", redact.URL(o.Endpoint)),
	)
}

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
