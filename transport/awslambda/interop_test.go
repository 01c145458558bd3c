// This file runs the official aws-sdk-go-v2 Lambda client and provconc side
// by side against the emulator, with SigV4 verification on, and compares
// what each returns field by field: the official client is the referee.
//
// Each scenario builds a pair of emulators seeded identically, sharing one
// fake clock: the official client talks to one, ours to the other. The
// emulator derives request ids from its seed and a request counter, so when
// both clients make the same calls with the same number of attempts, even
// the request ids and LastModified times must be equal, and they are compared
// like every other field. Every scenario runs over a loopback httptest.Server
// and over the emulator's in-process RoundTripper.
//
// Where the two clients differ on purpose (ours checks inputs before
// sending, honours Retry-After, ...) the test asserts each side's outcome and
// says why next to the assertion.

package awslambda_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	smithymiddleware "github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/retry"
)

// The account both emulators pretend to be.
const (
	interopRegion  = "us-east-1"
	interopAccount = "123456789012"
	interopARN     = "arn:aws:lambda:" + interopRegion + ":" + interopAccount + ":function:"
	interopPartial = interopAccount + ":function:"
	interopSeed    = 20240501
)

// Texts the emulator answers, checked literally so each scenario provably
// hits the answer it is about (the cross-client comparison alone would pass
// if both clients met the same wrong answer).
const (
	interopMsgConfigNotFound = "No Provisioned Concurrency Config found for this function"
	interopMsgSignature      = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	interopMsgPutLatest = "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
	interopMsgGetLatest = "The function resource provided must be an alias or a published version."
	interopMsgMismatch  = "The derived qualifier from the function name does not match the specified qualifier."
	interopMsgService   = "An internal error occurred. Please try again."
)

// interopCreds are the keys the emulators verify signatures against. The
// session token makes both clients send and sign X-Amz-Security-Token.
var interopCreds = aws.Credentials{
	AccessKeyID:     "AKIDINTEROPEXAMPLE",
	SecretAccessKey: "interop/secret/KEY+EXAMPLE",
	SessionToken:    "interop-session-token",
}

// interopStatic returns a provider of fixed credentials.
func interopStatic(c aws.Credentials) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return c, nil })
}

var interopRequestID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// interopMode is one way of reaching an emulator.
type interopMode struct {
	name string
	// dial returns an HTTP client that counts the requests it carries, and
	// the endpoint to configure.
	dial func(t *testing.T, s *emulator.Server, sent *atomic.Int64) (*http.Client, string)
}

var interopModes = []interopMode{
	{"loopback", func(t *testing.T, s *emulator.Server, sent *atomic.Int64) (*http.Client, string) {
		srv := httptest.NewServer(s)
		t.Cleanup(srv.Close)
		return &http.Client{Transport: &interopCounter{next: srv.Client().Transport, sent: sent}}, srv.URL
	}},
	{"in-process", func(t *testing.T, s *emulator.Server, sent *atomic.Int64) (*http.Client, string) {
		// The host never resolves: only the in-process transport can answer.
		return &http.Client{Transport: &interopCounter{next: s, sent: sent}}, "http://lambda." + interopRegion + ".emulator.invalid"
	}},
}

// interopCounter counts the HTTP attempts that reach the wire. It sits below
// both clients' retry loops, so it sees every attempt.
type interopCounter struct {
	next http.RoundTripper
	sent *atomic.Int64
}

func (c *interopCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.sent.Add(1)
	return c.next.RoundTrip(req)
}

// interopClock is the fake clock both emulators of a pair share.
type interopClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *interopClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *interopClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// interopSetup describes the emulators and clients of one scenario. The
// zero value gives correct credentials, three attempts and no faults.
type interopSetup struct {
	readyAfter  time.Duration
	faults      emulator.Faults
	maxAttempts int
	// creds signs both clients' requests; nil for interopCreds.
	creds aws.CredentialsProvider
	// serverClockAhead sets the emulators' clock this far ahead of the real
	// clock the clients sign with; maxClockSkew turns on the emulators'
	// check of X-Amz-Date.
	serverClockAhead time.Duration
	maxClockSkew     time.Duration
	// seed adds to the standard seeding, on both emulators.
	seed func(t *testing.T, s *emulator.Server)
}

// interopPair is the official client on one emulator and ours on its twin.
type interopPair struct {
	clock *interopClock

	offEmu  *emulator.Server
	off     *lambda.Client
	offSent atomic.Int64

	ourEmu  *emulator.Server
	ours    *provconc.Client
	ourSent atomic.Int64

	mu sync.Mutex
	// ourSleeps are the waits our retry transport asked for.
	ourSleeps []time.Duration
	// offBackoffs are the error codes the official retryer backed off on.
	offBackoffs []string
}

// newInteropPair builds a scenario's two emulators and two clients.
//
// The fake clock starts at the real time, truncated to the second: the
// official client measures clock skew from the answers' Date header (which
// the in-process emulator stamps with its own clock) and, beyond 4 minutes,
// retries signature and access errors once with a corrected clock. A clock
// years off would make it retry every 403; near the real time, it does not.
func newInteropPair(t *testing.T, m interopMode, setup interopSetup) *interopPair {
	t.Helper()
	p := &interopPair{clock: &interopClock{t: time.Now().UTC().Truncate(time.Second).Add(setup.serverClockAhead)}}
	creds := setup.creds
	if creds == nil {
		creds = interopStatic(interopCreds)
	}
	attempts := setup.maxAttempts
	if attempts == 0 {
		attempts = 3
	}
	newEmulator := func() *emulator.Server {
		verify := interopCreds
		s := emulator.New(emulator.Options{
			Region:       interopRegion,
			AccountID:    interopAccount,
			Now:          p.clock.Now,
			Seed:         interopSeed,
			ReadyAfter:   setup.readyAfter,
			Credentials:  &verify,
			MaxClockSkew: setup.maxClockSkew,
			Faults:       setup.faults,
		})
		interopSeedFunctions(t, s)
		if setup.seed != nil {
			setup.seed(t, s)
		}
		return s
	}
	p.offEmu, p.ourEmu = newEmulator(), newEmulator()

	// The official client: the aws.Config a user would load, pointed at the
	// emulator, with a standard retryer that backs off for no time.
	offHTTP, offBase := m.dial(t, p.offEmu, &p.offSent)
	p.off = lambda.NewFromConfig(aws.Config{
		Region:      interopRegion,
		Credentials: creds,
		HTTPClient:  offHTTP,
		Retryer: func() aws.Retryer {
			return awsretry.NewStandard(func(o *awsretry.StandardOptions) {
				o.MaxAttempts = attempts
				o.Backoff = awsretry.BackoffDelayerFunc(func(_ int, err error) (time.Duration, error) {
					code := "?"
					var apiErr smithy.APIError
					if errors.As(err, &apiErr) {
						code = apiErr.ErrorCode()
					}
					p.mu.Lock()
					p.offBackoffs = append(p.offBackoffs, code)
					p.mu.Unlock()
					return 0, nil
				})
			})
		},
	}, func(o *lambda.Options) { o.BaseEndpoint = aws.String(offBase) })

	// Ours: the same kind of aws.Config, with a retry transport whose waits
	// are recorded and skipped.
	ourHTTP, ourBase := m.dial(t, p.ourEmu, &p.ourSent)
	ours, err := awslambda.NewClient(aws.Config{
		Region:       interopRegion,
		Credentials:  creds,
		HTTPClient:   ourHTTP,
		BaseEndpoint: aws.String(ourBase),
	}, func(o *awslambda.Options) {
		o.Retry = retry.Options{
			// Compared with the official client's attempt limit, unpaced.
			DisableRateLimit: true,
			MaxAttempts:      attempts,
			Jitter:           func() float64 { return 0 },
			Sleep: func(ctx context.Context, d time.Duration) error {
				p.mu.Lock()
				p.ourSleeps = append(p.ourSleeps, d)
				p.mu.Unlock()
				return ctx.Err()
			},
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	p.ours = ours
	return p
}

// interopSeedFunctions gives an emulator my-function (versions 1..3,
// aliases BLUE->1, GREEN->2, EDGE->$LATEST) and other-function (version 1).
func interopSeedFunctions(t *testing.T, s *emulator.Server) {
	t.Helper()
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(s.CreateFunction("my-function"))
	for range 3 {
		_, err := s.PublishVersion("my-function")
		check(err)
	}
	check(s.CreateAlias("my-function", "BLUE", "1"))
	check(s.CreateAlias("my-function", "GREEN", "2"))
	check(s.CreateAlias("my-function", "EDGE", "$LATEST"))
	check(s.CreateFunction("other-function"))
	_, err := s.PublishVersion("other-function")
	check(err)
}

func (p *interopPair) sleeps() []time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Duration(nil), p.ourSleeps...)
}

func (p *interopPair) backoffs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.offBackoffs...)
}

