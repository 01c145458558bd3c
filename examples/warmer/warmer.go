// Package warmer is the code under test of the README's section "Testing
// code that uses provconc": a service's helper that warms a function version
// or alias before a traffic peak. Its tests show four ways to test such code
// with no account and no network: a fake of the one-method interfaces,
// transport/mock, httpmock (both clouds) and the emulator. The README shows
// these files; a test in examples/readme keeps the two the same.
package warmer

import (
	"context"
	"fmt"
	"time"

	"github.com/provconc/provconc"
)

// readme:begin warmer
// API is the part of a provconc.Client that Warm uses. A *provconc.Client
// satisfies it, and so does a test's fake.
type API interface {
	provconc.PutAPI
	provconc.GetAPI
}

// Warm asks for n warm environments on function ("name:qualifier", or an
// ARN) and waits until they are ready, for at most maxWait. waitFns tune the
// wait; tests use them to replace the sleep.
func Warm(ctx context.Context, api API, function string, n int, maxWait time.Duration, waitFns ...func(*provconc.WaitOptions)) (provconc.Config, error) {
	if _, err := api.Put(ctx, &provconc.PutInput{FunctionName: function, ProvisionedConcurrentExecutions: n}); err != nil {
		return provconc.Config{}, fmt.Errorf("warming %s: %w", function, err)
	}
	opts := append([]func(*provconc.WaitOptions){func(o *provconc.WaitOptions) { o.MaxWait = maxWait }}, waitFns...)
	out, err := provconc.WaitUntilReady(ctx, api, &provconc.GetInput{FunctionName: function}, opts...)
	if err != nil {
		return provconc.Config{}, fmt.Errorf("warming %s: %w", function, err)
	}
	return out.Config, nil
}

// readme:end
