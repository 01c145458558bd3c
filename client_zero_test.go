// This file tests that a Client not built by a constructor answers every
// call with an error instead of panicking.

package provconc_test

import (
	"context"
	"strings"
	"testing"

	"github.com/provconc/provconc"
)

func TestZeroClientErrors(t *testing.T) {
	t.Parallel()
	var zero provconc.Client
	var nilClient *provconc.Client
	for name, c := range map[string]*provconc.Client{"zero Client": &zero, "nil *Client": nilClient} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			calls := map[string]func() error{
				"Put": func() error {
					_, err := c.Put(ctx, &provconc.PutInput{FunctionName: "fn", Qualifier: "1", ProvisionedConcurrentExecutions: 1})
					return err
				},
				"Get": func() error {
					_, err := c.Get(ctx, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"})
					return err
				},
				"List": func() error {
					_, err := c.List(ctx, &provconc.ListInput{FunctionName: "fn"})
					return err
				},
				"Delete": func() error {
					_, err := c.Delete(ctx, &provconc.DeleteInput{FunctionName: "fn", Qualifier: "1"})
					return err
				},
				"WaitUntilReady": func() error {
					_, err := c.WaitUntilReady(ctx, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"})
					return err
				},
				"package WaitUntilReady": func() error {
					_, err := provconc.WaitUntilReady(ctx, c, &provconc.GetInput{FunctionName: "fn", Qualifier: "1"})
					return err
				},
				"ListAll": func() error {
					n := 0
					var last error
					for _, err := range c.ListAll(ctx, &provconc.ListInput{FunctionName: "fn"}) {
						n++
						last = err
					}
					if n != 1 {
						t.Errorf("ListAll yielded %d times, want once with the error", n)
					}
					return last
				},
				"NewListPaginator": func() error {
					p := provconc.NewListPaginator(c, &provconc.ListInput{FunctionName: "fn"})
					if !p.HasMorePages() {
						t.Error("HasMorePages = false before the first page; the error would never be seen")
					}
					_, err := p.NextPage(ctx)
					if p.HasMorePages() {
						t.Error("HasMorePages = true after the error")
					}
					return err
				},
			}
			for op, call := range calls {
				err := call()
				if err == nil || !strings.Contains(err.Error(), "NewClient") {
					t.Errorf("%s on a %s: error = %v, want one saying to use NewClient", op, name, err)
				}
			}
		})
	}
}

func TestNilListAPIPaginator(t *testing.T) {
	t.Parallel()
	p := provconc.NewListPaginator(nil, &provconc.ListInput{FunctionName: "fn"})
	if _, err := p.NextPage(context.Background()); err == nil {
		t.Fatal("NextPage with a nil ListAPI: no error")
	}
	if _, err := provconc.WaitUntilReady(context.Background(), nil, &provconc.GetInput{FunctionName: "fn"}); err == nil {
		t.Fatal("WaitUntilReady with a nil GetAPI: no error")
	}
}