// interopOp is one call, made the same way through both clients.
type interopOp struct {
	kind      string // "put", "get", "list" or "delete"
	function  string
	qualifier string // "" sends no Qualifier (nil in the official input)
	count     int    // put
	maxItems  int    // list; 0 sends none
	marker    string // list
}

func (op interopOp) String() string {
	s := op.kind + " " + op.function
	if op.qualifier != "" {
		s += " Qualifier=" + op.qualifier
	}
	if op.kind == "put" {
		s += " N=" + strconv.Itoa(op.count)
	}
	return s
}

// interopOutcome is what one client made of one call.
type interopOutcome struct {
	out  any // *provconc.PutOutput, *GetOutput, *ListOutput or *DeleteOutput
	err  error
	sent int // HTTP attempts that reached the wire
}

// callOfficial makes op with the official client and converts its output
// to provconc's types.
func (p *interopPair) callOfficial(t *testing.T, ctx context.Context, op interopOp) interopOutcome {
	t.Helper()
	before := p.offSent.Load()
	out, err := p.officialCall(t, ctx, op)
	return interopOutcome{out: out, err: err, sent: int(p.offSent.Load() - before)}
}

func (p *interopPair) officialCall(t *testing.T, ctx context.Context, op interopOp) (any, error) {
	t.Helper()
	var qualifier *string
	if op.qualifier != "" {
		qualifier = aws.String(op.qualifier)
	}
	name, qual, arn := interopRefFromInput(op.function, op.qualifier)
	switch op.kind {
	case "put":
		out, err := p.off.PutProvisionedConcurrencyConfig(ctx, &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName:                    aws.String(op.function),
			Qualifier:                       qualifier,
			ProvisionedConcurrentExecutions: aws.Int32(int32(op.count)),
		})
		if err != nil {
			return nil, err
		}
		cfg := interopConfig(t, out.RequestedProvisionedConcurrentExecutions, out.AllocatedProvisionedConcurrentExecutions,
			out.AvailableProvisionedConcurrentExecutions, out.Status, out.StatusReason, out.LastModified)
		cfg.FunctionName, cfg.Qualifier, cfg.FunctionARN = name, qual, arn
		return &provconc.PutOutput{Config: cfg, Metadata: interopMetadata(out.ResultMetadata)}, nil
	case "get":
		out, err := p.off.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(op.function),
			Qualifier:    qualifier,
		})
		if err != nil {
			return nil, err
		}
		cfg := interopConfig(t, out.RequestedProvisionedConcurrentExecutions, out.AllocatedProvisionedConcurrentExecutions,
			out.AvailableProvisionedConcurrentExecutions, out.Status, out.StatusReason, out.LastModified)
		cfg.FunctionName, cfg.Qualifier, cfg.FunctionARN = name, qual, arn
		return &provconc.GetOutput{Config: cfg, Metadata: interopMetadata(out.ResultMetadata)}, nil
	case "list":
		in := &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String(op.function)}
		if op.maxItems != 0 {
			in.MaxItems = aws.Int32(int32(op.maxItems))
		}
		if op.marker != "" {
			in.Marker = aws.String(op.marker)
		}
		out, err := p.off.ListProvisionedConcurrencyConfigs(ctx, in)
		if err != nil {
			return nil, err
		}
		return interopListOutput(t, out), nil
	case "delete":
		out, err := p.off.DeleteProvisionedConcurrencyConfig(ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{
			FunctionName: aws.String(op.function),
			Qualifier:    qualifier,
		})
		if err != nil {
			return nil, err
		}
		return &provconc.DeleteOutput{Metadata: interopMetadata(out.ResultMetadata)}, nil
	}
	t.Fatalf("unknown op %q", op.kind)
	return nil, nil
}

// callOurs makes op with provconc.
func (p *interopPair) callOurs(t *testing.T, ctx context.Context, op interopOp) interopOutcome {
	t.Helper()
	before := p.ourSent.Load()
	out, err := p.ourCall(t, ctx, op)
	return interopOutcome{out: out, err: err, sent: int(p.ourSent.Load() - before)}
}

