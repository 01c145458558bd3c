package redact

import (
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                                        "",
		"http://127.0.0.1:4566":                   "http://127.0.0.1:4566",
		"https://user:hunter2@proxy.example/x":    "https://user:xxxxx@proxy.example/x",
		"https://user@proxy.example":              "https://user@proxy.example",
		"https://proxy.example/x?token=hunter2":   "https://proxy.example/x?[REDACTED]",
		"https://proxy.example/x#key=hunter2":     "https://proxy.example/x#[REDACTED]",
		"https://u:hunter2@h/x?a=hunter2#hunter2": "https://u:xxxxx@h/x?[REDACTED]#[REDACTED]",
		"https://proxy.example/x?":                "https://proxy.example/x?",
		"http://user:hunter2@[::1:bad-port/":      Marker, // unparsable, holds user information
		"http://[::1:bad-port/":                   "http://[::1:bad-port/",
		"http://[::1:bad-port/?key=hunter2":       "http://[::1:bad-port/?" + Marker,
		"http://[::1:bad-port/#hunter2":           "http://[::1:bad-port/#" + Marker,
		// User information without "//": net/url reads "admin" as a scheme.
		"admin:hunter2@proxy.internal:8080":             "admin:xxxxx@proxy.internal:8080",
		"admin:hunter2@proxy.internal:8080/p?k=hunter2": "admin:xxxxx@proxy.internal:8080/p?" + Marker,
		"admin:hunter2@proxy.internal#hunter2":          "admin:xxxxx@proxy.internal#" + Marker,
		"admin:hunter2:more@proxy.internal":             "admin:xxxxx@proxy.internal",
		// A password holding "?" or "#", which net/url reads as a query.
		"admin:pa?hunter2@proxy.internal:8080":       "admin:xxxxx@proxy.internal:8080",
		"admin:pa#hunter2@proxy.internal:8080/p?k=v": "admin:xxxxx@proxy.internal:8080/p?" + Marker,
		"admin:pw@proxy.internal?k=hunter2@x":        "admin:xxxxx@x",
		"/path?k=hunter2:x@y":                        "/path?" + Marker,
		"user@proxy.internal":                        "user@proxy.internal",
		"proxy.internal:8080":                        "proxy.internal:8080",
		// A user name holding "@" is most likely "user@password".
		"https://user@hunter2@proxy.example": "https://user:xxxxx@proxy.example",
		"//user@hunter2@proxy.example/x":     "//user:xxxxx@proxy.example/x",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
		if got, want := QuoteURL(in), Quote(want); got != want {
			t.Errorf("QuoteURL(%q) = %s, want %s", in, got, want)
		}
	}
}

// A long URL is cut like any value, after its secrets are gone.
func TestURLIsCut(t *testing.T) {
	long := "https://u:hunter2@h.example/" + strings.Repeat("p", 1<<20) + "?k=hunter2"
	got := URL(long)
	if strings.Contains(got, "hunter2") || !strings.HasPrefix(got, "https://u:xxxxx@h.example/ppp") || !strings.HasSuffix(got, "…") {
		t.Errorf("URL(1 MiB URL) = %q", got)
	}
	if len(got) > MaxShown+len("…") {
		t.Errorf("URL(1 MiB URL) is %d bytes long", len(got))
	}
	q := QuoteURL(long)
	if strings.Contains(q, "hunter2") || !strings.HasSuffix(q, "…\" (1048613 bytes)") {
		t.Errorf("QuoteURL(1 MiB URL) = %s", q)
	}
}

func TestClipAndQuote(t *testing.T) {
	short := strings.Repeat("a", MaxShown)
	if Clip(short) != short || Quote(short) != `"`+short+`"` {
		t.Errorf("a value of MaxShown bytes was changed: %q, %s", Clip(short), Quote(short))
	}
	if got := Quote(`a"b` + "\n"); got != `"a\"b\n"` {
		t.Errorf("Quote escapes as strconv.Quote: got %s", got)
	}
	huge := strings.Repeat("a", 1<<20)
	if got, want := Clip(huge), strings.Repeat("a", MaxShown)+"…"; got != want {
		t.Errorf("Clip(1 MiB) = %d bytes %q...", len(got), got[:20])
	}
	if got, want := Quote(huge), `"`+strings.Repeat("a", MaxShown)+`…" (1048576 bytes)`; got != want {
		t.Errorf("Quote(1 MiB) = %s, want %s", got, want)
	}
	// The cut falls between characters, never inside one.
	wide := strings.Repeat("é", MaxShown) // 2 bytes each
	for _, s := range []string{wide, "x" + wide} {
		c := Clip(s)
		if !utf8.ValidString(c) || !strings.HasSuffix(c, "…") || len(c) > MaxShown+len("…") {
			t.Errorf("Clip cut a character: %q", c)
		}
	}
}

