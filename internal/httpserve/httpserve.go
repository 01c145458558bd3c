// Package httpserve serves an emulator on a listener until the user stops it,
// for the two commands that offer one (pcemulator and pcctl emulator): both
// must give requests in flight time to finish, must not report the expected
// http.ErrServerClosed as a failure, and must not let a slow or idle client
// hold a connection (see Timeouts).
package httpserve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// shutdownGrace is how long requests in flight get once ctx ends.
const shutdownGrace = 5 * time.Second

// maxHeaderBytes bounds a request's head (request line and headers). The
// services' requests are far smaller; the largest legitimate one is an SCF
// GET, whose query API 3.0 limits to 32 KB.
const maxHeaderBytes = 64 << 10

// Timeouts bound each step of a connection, so that a client sending its
// request a byte at a time, never reading its answer, or keeping an idle
// connection open cannot hold it. A zero field takes its value from
// DefaultTimeouts.
type Timeouts struct {
	// ReadHeader bounds reading a request's headers.
	ReadHeader time.Duration
	// Read bounds reading a whole request, body included.
	Read time.Duration
	// Write bounds the time from the end of a request's headers to the end
	// of its answer; it must leave room for any latency the emulator is
	// told to add.
	Write time.Duration
	// Idle bounds how long a kept-alive connection waits for its next
	// request.
	Idle time.Duration
}

// DefaultTimeouts returns the timeouts used where Timeouts leaves zero:
// generous for any client on a local network, short enough that a trickling
// client is cut off.
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 60 * time.Second, Idle: 120 * time.Second}
}

// withDefaults fills the zero fields.
func (t Timeouts) withDefaults() Timeouts {
	d := DefaultTimeouts()
	if t.ReadHeader <= 0 {
		t.ReadHeader = d.ReadHeader
	}
	if t.Read <= 0 {
		t.Read = d.Read
	}
	if t.Write <= 0 {
		t.Write = d.Write
	}
	if t.Idle <= 0 {
		t.Idle = d.Idle
	}
	return t
}

// NewServer returns the server Run uses for h: every timeout set (zero
// fields of t from DefaultTimeouts) and the request head bounded.
func NewServer(h http.Handler, t Timeouts) *http.Server {
	t = t.withDefaults()
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// Run serves h on ln with the timeouts t (see NewServer) until ctx ends,
// then shuts down gracefully. onShutdown, if not nil, runs when ctx has
// ended, before the shutdown starts. Run returns the error that stopped
// serving, or nil after a clean shutdown.
func Run(ctx context.Context, ln net.Listener, h http.Handler, t Timeouts, onShutdown func()) error {
	srv := NewServer(h, t)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if onShutdown != nil {
		onShutdown()
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// IsLoopback reports whether a listen address ("host:port") binds only
// this machine: "localhost" or a loopback IP. An empty host (all
// interfaces), an unspecified IP (0.0.0.0, ::) and any other name or
// address are not loopback.
func IsLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("invalid listen address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}