func (p *interopPair) ourCall(t *testing.T, ctx context.Context, op interopOp) (any, error) {
	t.Helper()
	// Each case returns an untyped nil on error, so out is nil then.
	switch op.kind {
	case "put":
		out, err := p.ours.Put(ctx, &provconc.PutInput{FunctionName: op.function, Qualifier: op.qualifier, ProvisionedConcurrentExecutions: op.count})
		if err != nil {
			return nil, err
		}
		return out, nil
	case "get":
		out, err := p.ours.Get(ctx, &provconc.GetInput{FunctionName: op.function, Qualifier: op.qualifier})
		if err != nil {
			return nil, err
		}
		return out, nil
	case "list":
		out, err := p.ours.List(ctx, &provconc.ListInput{FunctionName: op.function, MaxItems: op.maxItems, Marker: op.marker})
		if err != nil {
			return nil, err
		}
		return out, nil
	case "delete":
		out, err := p.ours.Delete(ctx, &provconc.DeleteInput{FunctionName: op.function, Qualifier: op.qualifier})
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	t.Fatalf("unknown op %q", op.kind)
	return nil, nil
}

// compare makes op through both clients and reports every difference: the
// converted outputs, or the error views, and the attempts on the wire.
func (p *interopPair) compare(t *testing.T, ctx context.Context, op interopOp) (off, ours interopOutcome) {
	t.Helper()
	off = p.callOfficial(t, ctx, op)
	ours = p.callOurs(t, ctx, op)
	if off.sent != ours.sent {
		t.Errorf("%v: official made %d HTTP attempts, ours %d", op, off.sent, ours.sent)
	}
	switch {
	case off.err == nil && ours.err == nil:
		if diff := cmp.Diff(off.out, ours.out); diff != "" {
			t.Errorf("%v: results differ (-official +ours):\n%s", op, diff)
		}
		if id := interopMetadataOf(ours.out).RequestID; !interopRequestID.MatchString(id) {
			t.Errorf("%v: request id %q is not a UUID", op, id)
		}
	case off.err != nil && ours.err != nil:
		want, got := interopOfficialError(off.err, off.sent), interopOurError(ours.err)
		if want.Type == interopUnmodelled {
			// The official client keeps the body's Type only on modelled
			// exceptions; a generic smithy.APIError drops it.
			got.Type = interopUnmodelled
			// A difference by design: for an error without a message the
			// official client makes one up ("UnknownError"); ours leaves
			// Message empty, as the service sent it.
			if want.Message == "UnknownError" && got.Message == "" {
				got.Message = want.Message
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%v: errors differ (-official +ours):\n%s\nofficial: %v\nours:     %v", op, diff, off.err, ours.err)
		}
		if !interopRequestID.MatchString(got.RequestID) {
			t.Errorf("%v: request id %q is not a UUID", op, got.RequestID)
		}
		if got.Attempts != ours.sent {
			t.Errorf("%v: our error reports %d attempts, %d reached the wire", op, got.Attempts, ours.sent)
		}
	default:
		t.Errorf("%v: official error %v; ours %v", op, off.err, ours.err)
	}
	return off, ours
}

// interopRefFromInput derives the function name, qualifier and (for a full
// ARN) the qualified ARN the way provconc documents Config's fields, without
// provconc's parser, so the official side's expectation is independent.
func interopRefFromInput(function, qualifier string) (name, qual, arn string) {
	parts := strings.Split(function, ":")
	full := parts[0] == "arn" && len(parts) >= 7
	prefix := ""
	switch {
	case full:
		prefix = strings.Join(parts[:6], ":") + ":"
		parts = parts[6:]
	case len(parts) >= 3 && parts[1] == "function":
		parts = parts[2:]
	}
	name = parts[0]
	if len(parts) > 1 {
		qual = parts[1]
	}
	if qualifier != "" {
		qual = qualifier
	}
	if full {
		arn = prefix + name
		if qual != "" {
			arn += ":" + qual
		}
	}
	return name, qual, arn
}

// interopConfig converts the official output's fields. LastModified is
// parsed with its documented layout (no colon in the offset).
func interopConfig(t *testing.T, requested, allocated, available *int32, status types.ProvisionedConcurrencyStatusEnum, reason, modified *string) provconc.Config {
	t.Helper()
	var lastModified time.Time
	if s := aws.ToString(modified); s != "" {
		var err error
		if lastModified, err = time.Parse("2006-01-02T15:04:05Z0700", s); err != nil {
			t.Errorf("official LastModified %q: %v", s, err)
		}
	}
	return provconc.Config{
		Requested:    int(aws.ToInt32(requested)),
		Allocated:    int(aws.ToInt32(allocated)),
		Available:    int(aws.ToInt32(available)),
		Status:       provconc.Status(status),
		StatusReason: aws.ToString(reason),
		LastModified: lastModified,
	}
}

// interopListOutput converts one official List page; each item's name and
// qualifier come from its qualified FunctionArn.
func interopListOutput(t *testing.T, out *lambda.ListProvisionedConcurrencyConfigsOutput) *provconc.ListOutput {
	t.Helper()
	page := &provconc.ListOutput{NextMarker: aws.ToString(out.NextMarker), Metadata: interopMetadata(out.ResultMetadata)}
	for _, it := range out.ProvisionedConcurrencyConfigs {
		cfg := interopConfig(t, it.RequestedProvisionedConcurrentExecutions, it.AllocatedProvisionedConcurrentExecutions,
			it.AvailableProvisionedConcurrentExecutions, it.Status, it.StatusReason, it.LastModified)
		cfg.FunctionARN = aws.ToString(it.FunctionArn)
		_, rest, ok := strings.Cut(cfg.FunctionARN, ":function:")
		if !ok {
			t.Errorf("official list item FunctionArn %q is not a function ARN", cfg.FunctionARN)
		}
		cfg.FunctionName, cfg.Qualifier, _ = strings.Cut(rest, ":")
		page.Configs = append(page.Configs, cfg)
	}
	return page
}

// interopMetadata reads the request id and the attempt count the official
// client records in its result metadata.
func interopMetadata(md smithymiddleware.Metadata) provconc.Metadata {
	id, _ := awsmiddleware.GetRequestIDMetadata(md)
	results, _ := awsretry.GetAttemptResults(md)
	return provconc.Metadata{RequestID: id, Attempts: len(results.Results)}
}

func interopMetadataOf(out any) provconc.Metadata {
	switch o := out.(type) {
	case *provconc.PutOutput:
		return o.Metadata
	case *provconc.GetOutput:
		return o.Metadata
	case *provconc.ListOutput:
		return o.Metadata
	case *provconc.DeleteOutput:
		return o.Metadata
	}
	return provconc.Metadata{}
}

// interopErrView is an error as both clients can report it.
type interopErrView struct {
	Code       string
	Message    string
	Type       string // "User" or "Service"; see interopUnmodelled
	StatusCode int
	RequestID  string
	RetryAfter time.Duration
	Reason     string
	// Kind names the provconc sentinel the error matches: for the official
	// client, the one its typed exception (or, for unmodelled ones, its
	// code) corresponds to.
	Kind string
	// Exhausted says the client gave up retrying a retryable error.
	Exhausted bool
	// Attempts is how many attempts the client says it made. The official
	// client says so only when it gives up (MaxAttemptsError); otherwise the
	// attempts seen on the wire stand in.
	Attempts int
}

// interopUnmodelled marks the Type of an error the official client has no
// type for.
const interopUnmodelled = "(unmodelled)"

// interopKinds are the provconc sentinels for service errors, by name.
var interopKinds = []struct {
	name string
	err  error
}{
	{"ErrInvalidParameterValue", provconc.ErrInvalidParameterValue},
	{"ErrResourceNotFound", provconc.ErrResourceNotFound},
	{"ErrProvisionedConcurrencyConfigNotFound", provconc.ErrProvisionedConcurrencyConfigNotFound},
	{"ErrResourceConflict", provconc.ErrResourceConflict},
	{"ErrTooManyRequests", provconc.ErrTooManyRequests},
	{"ErrService", provconc.ErrService},
	{"ErrAccessDenied", provconc.ErrAccessDenied},
}

// interopOfficialError builds the view of an official client's error; sent
// stands in for the attempt count when the client does not report one.
func interopOfficialError(err error, sent int) interopErrView {
	v := interopErrView{Type: interopUnmodelled, Attempts: sent}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		v.Code, v.Message = apiErr.ErrorCode(), apiErr.ErrorMessage()
	}
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) {
		v.StatusCode, v.RequestID = respErr.HTTPStatusCode(), respErr.ServiceRequestID()
	}
	var maxErr *awsretry.MaxAttemptsError
	if errors.As(err, &maxErr) {
		v.Exhausted, v.Attempts = true, maxErr.Attempt
	}
	var (
		invalid  *types.InvalidParameterValueException
		notFound *types.ResourceNotFoundException
		noConfig *types.ProvisionedConcurrencyConfigNotFoundException
		conflict *types.ResourceConflictException
		throttle *types.TooManyRequestsException
		service  *types.ServiceException
	)
	switch {
	case errors.As(err, &invalid):
		v.Kind, v.Type = "ErrInvalidParameterValue", aws.ToString(invalid.Type)
	case errors.As(err, &notFound):
		v.Kind, v.Type = "ErrResourceNotFound", aws.ToString(notFound.Type)
	case errors.As(err, &noConfig):
		v.Kind, v.Type = "ErrProvisionedConcurrencyConfigNotFound", aws.ToString(noConfig.Type)
	case errors.As(err, &conflict):
		v.Kind, v.Type = "ErrResourceConflict", aws.ToString(conflict.Type)
	case errors.As(err, &throttle):
		v.Kind, v.Type = "ErrTooManyRequests", aws.ToString(throttle.Type)
		v.Reason = string(throttle.Reason)
		if s := aws.ToString(throttle.RetryAfterSeconds); s != "" {
			secs, convErr := strconv.Atoi(s)
			if convErr != nil {
				v.Reason += " (RetryAfterSeconds " + strconv.Quote(s) + ")"
			}
			v.RetryAfter = time.Duration(secs) * time.Second
		}
	case errors.As(err, &service):
		v.Kind, v.Type = "ErrService", aws.ToString(service.Type)
	default:
		// No modelled type: the kind follows the code.
		switch v.Code {
		case "ValidationException":
			v.Kind = "ErrInvalidParameterValue"
		case "AccessDeniedException", "InvalidSignatureException", "UnrecognizedClientException",
			"MissingAuthenticationTokenException", "IncompleteSignatureException":
			v.Kind = "ErrAccessDenied"
		case "ServiceUnavailableException":
			v.Kind = "ErrService"
		}
	}
	return v
}

