// This file shows the progress of a wait on stderr: on a terminal one line
// rewritten in place (with a ticking elapsed time), cut to the terminal's
// width so it never wraps; elsewhere one plain line per change, so logs stay
// readable.

package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/provconc/provconc"
)

// redrawEvery is how often the live line refreshes its elapsed time.
const redrawEvery = 200 * time.Millisecond

// progress renders the configs a wait reads. It is safe for concurrent use.
type progress struct {
	w      io.Writer
	live   bool
	cols   int // terminal width; 0 when unknown
	target string
	now    func() time.Time
	start  time.Time

	mu      sync.Mutex
	last    *provconc.Config
	lastKey string // plain mode: the state of the last line written
	width   int    // live mode: length of the line on screen
	stop    chan struct{}
	stopped chan struct{}
}

// newProgress starts rendering to w; live selects the rewritten line, cols
// (0: unknown) the width it is cut to. target names what is awaited until
// the first config arrives.
func newProgress(w io.Writer, live bool, cols int, target string, now func() time.Time) *progress {
	p := &progress{w: w, live: live, cols: cols, target: target, now: now, start: now()}
	if live {
		p.stop, p.stopped = make(chan struct{}), make(chan struct{})
		go p.tick()
	}
	return p
}

// update shows a config just read.
func (p *progress) update(c provconc.Config) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = &c
	if p.live {
		p.drawLocked()
		return
	}
	key := fmt.Sprintf("%s %d %d %d %s", c.Status, c.Requested, c.Allocated, c.Available, c.StatusReason)
	if key == p.lastKey {
		return
	}
	p.lastKey = key
	fmt.Fprintln(p.w, p.lineLocked())
}

// finish stops the live line and ends it with a newline.
func (p *progress) finish() {
	if !p.live {
		return
	}
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.last != nil {
		p.drawLocked()
		fmt.Fprintln(p.w)
	}
}

// tick refreshes the live line's elapsed time between reads.
func (p *progress) tick() {
	defer close(p.stopped)
	t := time.NewTicker(redrawEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			if p.last != nil {
				p.drawLocked()
			}
			p.mu.Unlock()
		}
	}
}

// drawLocked rewrites the live line, blanking what a longer line left.
func (p *progress) drawLocked() {
	line := fitWidth(p.lineLocked(), p.cols)
	n := utf8.RuneCountInString(line)
	pad := max(p.width-n, 0)
	p.width = n
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", pad))
}

// fitWidth cuts line to fewer than cols characters (the last column is
// left free: writing in it makes some terminals wrap), with an ellipsis;
// cols 0 leaves it whole.
func fitWidth(line string, cols int) string {
	if cols <= 1 || utf8.RuneCountInString(line) < cols {
		return line
	}
	runes := []rune(line)
	return string(runes[:cols-2]) + "…"
}

// lineLocked describes the last config read.
func (p *progress) lineLocked() string {
	c := p.last
	target := p.target
	if c.FunctionName != "" {
		target = label(c.FunctionName, c.Qualifier)
	}
	line := fmt.Sprintf("waiting for %s: %s, allocated %d/%d, available %d, elapsed %s",
		target, c.Status, c.Allocated, c.Requested, c.Available, formatElapsed(p.now().Sub(p.start)))
	if c.StatusReason != "" {
		line += ": " + c.StatusReason
	}
	return oneLine(line)
}

// formatElapsed writes d in tenths of a second under a minute ("4.2s"), so
// the live line does not jitter, and in whole seconds above ("2m5s").
func formatElapsed(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Truncate(time.Second).String()
}

// terminalWidth is the width of the terminal w is, or 80 when w is not a
// terminal or its width is unknown, the width the aws CLI assumes then.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && isTerminal(w) {
		if cols := ttyColumns(f.Fd()); cols > 0 {
			return cols
		}
	}
	return 80
}

// isTerminal reports whether w is a terminal (a character device), without
// any dependency beyond os.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
