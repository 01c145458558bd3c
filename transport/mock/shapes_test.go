package mock_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/mock"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// TestErrorAsTheAWSProtocolDecodesIt: for each kind, the error the
// awslambda protocol decodes from the emulator's answer (shaped after AWS
// snapshots) and mock.Error of that kind agree on what identifies the
// answer: code, HTTP status, Type and throttle reason.
func TestErrorAsTheAWSProtocolDecodesIt(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{})
	if err := emu.CreateFunction("my-function"); err != nil {
		t.Fatal(err)
	}
	v, err := emu.PublishVersion("my-function")
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.CreateAlias("my-function", "BLUE", v); err != nil {
		t.Fatal(err)
	}
	client, err := awslambda.NewClient(aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, HTTPClient: emu.Client(), RetryMaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	get := func(name string) error {
		_, err := client.Get(ctx, &provconc.GetInput{FunctionName: name})
		return err
	}
	for _, tc := range []struct {
		kind error
		call func() error
	}{
		{provconc.ErrInvalidParameterValue, func() error {
			_, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function:$LATEST", ProvisionedConcurrentExecutions: 1})
			return err
		}},
		{provconc.ErrResourceNotFound, func() error { return get("missing:1") }},
		{provconc.ErrProvisionedConcurrencyConfigNotFound, func() error { return get("my-function:BLUE") }},
		{provconc.ErrResourceConflict, func() error {
			if _, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function:" + v, ProvisionedConcurrentExecutions: 1}); err != nil {
				return err
			}
			_, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function:BLUE", ProvisionedConcurrentExecutions: 1})
			return err
		}},
		{provconc.ErrAccessDenied, func() error { return get("arn:aws:lambda:us-east-1:999999999999:function:my-function:BLUE") }},
		{provconc.ErrTooManyRequests, func() error { emu.InjectFaults(emulator.FaultThrottle); return get("my-function:BLUE") }},
		{provconc.ErrService, func() error { emu.InjectFaults(emulator.FaultServiceError); return get("my-function:BLUE") }},
	} {
		var decoded *provconc.APIError
		if err := tc.call(); !errors.As(err, &decoded) || !errors.Is(err, tc.kind) {
			t.Errorf("%v: the protocol answered %v", tc.kind, err)
			continue
		}
		m := mock.Error(tc.kind)
		if m.Code != decoded.Code || m.StatusCode != decoded.StatusCode || m.Type != decoded.Type || m.Reason != decoded.Reason {
			t.Errorf("%v: mock.Error has code %q, status %d, Type %q, Reason %q; the protocol decodes %q, %d, %q, %q",
				tc.kind, m.Code, m.StatusCode, m.Type, m.Reason, decoded.Code, decoded.StatusCode, decoded.Type, decoded.Reason)
		}
	}
}

// TestSCFErrorAsTheSCFProtocolDecodesIt: for each kind, the error the
// tencentscf protocol decodes from the emulator's answer carrying
// SCFError's code (or, for a missing config, a Get of a version without
// one) and mock.SCFError of that kind agree on code, HTTP status, Type and
// reason.
func TestSCFErrorAsTheSCFProtocolDecodesIt(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{})
	if err := emu.CreateSCFFunction("default", "orders"); err != nil {
		t.Fatal(err)
	}
	v, err := emu.PublishSCFVersion("default", "orders")
	if err != nil {
		t.Fatal(err)
	}
	p, err := tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: tencentscf.NewCredentials("AKIDexample", "secret", ""),
		HTTPClient: emu.Client(), Retry: retry.Options{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	client, err := provconc.NewClient(p)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, kind := range []error{
		provconc.ErrInvalidParameterValue, provconc.ErrResourceNotFound, provconc.ErrProvisionedConcurrencyConfigNotFound,
		provconc.ErrResourceConflict, provconc.ErrTooManyRequests, provconc.ErrAccessDenied, provconc.ErrService,
	} {
		m := mock.SCFError(kind)
		if m.Code != "" {
			if err := emu.InjectSCFErrors(emulator.SCFError{Code: m.Code, Message: m.Message}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := client.Get(ctx, &provconc.GetInput{FunctionName: "orders:" + v})
		var decoded *provconc.APIError
		if !errors.As(err, &decoded) || !errors.Is(err, kind) {
			t.Errorf("%v: the protocol answered %v", kind, err)
			continue
		}
		if m.Code != decoded.Code || m.StatusCode != decoded.StatusCode || m.Type != decoded.Type || m.Reason != decoded.Reason {
			t.Errorf("%v: mock.SCFError has code %q, status %d, Type %q, Reason %q; the protocol decodes %q, %d, %q, %q",
				kind, m.Code, m.StatusCode, m.Type, m.Reason, decoded.Code, decoded.StatusCode, decoded.Type, decoded.Reason)
		}
	}
}