// interopOurError builds the view of our error.
func interopOurError(err error) interopErrView {
	var v interopErrView
	var apiErr *provconc.APIError
	if errors.As(err, &apiErr) {
		v = interopErrView{
			Code: apiErr.Code, Message: apiErr.Message, Type: apiErr.Type, StatusCode: apiErr.StatusCode,
			RequestID: apiErr.RequestID, RetryAfter: apiErr.RetryAfter, Reason: apiErr.Reason, Attempts: apiErr.Attempts,
		}
	}
	var exhausted *provconc.RetryExhaustedError
	if errors.As(err, &exhausted) {
		v.Exhausted = true
		if exhausted.Attempts != v.Attempts {
			v.Reason += fmt.Sprintf(" (RetryExhaustedError.Attempts %d, APIError.Attempts %d)", exhausted.Attempts, v.Attempts)
		}
	}
	for _, k := range interopKinds {
		if errors.Is(err, k.err) {
			v.Kind += k.name
		}
	}
	return v
}

// forEachInteropMode runs f as a parallel subtest per transport mode.
func forEachInteropMode(t *testing.T, f func(t *testing.T, m interopMode)) {
	t.Helper()
	for _, m := range interopModes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			f(t, m)
		})
	}
}

// interopForm is one documented way of naming a function.
type interopForm struct {
	name string
	// qualified names the function for Put, Get and Delete of qualifier q;
	// unqualified names it for List.
	qualified   func(q string) string
	unqualified string
}

var interopForms = []interopForm{
	{"name", func(string) string { return "my-function" }, "my-function"},
	{"name:qualifier", func(q string) string { return "my-function:" + q }, "my-function"},
	{"partial ARN", func(string) string { return interopPartial + "my-function" }, interopPartial + "my-function"},
	{"partial ARN:qualifier", func(q string) string { return interopPartial + "my-function:" + q }, interopPartial + "my-function"},
	{"full ARN", func(string) string { return interopARN + "my-function" }, interopARN + "my-function"},
	{"full ARN:qualifier", func(q string) string { return interopARN + "my-function:" + q }, interopARN + "my-function"},
}

// Scenario 1: the life of a config, through every function-name form, on an
// alias and on a version.
func TestInteropPutGetListDelete(t *testing.T) {
	t.Parallel()
	const readyAfter = 30 * time.Second
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, form := range interopForms {
			for _, q := range []string{"BLUE", "2"} {
				t.Run(form.name+"/"+q, func(t *testing.T) {
					t.Parallel()
					p := newInteropPair(t, m, interopSetup{readyAfter: readyAfter})
					ctx := context.Background()
					// The official client requires Qualifier, so both get it,
					// also when the name carries it (they agree).
					fn := form.qualified(q)
					put := interopOp{kind: "put", function: fn, qualifier: q, count: 5}
					get := interopOp{kind: "get", function: fn, qualifier: q}
					list := interopOp{kind: "list", function: form.unqualified}
					del := interopOp{kind: "delete", function: fn, qualifier: q}

					// Put answers 202 while allocating.
					_, ours := p.compare(t, ctx, put)
					if out, ok := ours.out.(*provconc.PutOutput); !ok || out.Status != provconc.StatusInProgress || out.Requested != 5 ||
						!out.LastModified.Equal(p.clock.Now()) || out.Metadata.Attempts != 1 {
						t.Errorf("put = %+v, %v; want IN_PROGRESS, 5 requested, modified now, 1 attempt", ours.out, ours.err)
					}
					_, ours = p.compare(t, ctx, get)
					if out, ok := ours.out.(*provconc.GetOutput); !ok || out.Status != provconc.StatusInProgress {
						t.Errorf("get before ready = %+v, %v; want IN_PROGRESS", ours.out, ours.err)
					}

					p.clock.Advance(readyAfter)
					_, ours = p.compare(t, ctx, get)
					if out, ok := ours.out.(*provconc.GetOutput); !ok || out.Status != provconc.StatusReady || out.Available != 5 || out.Allocated != 5 {
						t.Errorf("get after ready = %+v, %v; want READY with 5 available", ours.out, ours.err)
					}
					_, ours = p.compare(t, ctx, list)
					if out, ok := ours.out.(*provconc.ListOutput); !ok || len(out.Configs) != 1 ||
						out.Configs[0].FunctionARN != interopARN+"my-function:"+q || out.Configs[0].Qualifier != q || out.NextMarker != "" {
						t.Errorf("list = %+v, %v; want the one config of %s", ours.out, ours.err, q)
					}

					p.compare(t, ctx, del)
					_, ours = p.compare(t, ctx, get)
					var apiErr *provconc.APIError
					if !errors.Is(ours.err, provconc.ErrProvisionedConcurrencyConfigNotFound) || !errors.As(ours.err, &apiErr) ||
						apiErr.Message != interopMsgConfigNotFound || apiErr.StatusCode != http.StatusNotFound {
						t.Errorf("get after delete: %v; want 404 ProvisionedConcurrencyConfigNotFoundException", ours.err)
					}
					_, ours = p.compare(t, ctx, list)
					if out, ok := ours.out.(*provconc.ListOutput); !ok || len(out.Configs) != 0 {
						t.Errorf("list after delete = %+v, %v; want no configs", ours.out, ours.err)
					}
				})
			}
		}
	})
}

