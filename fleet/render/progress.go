// This file draws the progress of an apply: on a terminal one line redrawn
// in place (a bar with counts) with failures printed above it; elsewhere
// (a pipe, a CI log) one plain line per finished config.

package render

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/provconc/provconc/fleet"
)

// ProgressOptions tune a Progress.
type ProgressOptions struct {
	// Terminal draws the bar redrawn in place. NewProgress sets it when w
	// is a terminal; set it, or ForcePlain, to decide yourself.
	Terminal bool
	// ForcePlain writes plain lines even on a terminal.
	ForcePlain bool
	// Width is the bar's width in characters; default 30.
	Width int
}

// Progress renders fleet.Event values. Pass its Event method as
// fleet.ApplyOptions.Progress and call Close when Apply returns. It is safe
// for concurrent use.
type Progress struct {
	mu       sync.Mutex
	w        io.Writer
	terminal bool
	width    int
	drawn    string // the bar as last drawn; empty when none is on screen
}

// NewProgress returns a Progress writing to w: a bar when w is a terminal
// (an *os.File on a character device) unless opts say otherwise, plain
// lines otherwise.
func NewProgress(w io.Writer, opts ProgressOptions) *Progress {
	terminal := opts.Terminal || IsTerminal(w)
	if opts.ForcePlain {
		terminal = false
	}
	if opts.Width <= 0 {
		opts.Width = 30
	}
	return &Progress{w: w, terminal: terminal, width: opts.Width}
}

// IsTerminal reports whether w is a terminal: an *os.File on a character
// device.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Event renders one event.
func (p *Progress) Event(ev fleet.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.terminal {
		if ev.Kind == fleet.EventDone && ev.Result != nil {
			fmt.Fprintf(p.w, "[%d/%d] %s\n", ev.Tally.Finished(), ev.Tally.Total, resultLine(ev.Result))
		}
		return
	}
	// A failure or a skip is worth a line of its own, above the bar.
	if ev.Kind == fleet.EventDone && ev.Result != nil && (ev.Result.Outcome == fleet.Failed || ev.Result.Outcome == fleet.Skipped) {
		p.clear()
		fmt.Fprintln(p.w, resultLine(ev.Result))
	}
	bar := Bar(ev.Tally, p.width)
	if bar != p.drawn || p.drawn == "" {
		fmt.Fprint(p.w, "\r\x1b[2K"+bar)
		p.drawn = bar
	}
}

// Close ends the bar's line, so what follows starts on a line of its own.
func (p *Progress) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.terminal && p.drawn != "" {
		fmt.Fprintln(p.w)
		p.drawn = ""
	}
}

// clear erases the bar, if drawn, before a line is printed in its place.
func (p *Progress) clear() {
	if p.drawn != "" {
		fmt.Fprint(p.w, "\r\x1b[2K")
		p.drawn = ""
	}
}

// Bar draws the tally as a bar with counts:
// "[#########.........] 30/90 applied 28, unchanged 1, failed 1, in flight 4, waiting 8".
func Bar(t fleet.Tally, width int) string {
	done := t.Finished()
	filled := 0
	if t.Total > 0 {
		filled = done * width / t.Total
	}
	var b strings.Builder
	b.WriteByte('[')
	b.WriteString(strings.Repeat("#", filled))
	b.WriteString(strings.Repeat(".", width-filled))
	fmt.Fprintf(&b, "] %d/%d applied %d", done, t.Total, t.Applied)
	for _, c := range []struct {
		n    int
		name string
	}{{t.Unchanged, "unchanged"}, {t.Skipped, "skipped"}, {t.Failed, "failed"}, {t.NotStarted, "not started"}, {t.InFlight, "in flight"}, {t.Waiting, "waiting"}} {
		if c.n > 0 {
			fmt.Fprintf(&b, ", %s %d", c.name, c.n)
		}
	}
	return b.String()
}

// resultLine is one plain line about a finished config:
// "applied aws/us-east-1 checkout:live (update): 20 READY".
func resultLine(res *fleet.Result) string {
	s := fmt.Sprintf("%s %s (%s)", res.Outcome, res.Key, res.Action)
	if d := resultDetail(res); d != "" {
		s += ": " + d
	}
	return s
}
