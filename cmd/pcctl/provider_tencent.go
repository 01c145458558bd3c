// This file is the Tencent Cloud SCF provider: region, credentials and
// namespace from flags and the TENCENTCLOUD_* environment variables, handed
// to transport/tencentscf.

package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// envTencentRegion is the region variable of Tencent Cloud's tools.
const envTencentRegion = "TENCENTCLOUD_REGION"

// tencentProvider speaks to Tencent Cloud SCF. SCF names a function by its
// bare name, or name:version; transport/tencentscf refuses the rest,
// a qualified name given to list included.
var tencentProvider = provider{
	check:       checkTencentSettings,
	newProtocol: newTencentProtocol,
	target: func(function, qualifier string) (string, string) {
		name, version, found := strings.Cut(function, ":")
		if found && qualifier == "" {
			qualifier = version
		}
		return name, qualifier
	},
}

func checkTencentSettings(s *settings) error {
	switch {
	case s.profile != "":
		return globalUsagef("--profile applies to --provider aws only: Tencent credentials come from %s and %s",
			tencentscf.EnvSecretID, tencentscf.EnvSecretKey)
	case s.noSign:
		return globalUsagef("--no-sign-request applies to --provider aws only: Tencent SCF requests are always signed")
	case (s.emulator || s.emulatorState != "") && s.endpoint != "":
		return globalUsagef("--emulator and --endpoint exclude each other: --emulator serves in process")
	}
	return nil
}

// tencentEndpoint reads --endpoint as tccli does: a bare host name
// (scf.tencentcloudapi.com, or host:port) is reached over https. A full
// URL is used as given; anything else is left for tencentscf to refuse
// with its own message.
func tencentEndpoint(endpoint string) string {
	if endpoint == "" || strings.Contains(endpoint, "://") {
		return endpoint
	}
	return "https://" + endpoint
}

// newTencentProtocol builds the SCF protocol from --region (else
// TENCENTCLOUD_REGION), --endpoint, --namespace and the credentials in
// TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and
// TENCENTCLOUD_SESSION_TOKEN.
func newTencentProtocol(_ context.Context, s *settings, hc *http.Client) (provconc.Protocol, error) {
	if emu := s.inProcess; emu != nil {
		// The emulator checks no signature unless told to; any key signs.
		return tencentscf.New(tencentscf.Options{
			Region:      emulatorSCFRegion,
			Credentials: tencentscf.NewCredentials("pcctl-emulator", "pcctl-emulator", ""),
			Namespace:   s.namespace,
			HTTPClient:  hc,
		})
	}
	region := s.region
	if region == "" {
		region = os.Getenv(envTencentRegion)
	}
	if region == "" {
		return nil, errors.New("no region: set --region or " + envTencentRegion)
	}
	creds, err := tencentscf.CredentialsFromEnv()
	if err != nil {
		return nil, err
	}
	// tccli makes one attempt; the scf family makes the aws CLI's three, a
	// bounded number, so that a throttled call ends as the lambda family's
	// does instead of being paced until --timeout.
	s.maxAttempts = 0
	if s.cliFamily {
		s.maxAttempts = cliDefaultMaxAttempts
	}
	return tencentscf.New(tencentscf.Options{
		Region:      region,
		Credentials: creds,
		Namespace:   s.namespace,
		Endpoint:    tencentEndpoint(s.endpoint),
		HTTPClient:  hc,
		Retry:       retry.Options{MaxAttempts: s.maxAttempts},
	})
}