// Scenario 2: 120 configs walked page by page with both paginators, and
// with our iterator.
func TestInteropPagination(t *testing.T) {
	t.Parallel()
	const total = 120
	tests := []struct {
		maxItems  int // 0 leaves the page size to the service (50)
		wantPages int
	}{
		{7, 18},
		{50, 3},
		{0, 3},
	}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("MaxItems=%d", tt.maxItems), func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{seed: func(t *testing.T, s *emulator.Server) {
					if err := s.CreateFunction("many-function"); err != nil {
						t.Fatal(err)
					}
					for range total {
						if _, err := s.PublishVersion("many-function"); err != nil {
							t.Fatal(err)
						}
					}
				}})
				ctx := context.Background()
				// Each client creates the configs on its own emulator, in the
				// same order, so listing order, markers and ids line up.
				for v := 1; v <= total; v++ {
					p.compare(t, ctx, interopOp{kind: "put", function: "many-function", qualifier: strconv.Itoa(v), count: v%7 + 1})
				}
				if t.Failed() {
					t.FailNow()
				}
				p.clock.Advance(emulator.DefaultReadyAfter) // every allocation done

				var offPages []*provconc.ListOutput
				offIn := &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("many-function")}
				if tt.maxItems != 0 {
					offIn.MaxItems = aws.Int32(int32(tt.maxItems))
				}
				for op := lambda.NewListProvisionedConcurrencyConfigsPaginator(p.off, offIn); op.HasMorePages(); {
					out, err := op.NextPage(ctx)
					if err != nil {
						t.Fatalf("official page %d: %v", len(offPages)+1, err)
					}
					offPages = append(offPages, interopListOutput(t, out))
				}

				var ourPages []*provconc.ListOutput
				ourIn := &provconc.ListInput{FunctionName: "many-function", MaxItems: tt.maxItems}
				for pg := provconc.NewListPaginator(p.ours, ourIn); pg.HasMorePages(); {
					out, err := pg.NextPage(ctx)
					if err != nil {
						t.Fatalf("our page %d: %v", len(ourPages)+1, err)
					}
					ourPages = append(ourPages, out)
				}

				// Equal pages: the same configs, the same boundaries, the same
				// markers and request ids.
				if diff := cmp.Diff(offPages, ourPages); diff != "" {
					t.Errorf("pages differ (-official +ours):\n%s", diff)
				}
				if len(ourPages) != tt.wantPages {
					t.Errorf("%d pages, want %d", len(ourPages), tt.wantPages)
				}
				var offAll []provconc.Config
				for _, page := range offPages {
					offAll = append(offAll, page.Configs...)
				}
				var ourAll []provconc.Config
				for cfg, err := range provconc.ListAll(ctx, p.ours, ourIn) {
					if err != nil {
						t.Fatalf("ListAll after %d configs: %v", len(ourAll), err)
					}
					ourAll = append(ourAll, cfg)
				}
				if diff := cmp.Diff(offAll, ourAll); diff != "" {
					t.Errorf("ListAll differs from the official walk (-official +ours):\n%s", diff)
				}
				if len(ourAll) != total {
					t.Fatalf("ListAll gave %d configs, want %d", len(ourAll), total)
				}
				// Newest first: version total was configured last.
				for i, cfg := range ourAll {
					v := total - i
					if want := strconv.Itoa(v); cfg.Qualifier != want || cfg.Requested != v%7+1 || cfg.Status != provconc.StatusReady {
						t.Errorf("config %d = %s requested %d %s; want version %s requested %d READY", i, cfg.Qualifier, cfg.Requested, cfg.Status, want, v%7+1)
					}
				}
			})
		}
	})
}

// Scenario 3: what is missing, named every way it can be missing.
func TestInteropNotFound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		op         interopOp
		wantCode   string // "" for success
		wantStatus int
		wantMsg    string
	}{
		{
			name: "get, unknown function and version", op: interopOp{kind: "get", function: "no-such-function", qualifier: "1"},
			wantCode: "ResourceNotFoundException", wantStatus: 404, wantMsg: "Function not found: " + interopARN + "no-such-function:1",
		},
		{
			name: "get, unknown function and alias", op: interopOp{kind: "get", function: "no-such-function", qualifier: "BLUE"},
			wantCode: "ResourceNotFoundException", wantStatus: 404, wantMsg: "Cannot find alias arn: " + interopARN + "no-such-function:BLUE",
		},
		{
			name: "list, unknown function", op: interopOp{kind: "list", function: "no-such-function"},
			wantCode: "ResourceNotFoundException", wantStatus: 404, wantMsg: "Function not found: " + interopARN + "no-such-function",
		},
		{
			name: "get, unknown version", op: interopOp{kind: "get", function: "my-function", qualifier: "99"},
			wantCode: "ResourceNotFoundException", wantStatus: 404, wantMsg: "Function not found: " + interopARN + "my-function:99",
		},
		{
			name: "put, unknown version", op: interopOp{kind: "put", function: interopARN + "my-function", qualifier: "99", count: 1},
			wantCode: "ResourceNotFoundException", wantStatus: 404, wantMsg: "Function not found: " + interopARN + "my-function:99",
		},
		{
			name: "get, unknown alias", op: interopOp{kind: "get", function: "my-function", qualifier: "NOPE"},
			wantCode: "ResourceNotFoundException", wantStatus: 404, wantMsg: "Cannot find alias arn: " + interopARN + "my-function:NOPE",
		},
		{
			name: "delete, unknown alias", op: interopOp{kind: "delete", function: interopPartial + "my-function:NOPE", qualifier: "NOPE"},
			wantCode: "ResourceNotFoundException", wantStatus: 404, wantMsg: "Cannot find alias arn: " + interopARN + "my-function:NOPE",
		},
		{
			name: "get, alias without config", op: interopOp{kind: "get", function: "my-function", qualifier: "GREEN"},
			wantCode: "ProvisionedConcurrencyConfigNotFoundException", wantStatus: 404, wantMsg: interopMsgConfigNotFound,
		},
		{
			name: "get, version without config", op: interopOp{kind: "get", function: "my-function:3", qualifier: "3"},
			wantCode: "ProvisionedConcurrencyConfigNotFoundException", wantStatus: 404, wantMsg: interopMsgConfigNotFound,
		},
		{
			// Delete is idempotent on the service: both succeed.
			name: "delete, alias without config", op: interopOp{kind: "delete", function: "my-function", qualifier: "GREEN"},
		},
		{
			name: "get, ARN of another region", op: interopOp{kind: "get", function: "arn:aws:lambda:us-west-2:" + interopAccount + ":function:my-function", qualifier: "BLUE"},
			wantCode: "ResourceNotFoundException", wantStatus: 404, wantMsg: "Functions from 'us-west-2' are not reachable in this region ('us-east-1')",
		},
		{
			// The body's message is null: ours reports it empty, the
			// official client "UnknownError" (see compare).
			name: "get, ARN of another account", op: interopOp{kind: "get", function: "arn:aws:lambda:us-east-1:210987654321:function:my-function", qualifier: "BLUE"},
			wantCode: "AccessDeniedException", wantStatus: 403,
		},
	}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{})
				_, ours := p.compare(t, context.Background(), tt.op)
				if tt.wantCode == "" {
					if ours.err != nil {
						t.Errorf("ours: %v; want success", ours.err)
					}
					return
				}
				var apiErr *provconc.APIError
				if !errors.As(ours.err, &apiErr) || apiErr.Code != tt.wantCode || apiErr.StatusCode != tt.wantStatus || apiErr.Message != tt.wantMsg {
					t.Errorf("ours: %v; want %d %s %q", ours.err, tt.wantStatus, tt.wantCode, tt.wantMsg)
				}
			})
		}
	})
}

