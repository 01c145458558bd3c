// This file proves that the mock refuses exactly what the real protocols
// refuse, with the same errors: a table of inputs runs through the mock and
// through transport/awslambda (or transport/tencentscf) over a transport
// that records whether anything was sent.

package mock_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/mock"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

var _ mock.InputRules = tencentscf.InputRules{}

// errNotServed is what the recording transport answers: the input passed the
// protocol's checks and a request went out.
var errNotServed = errors.New("recording transport: request not served")

type recordingTransport struct{ sent atomic.Int64 }

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.sent.Add(1)
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return nil, errNotServed
}

// ruleCase is one input of every operation; op picks which.
type ruleCase struct {
	name string
	in   any
	// ok marks an input the rules accept.
	ok bool
}

// call runs c through p.
func (c ruleCase) call(p provconc.Protocol) error {
	ctx := context.Background()
	var err error
	switch in := c.in.(type) {
	case *provconc.PutInput:
		_, err = p.Put(ctx, in)
	case *provconc.GetInput:
		_, err = p.Get(ctx, in)
	case *provconc.ListInput:
		_, err = p.List(ctx, in)
	case *provconc.DeleteInput:
		_, err = p.Delete(ctx, in)
	}
	return err
}

// answeringMock answers every operation that reaches it with errReached.
var errReached = errors.New("mock function reached")

func answeringMock(rules mock.InputRules) *mock.Protocol {
	return &mock.Protocol{
		Rules: rules,
		PutFunc: func(context.Context, *provconc.PutInput) (*provconc.PutOutput, error) {
			return nil, errReached
		},
		GetFunc: func(context.Context, *provconc.GetInput) (*provconc.GetOutput, error) {
			return nil, errReached
		},
		ListFunc: func(context.Context, *provconc.ListInput) (*provconc.ListOutput, error) {
			return nil, errReached
		},
		DeleteFunc: func(context.Context, *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
			return nil, errReached
		},
	}
}

var long = strings.Repeat("a", 200)

// overInt32 is 2^31 where int has 64 bits; on 32-bit platforms it wraps to
// a negative amount, which is refused too.
var overInt32 = func() int { n := int64(1) << 31; return int(n) }()

func awsCases() []ruleCase {
	return []ruleCase{
		{name: "put ok", in: &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 1}, ok: true},
		{name: "put ARN ok", in: &provconc.PutInput{FunctionName: "arn:aws:lambda:us-west-2:123456789012:function:my-function:7", ProvisionedConcurrentExecutions: 5}, ok: true},
		{name: "put no name", in: &provconc.PutInput{Qualifier: "BLUE", ProvisionedConcurrentExecutions: 1}},
		{name: "put no qualifier", in: &provconc.PutInput{FunctionName: "my-function", ProvisionedConcurrentExecutions: 1}},
		{name: "put zero amount", in: &provconc.PutInput{FunctionName: "my-function:BLUE"}},
		{name: "put negative amount", in: &provconc.PutInput{FunctionName: "my-function:BLUE", ProvisionedConcurrentExecutions: -1}},
		{name: "put amount over int32", in: &provconc.PutInput{FunctionName: "my-function:BLUE", ProvisionedConcurrentExecutions: overInt32}},
		{name: "put bad name", in: &provconc.PutInput{FunctionName: "my.function", Qualifier: "1", ProvisionedConcurrentExecutions: 1}},
		{name: "put name too long", in: &provconc.PutInput{FunctionName: long, Qualifier: "1", ProvisionedConcurrentExecutions: 1}},
		{name: "put contradicting qualifiers", in: &provconc.PutInput{FunctionName: "my-function:BLUE", Qualifier: "GREEN", ProvisionedConcurrentExecutions: 1}},
		{name: "put bad qualifier", in: &provconc.PutInput{FunctionName: "my-function", Qualifier: "BL UE", ProvisionedConcurrentExecutions: 1}},
		{name: "put extension", in: &provconc.PutInput{FunctionName: "my-function:1", ProvisionedConcurrentExecutions: 1, Extension: &tencentscf.PutParameters{}}},
		{name: "get ok", in: &provconc.GetInput{FunctionName: "123456789012:function:my-function:BLUE"}, ok: true},
		{name: "get no qualifier", in: &provconc.GetInput{FunctionName: "my-function"}},
		{name: "get bad ARN", in: &provconc.GetInput{FunctionName: "arn:aws:s3:us-west-2:123456789012:function:f:1"}},
		{name: "get extension", in: &provconc.GetInput{FunctionName: "f:1", Extension: &tencentscf.Scope{Namespace: "x"}}},
		{name: "list ok", in: &provconc.ListInput{FunctionName: "my-function", MaxItems: 50}, ok: true},
		{name: "list no name", in: &provconc.ListInput{}},
		{name: "list MaxItems 51", in: &provconc.ListInput{FunctionName: "my-function", MaxItems: 51}},
		{name: "list MaxItems negative", in: &provconc.ListInput{FunctionName: "my-function", MaxItems: -1}},
		{name: "list bad name", in: &provconc.ListInput{FunctionName: "my function"}},
		{name: "delete ok", in: &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "$LATEST"}, ok: true},
		{name: "delete empty", in: &provconc.DeleteInput{}},
		{name: "delete qualifier too long", in: &provconc.DeleteInput{FunctionName: "f", Qualifier: long}},
	}
}

