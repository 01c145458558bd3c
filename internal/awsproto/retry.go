package awsproto

import (
	"math"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// MaxAttempts returns the attempt limit an aws.Config sets, as the official
// clients read it, for retry.Options.MaxAttempts: RetryMaxAttempts when
// set, over the Retryer's MaxAttempts; 0 when neither sets one (provconc's
// default then). A Retryer whose MaxAttempts is 0 retries until the call
// succeeds or its context ends (aws.Retryer's documented meaning): no limit.
func MaxAttempts(cfg aws.Config) int {
	if cfg.RetryMaxAttempts > 0 {
		return cfg.RetryMaxAttempts
	}
	if cfg.Retryer == nil {
		return 0
	}
	r := cfg.Retryer()
	switch {
	case r == nil:
		return 0
	case r.MaxAttempts() == 0:
		return math.MaxInt32 // no limit: the call's context bounds it
	case r.MaxAttempts() > 0:
		return r.MaxAttempts()
	}
	return 0
}
