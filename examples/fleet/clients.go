package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/provconc/provconc/fleet"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/tencentscf"
)

// readme:begin fleet-clients

// cloudClients builds one client per cloud and region a desired state
// names, from the usual credentials: the AWS default chain and
// TENCENTCLOUD_SECRET_ID/_SECRET_KEY. CachedClients builds each once, so
// the plan and the apply share its rate limiter.
func cloudClients(ctx context.Context) fleet.Clients {
	return fleet.CachedClients(func(t fleet.Target) (fleet.API, error) {
		switch t.Cloud {
		case fleet.AWS:
			cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(t.Region))
			if err != nil {
				return nil, err
			}
			return awslambda.NewClient(cfg)
		case fleet.Tencent:
			creds, err := tencentscf.CredentialsFromEnv()
			if err != nil {
				return nil, err
			}
			return tencentscf.NewClient(creds, t.Region)
		}
		return nil, fmt.Errorf("unknown cloud %q", t.Cloud)
	})
}

// readme:end

// Referenced so the snippet above is compiled and vetted with the program.
var _ = cloudClients
