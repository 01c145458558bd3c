// Package httpserve serves an emulator on a listener until the user stops it,
// for the two commands that offer one (pcemulator and pcctl emulator): both
// must give requests in flight time to finish and must not report the
// expected http.ErrServerClosed as a failure.
package httpserve

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// shutdownGrace is how long requests in flight get once ctx ends.
const shutdownGrace = 5 * time.Second

// Run serves h on ln until ctx ends, then shuts down gracefully. onShutdown,
// if not nil, runs when ctx has ended, before the shutdown starts. Run
// returns the error that stopped serving, or nil after a clean shutdown.
func Run(ctx context.Context, ln net.Listener, h http.Handler, onShutdown func()) error {
	// ReadHeaderTimeout keeps a stalled client from holding a connection.
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
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
