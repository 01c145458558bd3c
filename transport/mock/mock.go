// Package mock is a scriptable provconc.Protocol for tests of code that uses
// a provconc.Client: set the function of each operation you expect, run the
// code under test, then read the calls it made. Nothing touches the network.
//
// The mock checks every input as the real protocol does before sending
// (AWS Lambda's rules unless Rules says otherwise), so a test that passes on
// the mock cannot fail on bad input against the service. Error shapes an
// error as the AWS protocol decodes it:
//
//	m := &mock.Protocol{
//		GetFunc: func(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
//			return nil, mock.Error(provconc.ErrProvisionedConcurrencyConfigNotFound)
//		},
//	}
//	client, _ := provconc.NewClient(m)
//
// For code that talks to Tencent SCF, check with SCF's rules and shape
// errors with SCFError, as the SCF protocol decodes them:
//
//	m := &mock.Protocol{
//		Rules: tencentscf.InputRules{},
//		PutFunc: func(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
//			return nil, mock.SCFError(provconc.ErrResourceConflict)
//		},
//	}
package mock

import (
	"context"
	"fmt"
	"sync"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

// Protocol implements provconc.Protocol with a function per operation. Each
// input is first checked with Rules; a refused input gets the protocol's
// *provconc.InputError, is not recorded and does not reach the function, as
// a real protocol sends nothing. An operation whose function is nil fails
// with an error naming it, so an unexpected call never passes silently. It
// is safe for concurrent use.
type Protocol struct {
	// Rules checks inputs as the real protocol does; nil means
	// awslambda.InputRules{}. Use tencentscf.InputRules{} for code that
	// talks to Tencent SCF (and SCFError for its errors).
	Rules InputRules
	// PutFunc answers Put.
	PutFunc func(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error)
	// GetFunc answers Get.
	GetFunc func(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error)
	// ListFunc answers List.
	ListFunc func(ctx context.Context, in *provconc.ListInput) (*provconc.ListOutput, error)
	// DeleteFunc answers Delete.
	DeleteFunc func(ctx context.Context, in *provconc.DeleteInput) (*provconc.DeleteOutput, error)

	mu    sync.Mutex
	calls []Call
}

var _ provconc.Protocol = (*Protocol)(nil)

// InputRules checks the inputs of each operation against a provider's
// documented rules. awslambda.InputRules and tencentscf.InputRules implement
// it with the very checks their protocols run before sending.
type InputRules interface {
	CheckPut(in *provconc.PutInput) error
	CheckGet(in *provconc.GetInput) error
	CheckList(in *provconc.ListInput) error
	CheckDelete(in *provconc.DeleteInput) error
}

var _ InputRules = awslambda.InputRules{}

func (m *Protocol) rules() InputRules {
	if m.Rules == nil {
		return awslambda.InputRules{}
	}
	return m.Rules
}

// Call records one operation made through the mock.
type Call struct {
	// Op is "Put", "Get", "List" or "Delete".
	Op string
	// Input is a copy of the input: *provconc.PutInput, *provconc.GetInput,
	// *provconc.ListInput or *provconc.DeleteInput.
	Input any
}

// Calls returns a copy of the calls made so far, in order: those whose input
// passed Rules.
func (m *Protocol) Calls() []Call {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Call(nil), m.calls...)
}

// Reset forgets the calls made so far.
func (m *Protocol) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = nil
}

func (m *Protocol) record(op string, in any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, Call{Op: op, Input: in})
}

// Put checks the input, records the call and answers with PutFunc.
func (m *Protocol) Put(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
	if err := m.rules().CheckPut(in); err != nil {
		return nil, err
	}
	copied := *in
	m.record("Put", &copied)
	if m.PutFunc == nil {
		return nil, unexpected("Put")
	}
	return m.PutFunc(ctx, in)
}

// Get checks the input, records the call and answers with GetFunc.
func (m *Protocol) Get(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
	if err := m.rules().CheckGet(in); err != nil {
		return nil, err
	}
	copied := *in
	m.record("Get", &copied)
	if m.GetFunc == nil {
		return nil, unexpected("Get")
	}
	return m.GetFunc(ctx, in)
}

