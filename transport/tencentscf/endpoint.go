// This file resolves where requests go: the public endpoints of the SCF API,
// an override for emulators and proxies, and the check of the region, which
// names the signing scope and the X-TC-Region header.

package tencentscf

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/provconc/provconc/internal/redact"
)

// The public endpoints of the SCF API 3.0.
const (
	// DefaultEndpoint serves every region from the nearest access point.
	DefaultEndpoint = "https://scf.tencentcloudapi.com"
	// InternationalEndpoint is the endpoint the international site
	// (tencentcloud.com) documents.
	InternationalEndpoint = "https://scf.intl.tencentcloudapi.com"
)

// validateRegion checks the shape of a Tencent Cloud region name, such as
// ap-guangzhou, na-siliconvalley or ap-shanghai-fsi: lowercase letters and
// digits in at least two parts joined by single hyphens, starting with a
// letter. The service decides whether the region exists; this only stops a
// value that cannot be one (a typo with a space, an upper-case letter, an
// empty string) before anything is signed.
func validateRegion(region string) error {
	if region == "" {
		return errors.New("tencentscf: Region is required (such as ap-guangzhou)")
	}
	bad := fmt.Errorf("tencentscf: Region %s must be lowercase letters and digits in hyphen-separated parts, such as ap-guangzhou", redact.Quote(region))
	if len(region) > 64 || region[0] < 'a' || region[0] > 'z' || !strings.Contains(region, "-") {
		return bad
	}
	prev := byte(0)
	for i := 0; i < len(region); i++ {
		c := region[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && prev != '-' && i != len(region)-1:
		default:
			return bad
		}
		prev = c
	}
	return nil
}

// resolveEndpoint returns the base URL of the endpoint, without a trailing
// slash, and the URL requests are posted to: the override when set, else the
// international or the default public endpoint. As in the official SDK, a
// request goes to "/" of a bare host and to the path of an endpoint that has
// one, as written (a proxy prefix, say).
func resolveEndpoint(override string, international bool) (base, post string, err error) {
	if override == "" {
		base = DefaultEndpoint
		if international {
			base = InternationalEndpoint
		}
		return base, base + "/", nil
	}
	if international {
		return "", "", errors.New("tencentscf: set Endpoint or International, not both")
	}
	// Every message shows the endpoint by redact's rule: it may carry a
	// password or a token.
	shown := redact.QuoteURL(override)
	u, err := url.Parse(override)
	if err != nil {
		return "", "", fmt.Errorf("tencentscf: Endpoint %s is not a valid URL: %w", shown, redact.URLParseError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", "", fmt.Errorf("tencentscf: Endpoint %s must be an http or https URL", shown)
	}
	if u.Host == "" {
		return "", "", fmt.Errorf("tencentscf: Endpoint %s has no host", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", "", fmt.Errorf("tencentscf: Endpoint %s must not carry a query, fragment or user info", shown)
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return strings.TrimSuffix(u.Scheme+"://"+u.Host+path, "/"), u.Scheme + "://" + u.Host + path, nil
}
