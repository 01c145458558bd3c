// This file walks List pages: a paginator in the style of the official AWS
// SDK and a range-over-func iterator over every config. Both are lazy, never
// write to the caller's input, and stop on a marker the service repeats.

package provconc

import (
	"context"
	"errors"
	"iter"
)

// ListPaginatorOptions tunes a ListPaginator.
type ListPaginatorOptions struct {
	// Limit is the page size asked of the service (MaxItems); 0 keeps the
	// input's MaxItems.
	Limit int
}

// ListPaginator reads a function's configs page by page.
//
//	p := provconc.NewListPaginator(client, &provconc.ListInput{FunctionName: "my-function"})
//	for p.HasMorePages() {
//		page, err := p.NextPage(ctx)
//		...
//	}
type ListPaginator struct {
	client    ListAPI
	params    ListInput
	nextToken string
	firstPage bool
	seen      map[string]struct{}
	err       error
}

// NewListPaginator returns a paginator over the pages of in. It copies in,
// so the caller may reuse it; a nil in lists nothing and NextPage reports the
// error.
func NewListPaginator(client ListAPI, in *ListInput, optFns ...func(*ListPaginatorOptions)) *ListPaginator {
	p := &ListPaginator{client: client, firstPage: true}
	if client == nil {
		p.err = errors.New("provconc: NewListPaginator: client is nil")
		return p
	}
	if isNilClient(client) {
		p.err = errZeroClient
		return p
	}
	if in == nil {
		p.err = NewInputError("ListInput", "", "must not be nil")
		return p
	}
	p.params = *in
	var opts ListPaginatorOptions
	for _, fn := range optFns {
		fn(&opts)
	}
	if opts.Limit != 0 {
		p.params.MaxItems = opts.Limit
	}
	p.nextToken = in.Marker
	if in.Marker != "" {
		// A service that leads back to the starting page is looping too.
		p.seen = map[string]struct{}{in.Marker: {}}
	}
	return p
}

// HasMorePages reports whether NextPage has a page to read: true before the
// first page, then while the service returns a NextMarker and no error has
// occurred.
func (p *ListPaginator) HasMorePages() bool {
	if p.err != nil {
		return p.firstPage
	}
	return p.firstPage || p.nextToken != ""
}

// NextPage reads the next page. After an error, HasMorePages is false. A
// NextMarker the service already returned during this walk ends the walk
// with an error matching ErrRepeatedMarker, rather than loop forever.
func (p *ListPaginator) NextPage(ctx context.Context) (*ListOutput, error) {
	if p.err != nil {
		p.firstPage = false
		return nil, p.err
	}
	if !p.HasMorePages() {
		return nil, errors.New("provconc: ListPaginator: no more pages")
	}
	in := p.params
	in.Marker = p.nextToken
	out, err := p.client.List(ctx, &in)
	p.firstPage = false
	if err != nil {
		p.err = err
		return nil, err
	}
	next := out.NextMarker
	if next != "" {
		if _, dup := p.seen[next]; dup || next == in.Marker {
			p.err = &repeatedMarkerError{marker: next}
			p.nextToken = ""
			// The page itself is valid; the caller gets it with the error.
			return out, p.err
		}
		if p.seen == nil {
			p.seen = make(map[string]struct{})
		}
		p.seen[next] = struct{}{}
	}
	p.nextToken = next
	return out, nil
}

// ListAll returns an iterator over every config of the function, reading
// pages lazily as the loop advances; each range over it starts again from the
// first page. An error is yielded once, with a zero Config, and ends the walk.
// It copies in.
//
//	for cfg, err := range provconc.ListAll(ctx, client, &provconc.ListInput{FunctionName: "my-function"}) {
//		if err != nil { ... }
//		fmt.Println(cfg.Qualifier, cfg.Status)
//	}
func ListAll(ctx context.Context, client ListAPI, in *ListInput) iter.Seq2[Config, error] {
	var params *ListInput
	if in != nil {
		copied := *in
		params = &copied
	}
	return func(yield func(Config, error) bool) {
		// Each range starts a fresh walk from the input's marker.
		p := NewListPaginator(client, params)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if page != nil {
				for _, cfg := range page.Configs {
					if !yield(cfg, nil) {
						return
					}
				}
			}
			if err != nil {
				yield(Config{}, err)
				return
			}
		}
	}
}

// ListAll returns an iterator over every config of the function; see the
// package-level ListAll.
func (c *Client) ListAll(ctx context.Context, in *ListInput) iter.Seq2[Config, error] {
	return ListAll(ctx, c, in)
}

// repeatedMarkerError names the marker that came back twice.
type repeatedMarkerError struct{ marker string }

func (e *repeatedMarkerError) Error() string {
	return "provconc: service repeated pagination marker " + truncate(e.marker, 64) + "; stopping the walk"
}

func (e *repeatedMarkerError) Is(target error) bool { return target == ErrRepeatedMarker }