// Scenario 4: inputs the service refuses. Ours checks the documented rules
// before sending, the official client only that required fields are there,
// so a row says which side refuses where.
func TestInteropInvalidInput(t *testing.T) {
	t.Parallel()
	const (
		both         = iota // both send and get the same 400
		oursRefuses         // ours refuses client-side; the official gets the server's 400
		officialOnly        // the official refuses client-side; ours sends and succeeds
	)
	long := strings.Repeat("q", 129)
	tests := []struct {
		name string
		op   interopOp
		// who refuses, and what.
		who       int
		wantField string // ours' InputError.Field (oursRefuses)
		wantCode  string // the server's code (both, oursRefuses)
		wantMsg   string
	}{
		{
			// A pattern violation: the official client sends it escaped
			// (bad.qual passes as is, '.' being unreserved) and the server's
			// validation refuses it.
			name: "qualifier with a dot", op: interopOp{kind: "get", function: "my-function", qualifier: "bad.qual"},
			who: oursRefuses, wantField: "Qualifier", wantCode: "ValidationException",
			wantMsg: "1 validation error detected: Value 'bad.qual' at 'qualifier' failed to satisfy constraint: " +
				"Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)",
		},
		{
			name: "qualifier with a slash, put", op: interopOp{kind: "put", function: "my-function", qualifier: "a/b", count: 1},
			who: oursRefuses, wantField: "Qualifier", wantCode: "ValidationException",
			wantMsg: "1 validation error detected: Value 'a/b' at 'qualifier' failed to satisfy constraint: " +
				"Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)",
		},
		{
			name: "qualifier too long", op: interopOp{kind: "delete", function: "my-function", qualifier: long},
			who: oursRefuses, wantField: "Qualifier", wantCode: "ValidationException",
			wantMsg: "1 validation error detected: Value '" + long + "' at 'qualifier' failed to satisfy constraint: " +
				"Member must have length less than or equal to 128",
		},
		{
			name: "count 0", op: interopOp{kind: "put", function: "my-function", qualifier: "BLUE", count: 0},
			who: oursRefuses, wantField: "ProvisionedConcurrentExecutions", wantCode: "ValidationException",
			wantMsg: "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: " +
				"Member must have value greater than or equal to 1",
		},
		{
			name: "function name with a space", op: interopOp{kind: "get", function: "my function", qualifier: "BLUE"},
			who: oursRefuses, wantField: "FunctionName", wantCode: "ValidationException",
		},
		{
			name: "qualifier contradicts the name", op: interopOp{kind: "get", function: "my-function:BLUE", qualifier: "GREEN"},
			who: oursRefuses, wantField: "Qualifier", wantCode: "InvalidParameterValueException", wantMsg: interopMsgMismatch,
		},
		{
			name: "MaxItems 51", op: interopOp{kind: "list", function: "my-function", maxItems: 51},
			who: oursRefuses, wantField: "MaxItems", wantCode: "ValidationException",
			wantMsg: "1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: " +
				"Member must have value less than or equal to 50",
		},
		{
			name: "put $LATEST", op: interopOp{kind: "put", function: "my-function", qualifier: "$LATEST", count: 1},
			who: both, wantCode: "InvalidParameterValueException", wantMsg: interopMsgPutLatest,
		},
		{
			name: "get $LATEST", op: interopOp{kind: "get", function: interopARN + "my-function:$LATEST", qualifier: "$LATEST"},
			who: both, wantCode: "InvalidParameterValueException", wantMsg: interopMsgGetLatest,
		},
		{
			name: "delete $LATEST", op: interopOp{kind: "delete", function: "my-function", qualifier: "$LATEST"},
			who: both, wantCode: "InvalidParameterValueException", wantMsg: interopMsgGetLatest,
		},
		{
			name: "put on an alias of $LATEST", op: interopOp{kind: "put", function: "my-function", qualifier: "EDGE", count: 1},
			who: both, wantCode: "InvalidParameterValueException", wantMsg: interopMsgPutLatest,
		},
		{
			// The account-limit answers come without Type: the official
			// client's typed exception then has a nil Type, ours "".
			name: "count leaves less than the unreserved minimum", op: interopOp{kind: "put", function: "my-function", qualifier: "BLUE", count: 901},
			who: both, wantCode: "InvalidParameterValueException",
			wantMsg: "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
		},
		{
			name: "count above the unreserved concurrency", op: interopOp{kind: "put", function: "my-function", qualifier: "2", count: 1001},
			who: both, wantCode: "InvalidParameterValueException",
			wantMsg: "Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [1000].",
		},
		{
			name: "function name too long for a bare name", op: interopOp{kind: "get", function: strings.Repeat("f", 65), qualifier: "1"},
			who: oursRefuses, wantField: "FunctionName", wantCode: "InvalidParameterValueException",
			wantMsg: "1 validation error detected: Value '" + strings.Repeat("f", 65) + "' at 'functionName' failed to satisfy constraint: " +
				"Member must have length less than or equal to 64",
		},
		{
			// The official client requires the Qualifier field; ours takes
			// the qualifier from the name, as the service does.
			name: "qualifier only in the name", op: interopOp{kind: "put", function: "my-function:BLUE", count: 2},
			who: officialOnly,
		},
	}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{})
				ctx := context.Background()
				switch tt.who {
				case both:
					_, ours := p.compare(t, ctx, tt.op)
					var apiErr *provconc.APIError
					if !errors.As(ours.err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != tt.wantCode || apiErr.Message != tt.wantMsg ||
						!errors.Is(ours.err, provconc.ErrInvalidParameterValue) {
						t.Errorf("ours: %v; want 400 %s %q", ours.err, tt.wantCode, tt.wantMsg)
					}

				case oursRefuses:
					off := p.callOfficial(t, ctx, tt.op)
					ours := p.callOurs(t, ctx, tt.op)
					var inErr *provconc.InputError
					if !errors.As(ours.err, &inErr) || inErr.Field != tt.wantField || !errors.Is(ours.err, provconc.ErrInvalidInput) {
						t.Errorf("ours: %v; want an InputError on %s", ours.err, tt.wantField)
					}
					if ours.sent != 0 {
						t.Errorf("ours sent %d requests; want none", ours.sent)
					}
					got := interopOfficialError(off.err, off.sent)
					if off.sent != 1 || got.StatusCode != 400 || got.Code != tt.wantCode || (tt.wantMsg != "" && got.Message != tt.wantMsg) ||
						got.Kind != "ErrInvalidParameterValue" || !interopRequestID.MatchString(got.RequestID) {
						t.Errorf("official: %v (%d sent); want the server's 400 %s %q", off.err, off.sent, tt.wantCode, tt.wantMsg)
					}

				case officialOnly:
					off := p.callOfficial(t, ctx, tt.op)
					var params smithy.InvalidParamsError // returned by value
					if !errors.As(off.err, &params) || off.sent != 0 {
						t.Errorf("official: %v (%d sent); want a client-side InvalidParamsError", off.err, off.sent)
					}
					ours := p.callOurs(t, ctx, tt.op)
					out, ok := ours.out.(*provconc.PutOutput)
					if !ok || ours.sent != 1 || out.Qualifier != "BLUE" || out.FunctionName != "my-function" || out.Status != provconc.StatusInProgress {
						t.Errorf("ours: %+v, %v (%d sent); want BLUE IN_PROGRESS", ours.out, ours.err, ours.sent)
					}
					if cfg, ok := p.ourEmu.ProvisionedConfig("my-function", "BLUE"); !ok || cfg.Requested != 2 {
						t.Errorf("emulator has %+v, %v; want BLUE with 2 requested", cfg, ok)
					}
				}
			})
		}
	})
}

