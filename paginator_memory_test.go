package provconc_test

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/provconc/provconc"
)

// longMarkers hands out pages whose NextMarker is a fresh 32 KiB string,
// for pages pages, and keeps none of them.
type longMarkers struct {
	pages, served int
}

func (l *longMarkers) List(_ context.Context, _ *provconc.ListInput) (*provconc.ListOutput, error) {
	l.served++
	out := &provconc.ListOutput{Configs: []provconc.Config{{FunctionName: "fn", Qualifier: strconv.Itoa(l.served)}}}
	if l.served < l.pages {
		out.NextMarker = strings.Repeat("m", 32<<10-8) + strconv.Itoa(100000000 + l.served)[1:]
	}
	return out, nil
}

// heapInUse returns the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// The repeated-marker guard keeps digests, not markers: a walk of 400 pages
// of 32 KiB markers (13 MiB of markers) retains well under 1 MiB. Not
// parallel, so no other test's garbage shows in the measurement.
func TestListPaginatorMemoryDoesNotGrowWithMarkers(t *testing.T) {
	fake := &longMarkers{pages: 400}
	p := provconc.NewListPaginator(fake, &provconc.ListInput{FunctionName: "fn"})
	before := heapInUse()
	pages := 0
	for p.HasMorePages() {
		if _, err := p.NextPage(context.Background()); err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
	}
	after := heapInUse()
	runtime.KeepAlive(p)
	if pages != 400 {
		t.Fatalf("walked %d pages, want 400", pages)
	}
	retained := int64(after) - int64(before)
	t.Logf("retained after 400 pages of 32 KiB markers: %d bytes", retained)
	if retained > 1<<20 {
		t.Errorf("the paginator retained %d bytes after 400 pages of 32 KiB markers, want under 1 MiB", retained)
	}
}
