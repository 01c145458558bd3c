package httpcall

import (
	"net/http"

	"github.com/provconc/provconc/transport/retry"
)

// NewClient returns the client a protocol sends through: a copy of base (nil
// for a zero client) whose transport (a pooled copy of http.DefaultTransport
// if nil) is wrapped first by sign, then by retries, so every attempt is
// signed afresh. A nil sign sends unsigned requests. base's Timeout and
// CheckRedirect are kept; without a CheckRedirect of its own, redirects are
// not followed: neither service redirects, and a signed request must not go
// elsewhere. retryOpts is used as given.
func NewClient(base *http.Client, sign func(next http.RoundTripper) http.RoundTripper, retryOpts retry.Options) *http.Client {
	var client http.Client
	if base != nil {
		client = *base
	}
	next := client.Transport
	if next == nil {
		next = defaultTransport()
	}
	if sign != nil {
		next = sign(next)
	}
	client.Transport = retry.New(next, retryOpts)
	if client.CheckRedirect == nil {
		client.CheckRedirect = noRedirects
	}
	return &client
}

// defaultTransport is a private copy of http.DefaultTransport with a pool
// sized for many goroutines sharing one client: the standard two idle
// connections per host would make most concurrent calls dial anew.
func defaultTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 64
	return t
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
