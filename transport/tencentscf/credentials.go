// This file defines what signs requests: the CredentialSource interface,
// which any credential of tencentcloud-sdk-go already satisfies, and a static
// Credentials value that never shows its secrets when printed, logged or
// encoded; Options, which holds any CredentialSource, redacts it the same
// way.

package tencentscf

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/provconc/provconc/internal/redact"
)

// Environment variables read by CredentialsFromEnv, the same names the
// official SDKs and the tccli command read.
const (
	EnvSecretID     = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey    = "TENCENTCLOUD_SECRET_KEY"
	EnvSessionToken = "TENCENTCLOUD_SESSION_TOKEN"
)

// CredentialSource supplies the keys that sign each request. It has the
// method set of tencentcloud-sdk-go's common.CredentialIface, so a
// *common.Credential, the credentials its providers return (environment,
// profile, CVM role, role ARN, OIDC) and any other implementation plug in
// as they are, without this package importing that module:
//
//	cred := common.NewCredential(id, key) // or provider.GetCredential()
//	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: cred})
//
// The protocol calls GetCredential once per HTTP attempt, so an
// implementation that refreshes temporary keys is picked up between
// retries. Implementations must be safe for concurrent use.
type CredentialSource interface {
	// GetSecretId returns the SecretId.
	GetSecretId() string
	// GetToken returns the session token of temporary keys, or "".
	GetToken() string
	// GetSecretKey returns the SecretKey.
	GetSecretKey() string
	// GetCredential returns SecretId, SecretKey and token together, so a
	// refreshing implementation never mixes parts of two key pairs.
	GetCredential() (secretID, secretKey, token string)
}

// Credentials is a fixed key pair, with a session token for temporary keys.
// Its secrets are unexported and never printed: fmt (every verb, %#v
// included), String and slog show the SecretId's first characters only.
// The zero value has no keys and is refused by New.
type Credentials struct {
	secretID, secretKey, token string
}

var (
	_ CredentialSource = Credentials{}
	_ fmt.Formatter    = Credentials{}
	_ fmt.GoStringer   = Credentials{}
	_ slog.LogValuer   = Credentials{}
	_ json.Marshaler   = Credentials{}
	_ fmt.Formatter    = Options{}
	_ slog.LogValuer   = Options{}
	_ json.Marshaler   = Options{}
)

// NewCredentials returns Credentials for a key pair; sessionToken is "" for
// permanent keys.
func NewCredentials(secretID, secretKey, sessionToken string) Credentials {
	return Credentials{secretID: secretID, secretKey: secretKey, token: sessionToken}
}

// CredentialsFromEnv reads TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY
// and, for temporary keys, TENCENTCLOUD_SESSION_TOKEN. It fails, naming the
// variable but never its value, when the id or the key is unset or empty.
func CredentialsFromEnv() (Credentials, error) {
	var missing []string
	id := strings.TrimSpace(os.Getenv(EnvSecretID))
	if id == "" {
		missing = append(missing, EnvSecretID)
	}
	key := strings.TrimSpace(os.Getenv(EnvSecretKey))
	if key == "" {
		missing = append(missing, EnvSecretKey)
	}
	if len(missing) > 0 {
		return Credentials{}, errors.New("tencentscf: credentials from the environment: " + strings.Join(missing, " and ") + " not set")
	}
	return NewCredentials(id, key, strings.TrimSpace(os.Getenv(EnvSessionToken))), nil
}

// GetSecretId returns the SecretId.
func (c Credentials) GetSecretId() string { return c.secretID }

// GetSecretKey returns the SecretKey.
func (c Credentials) GetSecretKey() string { return c.secretKey }

// GetToken returns the session token, or "".
func (c Credentials) GetToken() string { return c.token }

// GetCredential returns SecretId, SecretKey and session token.
func (c Credentials) GetCredential() (secretID, secretKey, token string) {
	return c.secretID, c.secretKey, c.token
}

// incomplete reports whether c lacks its SecretId or its SecretKey.
func (c Credentials) incomplete() bool { return c.secretID == "" || c.secretKey == "" }

// String describes c with its secrets redacted.
func (c Credentials) String() string {
	token := "none"
	if c.token != "" {
		token = redact.Marker
	}
	return "tencentscf.Credentials{SecretId: " + maskSecretID(c.secretID) + ", SecretKey: " + redact.Marker + ", SessionToken: " + token + "}"
}

// GoString is String, so %#v redacts too.
func (c Credentials) GoString() string { return c.String() }

// Format writes String for every verb and flag, so no fmt verb reaches the
// fields.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue gives slog the redacted form.
func (c Credentials) LogValue() slog.Value {
	token := "none"
	if c.token != "" {
		token = redact.Marker
	}
	return slog.GroupValue(
		slog.String("secret_id", maskSecretID(c.secretID)),
		slog.String("secret_key", redact.Marker),
		slog.String("session_token", token),
	)
}

// MarshalJSON encodes the redacted form, for loggers that encode values as
// JSON.
func (c Credentials) MarshalJSON() ([]byte, error) {
	token := "none"
	if c.token != "" {
		token = redact.Marker
	}
	return json.Marshal(map[string]string{"SecretId": maskSecretID(c.secretID), "SecretKey": redact.Marker, "SessionToken": token})
}

// describeCredentials shows Credentials redacted and any other source by its
// type.
func describeCredentials(c CredentialSource) string {
	switch c := c.(type) {
	case nil:
		return "nil"
	case Credentials:
		return c.String()
	case *Credentials:
		if c == nil {
			return "(*tencentscf.Credentials)(nil)"
		}
		return c.String()
	}
	return fmt.Sprintf("%T %s", c, redact.Marker)
}

// maskSecretID keeps the first four characters of a SecretId ("AKID" for
// every permanent key), enough to tell keys apart in a log without giving
// one away.
func maskSecretID(id string) string {
	switch {
	case id == "":
		return "(empty)"
	case len(id) <= 8:
		return "****"
	}
	return id[:4] + "****"
}