// Scenario 5: throttles and server errors the retry loops recover from, and
// a throttle that outlasts them.
func TestInteropRetries(t *testing.T) {
	t.Parallel()
	recovered := []struct {
		name   string
		faults []emulator.FaultKind
		// Our transport waits what Retry-After asks (1s on the injected
		// throttle), else full-jitter backoff, 0 with Rand 0.
		wantSleeps []time.Duration
		wantCodes  []string // what the official retryer backed off on
	}{
		{"throttled once", []emulator.FaultKind{emulator.FaultThrottle}, []time.Duration{time.Second}, []string{"TooManyRequestsException"}},
		{"throttled twice", []emulator.FaultKind{emulator.FaultThrottle, emulator.FaultThrottle},
			[]time.Duration{time.Second, time.Second}, []string{"TooManyRequestsException", "TooManyRequestsException"}},
		// Backoff is 0 with Rand 0, and a zero wait is not slept.
		{"500 then 503", []emulator.FaultKind{emulator.FaultServiceError, emulator.FaultUnavailable},
			nil, []string{"ServiceException", "ServiceUnavailableException"}},
	}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, tt := range recovered {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{})
				ctx := context.Background()
				p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "BLUE", count: 3})
				p.offEmu.InjectFaults(tt.faults...)
				p.ourEmu.InjectFaults(tt.faults...)
				// The results, compared whole, include Metadata.Attempts on
				// our side and the official retry metadata's attempt count.
				off, ours := p.compare(t, ctx, interopOp{kind: "get", function: "my-function", qualifier: "BLUE"})
				if want := len(tt.faults) + 1; off.sent != want || interopMetadataOf(ours.out).Attempts != want {
					t.Errorf("attempts: official sent %d, ours reports %d; want %d", off.sent, interopMetadataOf(ours.out).Attempts, want)
				}
				// A difference by design: ours honours Retry-After; the
				// official standard retryer (legacy mode) reads only
				// x-amz-retry-after, and only with AWS_NEW_RETRIES_2026,
				// so it backs off on its own schedule whatever Retry-After
				// says.
				if diff := cmp.Diff(tt.wantSleeps, p.sleeps()); diff != "" {
					t.Errorf("our waits (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.wantCodes, p.backoffs()); diff != "" {
					t.Errorf("official backoffs (-want +got):\n%s", diff)
				}
			})
		}

		t.Run("connection reset", func(t *testing.T) {
			t.Parallel()
			p := newInteropPair(t, m, interopSetup{})
			ctx := context.Background()
			p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "BLUE", count: 3})
			p.offEmu.InjectFaults(emulator.FaultReset)
			p.ourEmu.InjectFaults(emulator.FaultReset)
			op := interopOp{kind: "get", function: "my-function", qualifier: "BLUE"}
			off, ours := p.callOfficial(t, ctx, op), p.callOurs(t, ctx, op)
			if off.err != nil || ours.err != nil {
				t.Fatalf("official: %v; ours: %v; want both to recover", off.err, ours.err)
			}
			// Equal request ids: each emulator served two requests, the reset
			// one and the retry.
			offOut, ourOut := off.out.(*provconc.GetOutput), ours.out.(*provconc.GetOutput)
			if diff := cmp.Diff(offOut.Config, ourOut.Config); diff != "" || offOut.Metadata.RequestID != ourOut.Metadata.RequestID {
				t.Errorf("results differ (-official +ours):\n%s\nrequest ids %s, %s", diff, offOut.Metadata.RequestID, ourOut.Metadata.RequestID)
			}
			switch m.name {
			case "in-process":
				if off.sent != 2 || offOut.Metadata.Attempts != 2 {
					t.Errorf("official: %d sent, %d attempts in its metadata; want 2", off.sent, offOut.Metadata.Attempts)
				}
				if ours.sent != 2 || ourOut.Metadata.Attempts != 2 {
					t.Errorf("ours: %d sent, Attempts %d; want 2", ours.sent, ourOut.Metadata.Attempts)
				}
			case "loopback":
				// Over a socket net/http may replay a request itself when a
				// reused connection is reset before the answer, inside the
				// one RoundTrip that the clients' retry loops (and this
				// counter) see; whether it does depends on when the reset is
				// noticed. Either client then reports 1 attempt for the two
				// requests the server saw (the equal request ids show it
				// saw two).
				for _, c := range []struct {
					who            string
					sent, attempts int
				}{{"official", off.sent, offOut.Metadata.Attempts}, {"ours", ours.sent, ourOut.Metadata.Attempts}} {
					if c.attempts != c.sent || (c.sent != 1 && c.sent != 2) {
						t.Errorf("%s: %d sent, %d attempts reported; want them equal, 1 or 2", c.who, c.sent, c.attempts)
					}
				}
			}
		})

		t.Run("body cut short", func(t *testing.T) {
			t.Parallel()
			// Neither client retries an answer whose body breaks off: the
			// status arrived, and the loss shows only while decoding (the
			// official client) or reading the body after the retry transport
			// has returned (ours).
			p := newInteropPair(t, m, interopSetup{})
			ctx := context.Background()
			p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "BLUE", count: 3})
			p.offEmu.InjectFaults(emulator.FaultTruncate)
			p.ourEmu.InjectFaults(emulator.FaultTruncate)
			op := interopOp{kind: "get", function: "my-function", qualifier: "BLUE"}
			off, ours := p.callOfficial(t, ctx, op), p.callOurs(t, ctx, op)
			var deserErr *smithy.DeserializationError
			if !errors.As(off.err, &deserErr) || !errors.Is(off.err, io.ErrUnexpectedEOF) || off.sent != 1 {
				t.Errorf("official: %v (%d sent); want one DeserializationError, unexpected EOF", off.err, off.sent)
			}
			var apiErr *provconc.APIError
			if !errors.Is(ours.err, io.ErrUnexpectedEOF) || errors.As(ours.err, &apiErr) || ours.sent != 1 {
				t.Errorf("ours: %v (%d sent); want one unexpected EOF", ours.err, ours.sent)
			}
		})

		t.Run("throttled throughout", func(t *testing.T) {
			t.Parallel()
			// A bucket of one token refilled every 2 seconds on a clock that
			// never moves: the first call passes, every later one is
			// answered 429 with Retry-After: 2.
			p := newInteropPair(t, m, interopSetup{faults: emulator.Faults{RatePerSecond: 0.5}, maxAttempts: 2})
			ctx := context.Background()
			p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "BLUE", count: 3})
			off, ours := p.compare(t, ctx, interopOp{kind: "get", function: "my-function", qualifier: "BLUE"})

			want := interopErrView{
				Code: "TooManyRequestsException", Message: "Rate exceeded", Type: "User", StatusCode: 429,
				RetryAfter: 2 * time.Second, Reason: "CallerRateLimitExceeded",
				Kind: "ErrTooManyRequests", Exhausted: true, Attempts: 2,
			}
			got := interopOfficialError(off.err, off.sent)
			got.RequestID = ""
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("official error (-want +got):\n%s", diff)
			}
			var tmr *types.TooManyRequestsException
			if !errors.As(off.err, &tmr) || aws.ToString(tmr.RetryAfterSeconds) != "2" || tmr.Reason != types.ThrottleReasonCallerRateLimitExceeded {
				t.Errorf("official: %v; want a TooManyRequestsException with RetryAfterSeconds 2", off.err)
			}
			var exhausted *provconc.RetryExhaustedError
			if !errors.As(ours.err, &exhausted) || exhausted.Attempts != 2 || exhausted.Reason != retry.ReasonMaxAttempts ||
				!errors.Is(ours.err, provconc.ErrTooManyRequests) || !errors.Is(ours.err, provconc.ErrRetryExhausted) {
				t.Errorf("ours: %v; want a RetryExhaustedError after 2 attempts", ours.err)
			}
			// Ours waited the Retry-After once between its two attempts.
			if diff := cmp.Diff([]time.Duration{2 * time.Second}, p.sleeps()); diff != "" {
				t.Errorf("our waits (-want +got):\n%s", diff)
			}
		})
	})
}

