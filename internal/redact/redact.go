// Package redact holds what the protocols' printed and logged forms and
// their error messages share: the marker that stands in for a secret, the
// one rule for showing a URL, the cut of a long value, and the hiding of
// credentials a server's text quotes back.
package redact

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Marker stands in for a secret.
const Marker = "[REDACTED]"

// MaxShown is how many bytes of a value an error or a log record shows.
// Every valid value of the APIs (a 140-character function ARN, a
// 128-character qualifier, a region, an endpoint) fits whole; a hostile
// megabyte does not flood a log line.
const MaxShown = 160

// Clip returns s whole when it is at most MaxShown bytes, else its first
// bytes (cut between characters) followed by "…".
func Clip(s string) string {
	if len(s) <= MaxShown {
		return s
	}
	return s[:cutAt(s)] + "…"
}

// Quote returns s as a Go string literal, cut as Clip cuts it and followed
// by its length when cut: "aaaa…" (1048576 bytes). Error messages quote
// values with it.
func Quote(s string) string {
	if len(s) <= MaxShown {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:cutAt(s)]+"…") + " (" + strconv.Itoa(len(s)) + " bytes)"
}

// cutAt returns where Clip cuts s: at most MaxShown bytes, not inside a
// UTF-8 sequence.
func cutAt(s string) int { return cutAtN(s, MaxShown) }

// cutAtN returns where s is cut to at most n bytes (n < len(s)), not inside
// a UTF-8 sequence.
func cutAtN(s string, n int) int {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// URL returns the form of a URL that may be shown, in an error, a log
// record or a printed value, cut as Clip cuts it. It is the one rule for
// every URL the SDK shows:
//
//   - a password in the user information is replaced by "xxxxx", as
//     net/url's URL.Redacted does (the user name stays: it names who, not
//     how to prove it);
//   - a query string or a fragment, where presigned tokens and API keys
//     travel, is replaced by Marker;
//   - user information written without "//" ("admin:pw@proxy:8080", which
//     net/url reads as the scheme "admin") is treated alike: only the text
//     before its first ":" is kept, up to the last "@" of the whole value
//     (a password may hold "?" or "#");
//   - so is a user name holding "@" ("user@pw@host"): only the text before
//     its first "@" is kept;
//   - a value that does not parse as a URL is shown up to its first "?" or
//     "#", and hidden whole if it holds an "@" (it may carry user
//     information).
func URL(s string) string { return Clip(safeURL(s)) }

// QuoteURL is URL as a Go string literal with the length of the shown form
// when cut, as Quote gives it: the form error messages use.
func QuoteURL(s string) string { return Quote(safeURL(s)) }

// URLParseError returns what went wrong in an error of url.Parse, without
// the URL it quotes whole, and cut when long (an invalid port is quoted
// whole too): the cause to wrap next to URL's form of the value.
func URLParseError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	if msg := err.Error(); len(msg) > MaxShown {
		return errors.New(Clip(msg))
	}
	return err
}

func safeURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if strings.Contains(s, "@") {
			return Marker
		}
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			return s[:i+1] + Marker
		}
		return s
	}
	if u.Host == "" && u.User == nil {
		// No authority: an "@" can only be user information written
		// without "//", such as "admin:pw@proxy:8080" (scheme "admin").
		// Its "@" is looked for over the whole value, not before a "?" or
		// "#": a password may hold them ("admin:pa?ss@proxy:8080", which
		// net/url reads as a query). A name before the ":" that holds "?"
		// or "#" is no user name: what follows is a query or fragment.
		if at := strings.LastIndexByte(s, '@'); at >= 0 {
			if c := strings.IndexAny(s[:at], ":@"); c >= 0 && !strings.ContainsAny(s[:c], "?#") {
				head, tail := splitQuery(s[at:])
				return s[:c] + ":xxxxx" + head + tail
			}
		}
		if head, tail := splitQuery(s); strings.Contains(head, "@") {
			at := strings.LastIndexByte(head, '@')
			return hideUserInfo(head[:at]) + head[at:] + tail
		}
	}
	if u.User != nil {
		// url.Parse splits the user information at its last "@": a name
		// holding one is most likely "user@password".
		name := u.User.Username()
		if i := strings.IndexByte(name, '@'); i >= 0 {
			u.User = url.UserPassword(name[:i], "xxxxx")
		}
	}
	if u.RawQuery != "" {
		u.RawQuery = Marker
	}
	if u.Fragment == "" {
		return u.Redacted()
	}
	// Set as the fragment, the marker would come out percent-encoded.
	u.Fragment, u.RawFragment = "", ""
	return u.Redacted() + "#" + Marker
}

