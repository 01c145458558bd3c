// This file holds the Client, the seam it calls through (Protocol), and the
// one-method interfaces users fake in their own tests.

package provconc

import (
	"context"
	"errors"
)

// Protocol is what a cloud's wire protocol implements to serve a Client. The
// root package knows no protocol; transport/awslambda and
// transport/tencentscf implement this interface, and transport/mock offers a
// scriptable one for tests.
//
// A Protocol checks its inputs against the provider's documented rules and
// returns an *InputError, sending nothing, when one fails. Inputs are never
// nil and must not be modified.
type Protocol interface {
	// Put sets the provisioned concurrency of a version or alias.
	Put(ctx context.Context, in *PutInput) (*PutOutput, error)
	// Get reads the config of a version or alias.
	Get(ctx context.Context, in *GetInput) (*GetOutput, error)
	// List reads one page of a function's configs.
	List(ctx context.Context, in *ListInput) (*ListOutput, error)
	// Delete removes the config of a version or alias.
	Delete(ctx context.Context, in *DeleteInput) (*DeleteOutput, error)
}

// PutAPI is the Put method of Client, for code that only sets configs and its
// fakes.
type PutAPI interface {
	Put(ctx context.Context, in *PutInput) (*PutOutput, error)
}

// GetAPI is the Get method of Client; WaitUntilReady needs only this.
type GetAPI interface {
	Get(ctx context.Context, in *GetInput) (*GetOutput, error)
}

// ListAPI is the List method of Client; the paginator and iterator need only
// this.
type ListAPI interface {
	List(ctx context.Context, in *ListInput) (*ListOutput, error)
}

// DeleteAPI is the Delete method of Client.
type DeleteAPI interface {
	Delete(ctx context.Context, in *DeleteInput) (*DeleteOutput, error)
}

// Client manages provisioned concurrency through a Protocol. It is safe for
// concurrent use by multiple goroutines. Create one with NewClient or a
// transport's NewClient; the zero Client (and a nil *Client) answers every
// call with an error rather than panicking.
type Client struct {
	protocol Protocol
}

// Compile-time checks that Client offers every one-method interface.
var (
	_ PutAPI    = (*Client)(nil)
	_ GetAPI    = (*Client)(nil)
	_ ListAPI   = (*Client)(nil)
	_ DeleteAPI = (*Client)(nil)
)

// errZeroClient is the answer of a Client that was not built by a
// constructor.
var errZeroClient = errors.New("provconc: Client has no Protocol: create it with provconc.NewClient or a transport's NewClient")

// ready returns the client's protocol, or errZeroClient for the zero or nil
// Client.
func (c *Client) ready() (Protocol, error) {
	if c == nil || c.protocol == nil {
		return nil, errZeroClient
	}
	return c.protocol, nil
}

// isNilClient reports whether api is a nil *Client, which a nil check on the
// interface misses.
func isNilClient(api any) bool {
	c, ok := api.(*Client)
	return ok && c == nil
}

// NewClient returns a Client that speaks through p, such as a protocol from
// transport/awslambda or transport/tencentscf.
func NewClient(p Protocol) (*Client, error) {
	if p == nil {
		return nil, errors.New("provconc: NewClient: protocol is nil")
	}
	return &Client{protocol: p}, nil
}

// Put sets the provisioned concurrency of a function version or alias
// (AWS PutProvisionedConcurrencyConfig; Tencent SCF
// PutProvisionedConcurrencyConfig). The service answers while it is still
// allocating, with Status IN_PROGRESS; use WaitUntilReady to wait for READY.
func (c *Client) Put(ctx context.Context, in *PutInput) (*PutOutput, error) {
	if in == nil {
		return nil, NewInputError("PutInput", "", "must not be nil")
	}
	p, err := c.ready()
	if err != nil {
		return nil, err
	}
	return p.Put(ctx, in)
}

// Get reads the provisioned concurrency config of a function version or alias
// (AWS GetProvisionedConcurrencyConfig; Tencent SCF
// GetProvisionedConcurrencyConfig with a Qualifier). A version or alias with
// no config gives an error matching ErrProvisionedConcurrencyConfigNotFound.
func (c *Client) Get(ctx context.Context, in *GetInput) (*GetOutput, error) {
	if in == nil {
		return nil, NewInputError("GetInput", "", "must not be nil")
	}
	p, err := c.ready()
	if err != nil {
		return nil, err
	}
	return p.Get(ctx, in)
}

// List reads one page of a function's provisioned concurrency configs
// (AWS ListProvisionedConcurrencyConfigs; Tencent SCF
// GetProvisionedConcurrencyConfig without a Qualifier, which answers every
// version in one page). To walk every page use NewListPaginator or ListAll.
func (c *Client) List(ctx context.Context, in *ListInput) (*ListOutput, error) {
	if in == nil {
		return nil, NewInputError("ListInput", "", "must not be nil")
	}
	p, err := c.ready()
	if err != nil {
		return nil, err
	}
	return p.List(ctx, in)
}

// Delete removes the provisioned concurrency config of a function version or
// alias (AWS DeleteProvisionedConcurrencyConfig; Tencent SCF
// DeleteProvisionedConcurrencyConfig).
func (c *Client) Delete(ctx context.Context, in *DeleteInput) (*DeleteOutput, error) {
	if in == nil {
		return nil, NewInputError("DeleteInput", "", "must not be nil")
	}
	p, err := c.ready()
	if err != nil {
		return nil, err
	}
	return p.Delete(ctx, in)
}
