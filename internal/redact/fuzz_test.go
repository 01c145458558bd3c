package redact

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzURL feeds arbitrary endpoint values, which come from users,
// configuration files and the environment, and checks the rule: what is
// shown is short, holds no password, query or fragment of a URL that
// parses, and nothing after "?" or "#" or any "@" part of one that does not.
func FuzzURL(f *testing.F) {
	for _, seed := range []string{
		"", "http://127.0.0.1:4566", "https://user:pw@host/x?q=1#f", "https://user@host", "http://[::1:bad/",
		"http://u:pw@[::1:bad/?k=v", "http://host/%zz", "http://host:port/", "mailto:pw@host", "//u:pw@host",
		"http://u:p@h/" + strings.Repeat("é", 100), "\x00\xff", "http://h/?", "http://h/#",
		"admin:hunter2@proxy:8080", "admin:pw@h?k=v#f", "https://user@pw@host", "admin:pa?ss@proxy:8080",
		"admin:pa#ss@proxy/p?k=v", "/p?k=a:b@c",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		shown, quoted := URL(s), QuoteURL(s)
		if len(shown) > MaxShown+len("…") {
			t.Fatalf("URL(%q) is %d bytes long", s, len(shown))
		}
		if len(quoted) > 4*MaxShown+40 {
			t.Fatalf("QuoteURL(%q) is %d bytes long", s, len(quoted))
		}
		if utf8.ValidString(s) && !utf8.ValidString(shown) {
			t.Fatalf("URL(%q) = %q cut a character", s, shown)
		}
		u, err := url.Parse(s)
		if err != nil {
			if strings.Contains(s, "@") && shown != Marker {
				t.Fatalf("URL(%q) = %q; an unparsable value with an @ must be hidden whole", s, shown)
			}
			if i := strings.IndexAny(s, "?#"); i >= 0 && !strings.Contains(s, "@") && shown != Clip(s[:i+1]+Marker) {
				t.Fatalf("URL(%q) = %q; want what follows %q hidden", s, shown, s[i])
			}
			if msg := URLParseError(err).Error(); len(msg) > MaxShown+len("…") {
				t.Fatalf("URLParseError of %q is %d bytes long", s, len(msg))
			}
			return
		}
		if u.Host == "" && u.User == nil {
			// User information without "//": nothing between the first ":"
			// and the last "@" of the whole value is shown, as a password
			// may hold "?" or "#", unless a "?" or "#" comes before that
			// ":" (then what follows is a query or a fragment).
			if at := strings.LastIndexByte(s, '@'); at >= 0 {
				c := strings.IndexAny(s[:at], ":@")
				if c >= 0 && !strings.ContainsAny(s[:c], "?#") {
					if want := s[:c] + ":xxxxx@"; len(want) <= MaxShown && !strings.HasPrefix(shown, want) {
						t.Fatalf("URL(%q) = %q; want the user information after %q hidden", s, shown, s[:c])
					}
				}
			}
		}
		// A name of three bytes or fewer ("@") shows in any value by chance.
		if name := u.User.Username(); len(name) >= 4 && strings.Contains(name, "@") && strings.Contains(shown, url.PathEscape(name)) {
			t.Fatalf("URL(%q) = %q shows a user name holding @", s, shown)
		}
		if p, set := u.User.Password(); set && len(p) >= 4 && strings.Contains(shown, p) && !strings.Contains(u.Redacted(), p) {
			t.Fatalf("URL(%q) = %q shows the password", s, shown)
		}
		if u.RawQuery != "" && len(u.RawQuery) >= 4 && strings.Contains(shown, "?"+u.RawQuery) {
			t.Fatalf("URL(%q) = %q shows the query", s, shown)
		}
		if u.Fragment != "" && len(u.Fragment) >= 4 && strings.Contains(shown, "#"+u.EscapedFragment()) {
			t.Fatalf("URL(%q) = %q shows the fragment", s, shown)
		}
	})
}

// FuzzSecrets feeds arbitrary service messages: Secrets never fails, is
// idempotent, and a token written on a line of its own after any text is
// gone in every shape a credential takes: a header line, a quoted value, a
// JSON member, an authorization parameter, a value with escaped "/".
func FuzzSecrets(f *testing.F) {
	for _, seed := range []string{
		"", "x-amz-security-token:tok", "a\nAuthorization: AWS4 Credential=k/d, Signature=s\n", "Signature=&Token=t",
		`"GET\nx-amz-security-token:tok\n"`, "signature: x", "\xff\x00", `Token="abc\`, `{"Token":"a\"b`,
		`\"token\":\"x`, "authorization=Bearer ", `x-amz-security-token:a\/`, `Signature='`,
	} {
		f.Add(seed)
	}
	const token = "TOKENvalue0123456789"
	f.Fuzz(func(t *testing.T, s string) {
		once := Secrets(s)
		if twice := Secrets(once); twice != once {
			t.Fatalf("Secrets(%q) = %q, then %q", s, once, twice)
		}
		if strings.Contains(s, token) {
			return
		}
		for _, line := range []string{
			"x-amz-security-token:" + token,
			`Token="` + token + `"`,
			`token: "` + token + `"`,
			`Signature='` + token + `'`,
			`{"X-Amz-Security-Token":"` + token + `"}`,
			`{"X-Amz-Security-Token":"a\"` + token + `"}`,
			"authorization=Bearer " + token,
			`x-amz-security-token:abc\/` + token,
			`X-Amz-Credential=AKID\/` + token + "&x=1",
		} {
			in := s + "\n" + line + "\n"
			if got := Secrets(in); strings.Contains(got, token) {
				t.Fatalf("Secrets(%q) = %q shows the token", in, got)
			}
		}
	})
}