// Scenario 6: requests the emulator does not accept as signed by the right
// keys.
func TestInteropSignatureRejected(t *testing.T) {
	t.Parallel()
	wrongSecret, wrongKey, noToken := interopCreds, interopCreds, interopCreds
	wrongSecret.SecretAccessKey = "not-the-secret"
	wrongKey.AccessKeyID = "AKIDSOMEONEELSE"
	noToken.SessionToken = ""
	tests := []struct {
		name     string
		creds    aws.CredentialsProvider
		wantCode string
		wantMsg  string
	}{
		{"wrong secret", interopStatic(wrongSecret), "InvalidSignatureException", interopMsgSignature},
		{"wrong access key", interopStatic(wrongKey), "UnrecognizedClientException", "The security token included in the request is invalid."},
		{"no session token", interopStatic(noToken), "UnrecognizedClientException", "The security token included in the request is invalid."},
		{"unsigned", aws.AnonymousCredentials{}, "MissingAuthenticationTokenException", "Missing Authentication Token"},
	}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{creds: tt.creds})
				for _, op := range []interopOp{
					{kind: "put", function: "my-function", qualifier: "BLUE", count: 1},
					{kind: "list", function: interopARN + "my-function"},
				} {
					_, ours := p.compare(t, context.Background(), op)
					var apiErr *provconc.APIError
					if !errors.As(ours.err, &apiErr) || apiErr.StatusCode != 403 || apiErr.Code != tt.wantCode || apiErr.Message != tt.wantMsg ||
						!errors.Is(ours.err, provconc.ErrAccessDenied) {
						t.Errorf("%v, ours: %v; want 403 %s %q", op, ours.err, tt.wantCode, tt.wantMsg)
					}
				}
				if _, ok := p.ourEmu.ProvisionedConfig("my-function", "BLUE"); ok {
					t.Error("a refused Put changed the emulator's state")
				}
			})
		}

		// Both clients measure the clock skew from the answer's Date header
		// and retry the refused signature once with the corrected signing
		// time, reaching the service (which answers that GREEN has no config).
		t.Run("client clock 10 minutes slow", func(t *testing.T) {
			t.Parallel()
			p := newInteropPair(t, m, interopSetup{serverClockAhead: 10 * time.Minute, maxClockSkew: 5 * time.Minute})
			op := interopOp{kind: "get", function: "my-function", qualifier: "GREEN"}
			off := p.callOfficial(t, context.Background(), op)
			ours := p.callOurs(t, context.Background(), op)
			offView := interopOfficialError(off.err, off.sent)
			var apiErr *provconc.APIError
			if !errors.As(ours.err, &apiErr) || apiErr.Code != "ProvisionedConcurrencyConfigNotFoundException" || ours.sent != 2 || apiErr.Attempts != 2 {
				t.Errorf("ours: %v (%d sent); want the skew corrected on the 2nd attempt", ours.err, ours.sent)
			}
			if offView.Code != "ProvisionedConcurrencyConfigNotFoundException" || off.sent != 2 {
				t.Errorf("official: %v (%d sent); want the skew corrected on the 2nd attempt", off.err, off.sent)
			}
			if apiErr != nil && apiErr.RequestID != offView.RequestID {
				t.Errorf("request ids differ: ours %q, official %q", apiErr.RequestID, offView.RequestID)
			}
		})
	})
}

// Scenario 7: a server error on every attempt.
func TestInteropServerErrorsExhaustRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault    emulator.FaultKind
		want     interopErrView
		wantKind string
	}{
		{emulator.FaultServiceError, interopErrView{
			Code: "ServiceException", Message: interopMsgService, Type: "Service", StatusCode: 500,
			Kind: "ErrService", Exhausted: true, Attempts: 3,
		}, "ServiceException"},
		{emulator.FaultUnavailable, interopErrView{
			// The Lambda model has no 503 exception: the official client
			// gives a generic smithy.APIError without Type.
			Code: "ServiceUnavailableException", Message: "Service Unavailable", Type: interopUnmodelled, StatusCode: 503,
			Kind: "ErrService", Exhausted: true, Attempts: 3,
		}, "ServiceUnavailableException"},
	}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, tt := range tests {
			t.Run(tt.fault.String(), func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{maxAttempts: 3})
				p.offEmu.InjectFaults(tt.fault, tt.fault, tt.fault)
				p.ourEmu.InjectFaults(tt.fault, tt.fault, tt.fault)
				off, ours := p.compare(t, context.Background(), interopOp{kind: "put", function: "my-function", qualifier: "BLUE", count: 1})

				got := interopOfficialError(off.err, off.sent)
				got.RequestID = ""
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("official error (-want +got):\n%s", diff)
				}
				if off.sent != 3 {
					t.Errorf("official sent %d requests, want 3", off.sent)
				}
				var exhausted *provconc.RetryExhaustedError
				if !errors.As(ours.err, &exhausted) || exhausted.Attempts != 3 || exhausted.Reason != retry.ReasonMaxAttempts {
					t.Fatalf("ours: %v; want a RetryExhaustedError after 3 attempts", ours.err)
				}
				apiErr, ok := exhausted.Err.(*provconc.APIError)
				if !ok || apiErr.Code != tt.wantKind || apiErr.Attempts != 3 || !errors.Is(ours.err, provconc.ErrService) {
					t.Errorf("RetryExhaustedError.Err = %#v; want the last *APIError, %s", exhausted.Err, tt.wantKind)
				}
				if _, ok := p.ourEmu.ProvisionedConfig("my-function", "BLUE"); ok {
					t.Error("a Put answered 500 three times changed the emulator's state")
				}
			})
		}
	})
}

// A function whose name has the shape of a region ("my-func-1" matches
// [a-z]{2}-[a-z]+-\d) named with its qualifier, "my-func-1:live". The
// emulator, like the list's FunctionArn, reads it as function my-func-1,
// alias live. provconc.ParseFunctionRef gives the documented pattern's
// leftmost-first reading instead, region "my-func-1" and function "live", so
// our Put reports FunctionName "live" for the config of my-func-1, and our Get
// refuses "my-func-1:live" without a separate Qualifier, which the service
// accepts. The request on the wire is right either way (ours sends the name
// as given).
//
// KNOWN BUG (arn.go, matchRef): while it stands, this test skips with the
// diff; a different wrong answer fails it, and once fixed it passes.
func TestInteropRegionLikeFunctionName(t *testing.T) {
	t.Parallel()
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		p := newInteropPair(t, m, interopSetup{seed: func(t *testing.T, s *emulator.Server) {
			if err := s.CreateFunction("my-func-1"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.PublishVersion("my-func-1"); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateAlias("my-func-1", "live", "1"); err != nil {
				t.Fatal(err)
			}
		}})
		ctx := context.Background()
		op := interopOp{kind: "put", function: "my-func-1:live", qualifier: "live", count: 2}
		off, ours := p.callOfficial(t, ctx, op), p.callOurs(t, ctx, op)
		if off.err != nil || ours.err != nil {
			t.Fatalf("official: %v; ours: %v", off.err, ours.err)
		}
		if off.out.(*provconc.PutOutput).FunctionName != "my-func-1" {
			t.Fatalf("official side derived %+v", off.out)
		}
		// The service's own reading, from the list.
		list := p.callOurs(t, ctx, interopOp{kind: "list", function: "my-func-1"})
		if out, ok := list.out.(*provconc.ListOutput); !ok || len(out.Configs) != 1 ||
			out.Configs[0].FunctionName != "my-func-1" || out.Configs[0].Qualifier != "live" {
			t.Fatalf("list = %+v, %v; want my-func-1:live", list.out, list.err)
		}
		noQualifier := p.callOurs(t, ctx, interopOp{kind: "get", function: "my-func-1:live"})

		// A name shaped like a region ("my-func-1") must not be read as one.
		if diff := cmp.Diff(off.out, ours.out); diff != "" || noQualifier.err != nil {
			t.Errorf("Put (-official +ours):\n%s\nGet without Qualifier: %v", diff, noQualifier.err)
		}
	})
}
