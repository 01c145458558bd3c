// Package readme holds the Go snippets of README.md as code that compiles.
// Each snippet lies between "// readme:begin NAME" and "// readme:end";
// TestREADMESnippets checks that README.md shows exactly these regions (and
// those of examples/warmer), so the README cannot drift from code CI builds.
package readme

// readme:begin aws-config
import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

func provisionBlue(ctx context.Context) error {
	cfg, err := config.LoadDefaultConfig(ctx) // region, credentials chain, BaseEndpoint
	if err != nil {
		return err
	}
	client, err := awslambda.NewClient(cfg)
	if err != nil {
		return err
	}

	// Ask for 100 warm environments on the BLUE alias; the service answers IN_PROGRESS.
	if _, err := client.Put(ctx, &provconc.PutInput{
		FunctionName:                    "my-function",
		Qualifier:                       "BLUE",
		ProvisionedConcurrentExecutions: 100,
	}); err != nil {
		return err
	}

	// Poll until READY (or FAILED), reporting progress, for at most 10 minutes.
	ready, err := client.WaitUntilReady(ctx, &provconc.GetInput{FunctionName: "my-function:BLUE"},
		func(o *provconc.WaitOptions) {
			o.MaxWait = 10 * time.Minute
			o.Progress = func(c provconc.Config) { log.Printf("%s %d/%d", c.Status, c.Allocated, c.Requested) }
		})
	if err != nil {
		return err // a *provconc.WaitTimeoutError names the last status and reason seen
	}
	fmt.Println(ready.Status, ready.Available)

	// Every config of the function, page by page, lazily.
	for c, err := range client.ListAll(ctx, &provconc.ListInput{FunctionName: "my-function"}) {
		if err != nil {
			return err
		}
		fmt.Println(c.Qualifier, c.Status, c.Available)
	}

	switch _, err := client.Get(ctx, &provconc.GetInput{FunctionName: "my-function", Qualifier: "7"}); {
	case errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound):
		// nothing provisioned on version 7
	case err != nil:
		var apiErr *provconc.APIError
		if errors.As(err, &apiErr) {
			log.Printf("code=%s status=%d request=%s attempts=%d", apiErr.Code, apiErr.StatusCode, apiErr.RequestID, apiErr.Attempts)
		}
		return err
	}
	return nil
}

// readme:end

// The snippets are compiled, never run: they need an account.
var _ = provisionBlue