func TestSetOrNil(t *testing.T) {
	if SetOrNil(true).String() != "set" || SetOrNil(false).String() != "nil" {
		t.Errorf("SetOrNil = %v, %v", SetOrNil(true), SetOrNil(false))
	}
}

// The three forms of Fields show the same values: strings quoted where
// printed, presences and numbers bare, durations as text.
func TestFields(t *testing.T) {
	fs := Fields{
		{Key: "A", Value: "a"},
		{Key: "B", Value: SetOrNil(true)},
		{Key: "C", Value: 3},
		{Key: "D", Value: 20 * time.Second},
		{Key: "E", Value: false},
	}
	if got, want := fs.String("x.Options"), `x.Options{A: "a", B: set, C: 3, D: 20s, E: false}`; got != want {
		t.Errorf("String = %s, want %s", got, want)
	}
	if got := (Fields{}).String("x.Options"); got != "x.Options{}" {
		t.Errorf("String with no fields = %s", got)
	}
	js, err := fs.MarshalJSON()
	if err != nil || string(js) != `{"A":"a","B":"set","C":3,"D":"20s","E":false}` {
		t.Errorf("MarshalJSON = %s, %v", js, err)
	}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.MessageKey {
			return slog.Attr{}
		}
		return a
	}})).Info("", "o", fs.LogValue())
	if got, want := strings.TrimSpace(b.String()), "o.A=a o.B=set o.C=3 o.D=20s o.E=false"; got != want {
		t.Errorf("LogValue = %q, want %q", got, want)
	}
}

// What url.Parse says went wrong is kept, without the URL it quotes, and
// cut when it quotes a long part.
func TestURLParseError(t *testing.T) {
	//lint:ignore SA1007 the URL is malformed on purpose
	_, err := url.Parse("http://user:hunter2@proxy.example/%zz")
	got := URLParseError(err)
	if strings.Contains(got.Error(), "hunter2") || got.Error() != `invalid URL escape "%zz"` {
		t.Errorf("URLParseError = %q", got)
	}
	var escErr url.EscapeError
	if !errors.As(got, &escErr) {
		t.Errorf("URLParseError(%v) lost the cause's type: %T", err, got)
	}
	_, err = url.Parse("http://proxy.example:" + strings.Repeat("9", 1<<20) + "x/")
	if got := URLParseError(err).Error(); len(got) > MaxShown+len("…") || !strings.HasPrefix(got, "invalid port") {
		t.Errorf("URLParseError of a 1 MiB port = %d bytes: %.80q", len(got), got)
	}
	plain := errors.New("not a url.Error")
	if URLParseError(plain) != plain {
		t.Error("URLParseError changed an error that quotes nothing")
	}
}

