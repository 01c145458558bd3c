// This file walks List pages: a paginator in the style of the official AWS
// SDK and a range-over-func iterator over every config. Both are lazy, never
// write to the caller's input, and stop on a marker the service repeats.

package provconc

import (
	"context"
	"errors"
	"hash/maphash"
	"iter"

	"github.com/provconc/provconc/internal/redact"
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
	seen      markerGuard
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
		p.seen.repeated(in.Marker)
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
	if out == nil {
		// A caller's fake or wrapper, not a protocol: say so rather than
		// panic on the page.
		p.err = errors.New("provconc: ListPaginator: List returned neither a page nor an error")
		return nil, p.err
	}
	next := out.NextMarker
	if next != "" && (next == in.Marker || p.seen.repeated(next)) {
		p.err = &repeatedMarkerError{marker: redact.Quote(next)}
		p.nextToken = ""
		// The page itself is valid; the caller gets it with the error.
		return out, p.err
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

// markerGuardExact is how many markers a markerGuard remembers one by one:
// 4096 pages of up to 50 configs is more than any real walk, and the digests
// cost 32 KiB (plus the map's overhead) however long the markers are.
const markerGuardExact = 4096

// markerGuard notices a marker that comes back during a walk, in memory
// that does not grow with the markers' length nor, past markerGuardExact
// pages, with the walk's.
//
// It keeps a 64-bit digest of each marker, not the marker: a service may
// hand out markers of any length (32 KiB each over 400 pages would be
// 13 MiB). A service that loops returns a marker it returned before, whose
// digest is the same, so every loop is still caught at its first repeat.
// The reverse mistake, two different markers with one digest, stops a sound
// walk early with ErrRepeatedMarker; the seed is random per paginator and
// unknown to the service, so the odds are those of a random 64-bit
// collision: under n²/2⁶⁵ for a walk of n pages, about 5e-13 for 4096.
//
// Past markerGuardExact digests the set stops growing and Brent's cycle
// detection takes over for the markers after it, in constant memory: one
// saved digest, compared with each new marker and replaced by it after 2,
// 4, 8, ... markers. A loop back to a marker in the set is still caught at
// its first repeat. A loop of λ markers entered k markers after the cap is
// caught once the saved digest lies inside it and the window is at least
// λ: within 2·max(λ, k+2) + λ markers past the cap. Some pages of such a
// loop are read twice, but the walk ends.
type markerGuard struct {
	seed  maphash.Seed
	set   map[uint64]struct{}
	saved uint64 // Brent's: the digest compared against, past the cap
	has   bool   // saved holds a digest
	steps int    // markers since saved was taken
	power int    // steps before saved is replaced
}

// repeated reports whether marker was seen before, and remembers it.
func (g *markerGuard) repeated(marker string) bool {
	if g.set == nil {
		g.seed = maphash.MakeSeed()
		g.set = make(map[uint64]struct{})
		g.power = 1
	}
	h := maphash.String(g.seed, marker)
	if _, dup := g.set[h]; dup {
		return true
	}
	if len(g.set) < markerGuardExact {
		g.set[h] = struct{}{}
		return false
	}
	if g.has && h == g.saved {
		return true
	}
	g.steps++
	if !g.has || g.steps == g.power {
		g.saved, g.has = h, true
		g.steps = 0
		g.power *= 2
	}
	return false
}

// repeatedMarkerError names the marker that came back twice, quoted and cut
// (the page that carries it has it whole).
type repeatedMarkerError struct{ marker string }

func (e *repeatedMarkerError) Error() string {
	return "provconc: service repeated pagination marker " + e.marker + "; stopping the walk"
}

func (e *repeatedMarkerError) Is(target error) bool { return target == ErrRepeatedMarker }