// splitQuery splits s before its first "?" or "#" and shows what follows
// as Marker.
func splitQuery(s string) (head, tail string) {
	i := strings.IndexAny(s, "?#")
	if i < 0 {
		return s, ""
	}
	tail = s[i : i+1]
	if i+1 < len(s) {
		tail += Marker
	}
	return s[:i], tail
}

// hideUserInfo shows user information as URL.Redacted does: the name, and
// "xxxxx" for whatever follows its first ":" or "@".
func hideUserInfo(info string) string {
	if i := strings.IndexAny(info, ":@"); i >= 0 {
		return info[:i] + ":xxxxx"
	}
	return info
}

// Field is one field of an options struct, its value already made safe to
// show: a string (redacted or clipped), a bool, an int or a time.Duration.
type Field struct {
	Key   string
	Value any
}

// Fields is the safe view of an options struct, from which its String,
// LogValue and MarshalJSON are all written, so the three can never differ in
// what they show.
type Fields []Field

// String writes name{K1: v1, K2: v2, ...}, strings quoted.
func (fs Fields) String(name string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i, f := range fs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Key)
		b.WriteString(": ")
		if s, ok := f.Value.(string); ok {
			b.WriteString(strconv.Quote(s))
		} else {
			fmt.Fprint(&b, f.Value)
		}
	}
	b.WriteByte('}')
	return b.String()
}

// LogValue is the slog group of the fields.
func (fs Fields) LogValue() slog.Value {
	attrs := make([]slog.Attr, len(fs))
	for i, f := range fs {
		attrs[i] = slog.Any(f.Key, f.Value)
	}
	return slog.GroupValue(attrs...)
}

// MarshalJSON encodes the fields as one JSON object, durations as their
// text ("20s").
func (fs Fields) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(fs))
	for _, f := range fs {
		if d, ok := f.Value.(time.Duration); ok {
			m[f.Key] = d.String()
			continue
		}
		m[f.Key] = f.Value
	}
	return json.Marshal(m)
}

// Presence says whether an optional field (a function, a client, a
// provider) is set, without printing it: "set" or "nil", unquoted in
// Fields.String.
type Presence bool

// String is "set" or "nil".
func (p Presence) String() string {
	if p {
		return "set"
	}
	return "nil"
}

// MarshalText is String, for JSON and slog's handlers.
func (p Presence) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// SetOrNil describes an optional field without printing it.
func SetOrNil(set bool) Presence { return Presence(set) }

// MaxMessageShown is how many bytes of a service's message an error shows.
// It is larger than MaxShown: the services' own messages run past 160 bytes
// (a validation message quoting a pattern, a signature mismatch quoting the
// canonical request) and are worth reading whole, while a hostile megabyte
// is still cut.
const MaxMessageShown = 1024