// A service's message keeps its words and loses the values of credentials
// it quotes: AWS's InvalidSignatureException made with temporary
// credentials holds the canonical request, x-amz-security-token among its
// header lines.
func TestSecrets(t *testing.T) {
	const tok = "FwoGZXIvYXdzEXAMPLE/TOKEN+VALUE=="
	for in, want := range map[string]string{
		"": "",
		"The request signature we calculated does not match the signature you provided.":                                                                 "The request signature we calculated does not match the signature you provided.",
		"Authorization header requires 'Credential' parameter.":                                                                                          "Authorization header requires 'Credential' parameter.",
		"'GET\n/path\nQualifier=1\nhost:h\nx-amz-date:20240101T000000Z\nx-amz-security-token:" + tok + "\n\nhost;x-amz-date;x-amz-security-token\ne3b0'": "'GET\n/path\nQualifier=1\nhost:h\nx-amz-date:20240101T000000Z\nx-amz-security-token:" + Marker + "\n\nhost;x-amz-date;x-amz-security-token\ne3b0'",
		"host:h\nX-Amz-Security-Token: " + tok + "\r\nnext":                                                                                              "host:h\nX-Amz-Security-Token: " + Marker + "\r\nnext",
		// The same lines as a JSON body escapes them.
		`"GET\nhost:h\nx-amz-security-token:` + tok + `\n\nhost;x-amz-security-token"`:                                                              `"GET\nhost:h\nx-amz-security-token:` + Marker + `\n\nhost;x-amz-security-token"`,
		"Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=abc123\nnext": "Authorization: " + Marker + "\nnext",
		"Credential=AKIDEXAMPLE/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123":                            "Credential=" + Marker + ", SignedHeaders=host;x-amz-date, Signature=" + Marker,
		"/p?X-Amz-Credential=AKID%2F2024&X-Amz-Signature=abc&X-Amz-Security-Token=" + tok + "&x=1":                                                  "/p?X-Amz-Credential=" + Marker + "&X-Amz-Signature=" + Marker + "&X-Amz-Security-Token=" + Marker + "&x=1",
		// JSON members, plain and escaped inside a JSON string; a value
		// that is not a string is no secret.
		`{"X-TC-Token":"` + tok + `"}`:                                         `{"X-TC-Token":"` + Marker + `"}`,
		`{"X-Amz-Security-Token" : "ab\"c` + tok + `", "Next":"x"}`:            `{"X-Amz-Security-Token" : "` + Marker + `", "Next":"x"}`,
		`"{\"SessionToken\":\"` + tok + `\",\"x\":1}"`:                         `"{\"SessionToken\":\"` + Marker + `\",\"x\":1}"`,
		`{"Token":null,"NextToken":"abc","Signature expired":"x"}`:             `{"Token":null,"NextToken":"abc","Signature expired":"x"}`,
		`{"Message":"The security token included in the request is invalid."}`: `{"Message":"The security token included in the request is invalid."}`,
		// Quoted values, hidden up to their closing quote.
		`Token="` + tok + `" next`:            `Token="` + Marker + `" next`,
		`token: "` + tok + `"` + "\nnext":     `token: "` + Marker + `"` + "\nnext",
		`Signature='abc', SignedHeaders=host`: `Signature='` + Marker + `', SignedHeaders=host`,
		`Token="abc` + "\nnext":               `Token="` + Marker + "\nnext",
		`Token=""`:                            `Token=""`,
		// An authorization parameter runs to the end of its line.
		"authorization=Bearer abc def\nnext":     "authorization=" + Marker + "\nnext",
		"Proxy-Authorization=Basic dXNlcjpwdw==": "Proxy-Authorization=" + Marker,
		// A "/" escaped by a JSON encoder is part of the value.
		`"x-amz-security-token:abc\/def\/ghi\nhost"`:                                `"x-amz-security-token:` + Marker + `\nhost"`,
		`X-Amz-Credential=AKID\/2024\/us-east-1&x=1`:                                `X-Amz-Credential=` + Marker + `&x=1`,
		"Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z.": "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z.",
		"The security token included in the request is invalid.":                    "The security token included in the request is invalid.",
		"x-tc-token:" + tok: "x-tc-token:" + Marker,
		"SignatureMethod=HmacSHA256&Signature=abc&Token=" + tok: "SignatureMethod=HmacSHA256&Signature=" + Marker + "&Token=" + Marker,
		"NextToken=abc x-amz-security-token-id=1 MySignature=2": "NextToken=abc x-amz-security-token-id=1 MySignature=2",
		"Signature=":                     "Signature=",
		"signature " + Marker:            "signature " + Marker,
		"x-amz-security-token:" + Marker: "x-amz-security-token:" + Marker,
	} {
		if got := Secrets(in); got != want {
			t.Errorf("Secrets(%q)\n = %q\nwant %q", in, got, want)
		}
		if got := Secrets(Secrets(in)); got != Secrets(in) {
			t.Errorf("Secrets is not idempotent on %q: %q", in, got)
		}
	}
}

// Message hides secrets first, then cuts what a server sent after
// MaxMessageShown bytes, saying how long it was.
func TestMessage(t *testing.T) {
	real := "1 validation error detected: Value 'x y' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)"
	if got := Message(real); got != real {
		t.Errorf("Message changed a real message: %q", got)
	}
	huge := "Signature=" + strings.Repeat("s", 1<<20)
	if got, want := Message(huge), "Signature="+Marker; got != want {
		t.Errorf("Message(1 MiB signature) = %.80q", got)
	}
	huge = strings.Repeat("a", 1<<20)
	if got, want := Message(huge), strings.Repeat("a", MaxMessageShown)+"… (1048576 bytes)"; got != want {
		t.Errorf("Message(1 MiB) = %d bytes %.40q", len(got), got)
	}
	wide := strings.Repeat("é", MaxMessageShown)
	if got := Message(wide); !utf8.ValidString(got) || len(got) > MaxMessageShown+40 {
		t.Errorf("Message cut a character or too late: %d bytes", len(got))
	}
}