// List checks the input, records the call and answers with ListFunc.
func (m *Protocol) List(ctx context.Context, in *provconc.ListInput) (*provconc.ListOutput, error) {
	if err := m.rules().CheckList(in); err != nil {
		return nil, err
	}
	copied := *in
	m.record("List", &copied)
	if m.ListFunc == nil {
		return nil, unexpected("List")
	}
	return m.ListFunc(ctx, in)
}

// Delete checks the input, records the call and answers with DeleteFunc.
func (m *Protocol) Delete(ctx context.Context, in *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
	if err := m.rules().CheckDelete(in); err != nil {
		return nil, err
	}
	copied := *in
	m.record("Delete", &copied)
	if m.DeleteFunc == nil {
		return nil, unexpected("Delete")
	}
	return m.DeleteFunc(ctx, in)
}

func unexpected(op string) error {
	return fmt.Errorf("mock: unexpected call to %s: set %sFunc", op, op)
}

// Error returns an *provconc.APIError of the given kind, shaped as the AWS
// protocol would decode it (code, HTTP status, Type, message), for scripted
// answers. kind is one of the service sentinels, such as
// provconc.ErrResourceNotFound; any other kind gives a 500 ServiceException
// shape with that kind.
func Error(kind error) *provconc.APIError {
	// Lambda's modelled errors carry Type User, ServiceException Type
	// Service; IAM's AccessDeniedException carries none.
	e := &provconc.APIError{Provider: "mock", Kind: kind, Type: "User", RequestID: "mock-request-id", Attempts: 1}
	switch kind {
	case provconc.ErrInvalidParameterValue:
		e.Code, e.StatusCode, e.Message = "InvalidParameterValueException", 400, "One of the parameters in the request is invalid."
	case provconc.ErrResourceNotFound:
		e.Code, e.StatusCode, e.Message = "ResourceNotFoundException", 404, "The resource specified in the request does not exist."
	case provconc.ErrProvisionedConcurrencyConfigNotFound:
		e.Code, e.StatusCode, e.Message = "ProvisionedConcurrencyConfigNotFoundException", 404, "No Provisioned Concurrency Config found for this function"
	case provconc.ErrResourceConflict:
		e.Code, e.StatusCode, e.Message = "ResourceConflictException", 409, "The resource already exists, or another operation is in progress."
	case provconc.ErrTooManyRequests:
		e.Code, e.StatusCode, e.Message, e.Reason = "TooManyRequestsException", 429, "Rate exceeded", "CallerRateLimitExceeded"
	case provconc.ErrAccessDenied:
		e.Code, e.StatusCode, e.Message, e.Type = "AccessDeniedException", 403, "User is not authorized to perform this action.", ""
	default:
		e.Code, e.StatusCode, e.Message, e.Type = "ServiceException", 500, "The AWS Lambda service encountered an internal error.", "Service"
	}
	return e
}

// SCFError is Error for code that talks to Tencent SCF: an
// *provconc.APIError of the given kind shaped as the tencentscf protocol
// decodes it, with an SCF error code (tencentscf.KindOf maps it back to
// kind), HTTP status 200 as SCF answers its errors, and the service's
// message. A missing config has no code: SCF answers a Get with a list
// that lacks the version, and the protocol reports it so. Any other kind
// gives an InternalError shape with that kind.
func SCFError(kind error) *provconc.APIError {
	e := &provconc.APIError{Provider: "mock", Kind: kind, StatusCode: 200, RequestID: "mock-request-id", Attempts: 1}
	switch kind {
	case provconc.ErrInvalidParameterValue:
		e.Code, e.Message = "InvalidParameterValue", "Incorrect parameter value."
	case provconc.ErrResourceNotFound:
		e.Code, e.Message = "ResourceNotFound.Function", "The function does not exist."
	case provconc.ErrProvisionedConcurrencyConfigNotFound:
		e.Message = "the version has no provisioned concurrency config"
	case provconc.ErrResourceConflict:
		e.Code, e.Message = "FailedOperation.ProvisionedInProgress", "The function version already has a provisioned concurrency setting task in progress. Please try again later."
	case provconc.ErrTooManyRequests:
		e.Code, e.Message = "RequestLimitExceeded", "Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls."
	case provconc.ErrAccessDenied:
		e.Code, e.Message = "UnauthorizedOperation", "Unauthorized operation."
	default:
		e.Code, e.Message = "InternalError", "Internal error."
	}
	return e
}
