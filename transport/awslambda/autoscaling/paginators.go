// This file walks the three Describe operations page by page (NextToken),
// in the style of the official client's paginators: lazy, never writing to
// the caller's input, and stopping with provconc.ErrRepeatedMarker when the
// service hands back a token it gave before.

package autoscaling

import (
	"context"
	"errors"
	"fmt"

	"github.com/provconc/provconc"
)

// DescribeScalableTargetsAPI is the one method the targets paginator needs.
type DescribeScalableTargetsAPI interface {
	DescribeScalableTargets(ctx context.Context, in *DescribeScalableTargetsInput) (*DescribeScalableTargetsOutput, error)
}

// DescribeScheduledActionsAPI is the one method the actions paginator needs.
type DescribeScheduledActionsAPI interface {
	DescribeScheduledActions(ctx context.Context, in *DescribeScheduledActionsInput) (*DescribeScheduledActionsOutput, error)
}

// DescribeScalingPoliciesAPI is the one method the policies paginator needs.
type DescribeScalingPoliciesAPI interface {
	DescribeScalingPolicies(ctx context.Context, in *DescribeScalingPoliciesInput) (*DescribeScalingPoliciesOutput, error)
}

// pager is the walk shared by the three paginators.
type pager struct {
	token string
	first bool
	seen  map[string]bool
	err   error
}

func newPager(start string) pager {
	p := pager{token: start, first: true, seen: map[string]bool{}}
	if start != "" {
		p.seen[start] = true
	}
	return p
}

func (p *pager) hasMore() bool { return p.err == nil && (p.first || p.token != "") }

// advance records a page's NextToken; a token seen before ends the walk.
func (p *pager) advance(next string) error {
	p.first = false
	if next != "" && p.seen[next] {
		p.token = ""
		p.err = fmt.Errorf("autoscaling: NextToken %.40q: %w", next, provconc.ErrRepeatedMarker)
		return p.err
	}
	p.seen[next] = true
	p.token = next
	return nil
}

func (p *pager) ready() error {
	if p.err != nil {
		return p.err
	}
	if !p.hasMore() {
		return errors.New("autoscaling: no more pages")
	}
	return nil
}

// DescribeScalableTargetsPaginator reads targets page by page.
type DescribeScalableTargetsPaginator struct {
	client DescribeScalableTargetsAPI
	params DescribeScalableTargetsInput
	pager
}

// NewDescribeScalableTargetsPaginator copies in (nil for every target).
func NewDescribeScalableTargetsPaginator(client DescribeScalableTargetsAPI, in *DescribeScalableTargetsInput) *DescribeScalableTargetsPaginator {
	p := &DescribeScalableTargetsPaginator{client: client}
	if in != nil {
		p.params = *in
	}
	p.pager = newPager(p.params.NextToken)
	return p
}

// HasMorePages reports whether NextPage has a page to read.
func (p *DescribeScalableTargetsPaginator) HasMorePages() bool { return p.hasMore() }

// NextPage reads the next page.
func (p *DescribeScalableTargetsPaginator) NextPage(ctx context.Context) (*DescribeScalableTargetsOutput, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	in := p.params
	in.NextToken = p.token
	out, err := p.client.DescribeScalableTargets(ctx, &in)
	if err != nil {
		return nil, err
	}
	return out, p.advance(out.NextToken)
}

// DescribeScheduledActionsPaginator reads scheduled actions page by page.
type DescribeScheduledActionsPaginator struct {
	client DescribeScheduledActionsAPI
	params DescribeScheduledActionsInput
	pager
}

// NewDescribeScheduledActionsPaginator copies in (nil for every action).
func NewDescribeScheduledActionsPaginator(client DescribeScheduledActionsAPI, in *DescribeScheduledActionsInput) *DescribeScheduledActionsPaginator {
	p := &DescribeScheduledActionsPaginator{client: client}
	if in != nil {
		p.params = *in
	}
	p.pager = newPager(p.params.NextToken)
	return p
}

// HasMorePages reports whether NextPage has a page to read.
func (p *DescribeScheduledActionsPaginator) HasMorePages() bool { return p.hasMore() }

// NextPage reads the next page.
func (p *DescribeScheduledActionsPaginator) NextPage(ctx context.Context) (*DescribeScheduledActionsOutput, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	in := p.params
	in.NextToken = p.token
	out, err := p.client.DescribeScheduledActions(ctx, &in)
	if err != nil {
		return nil, err
	}
	return out, p.advance(out.NextToken)
}

// DescribeScalingPoliciesPaginator reads policies page by page.
type DescribeScalingPoliciesPaginator struct {
	client DescribeScalingPoliciesAPI
	params DescribeScalingPoliciesInput
	pager
}

// NewDescribeScalingPoliciesPaginator copies in (nil for every policy).
func NewDescribeScalingPoliciesPaginator(client DescribeScalingPoliciesAPI, in *DescribeScalingPoliciesInput) *DescribeScalingPoliciesPaginator {
	p := &DescribeScalingPoliciesPaginator{client: client}
	if in != nil {
		p.params = *in
	}
	p.pager = newPager(p.params.NextToken)
	return p
}

// HasMorePages reports whether NextPage has a page to read.
func (p *DescribeScalingPoliciesPaginator) HasMorePages() bool { return p.hasMore() }

// NextPage reads the next page.
func (p *DescribeScalingPoliciesPaginator) NextPage(ctx context.Context) (*DescribeScalingPoliciesOutput, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	in := p.params
	in.NextToken = p.token
	out, err := p.client.DescribeScalingPolicies(ctx, &in)
	if err != nil {
		return nil, err
	}
	return out, p.advance(out.NextToken)
}
