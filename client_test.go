// This file tests the Client: its constructor, its nil-input checks, and
// that each method hands the call to the Protocol unchanged.

package provconc_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
)

func TestNewClientNilProtocol(t *testing.T) {
	t.Parallel()
	c, err := provconc.NewClient(nil)
	if err == nil {
		t.Fatal("NewClient(nil) error = nil, want an error")
	}
	if c != nil {
		t.Errorf("NewClient(nil) client = %v, want nil", c)
	}
}

// clientCall runs one Client method with a nil or non-nil input and returns
// what it returned.
type clientCall struct {
	op    string
	field string // the InputError field for a nil input
	call  func(c *provconc.Client, ctx context.Context, nilInput bool) (out any, err error)
}

var clientCalls = []clientCall{
	{op: "Put", field: "PutInput", call: func(c *provconc.Client, ctx context.Context, nilInput bool) (any, error) {
		var in *provconc.PutInput
		if !nilInput {
			in = &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 100}
		}
		return c.Put(ctx, in)
	}},
	{op: "Get", field: "GetInput", call: func(c *provconc.Client, ctx context.Context, nilInput bool) (any, error) {
		var in *provconc.GetInput
		if !nilInput {
			in = &provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"}
		}
		return c.Get(ctx, in)
	}},
	{op: "List", field: "ListInput", call: func(c *provconc.Client, ctx context.Context, nilInput bool) (any, error) {
		var in *provconc.ListInput
		if !nilInput {
			in = &provconc.ListInput{FunctionName: "my-function", MaxItems: 10, Marker: "m"}
		}
		return c.List(ctx, in)
	}},
	{op: "Delete", field: "DeleteInput", call: func(c *provconc.Client, ctx context.Context, nilInput bool) (any, error) {
		var in *provconc.DeleteInput
		if !nilInput {
			in = &provconc.DeleteInput{FunctionName: "my-function", Qualifier: "BLUE"}
		}
		return c.Delete(ctx, in)
	}},
}

func TestClientNilInput(t *testing.T) {
	t.Parallel()
	for _, cc := range clientCalls {
		t.Run(cc.op, func(t *testing.T) {
			t.Parallel()
			proto := &fakeProtocol{}
			c, err := provconc.NewClient(proto)
			if err != nil {
				t.Fatal(err)
			}
			out, err := cc.call(c, testContext(), true)
			checkInputError(t, err, cc.field, "nil")
			if !isNil(out) {
				t.Errorf("%s(nil) output = %v, want nil", cc.op, out)
			}
			if calls := proto.Calls(); len(calls) != 0 {
				t.Errorf("%s(nil) called the protocol: %v", cc.op, calls)
			}
		})
	}
}

// isNil reports whether an output returned as any is a nil pointer.
func isNil(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case *provconc.PutOutput:
		return v == nil
	case *provconc.GetOutput:
		return v == nil
	case *provconc.ListOutput:
		return v == nil
	case *provconc.DeleteOutput:
		return v == nil
	}
	return false
}

func TestClientDelegates(t *testing.T) {
	t.Parallel()
	putOut := &provconc.PutOutput{Config: provconc.Config{FunctionName: "my-function", Qualifier: "BLUE", Requested: 100, Status: provconc.StatusInProgress}}
	getOut := &provconc.GetOutput{Config: provconc.Config{FunctionName: "my-function", Qualifier: "BLUE", Status: provconc.StatusReady}}
	listOut := &provconc.ListOutput{Configs: []provconc.Config{{Qualifier: "BLUE"}}, NextMarker: "n"}
	deleteOut := &provconc.DeleteOutput{Metadata: provconc.Metadata{RequestID: "r", Attempts: 1}}
	wantOut := map[string]any{"Put": putOut, "Get": getOut, "List": listOut, "Delete": deleteOut}
	wantIn := map[string]any{
		"Put":    provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 100},
		"Get":    provconc.GetInput{FunctionName: "my-function", Qualifier: "BLUE"},
		"List":   provconc.ListInput{FunctionName: "my-function", MaxItems: 10, Marker: "m"},
		"Delete": provconc.DeleteInput{FunctionName: "my-function", Qualifier: "BLUE"},
	}
	for _, cc := range clientCalls {
		t.Run(cc.op, func(t *testing.T) {
			t.Parallel()
			proto := &fakeProtocol{putOut: putOut, getOut: getOut, listOut: listOut, deleteOut: deleteOut}
			c, err := provconc.NewClient(proto)
			if err != nil {
				t.Fatal(err)
			}
			out, err := cc.call(c, testContext(), false)
			if err != nil {
				t.Fatalf("%s error: %v", cc.op, err)
			}
			if out != wantOut[cc.op] {
				t.Errorf("%s output = %v, want the protocol's own %v", cc.op, out, wantOut[cc.op])
			}
			if diff := cmp.Diff([]string{cc.op}, proto.Calls()); diff != "" {
				t.Errorf("protocol calls mismatch (-want +got):\n%s", diff)
			}
			if !proto.ctxOK[0] {
				t.Errorf("%s did not pass the caller's context", cc.op)
			}
			var gotIn any
			switch cc.op {
			case "Put":
				gotIn = *proto.putIn[0]
			case "Get":
				gotIn = *proto.getIn[0]
			case "List":
				gotIn = *proto.listIn[0]
			case "Delete":
				gotIn = *proto.deleteIn[0]
			}
			if diff := cmp.Diff(wantIn[cc.op], gotIn); diff != "" {
				t.Errorf("%s input mismatch (-want +got):\n%s", cc.op, diff)
			}
		})
	}
}

func TestClientPassesErrorsThrough(t *testing.T) {
	t.Parallel()
	apiErr := &provconc.APIError{Code: "ResourceNotFoundException", StatusCode: 404, Kind: provconc.ErrResourceNotFound}
	for _, cc := range clientCalls {
		t.Run(cc.op, func(t *testing.T) {
			t.Parallel()
			proto := &fakeProtocol{err: apiErr}
			c, err := provconc.NewClient(proto)
			if err != nil {
				t.Fatal(err)
			}
			_, err = cc.call(c, testContext(), false)
			var got *provconc.APIError
			if !errors.As(err, &got) || got != apiErr {
				t.Errorf("%s error = %v, want the protocol's *APIError", cc.op, err)
			}
			if !errors.Is(err, provconc.ErrResourceNotFound) {
				t.Errorf("errors.Is(%v, ErrResourceNotFound) = false", err)
			}
		})
	}
}

func TestClientOneMethodInterfaces(t *testing.T) {
	t.Parallel()
	// A *Client serves wherever the narrow interfaces are asked for.
	proto := &fakeProtocol{getOut: &provconc.GetOutput{}}
	c, err := provconc.NewClient(proto)
	if err != nil {
		t.Fatal(err)
	}
	var (
		_ provconc.PutAPI    = c
		_ provconc.ListAPI   = c
		_ provconc.DeleteAPI = c
	)
	var api provconc.GetAPI = c
	if _, err := api.Get(testContext(), &provconc.GetInput{FunctionName: "fn"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Get"}, proto.Calls()); diff != "" {
		t.Errorf("protocol calls mismatch (-want +got):\n%s", diff)
	}
}
