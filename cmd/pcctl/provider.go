// This file is the provider switch: the one place that knows which clouds
// pcctl speaks to. A provider turns the global flags into a provconc
// Protocol; everything else in pcctl works on the provider-neutral
// provconc.Client. A cloud is a file (provider_aws.go, provider_tencent.go)
// with a provider value, an entry in providers, and its lines in the usage
// text.

package main

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/provconc/provconc"
)

// provider builds clients for one cloud.
type provider struct {
	// check refuses global flags the provider does not take, before
	// anything is built or sent.
	check func(s *settings) error
	// newProtocol builds the wire protocol from the settings, sending
	// through hc. An error here is a configuration error: nothing was sent.
	newProtocol func(ctx context.Context, s *settings, hc *http.Client) (provconc.Protocol, error)
	// target splits a FUNCTION argument and --qualifier into the function's
	// name and the qualifier in force, for messages and output. It need not
	// validate: the protocol does, before sending.
	target func(function, qualifier string) (name, q string)
	// checkList, if set, refuses a FUNCTION argument that list cannot take
	// (one carrying a qualifier) where the protocol itself would send it.
	checkList func(function string) error
}

// providers maps each --provider value to its provider.
var providers = map[string]provider{
	"aws":     awsProvider,
	"tencent": tencentProvider,
}

// newClient builds the client the command talks through, its answers
// recorded (and with --debug shown). With --emulator, it first starts the
// seeded demo emulator in process, or the one --emulator-state kept.
func (a *app) newClient(ctx context.Context) (*provconc.Client, provider, error) {
	p := providers[a.set.provider]
	if err := p.check(&a.set); err != nil {
		return nil, p, err
	}
	next, err := a.set.net.transport()
	if err != nil {
		return nil, p, err
	}
	if a.set.emulator || a.set.emulatorState != "" {
		if a.set.inProcess == nil {
			emu, err := a.startInProcessEmulator(ctx)
			if err != nil {
				return nil, p, &configError{err}
			}
			a.set.inProcess = emu
		}
		next = a.set.inProcess.Client().Transport
	}
	var debugOut io.Writer
	if a.set.debug {
		debugOut = a.stderr
	}
	a.capture = newCapture(next, debugOut)
	proto, err := p.newProtocol(ctx, &a.set, &http.Client{Transport: a.capture})
	if err != nil {
		return nil, p, &configError{err}
	}
	if a.set.timeout > 0 {
		proto = callTimeout{next: proto, limit: a.set.timeout}
	}
	client, err := provconc.NewClient(proto)
	return client, p, err
}

// callTimeout bounds every call of a Protocol, retries included, by its own
// deadline, whatever the provider: --timeout limits each call, and a wait of
// many calls is bounded by --wait-timeout instead.
type callTimeout struct {
	next  provconc.Protocol
	limit time.Duration
}

// Put calls the wrapped protocol's Put within the limit.
func (t callTimeout) Put(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
	ctx, cancel := context.WithTimeout(ctx, t.limit)
	defer cancel()
	return t.next.Put(ctx, in)
}

// Get calls the wrapped protocol's Get within the limit.
func (t callTimeout) Get(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
	ctx, cancel := context.WithTimeout(ctx, t.limit)
	defer cancel()
	return t.next.Get(ctx, in)
}

// List calls the wrapped protocol's List within the limit.
func (t callTimeout) List(ctx context.Context, in *provconc.ListInput) (*provconc.ListOutput, error) {
	ctx, cancel := context.WithTimeout(ctx, t.limit)
	defer cancel()
	return t.next.List(ctx, in)
}

// Delete calls the wrapped protocol's Delete within the limit.
func (t callTimeout) Delete(ctx context.Context, in *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
	ctx, cancel := context.WithTimeout(ctx, t.limit)
	defer cancel()
	return t.next.Delete(ctx, in)
}
