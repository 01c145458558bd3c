// Runnable examples of the root package: parsing function references,
// combining a qualifier, and inspecting errors.

package provconc_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/provconc/provconc"
)

func ExampleParseFunctionRef() {
	ref, err := provconc.ParseFunctionRef("arn:aws:lambda:us-west-2:123456789012:function:my-function:BLUE")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("partition:", ref.Partition)
	fmt.Println("region:   ", ref.Region)
	fmt.Println("account:  ", ref.AccountID)
	fmt.Println("name:     ", ref.Name)
	fmt.Println("qualifier:", ref.Qualifier)
	fmt.Println("unqualified:", ref.Unqualified())

	_, err = provconc.ParseFunctionRef("my.function")
	fmt.Println("invalid:", errors.Is(err, provconc.ErrInvalidInput))
	// Output:
	// partition: aws
	// region:    us-west-2
	// account:   123456789012
	// name:      my-function
	// qualifier: BLUE
	// unqualified: arn:aws:lambda:us-west-2:123456789012:function:my-function
	// invalid: true
}

func ExampleResolveQualifier() {
	// The qualifier may come with the name or separately.
	ref, err := provconc.ResolveQualifier("123456789012:function:my-function", "7", true)
	fmt.Println(ref, err)

	ref, err = provconc.ResolveQualifier("my-function:BLUE", "", true)
	fmt.Println(ref.Name, ref.Qualifier, err)

	// If given in both places, they must agree.
	_, err = provconc.ResolveQualifier("my-function:BLUE", "GREEN", true)
	var inErr *provconc.InputError
	if errors.As(err, &inErr) {
		fmt.Println(inErr.Field, "-", inErr.Rule)
	}
	// Output:
	// 123456789012:function:my-function:7 <nil>
	// my-function BLUE <nil>
	// Qualifier - contradicts the qualifier BLUE in FunctionName
}

func ExampleAPIError() {
	// A protocol returns errors like this one, often wrapped.
	var err error = fmt.Errorf("reading config: %w", &provconc.APIError{
		Provider:   "aws-lambda",
		Operation:  "GetProvisionedConcurrencyConfig",
		Code:       "TooManyRequestsException",
		Message:    "Rate exceeded",
		StatusCode: 429,
		RequestID:  "0b4d3a5e-1111-2222-3333-444455556666",
		RetryAfter: 2 * time.Second,
		Reason:     "CallerRateLimitExceeded",
		Kind:       provconc.ErrTooManyRequests,
	})

	// errors.Is answers the kind of failure.
	fmt.Println("throttled:", errors.Is(err, provconc.ErrTooManyRequests))
	fmt.Println("not found:", errors.Is(err, provconc.ErrResourceNotFound))

	// errors.As gives the details.
	var apiErr *provconc.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.StatusCode, apiErr.RetryAfter, apiErr.Retryable())
	}
	fmt.Println(err)
	// Output:
	// throttled: true
	// not found: false
	// TooManyRequestsException 429 2s true
	// reading config: provconc: aws-lambda GetProvisionedConcurrencyConfig: TooManyRequestsException (HTTP 429): Rate exceeded [request id 0b4d3a5e-1111-2222-3333-444455556666]
}