// Message returns a service's message (or any text a server sent) as an
// error, a log record or a span shows it: with Secrets hidden, and cut after
// MaxMessageShown bytes, followed by its length: "aaaa… (1048576 bytes)".
func Message(s string) string {
	s = Secrets(s)
	if len(s) <= MaxMessageShown {
		return s
	}
	return s[:cutAtN(s, MaxMessageShown)] + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// secretNames are the names whose values Secrets hides, lower-case: the
// headers and query parameters of AWS SigV4 and Tencent Cloud's TC3 and v1
// signatures that carry a session token, a signature or a credential, and
// the usual spellings of a secret key. A service quotes them back when it
// refuses a signature: AWS's InvalidSignatureException with temporary
// credentials holds the canonical request, "x-amz-security-token:<token>"
// among its lines.
var secretNames = []string{
	"x-amz-security-token", "x-amz-signature", "x-amz-credential",
	"authorization", "proxy-authorization", "credential", "signature",
	"x-tc-token", "token", "securitytoken", "sessiontoken", "session_token",
	"aws_session_token", "secretkey", "secret_key", "secretaccesskey",
	"aws_secret_access_key",
}

// Secrets returns s with the value of every credential it quotes replaced
// by Marker, and the rest kept: a name of secretNames (in any case, not
// inside a longer name) followed by ":" hides the rest of its line, as a
// header line ("x-amz-security-token:…", "Authorization: AWS4-HMAC-SHA256
// …"); followed by "=" it hides its value up to the next separator, as a
// parameter ("Signature=…,", "X-Amz-Security-Token=…&"), except that an
// authorization's value runs to the end of the line, as its header's does
// ("authorization=Bearer …"). A line ends at a newline or a quote, and at
// a backslash, and a name may follow an escaped "\n", so that the escaped
// form of a JSON body is treated alike; an escaped "\/" is part of a value,
// as a JSON encoder may write the "/" of a token.
//
// A value that starts with a quote (", ' or an escaped \") is hidden up to
// its closing quote, or to the end of its line if it has none:
// Token="…", token: '…'. A quoted name followed by ":" and a quoted value
// is a JSON member and is hidden alike: {"X-Amz-Security-Token":"…"}.
func Secrets(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is written to b
	for i := 0; i < len(s); i++ {
		if i > 0 && isNameByte(s[i-1]) && !(i > 1 && s[i-2] == '\\' && strings.IndexByte("nrt", s[i-1]) >= 0) {
			// Inside a longer name, unless after an escaped line end.
			continue
		}
		name := secretNameAt(s, i)
		if name == 0 {
			continue
		}
		j := i + name
		// A JSON member's name is quoted: its closing quote comes first.
		member := false
		switch {
		case i > 0 && s[i-1] == '"' && j < len(s) && s[j] == '"':
			j, member = j+1, true
		case i > 1 && s[i-2:i] == `\"` && strings.HasPrefix(s[j:], `\"`):
			j, member = j+2, true
		}
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j == len(s) || (s[j] != ':' && s[j] != '=') || (member && s[j] != ':') {
			continue
		}
		ends := "\r\n\"'\\"
		if s[j] == '=' && !strings.HasSuffix(strings.ToLower(s[i:i+name]), "authorization") {
			ends = "\r\n\"'\\&,; \t)"
		}
		j++
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		var end int
		if q := quoteAt(s, j); q != "" {
			j += len(q)
			end = closingQuote(s, j, q)
		} else if member {
			continue // a JSON value that is not a string: no secret
		} else {
			end = j
			for end < len(s) && strings.IndexByte(ends, s[end]) < 0 ||
				end+1 < len(s) && s[end] == '\\' && s[end+1] == '/' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
		}
		if end == j || s[j:end] == Marker {
			continue
		}
		b.WriteString(s[done:j])
		b.WriteString(Marker)
		done = end
		i = end - 1
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// quoteAt returns the quote that opens a value at s[j]: `"`, "'" or an
// escaped `\"`; "" if none does.
func quoteAt(s string, j int) string {
	switch {
	case j < len(s) && (s[j] == '"' || s[j] == '\''):
		return s[j : j+1]
	case strings.HasPrefix(s[j:], `\"`):
		return `\"`
	}
	return ""
}

// closingQuote returns the index of the quote q that closes a value
// starting at s[j], skipping escaped characters for a plain quote; the end
// of the line (or of s) if none does. A raw line end always ends the
// value, even after a backslash, so that what the next line quotes is read
// on its own.
func closingQuote(s string, j int, q string) int {
	k := j
	for k < len(s) && s[k] != '\r' && s[k] != '\n' {
		if strings.HasPrefix(s[k:], q) {
			return k
		}
		if len(q) == 1 && s[k] == '\\' && k+1 < len(s) && s[k+1] != '\r' && s[k+1] != '\n' {
			k++
		}
		k++
	}
	return k
}

// secretNameAt returns the length of the secret name that starts at s[i]
// and is not the start of a longer name, 0 if none does.
func secretNameAt(s string, i int) int {
	longest := 0
	for _, name := range secretNames {
		if len(name) > longest && len(s)-i >= len(name) && strings.EqualFold(s[i:i+len(name)], name) &&
			(i+len(name) == len(s) || !isNameByte(s[i+len(name)])) {
			longest = len(name)
		}
	}
	return longest
}

// isNameByte reports whether c can be part of a header or parameter name.
func isNameByte(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