func scfCases() []ruleCase {
	return []ruleCase{
		{name: "put ok", in: &provconc.PutInput{FunctionName: "my-function", Qualifier: "1", ProvisionedConcurrentExecutions: 1}, ok: true},
		{name: "put with actions ok", in: &provconc.PutInput{FunctionName: "my-function:2", ProvisionedConcurrentExecutions: 3, Extension: &tencentscf.PutParameters{
			TriggerActions: []tencentscf.TriggerAction{{TriggerName: "peak", TriggerProvisionedConcurrencyNum: 5, TriggerCronConfig: "0 30 8 * * * *"}},
		}}, ok: true},
		{name: "put alias", in: &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 1}},
		{name: "put $LATEST", in: &provconc.PutInput{FunctionName: "my-function", Qualifier: "$LATEST", ProvisionedConcurrentExecutions: 1}},
		{name: "put ARN", in: &provconc.PutInput{FunctionName: "arn:aws:lambda:us-west-2:123456789012:function:my-function:1", ProvisionedConcurrentExecutions: 1}},
		{name: "put name too short", in: &provconc.PutInput{FunctionName: "f", Qualifier: "1", ProvisionedConcurrentExecutions: 1}},
		{name: "put bad cron", in: &provconc.PutInput{FunctionName: "my-function:2", ProvisionedConcurrentExecutions: 3, Extension: &tencentscf.PutParameters{
			TriggerActions: []tencentscf.TriggerAction{{TriggerName: "peak", TriggerProvisionedConcurrencyNum: 5, TriggerCronConfig: "0 30 8 * *"}},
		}}},
		{name: "put tracking with amount", in: &provconc.PutInput{FunctionName: "my-function:2", ProvisionedConcurrentExecutions: 3, Extension: &tencentscf.PutParameters{
			ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking, TrackingTarget: 0.5, MinCapacity: 1, MaxCapacity: 2,
		}}},
		{name: "put foreign extension", in: &provconc.PutInput{FunctionName: "my-function:2", ProvisionedConcurrentExecutions: 3, Extension: &provconc.RawExtension{ProviderName: "tencent-scf"}}},
		{name: "get ok", in: &provconc.GetInput{FunctionName: "my-function:3", Extension: &tencentscf.Scope{Namespace: "prod"}}, ok: true},
		{name: "get bad namespace", in: &provconc.GetInput{FunctionName: "my-function:3", Extension: &tencentscf.Scope{Namespace: "pr od"}}},
		{name: "get version 0", in: &provconc.GetInput{FunctionName: "my-function", Qualifier: "01"}},
		{name: "list ok", in: &provconc.ListInput{FunctionName: "my-function"}, ok: true},
		{name: "list with version", in: &provconc.ListInput{FunctionName: "my-function:1"}},
		{name: "list marker", in: &provconc.ListInput{FunctionName: "my-function", Marker: "abc"}},
		{name: "list negative MaxItems", in: &provconc.ListInput{FunctionName: "my-function", MaxItems: -5}},
		{name: "delete ok", in: &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "9"}, ok: true},
		{name: "delete no qualifier", in: &provconc.DeleteInput{FunctionName: "my-function"}},
	}
}

