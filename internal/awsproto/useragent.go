package awsproto

import (
	"runtime"
	"strings"

	"github.com/provconc/provconc"
)

// UserAgent is the User-Agent of every request: provconc and its version,
// the platform, the API (api, "lambda#2019-09-30") and the application when
// there is one, in the shape of the official clients' header.
func UserAgent(api, appID string) string {
	ua := "provconc/" + provconc.Version + " os/" + runtime.GOOS + " lang/go#" + strings.TrimPrefix(runtime.Version(), "go") +
		" md/GOARCH#" + runtime.GOARCH + " api/" + api
	if appID != "" {
		ua += " app/" + strings.Map(userAgentRune, appID)
	}
	return ua
}

// userAgentRune keeps the characters a User-Agent token may hold (RFC 9110
// tchar) and turns the rest into '-', as the official clients do.
func userAgentRune(r rune) rune {
	switch {
	case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return r
	case r < 0x80 && strings.ContainsRune("!#$%&'*+-.^_`|~", r):
		return r
	}
	return '-'
}
