package awslambda_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/provconc/provconc/transport/awslambda"
)

// FuzzNewOptions feeds arbitrary regions and endpoints, which come from
// users, configuration files and the environment, to New: a refusal is
// short and never shows a password the endpoint held; an accepted endpoint
// is an http(s) URL with a host and nothing secret, and the printed Options
// stay short and hide the password too.
func FuzzNewOptions(f *testing.F) {
	for _, s := range [][2]string{
		{"us-east-1", ""}, {"us-east-1", "http://127.0.0.1:4566"}, {"cn-north-1", "https://proxy.example/base/"},
		{"us-east-1", "https://user:pw-secret@proxy.example"}, {"us-east-1", "http://u:pw-secret@[::1:bad/"},
		{"us-east-1", "https://h/?token=pw-secret"}, {"us-east-1", "https://h/#pw-secret"}, {"us-east-1", "localhost:4566"},
		{"US-EAST-1", ""}, {"-us", ""}, {"", ""}, {strings.Repeat("a", 64), ""}, {"us-east-1", "http://h:99999999999/"},
		{"us-east-1", "http://h/%zz"}, {"us-east-1", "ftp://h"}, {"us-east-1", "http:opaque"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, region, endpoint string) {
		o := awslambda.Options{Region: region, Credentials: testCreds, Endpoint: endpoint}
		var password string
		if u, err := url.Parse(endpoint); err == nil {
			if p, ok := u.User.Password(); ok && len(p) >= 6 && !strings.Contains(region, p) &&
				!strings.Contains(u.Redacted(), p) && !strings.Contains("awslambda: Endpoint is not a valid URL must be an http or https URL has no host must not carry a query, fragment or user info xxxxx [REDACTED]", p) {
				password = p
			}
		}
		for _, s := range printed(o) {
			if len(s) > 4000 || (password != "" && strings.Contains(s, password)) {
				t.Fatalf("Options(%q, %q) printed as %d bytes: %.300q", region, endpoint, len(s), s)
			}
		}
		p, err := awslambda.New(o)
		if err != nil {
			if msg := err.Error(); len(msg) > 1200 || (password != "" && strings.Contains(msg, password)) {
				t.Fatalf("New(%q, %q) = %.400q (%d bytes)", region, endpoint, msg, len(msg))
			}
			return
		}
		if len(region) > 63 || p.Region() != region {
			t.Fatalf("New accepted Region %q (%d bytes), Region() = %q", region, len(region), p.Region())
		}
		u, err := url.Parse(p.Endpoint())
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("New(%q, %q) resolved the endpoint to %q (%v)", region, endpoint, p.Endpoint(), err)
		}
	})
}