func TestMockRefusesWhatProtocolsRefuse(t *testing.T) {
	t.Parallel()
	clouds := []struct {
		name  string
		rules mock.InputRules // nil: the mock's default
		real  func(*http.Client) (provconc.Protocol, error)
		cases []ruleCase
	}{
		{
			name: "aws-lambda (default rules)",
			real: func(hc *http.Client) (provconc.Protocol, error) {
				return awslambda.New(awslambda.Options{Region: "us-west-2", Credentials: aws.AnonymousCredentials{}, HTTPClient: hc, Retry: retry.Options{MaxAttempts: 1}})
			},
			cases: awsCases(),
		},
		{
			name:  "tencent-scf",
			rules: tencentscf.InputRules{},
			real: func(hc *http.Client) (provconc.Protocol, error) {
				return tencentscf.New(tencentscf.Options{Region: "ap-guangzhou", Credentials: tencentscf.NewCredentials("AKIDEXAMPLE", "secret", ""), HTTPClient: hc, Retry: retry.Options{MaxAttempts: 1}})
			},
			cases: scfCases(),
		},
	}
	for _, cloud := range clouds {
		t.Run(cloud.name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range cloud.cases {
				t.Run(tc.name, func(t *testing.T) {
					rt := &recordingTransport{}
					real, err := cloud.real(&http.Client{Transport: rt})
					if err != nil {
						t.Fatal(err)
					}
					m := answeringMock(cloud.rules)
					realErr := tc.call(real)
					mockErr := tc.call(m)
					sent := rt.sent.Load()
					if tc.ok {
						if sent == 0 || errors.Is(realErr, provconc.ErrInvalidInput) {
							t.Errorf("the protocol refused a valid input: sent %d, err %v", sent, realErr)
						}
						if !errors.Is(mockErr, errReached) {
							t.Errorf("the mock refused a valid input: %v", mockErr)
						}
						if n := len(m.Calls()); n != 1 {
							t.Errorf("the mock recorded %d calls, want 1", n)
						}
						return
					}
					if sent != 0 {
						t.Errorf("the protocol sent %d requests for a bad input", sent)
					}
					var realIn, mockIn *provconc.InputError
					if !errors.As(realErr, &realIn) {
						t.Fatalf("protocol error = %v, want an *InputError", realErr)
					}
					if !errors.As(mockErr, &mockIn) {
						t.Fatalf("mock error = %v, want the protocol's *InputError %v", mockErr, realErr)
					}
					if diff := cmp.Diff(realIn, mockIn); diff != "" {
						t.Errorf("mock and protocol refuse differently (-protocol +mock):\n%s", diff)
					}
					if realErr.Error() != mockErr.Error() {
						t.Errorf("error text differs:\nprotocol: %s\nmock:     %s", realErr, mockErr)
					}
					if n := len(m.Calls()); n != 0 {
						t.Errorf("the mock recorded %d calls of a refused input, want none", n)
					}
				})
			}
		})
	}
}

func TestInputRulesNil(t *testing.T) {
	t.Parallel()
	// Neither set of rules panics on a nil input.
	for _, rules := range []mock.InputRules{awslambda.InputRules{}, tencentscf.InputRules{}} {
		for name, err := range map[string]error{
			"Put":    rules.CheckPut(nil),
			"Get":    rules.CheckGet(nil),
			"List":   rules.CheckList(nil),
			"Delete": rules.CheckDelete(nil),
		} {
			if !errors.Is(err, provconc.ErrInvalidInput) {
				t.Errorf("%T.Check%s(nil) = %v, want an input error", rules, name, err)
			}
		}
	}
}
