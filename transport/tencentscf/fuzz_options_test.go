package tencentscf_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/provconc/provconc/transport/tencentscf"
)

// FuzzNewOptions feeds arbitrary regions, namespaces and endpoints, which
// come from users, configuration files and the environment, to New: a
// refusal is short and never shows a password the endpoint held; an
// accepted endpoint is an http(s) URL with a host and nothing secret, and
// the printed Options stay short and hide the password too.
func FuzzNewOptions(f *testing.F) {
	for _, s := range [][3]string{
		{"ap-guangzhou", "", ""}, {"ap-guangzhou", "team", "http://127.0.0.1:9000"}, {"ap-shanghai-fsi", "", "https://proxy.example/scf/"},
		{"ap-guangzhou", "", "https://user:pw-secret@proxy.example"}, {"ap-guangzhou", "", "http://u:pw-secret@[::1:bad/"},
		{"ap-guangzhou", "", "https://h/?token=pw-secret"}, {"ap-guangzhou", "", "https://h/#pw-secret"}, {"ap-guangzhou", "", "localhost:9000"},
		{"AP-guangzhou", "", ""}, {"ap--x", "", ""}, {"", "", ""}, {strings.Repeat("a", 65), "", ""}, {"ap-guangzhou", "bad ns", ""},
		{"ap-guangzhou", "", "http://h/%zz"}, {"ap-guangzhou", "", "ftp://h"}, {"ap-guangzhou", "", "http:opaque"},
	} {
		f.Add(s[0], s[1], s[2], false)
	}
	f.Add("ap-guangzhou", "", "", true)
	f.Add("ap-guangzhou", "", "http://127.0.0.1:9000", true)
	f.Fuzz(func(t *testing.T, region, namespace, endpoint string, international bool) {
		o := tencentscf.Options{Region: region, Namespace: namespace, Credentials: testCreds, Endpoint: endpoint, International: international}
		var password string
		if u, err := url.Parse(endpoint); err == nil {
			if p, ok := u.User.Password(); ok && len(p) >= 6 && !strings.Contains(region+namespace, p) &&
				!strings.Contains(u.Redacted(), p) && !strings.Contains("tencentscf: Endpoint is not a valid URL must be an http or https URL has no host must not carry a query, fragment or user info xxxxx [REDACTED] set Endpoint or International, not both", p) {
				password = p
			}
		}
		for _, s := range printed(t, o) {
			if len(s) > 4000 || (password != "" && strings.Contains(s, password)) {
				t.Fatalf("Options(%q, %q, %q) printed as %d bytes: %.300q", region, namespace, endpoint, len(s), s)
			}
		}
		p, err := tencentscf.New(o)
		if err != nil {
			if msg := err.Error(); len(msg) > 1200 || (password != "" && strings.Contains(msg, password)) {
				t.Fatalf("New(%q, %q, %q) = %.400q (%d bytes)", region, namespace, endpoint, msg, len(msg))
			}
			return
		}
		if len(region) > 64 || p.Region() != region || (namespace != "" && p.Namespace() != namespace) {
			t.Fatalf("New accepted Region %q, Namespace %q: Region() = %q, Namespace() = %q", region, namespace, p.Region(), p.Namespace())
		}
		u, err := url.Parse(p.Endpoint())
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("New(%q) resolved the endpoint to %q (%v)", endpoint, p.Endpoint(), err)
		}
	})
}
