// This file runs tencentcloud-sdk-go's official common client and this
// package's client side by side against the emulator, with TC3-HMAC-SHA256
// verification on, and compares what each returns field by field: the
// official client is the referee.
//
// The official client signs with the SDK's own TC3 code, so its requests
// passing the emulator's verifier prove the verifier; ours passing the same
// verifier, with the same keys and session token, prove our signer (and
// signer_test.go shows the two Authorization headers are byte-identical).
// TestSCFInteropSignatureRejected makes the calls with a wrong secret, an
// unknown SecretId, a wrong or missing token and a slow clock, which both
// clients must see refused in the same words.
//
// Each scenario builds a pair of emulators seeded identically, sharing one
// fake clock: the official client talks to one, ours to the other. The
// emulator derives request ids from its seed and a request counter, so when
// both clients make the same calls with the same number of attempts the
// request ids must be equal, and they are compared like every other field.
// After every call that names a version, the two emulators' stored configs
// are compared too (namespace, amounts, status, provisioned type, tracking
// target, capacities, trigger actions, last modified), which shows the two
// requests meant the same thing even where an answer says little (a Put is
// answered with a request id only). Every scenario runs over a loopback
// httptest.Server and over the emulator's in-process RoundTripper.
//
// The official client is driven the way a user without the scf module
// drives it: common.NewCommonClient, tchttp.NewCommonRequest("scf",
// "2018-04-16", action), SetActionParameters with a map, and Send into
// either a tchttp.CommonResponse (Put, Delete) or a response struct that
// mirrors GetProvisionedConcurrencyConfigResponse of scf/v20180416
// models.go (Get). Its answers are mapped onto provconc's model as
// doc.go documents: AllocatedProvisionedConcurrencyNum is Requested,
// AvailableProvisionedConcurrencyNum is Available, Done / InProgress /
// Failed are READY / IN_PROGRESS / FAILED, and UnallocatedConcurrencyNum,
// the namespace and TriggerActions go into *ConfigDetails / *ListDetails.
//
// Retries. The official client retries only an answer whose code is
// exactly RequestLimitExceeded, and only when
// ClientProfile.RateLimitExceededMaxRetries is set: the default is 0, no
// retry at all. Its waits come from RateLimitExceededRetryDuration (default
// profile.ExponentialBackoff: 1s, 2s, 4s, ...) and are slept with
// time.Sleep, deaf to the context; each retry re-sends the request as first
// signed (same X-TC-Timestamp), where ours signs every attempt afresh. It
// never retries InternalError, a gateway's 5xx page or a connection failure
// of a CommonRequest (NetworkFailureMaxRetries applies only to requests that
// have a ClientToken field, which a CommonRequest has not). So that the
// comparison is fair, the pairs give the official client
// RateLimitExceededMaxRetries = our MaxAttempts - 1 with a zero wait;
// TestSCFInteropThrottle also runs it with the defaults. Our client retries
// RequestLimitExceeded and its details, InternalError and the like, 5xx and
// connection failures (see doc.go, "Retries").
//
// Where the two clients differ on purpose (ours checks inputs before
// sending, retries more, reports a version without a config as an error)
// the test asserts each side's outcome and says why next to the assertion.

package tencentscf_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/emulator"
	"github.com/provconc/provconc/transport/retry"
	"github.com/provconc/provconc/transport/tencentscf"
)

// The account both emulators of a pair pretend to be.
const (
	interopRegion    = "ap-guangzhou"
	interopSeed      = 20240501
	interopSecretID  = "AKIDINTEROPz8krbsJ5yKBZQpn74WFkmLPx3"
	interopSecretKey = "interopGu5t9xGARNpq86cd98joQYCN3KEY"
	interopToken     = "interop-session-token-3f9a1c"
	// interopFunctionLimit is what the versions of one function may hold
	// together with the emulator's default quota, and what Get reports as
	// UnallocatedConcurrencyNum for a function without configs.
	interopFunctionLimit = emulator.DefaultSCFFunctionConcurrencyQuota - emulator.SCFQuotaHeadroom
)

// Texts the emulator answers, checked literally so each scenario provably
// hits the answer it is about (the cross-client comparison alone would pass
// if both clients met the same wrong answer).
const (
	interopMsgFunction   = "The function does not exist."
	interopMsgVersion    = "The function version does not exist."
	interopMsgNamespace  = "Namespace does not exist."
	interopMsgQualifier  = "Unsupported function version."
	interopMsgInvalid    = "Incorrect parameter value."
	interopMsgInProgress = "The function version already has a provisioned concurrency setting task in progress. Please try again later."
	interopMsgSignature  = "The provided credentials could not be validated. Please check your signature is correct."
	interopMsgSecretID   = "The SecretId is not found, please ensure that your SecretId is correct."
	interopMsgToken      = "Token error."
	interopMsgExpired    = "The signature is expired, please request again."
	interopMsgInternal   = "Internal error."
)

// interopThrottleMsg is the emulator's RequestLimitExceeded text.
var interopThrottleMsg = regexp.MustCompile("^Your current request times equals to `[0-9]+` in a second, which exceeds the frequency limit `[0-9.]+` for a second. Please reduce the frequency of calls.$")

var interopRequestID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// The actions on the wire.
const (
	interopActionPut    = "PutProvisionedConcurrencyConfig"
	interopActionGet    = "GetProvisionedConcurrencyConfig"
	interopActionDelete = "DeleteProvisionedConcurrencyConfig"
)

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

// interopExpectedKind is the referee's own reading of the codes these
// scenarios meet, written from SCF's error-code descriptions rather than
// taken from KindOf, so a wrong entry in errcodes.go shows as a difference.
var interopExpectedKind = map[string]string{
	"ResourceNotFound.Function":                                 "ErrResourceNotFound",
	"ResourceNotFound.FunctionVersion":                          "ErrResourceNotFound",
	"ResourceNotFound.Namespace":                                "ErrResourceNotFound",
	"InvalidParameterValue":                                     "ErrInvalidParameterValue",
	"InvalidParameterValue.Qualifier":                           "ErrInvalidParameterValue",
	"InvalidParameterValue.ProvisionTriggerName":                "ErrInvalidParameterValue",
	"LimitExceeded.FunctionTotalProvisionedConcurrencyNum":      "ErrInvalidParameterValue",
	"LimitExceeded.ProvisionTriggerAction":                      "ErrInvalidParameterValue",
	"LimitExceeded.MaxCapacity":                                 "ErrInvalidParameterValue",
	"FailedOperation.ProvisionedExceedAvailable":                "ErrInvalidParameterValue",
	"FailedOperation.ProvisionedInProgress":                     "ErrResourceConflict",
	"RequestLimitExceeded":                                      "ErrTooManyRequests",
	"InternalError":                                             "ErrService",
	"AuthFailure.SignatureFailure":                              "ErrAccessDenied",
	"AuthFailure.SecretIdNotFound":                              "ErrAccessDenied",
	"AuthFailure.TokenFailure":                                  "ErrAccessDenied",
	"AuthFailure.SignatureExpire":                               "ErrAccessDenied",
	"InvalidParameterValue.ProvisionTriggerNameDuplicate":       "ErrInvalidParameterValue",
	"InvalidParameterValue.ProvisionTriggerCronConfigDuplicate": "ErrInvalidParameterValue",
}

// interopMode is one way of reaching an emulator.
type interopMode struct {
	name string
	dial func(t *testing.T, s *emulator.Server) interopConn
}

// interopConn is how both clients of one side reach their emulator.
type interopConn struct {
	// transport reaches the emulator.
	transport http.RoundTripper
	// officialScheme and officialEndpoint go into the official client's
	// HttpProfile (a host[:port], no scheme).
	officialScheme, officialEndpoint string
	// ourEndpoint is Options.Endpoint.
	ourEndpoint string
}

var interopModes = []interopMode{
	{"loopback", func(t *testing.T, s *emulator.Server) interopConn {
		srv := httptest.NewServer(s)
		t.Cleanup(srv.Close)
		return interopConn{
			transport:        srv.Client().Transport,
			officialScheme:   "HTTP",
			officialEndpoint: strings.TrimPrefix(srv.URL, "http://"),
			ourEndpoint:      srv.URL,
		}
	}},
	{"in-process", func(t *testing.T, s *emulator.Server) interopConn {
		// The host never resolves: only the in-process transport can answer.
		return interopConn{
			transport:        s,
			officialScheme:   "HTTPS",
			officialEndpoint: "scf.emulator.invalid",
			ourEndpoint:      "https://scf.emulator.invalid",
		}
	}},
}

// interopCounter counts the HTTP attempts that reach the wire and keeps the
// headers of the last one. It sits below both clients' retry loops, so it
// sees every attempt.
type interopCounter struct {
	next http.RoundTripper
	sent atomic.Int64
	mu   sync.Mutex
	last http.Header
}

func (c *interopCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.sent.Add(1)
	c.mu.Lock()
	c.last = req.Header.Clone()
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}

func (c *interopCounter) lastHeader() http.Header {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last.Clone()
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
// zero value gives the right keys, three attempts and no faults.
type interopSetup struct {
	readyAfter time.Duration
	faults     emulator.Faults
	// maxAttempts is our Retry.MaxAttempts (default 3); the official client
	// gets maxAttempts-1 rate-limit retries with no wait.
	maxAttempts int
	// officialDefaults leaves the official profile's retry settings at their
	// defaults instead (no retries).
	officialDefaults bool
	// creds is what both clients sign with; nil for the emulators' keys.
	creds *emulator.SCFCredentials
	// serverClockAhead sets the emulators' clock this far ahead of the real
	// clock both clients sign with; maxClockSkew turns on the emulators'
	// check of X-TC-Timestamp.
	serverClockAhead, maxClockSkew time.Duration
	// accountQuota is SCFOptions.AccountProvisionedQuota.
	accountQuota int
	// wrap, when set, wraps the transport to each emulator (once per side).
	wrap func(http.RoundTripper) http.RoundTripper
}

// interopPair is the official client on one emulator and ours on its twin.
type interopPair struct {
	clock *interopClock

	offEmu     *emulator.Server
	off        *common.Client
	offCounter *interopCounter

	ourEmu     *emulator.Server
	ours       *provconc.Client
	ourCounter *interopCounter

	mu sync.Mutex
	// ourSleeps are the waits our retry transport asked for.
	ourSleeps []time.Duration
	// offRetries are the retry indexes the official client asked
	// RateLimitExceededRetryDuration about, one per rate-limit retry.
	offRetries []int
}

// interopVerify are the keys the emulators verify signatures against. The
// session token makes both clients send and sign X-TC-Token.
var interopVerify = emulator.SCFCredentials{SecretID: interopSecretID, SecretKey: interopSecretKey, Token: interopToken}

// interopEpoch is when the scenarios' emulators start: Monday 2026-01-05
// 11:00 in UTC+8, SCF's time zone for trigger actions, hours from every
// trigger the scenarios set.
var interopEpoch = time.Date(2026, time.January, 5, 3, 0, 0, 0, time.UTC)

// newInteropPair builds a scenario's two emulators and two clients.
func newInteropPair(t *testing.T, m interopMode, setup interopSetup) *interopPair {
	t.Helper()
	// The emulators run on a fixed instant, so that no scenario's trigger
	// action comes due during it whatever the hour it runs at ("0 0 22 * *
	// * *" fired in the minute before 14:00 UTC, turning a READY config
	// IN_PROGRESS), with the check of the clients' real-clock timestamps
	// off; a scenario about that check runs on the real clock instead.
	start, skew := interopEpoch, emulator.NoClockSkewLimit
	if setup.serverClockAhead != 0 || setup.maxClockSkew != 0 {
		start, skew = time.Now().UTC().Truncate(time.Second).Add(setup.serverClockAhead), setup.maxClockSkew
	}
	p := &interopPair{clock: &interopClock{t: start}}
	attempts := setup.maxAttempts
	if attempts == 0 {
		attempts = 3
	}
	creds := interopVerify
	if setup.creds != nil {
		creds = *setup.creds
	}
	newEmulator := func() *emulator.Server {
		verify := interopVerify
		s := emulator.New(emulator.Options{
			Now:          p.clock.Now,
			Seed:         interopSeed,
			ReadyAfter:   setup.readyAfter,
			MaxClockSkew: skew,
			Faults:       setup.faults,
			SCF:          emulator.SCFOptions{Credentials: &verify, AccountProvisionedQuota: setup.accountQuota},
		})
		interopSeedFunctions(t, s)
		return s
	}
	p.offEmu, p.ourEmu = newEmulator(), newEmulator()

	// The official client, configured as its documentation shows, pointed
	// at the emulator.
	offConn := m.dial(t, p.offEmu)
	if setup.wrap != nil {
		offConn.transport = setup.wrap(offConn.transport)
	}
	p.offCounter = &interopCounter{next: offConn.transport}
	prof := profile.NewClientProfile()
	prof.HttpProfile.Scheme = offConn.officialScheme
	prof.HttpProfile.Endpoint = offConn.officialEndpoint
	prof.DisableRegionBreaker = true // its backup endpoint is the real service
	if !setup.officialDefaults {
		prof.RateLimitExceededMaxRetries = attempts - 1
		prof.RateLimitExceededRetryDuration = func(i int) time.Duration {
			p.mu.Lock()
			p.offRetries = append(p.offRetries, i)
			p.mu.Unlock()
			return 0
		}
		// Set for symmetry; it does not apply to a CommonRequest (see the
		// file comment), as the connection-reset scenario shows.
		prof.NetworkFailureMaxRetries = attempts - 1
		prof.NetworkFailureRetryDuration = profile.ConstantDurationFunc(0)
	}
	var cred common.CredentialIface = common.NewCredential(creds.SecretID, creds.SecretKey)
	if creds.Token != "" {
		cred = common.NewTokenCredential(creds.SecretID, creds.SecretKey, creds.Token)
	}
	p.off = common.NewCommonClient(cred, interopRegion, prof).WithHttpTransport(p.offCounter)

	// Ours, with a retry transport whose waits are recorded and skipped.
	ourConn := m.dial(t, p.ourEmu)
	if setup.wrap != nil {
		ourConn.transport = setup.wrap(ourConn.transport)
	}
	p.ourCounter = &interopCounter{next: ourConn.transport}
	ours, err := newSCFClient(tencentscf.Options{
		Region:      interopRegion,
		Credentials: tencentscf.NewCredentials(creds.SecretID, creds.SecretKey, creds.Token),
		Endpoint:    ourConn.ourEndpoint,
		HTTPClient:  &http.Client{Transport: p.ourCounter},
		Retry: retry.Options{
			// Compared with the official client's attempt limit, unpaced.
			DisableRateLimit: true,
			MaxAttempts:      attempts,
			Jitter:           func() float64 { return 0.5 },
			Sleep: func(ctx context.Context, d time.Duration) error {
				p.mu.Lock()
				p.ourSleeps = append(p.ourSleeps, d)
				p.mu.Unlock()
				return ctx.Err()
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	p.ours = ours
	return p
}

// interopSeedFunctions gives an emulator, in namespace default, my-function
// (versions 1..3) and other-function (version 1), and in namespace prod,
// my-function (version 1).
func interopSeedFunctions(t *testing.T, s *emulator.Server) {
	t.Helper()
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(s.CreateSCFFunction("default", "my-function"))
	for range 3 {
		_, err := s.PublishSCFVersion("default", "my-function")
		check(err)
	}
	check(s.CreateSCFFunction("default", "other-function"))
	_, err := s.PublishSCFVersion("default", "other-function")
	check(err)
	check(s.CreateSCFFunction("prod", "my-function"))
	_, err = s.PublishSCFVersion("prod", "my-function")
	check(err)
}

func (p *interopPair) sleeps() []time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Duration(nil), p.ourSleeps...)
}

func (p *interopPair) officialRetries() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int(nil), p.offRetries...)
}

// interopOp is one call, made the same way through both clients.
type interopOp struct {
	kind      string // "put", "get", "list" or "delete"
	function  string // the bare name
	qualifier string // "" sends none
	// namespace is sent by the official client only when set; ours puts
	// it in a *Scope (or in PutParameters.Namespace for a Put with options).
	namespace string
	count     int                       // put
	options   *tencentscf.PutParameters // put; its Namespace is ignored
	// qualifiedName names the function to ours as "name:version", with no
	// separate Qualifier; the official client always sends Qualifier.
	qualifiedName bool
	// official, when set, is what the official client sends, as it is: an
	// input ours refuses may not be expressible from the fields above.
	official map[string]any
	// ourMarker is ListInput.Marker (ours only).
	ourMarker string
}

func (op interopOp) String() string {
	s := op.kind + " " + op.function
	if op.qualifier != "" {
		s += ":" + op.qualifier
	}
	if op.namespace != "" {
		s += " (namespace " + op.namespace + ")"
	}
	if op.kind == "put" {
		s += " N=" + strconv.Itoa(op.count)
	}
	return s
}

// ns is the namespace the call acts in.
func (op interopOp) ns() string {
	if op.namespace == "" {
		return tencentscf.DefaultNamespace
	}
	return op.namespace
}

func (op interopOp) action() string {
	switch op.kind {
	case "put":
		return interopActionPut
	case "delete":
		return interopActionDelete
	}
	return interopActionGet
}

// interopOutcome is what one client made of one call.
type interopOutcome struct {
	out  any // *provconc.PutOutput, *GetOutput, *ListOutput or *DeleteOutput
	err  error
	sent int // HTTP attempts that reached the wire
	// noConfig says the official Get succeeded without an entry for the
	// qualifier (SCF's way of saying "no config"); requestID is its id.
	noConfig  bool
	requestID string
}

// callOfficial makes op with the official client and converts its output
// to provconc's types.
func (p *interopPair) callOfficial(t *testing.T, ctx context.Context, op interopOp) interopOutcome {
	t.Helper()
	before := p.offCounter.sent.Load()
	o := p.officialCall(t, ctx, op)
	o.sent = int(p.offCounter.sent.Load() - before)
	switch out := o.out.(type) {
	case *provconc.PutOutput:
		out.Metadata.Attempts = o.sent
	case *provconc.GetOutput:
		out.Metadata.Attempts = o.sent
	case *provconc.ListOutput:
		out.Metadata.Attempts = o.sent
	case *provconc.DeleteOutput:
		out.Metadata.Attempts = o.sent
	}
	return o
}

// officialParams are the action parameters a user of the official client
// would send for op.
func officialParams(op interopOp) map[string]any {
	if op.official != nil {
		return op.official
	}
	params := map[string]any{"FunctionName": op.function}
	if op.qualifier != "" {
		params["Qualifier"] = op.qualifier
	}
	if op.namespace != "" {
		params["Namespace"] = op.namespace
	}
	if op.kind != "put" {
		return params
	}
	params["VersionProvisionedConcurrencyNum"] = op.count
	o := op.options
	if o == nil {
		return params
	}
	if len(o.TriggerActions) > 0 {
		actions := make([]any, len(o.TriggerActions))
		for i, a := range o.TriggerActions {
			m := map[string]any{
				"TriggerName":                      a.TriggerName,
				"TriggerProvisionedConcurrencyNum": a.TriggerProvisionedConcurrencyNum,
				"TriggerCronConfig":                a.TriggerCronConfig,
			}
			if a.ProvisionedType != "" {
				m["ProvisionedType"] = string(a.ProvisionedType)
			}
			actions[i] = m
		}
		params["TriggerActions"] = actions
	}
	if o.ProvisionedType != "" {
		params["ProvisionedType"] = string(o.ProvisionedType)
	}
	// The tracking parameters go whenever they are set, with any type, as
	// ours sends them.
	if o.ProvisionedType == tencentscf.ProvisionedTypeConcurrencyUtilizationTracking || o.TrackingTarget != 0 {
		params["TrackingTarget"] = o.TrackingTarget
	}
	if o.ProvisionedType == tencentscf.ProvisionedTypeConcurrencyUtilizationTracking || o.MinCapacity != 0 {
		params["MinCapacity"] = o.MinCapacity
	}
	if o.ProvisionedType == tencentscf.ProvisionedTypeConcurrencyUtilizationTracking || o.MaxCapacity != 0 {
		params["MaxCapacity"] = o.MaxCapacity
	}
	return params
}

// interopGetResponse mirrors GetProvisionedConcurrencyConfigResponse of
// tencentcloud-sdk-go scf/v20180416 models.go (that module is not served
// here), so the official client decodes the answer into the documented
// model with its own JSON package.
type interopGetResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		UnallocatedConcurrencyNum *uint64 `json:"UnallocatedConcurrencyNum,omitempty"`
		Allocated                 []*struct {
			AllocatedProvisionedConcurrencyNum *uint64 `json:"AllocatedProvisionedConcurrencyNum,omitempty"`
			AvailableProvisionedConcurrencyNum *uint64 `json:"AvailableProvisionedConcurrencyNum,omitempty"`
			Status                             *string `json:"Status,omitempty"`
			StatusReason                       *string `json:"StatusReason,omitempty"`
			Qualifier                          *string `json:"Qualifier,omitempty"`
			TriggerActions                     []*struct {
				TriggerName                      *string `json:"TriggerName,omitempty"`
				TriggerProvisionedConcurrencyNum *uint64 `json:"TriggerProvisionedConcurrencyNum,omitempty"`
				TriggerCronConfig                *string `json:"TriggerCronConfig,omitempty"`
				ProvisionedType                  *string `json:"ProvisionedType,omitempty"`
			} `json:"TriggerActions,omitempty"`
		} `json:"Allocated,omitempty"`
		RequestId *string `json:"RequestId,omitempty"`
	} `json:"Response"`
}

func (p *interopPair) officialCall(t *testing.T, ctx context.Context, op interopOp) interopOutcome {
	t.Helper()
	req := tchttp.NewCommonRequest("scf", "2018-04-16", op.action())
	req.SetContext(ctx)
	if err := req.SetActionParameters(officialParams(op)); err != nil {
		t.Fatal(err)
	}
	if op.kind == "put" || op.kind == "delete" {
		resp := tchttp.NewCommonResponse()
		if err := p.off.Send(req, resp); err != nil {
			return interopOutcome{err: err}
		}
		id := interopOnlyRequestID(t, op, resp.GetBody())
		if op.kind == "delete" {
			return interopOutcome{out: &provconc.DeleteOutput{Metadata: provconc.Metadata{RequestID: id}}}
		}
		// The answer carries a request id only: the config is what was
		// asked, as doc.go documents for Put.
		details := &tencentscf.ConfigDetails{Namespace: op.ns()}
		if op.options != nil && len(op.options.TriggerActions) > 0 {
			details.TriggerActions = append([]tencentscf.TriggerAction(nil), op.options.TriggerActions...)
		}
		return interopOutcome{out: &provconc.PutOutput{
			Config: provconc.Config{
				FunctionName: op.function,
				Qualifier:    op.qualifier,
				Requested:    op.count,
				Status:       provconc.StatusInProgress,
				Extension:    details,
			},
			Metadata: provconc.Metadata{RequestID: id},
		}}
	}

	resp := &interopGetResponse{BaseResponse: &tchttp.BaseResponse{}}
	if err := p.off.Send(req, resp); err != nil {
		return interopOutcome{err: err}
	}
	r := resp.Response
	if r == nil || r.RequestId == nil {
		t.Fatalf("%v: official answer without RequestId", op)
	}
	var unallocated *int
	if r.UnallocatedConcurrencyNum != nil {
		n := int(*r.UnallocatedConcurrencyNum)
		unallocated = &n
	}
	var configs []provconc.Config
	for _, a := range r.Allocated {
		cfg := provconc.Config{
			FunctionName: op.function,
			Qualifier:    interopString(a.Qualifier),
			Requested:    interopInt(a.AllocatedProvisionedConcurrencyNum),
			Available:    interopInt(a.AvailableProvisionedConcurrencyNum),
			Status:       interopStatus(t, interopString(a.Status)),
			StatusReason: interopString(a.StatusReason),
		}
		details := &tencentscf.ConfigDetails{Namespace: op.ns(), UnallocatedConcurrency: unallocated}
		for _, ta := range a.TriggerActions {
			details.TriggerActions = append(details.TriggerActions, tencentscf.TriggerAction{
				TriggerName:                      interopString(ta.TriggerName),
				TriggerProvisionedConcurrencyNum: interopInt(ta.TriggerProvisionedConcurrencyNum),
				TriggerCronConfig:                interopString(ta.TriggerCronConfig),
				ProvisionedType:                  tencentscf.ProvisionedType(interopString(ta.ProvisionedType)),
			})
		}
		cfg.Extension = details
		configs = append(configs, cfg)
	}
	md := provconc.Metadata{RequestID: *r.RequestId}
	if op.kind == "list" {
		return interopOutcome{out: &provconc.ListOutput{
			Configs:   configs,
			Extension: &tencentscf.ListDetails{Namespace: op.ns(), UnallocatedConcurrency: unallocated},
			Metadata:  md,
		}}
	}
	for _, cfg := range configs {
		if cfg.Qualifier == op.qualifier {
			return interopOutcome{out: &provconc.GetOutput{Config: cfg, Metadata: md}}
		}
	}
	if len(configs) != 0 {
		t.Errorf("%v: official Get answered other versions: %+v", op, configs)
	}
	return interopOutcome{noConfig: true, requestID: md.RequestID}
}

// interopOnlyRequestID checks that an answer is {"Response":{"RequestId"}}
// and returns the id.
func interopOnlyRequestID(t *testing.T, op interopOp, body []byte) string {
	t.Helper()
	var env struct{ Response map[string]json.RawMessage }
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("%v: official answer %s: %v", op, body, err)
	}
	var id string
	if err := json.Unmarshal(env.Response["RequestId"], &id); err != nil || len(env.Response) != 1 {
		t.Errorf("%v: official answer %s; want a RequestId only", op, body)
	}
	return id
}

func interopString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func interopInt(n *uint64) int {
	if n == nil {
		return 0
	}
	return int(*n)
}

func interopStatus(t *testing.T, s string) provconc.Status {
	t.Helper()
	switch s {
	case "Done":
		return provconc.StatusReady
	case "InProgress":
		return provconc.StatusInProgress
	case "Failed":
		return provconc.StatusFailed
	}
	t.Errorf("official answer has Status %q", s)
	return provconc.Status(s)
}

// callOurs makes op with our client.
func (p *interopPair) callOurs(t *testing.T, ctx context.Context, op interopOp) interopOutcome {
	t.Helper()
	before := p.ourCounter.sent.Load()
	out, err := p.ourCall(t, ctx, op)
	return interopOutcome{out: out, err: err, sent: int(p.ourCounter.sent.Load() - before)}
}

func (p *interopPair) ourCall(t *testing.T, ctx context.Context, op interopOp) (any, error) {
	t.Helper()
	name, qualifier := op.function, op.qualifier
	if op.qualifiedName {
		name, qualifier = op.function+":"+op.qualifier, ""
	}
	var scope provconc.Extension
	if op.namespace != "" {
		scope = &tencentscf.Scope{Namespace: op.namespace}
	}
	// Each case returns an untyped nil on error, so out is nil then.
	switch op.kind {
	case "put":
		ext := scope
		if op.options != nil {
			o := *op.options
			o.Namespace = op.namespace
			ext = &o
		}
		out, err := p.ours.Put(ctx, &provconc.PutInput{FunctionName: name, Qualifier: qualifier, ProvisionedConcurrentExecutions: op.count, Extension: ext})
		if err != nil {
			return nil, err
		}
		return out, nil
	case "get":
		out, err := p.ours.Get(ctx, &provconc.GetInput{FunctionName: name, Qualifier: qualifier, Extension: scope})
		if err != nil {
			return nil, err
		}
		return out, nil
	case "list":
		out, err := p.ours.List(ctx, &provconc.ListInput{FunctionName: op.function, Marker: op.ourMarker, Extension: scope})
		if err != nil {
			return nil, err
		}
		return out, nil
	case "delete":
		out, err := p.ours.Delete(ctx, &provconc.DeleteInput{FunctionName: name, Qualifier: qualifier, Extension: scope})
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	t.Fatalf("unknown op %q", op.kind)
	return nil, nil
}

// compare makes op through both clients and reports every difference: the
// converted outputs, or the error views, the attempts on the wire, and the
// emulators' stored configs.
func (p *interopPair) compare(t *testing.T, ctx context.Context, op interopOp) (off, ours interopOutcome) {
	t.Helper()
	off = p.callOfficial(t, ctx, op)
	ours = p.callOurs(t, ctx, op)
	if off.sent != ours.sent {
		t.Errorf("%v: official made %d HTTP attempts, ours %d", op, off.sent, ours.sent)
	}
	switch {
	case off.noConfig:
		// A difference by design: SCF answers a version without a config
		// with an empty Allocated list; ours turns that into an *APIError
		// matching ErrProvisionedConcurrencyConfigNotFound, with no Code
		// (SCF sent none) and the answer's request id.
		var apiErr *provconc.APIError
		if !errors.As(ours.err, &apiErr) || !errors.Is(ours.err, provconc.ErrProvisionedConcurrencyConfigNotFound) ||
			apiErr.Code != "" || apiErr.StatusCode != http.StatusOK || apiErr.RequestID != off.requestID || apiErr.Attempts != off.sent {
			t.Errorf("%v: official found no config [request id %s]; ours: %v; want ErrProvisionedConcurrencyConfigNotFound with the same request id",
				op, off.requestID, ours.err)
		}
	case off.err == nil && ours.err == nil:
		if diff := cmp.Diff(off.out, ours.out); diff != "" {
			t.Errorf("%v: results differ (-official +ours):\n%s", op, diff)
		}
		if id := interopMetadataOf(ours.out).RequestID; !interopRequestID.MatchString(id) {
			t.Errorf("%v: request id %q is not a UUID", op, id)
		}
	case off.err != nil && ours.err != nil:
		want, got := interopOfficialError(off.err, off.sent), interopOurError(ours.err)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%v: errors differ (-official +ours):\n%s\nofficial: %v\nours:     %v", op, diff, off.err, ours.err)
		}
		if !interopRequestID.MatchString(got.RequestID) {
			t.Errorf("%v: request id %q is not a UUID", op, got.RequestID)
		}
		var apiErr *provconc.APIError
		if errors.As(ours.err, &apiErr) && (apiErr.StatusCode != http.StatusOK || apiErr.Provider != tencentscf.ProviderName || apiErr.Operation != op.action()) {
			t.Errorf("%v: our error says %s %s, HTTP %d; want %s %s, HTTP 200", op, apiErr.Provider, apiErr.Operation, apiErr.StatusCode,
				tencentscf.ProviderName, op.action())
		}
	default:
		t.Errorf("%v: official: %v (out %+v); ours: %v (out %+v)", op, off.err, off.out, ours.err, ours.out)
	}
	if op.qualifier != "" && op.function != "" {
		p.compareState(t, op.ns(), op.function, op.qualifier)
	}
	return off, ours
}

// compareState compares what the two emulators hold for one version.
func (p *interopPair) compareState(t *testing.T, namespace, function, qualifier string) {
	t.Helper()
	offCfg, offOK := p.offEmu.SCFProvisionedConfig(namespace, function, qualifier)
	ourCfg, ourOK := p.ourEmu.SCFProvisionedConfig(namespace, function, qualifier)
	if offOK != ourOK {
		t.Errorf("%s/%s:%s: the official client's emulator has a config: %v; ours: %v", namespace, function, qualifier, offOK, ourOK)
	}
	if diff := cmp.Diff(offCfg, ourCfg); diff != "" {
		t.Errorf("%s/%s:%s: stored configs differ (-official +ours):\n%s", namespace, function, qualifier, diff)
	}
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
	Code      string
	Message   string
	RequestID string
	// Kind names the provconc sentinel the error matches: for the official
	// client, the one interopExpectedKind gives its code.
	Kind string
	// Attempts is how many attempts the client made: ours says so on the
	// error; for the official client the attempts seen on the wire stand in.
	Attempts int
}

// interopOfficialError builds the view of an official client's error.
func interopOfficialError(err error, sent int) interopErrView {
	v := interopErrView{Attempts: sent}
	var sdkErr *tcerr.TencentCloudSDKError
	if !errors.As(err, &sdkErr) {
		v.Message = "not a TencentCloudSDKError: " + err.Error()
		return v
	}
	v.Code, v.Message, v.RequestID = sdkErr.Code, sdkErr.Message, sdkErr.RequestId
	v.Kind = interopExpectedKind[sdkErr.Code]
	if v.Kind == "" {
		v.Kind = "(no kind for " + sdkErr.Code + " in interopExpectedKind)"
	}
	return v
}

// interopOurError builds the view of our error.
func interopOurError(err error) interopErrView {
	var v interopErrView
	var apiErr *provconc.APIError
	if errors.As(err, &apiErr) {
		v = interopErrView{Code: apiErr.Code, Message: apiErr.Message, RequestID: apiErr.RequestID, Attempts: apiErr.Attempts}
	} else {
		v.Message = "not an *APIError: " + err.Error()
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

// interopWantConfig checks the status and amounts of a Get or List result
// of ours (the comparison with the official side is done by compare).
func interopWantConfig(t *testing.T, what string, cfg provconc.Config, status provconc.Status, requested, available, unallocated int) {
	t.Helper()
	details, _ := cfg.Extension.(*tencentscf.ConfigDetails)
	if cfg.Status != status || cfg.Requested != requested || cfg.Available != available || cfg.Allocated != 0 ||
		details == nil || details.UnallocatedConcurrency == nil || *details.UnallocatedConcurrency != unallocated {
		t.Errorf("%s = %+v (details %+v); want %s, %d requested, %d available, %d unallocated", what, cfg, details, status, requested, available, unallocated)
	}
}

func interopGetOut(t *testing.T, o interopOutcome) provconc.Config {
	t.Helper()
	out, ok := o.out.(*provconc.GetOutput)
	if !ok {
		t.Fatalf("get: %v", o.err)
	}
	return out.Config
}

func interopListOut(t *testing.T, o interopOutcome) *provconc.ListOutput {
	t.Helper()
	out, ok := o.out.(*provconc.ListOutput)
	if !ok {
		t.Fatalf("list: %v", o.err)
	}
	return out
}

// Scenario 1: the life of a config, with allocation taking time and with
// allocation done by the first read, naming the version as Qualifier and as
// "name:version" (ours; the official client has only Qualifier).
func TestSCFInteropLifecycle(t *testing.T) {
	t.Parallel()
	const readyAfter = 30 * time.Second
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		// -1: READY on the first read after the Put.
		for _, ready := range []time.Duration{readyAfter, -1} {
			for _, qualifiedName := range []bool{false, true} {
				t.Run("ready after "+ready.String()+"/qualified name "+strconv.FormatBool(qualifiedName), func(t *testing.T) {
					t.Parallel()
					p := newInteropPair(t, m, interopSetup{readyAfter: ready})
					ctx := context.Background()
					put := interopOp{kind: "put", function: "my-function", qualifier: "2", count: 5, qualifiedName: qualifiedName}
					get := interopOp{kind: "get", function: "my-function", qualifier: "2", qualifiedName: qualifiedName}
					list := interopOp{kind: "list", function: "my-function"}
					del := interopOp{kind: "delete", function: "my-function", qualifier: "2", qualifiedName: qualifiedName}

					_, ours := p.compare(t, ctx, put)
					if out, ok := ours.out.(*provconc.PutOutput); !ok || out.Status != provconc.StatusInProgress || out.Requested != 5 || out.Metadata.Attempts != 1 {
						t.Errorf("put = %+v, %v; want IN_PROGRESS, 5 requested, 1 attempt", ours.out, ours.err)
					}
					if ready > 0 {
						_, ours = p.compare(t, ctx, get)
						interopWantConfig(t, "get while allocating", interopGetOut(t, ours), provconc.StatusInProgress, 5, 0, interopFunctionLimit-5)
						_, ours = p.compare(t, ctx, list)
						if out := interopListOut(t, ours); len(out.Configs) != 1 || out.Configs[0].Status != provconc.StatusInProgress {
							t.Errorf("list while allocating = %+v", out.Configs)
						}
						p.clock.Advance(ready)
					}
					_, ours = p.compare(t, ctx, get)
					interopWantConfig(t, "get when ready", interopGetOut(t, ours), provconc.StatusReady, 5, 5, interopFunctionLimit-5)

					_, ours = p.compare(t, ctx, list)
					out := interopListOut(t, ours)
					if len(out.Configs) != 1 || out.NextMarker != "" {
						t.Fatalf("list = %+v; want one config, no marker", out)
					}
					interopWantConfig(t, "list when ready", out.Configs[0], provconc.StatusReady, 5, 5, interopFunctionLimit-5)
					if ld, ok := out.Extension.(*tencentscf.ListDetails); !ok || ld.UnallocatedConcurrency == nil || *ld.UnallocatedConcurrency != interopFunctionLimit-5 {
						t.Errorf("list details = %+v", out.Extension)
					}

					p.compare(t, ctx, del)
					p.compare(t, ctx, get) // no config: compared by compare
					_, ours = p.compare(t, ctx, list)
					if out := interopListOut(t, ours); out.Configs != nil {
						t.Errorf("list after delete = %+v; want no configs", out.Configs)
					}
					// Deleting again succeeds on both (the emulator's guess
					// for a version without a config).
					p.compare(t, ctx, del)
					interopCompareHeaders(t, p)
				})
			}
		}
	})
}

// interopCompareHeaders compares the X-TC headers of the last request of
// each client: the same action, version, region and token, and a TC3
// Authorization with the same credential scope. A difference by design:
// the official client always sends X-TC-Language (zh-CN by default), ours
// only when Options.Language is set; each names itself in
// X-TC-RequestClient (SDK_GO_<version>, provconc_<version>). Neither header
// is signed.
func interopCompareHeaders(t *testing.T, p *interopPair) {
	t.Helper()
	off, ours := p.offCounter.lastHeader(), p.ourCounter.lastHeader()
	for _, h := range []string{"Content-Type", "X-TC-Action", "X-TC-Version", "X-TC-Region", "X-TC-Token"} {
		if off.Get(h) != ours.Get(h) || ours.Get(h) == "" {
			t.Errorf("%s: official %q, ours %q", h, off.Get(h), ours.Get(h))
		}
	}
	prefix := func(a string) string { s, _, _ := strings.Cut(a, ", Signature="); return s }
	if a, b := prefix(off.Get("Authorization")), prefix(ours.Get("Authorization")); a != b || !strings.HasPrefix(b, "TC3-HMAC-SHA256 Credential="+interopSecretID+"/") {
		t.Errorf("Authorization: official %q, ours %q", a, b)
	}
	if off.Get("X-TC-Language") != "zh-CN" || off.Get("X-TC-RequestClient") == "" {
		t.Errorf("official X-TC-Language %q, X-TC-RequestClient %q", off.Get("X-TC-Language"), off.Get("X-TC-RequestClient"))
	}
	if ours.Get("X-TC-Language") != "" || ours.Get("X-TC-RequestClient") != "provconc_"+provconc.Version {
		t.Errorf("ours sends X-TC-Language %q, X-TC-RequestClient %q; want none and provconc_%s", ours.Get("X-TC-Language"), ours.Get("X-TC-RequestClient"), provconc.Version)
	}
}

// Scenario 2: the SCF-only Put parameters: scheduled trigger actions,
// utilization tracking, and a namespace other than default.
func TestSCFInteropPutOptions(t *testing.T) {
	t.Parallel()
	const readyAfter = time.Minute
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		t.Run("trigger actions", func(t *testing.T) {
			t.Parallel()
			p := newInteropPair(t, m, interopSetup{readyAfter: readyAfter})
			ctx := context.Background()
			actions := []tencentscf.TriggerAction{
				{TriggerName: "morning-peak", TriggerProvisionedConcurrencyNum: 20, TriggerCronConfig: "0 30 8 * * MON-FRI *", ProvisionedType: tencentscf.ProvisionedTypeDefault},
				// No type: SCF echoes "Default" for it.
				{TriggerName: "night", TriggerProvisionedConcurrencyNum: 2, TriggerCronConfig: "0 0 22 * * * *"},
			}
			put := interopOp{kind: "put", function: "my-function", qualifier: "1", count: 10, options: &tencentscf.PutParameters{TriggerActions: actions}}
			_, ours := p.compare(t, ctx, put)
			if out, ok := ours.out.(*provconc.PutOutput); !ok || !cmp.Equal(out.Extension.(*tencentscf.ConfigDetails).TriggerActions, actions) {
				t.Errorf("put = %+v, %v; want the actions sent in ConfigDetails", ours.out, ours.err)
			}
			p.clock.Advance(readyAfter)
			_, ours = p.compare(t, ctx, interopOp{kind: "get", function: "my-function", qualifier: "1"})
			cfg := interopGetOut(t, ours)
			interopWantConfig(t, "get", cfg, provconc.StatusReady, 10, 10, interopFunctionLimit-10)
			readBack := slices.Clone(actions)
			readBack[1].ProvisionedType = tencentscf.ProvisionedTypeDefault
			if diff := cmp.Diff(readBack, cfg.Extension.(*tencentscf.ConfigDetails).TriggerActions); diff != "" {
				t.Errorf("trigger actions read back (-want +read):\n%s", diff)
			}
			p.compare(t, ctx, interopOp{kind: "list", function: "my-function"})
			if got, _ := p.offEmu.SCFProvisionedConfig("default", "my-function", "1"); len(got.TriggerActions) != 2 {
				t.Errorf("the official client's Put stored %+v; want its two actions", got)
			}
		})

		t.Run("utilization tracking", func(t *testing.T) {
			t.Parallel()
			p := newInteropPair(t, m, interopSetup{readyAfter: readyAfter})
			ctx := context.Background()
			opts := &tencentscf.PutParameters{
				ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking,
				TrackingTarget:  0.75, MinCapacity: 2, MaxCapacity: 50,
			}
			_, ours := p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "3", count: 0, options: opts})
			if out, ok := ours.out.(*provconc.PutOutput); !ok || out.Requested != 0 {
				t.Errorf("put = %+v, %v; want Requested 0, the amount sent", ours.out, ours.err)
			}
			// Both requests reached the service with the same settings (the
			// emulators' stored configs were compared); check they are the
			// ones asked for, so the comparison is not of two defaults.
			got, _ := p.offEmu.SCFProvisionedConfig("default", "my-function", "3")
			if got.ProvisionedType != emulator.SCFProvisionedTypeUtilizationTracking || got.TrackingTarget != 0.75 || got.MinCapacity != 2 || got.MaxCapacity != 50 {
				t.Errorf("the official client's Put stored %+v", got)
			}
			p.clock.Advance(readyAfter)
			// The emulator reports MinCapacity as the amount set.
			_, ours = p.compare(t, ctx, interopOp{kind: "get", function: "my-function", qualifier: "3"})
			interopWantConfig(t, "get", interopGetOut(t, ours), provconc.StatusReady, 2, 2, interopFunctionLimit-2)
		})

		t.Run("namespace", func(t *testing.T) {
			t.Parallel()
			p := newInteropPair(t, m, interopSetup{readyAfter: readyAfter})
			ctx := context.Background()
			p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "1", namespace: "prod", count: 3})
			p.clock.Advance(readyAfter)
			_, ours := p.compare(t, ctx, interopOp{kind: "get", function: "my-function", qualifier: "1", namespace: "prod"})
			cfg := interopGetOut(t, ours)
			interopWantConfig(t, "get in prod", cfg, provconc.StatusReady, 3, 3, interopFunctionLimit-3)
			if ns := cfg.Extension.(*tencentscf.ConfigDetails).Namespace; ns != "prod" {
				t.Errorf("namespace %q", ns)
			}
			// With options, the namespace travels in PutParameters.
			p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "1", namespace: "prod", count: 4,
				options: &tencentscf.PutParameters{TriggerActions: []tencentscf.TriggerAction{{TriggerName: "t", TriggerProvisionedConcurrencyNum: 1, TriggerCronConfig: "0 0 1 * * * *"}}}})
			p.clock.Advance(readyAfter)
			_, ours = p.compare(t, ctx, interopOp{kind: "list", function: "my-function", namespace: "prod"})
			if out := interopListOut(t, ours); len(out.Configs) != 1 || out.Configs[0].Requested != 4 || out.Extension.(*tencentscf.ListDetails).Namespace != "prod" {
				t.Errorf("list in prod = %+v", out)
			}
			// The same function name in default has no config.
			p.compare(t, ctx, interopOp{kind: "get", function: "my-function", qualifier: "1"})
			p.compare(t, ctx, interopOp{kind: "delete", function: "my-function", qualifier: "1", namespace: "prod"})
		})
	})
}

// Scenario 3: several versions, listed in version order, one of them
// failed.
func TestSCFInteropListVersions(t *testing.T) {
	t.Parallel()
	const readyAfter = time.Minute
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		p := newInteropPair(t, m, interopSetup{readyAfter: readyAfter})
		ctx := context.Background()
		for _, v := range []struct {
			q string
			n int
		}{{"3", 4}, {"1", 2}, {"2", 6}} {
			p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: v.q, count: v.n})
		}
		for _, s := range []*emulator.Server{p.offEmu, p.ourEmu} {
			s.FailNextSCFAllocation("default", "my-function", "2", "image pull failed")
		}
		p.clock.Advance(readyAfter)
		_, ours := p.compare(t, ctx, interopOp{kind: "list", function: "my-function"})
		out := interopListOut(t, ours)
		var got []string
		for _, c := range out.Configs {
			got = append(got, c.Qualifier+" "+string(c.Status)+" "+c.StatusReason)
		}
		want := []string{"1 READY ", "2 FAILED image pull failed", "3 READY "}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("list (-want +got):\n%s", diff)
		}
		if ld := out.Extension.(*tencentscf.ListDetails); *ld.UnallocatedConcurrency != interopFunctionLimit-12 {
			t.Errorf("unallocated %d, want %d", *ld.UnallocatedConcurrency, interopFunctionLimit-12)
		}
		_, ours = p.compare(t, ctx, interopOp{kind: "get", function: "my-function", qualifier: "2"})
		interopWantConfig(t, "failed version", interopGetOut(t, ours), provconc.StatusFailed, 6, 0, interopFunctionLimit-12)
		// A function without configs lists none.
		_, ours = p.compare(t, ctx, interopOp{kind: "list", function: "other-function"})
		if out := interopListOut(t, ours); out.Configs != nil || *out.Extension.(*tencentscf.ListDetails).UnallocatedConcurrency != interopFunctionLimit {
			t.Errorf("other-function = %+v", out)
		}
	})
}

// Scenario 4: a function, version or namespace that does not exist.
func TestSCFInteropNotFound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                string
		function, qualifier string
		namespace           string
		code, message       string
	}{
		{"function", "no-such-function", "1", "", "ResourceNotFound.Function", interopMsgFunction},
		{"function of another namespace", "other-function", "1", "prod", "ResourceNotFound.Function", interopMsgFunction},
		{"version", "my-function", "9", "", "ResourceNotFound.FunctionVersion", interopMsgVersion},
		{"namespace", "my-function", "1", "nope", "ResourceNotFound.Namespace", interopMsgNamespace},
	}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{})
				ctx := context.Background()
				ops := []interopOp{
					{kind: "put", function: tt.function, qualifier: tt.qualifier, namespace: tt.namespace, count: 1},
					{kind: "get", function: tt.function, qualifier: tt.qualifier, namespace: tt.namespace},
					{kind: "delete", function: tt.function, qualifier: tt.qualifier, namespace: tt.namespace},
				}
				if tt.name != "version" {
					ops = append(ops, interopOp{kind: "list", function: tt.function, namespace: tt.namespace})
				}
				for _, op := range ops {
					off, ours := p.compare(t, ctx, op)
					if v := interopOfficialError(off.err, off.sent); v.Code != tt.code || v.Message != tt.message {
						t.Errorf("%v: official %v; want %s %q", op, off.err, tt.code, tt.message)
					}
					if !errors.Is(ours.err, provconc.ErrResourceNotFound) || ours.sent != 1 {
						t.Errorf("%v: ours %v (%d sent); want ErrResourceNotFound after 1 attempt", op, ours.err, ours.sent)
					}
				}
			})
		}
	})
}

// Scenario 5: $LATEST, which cannot take provisioned concurrency. Ours
// refuses it before sending, naming the field; the official client sends it
// and gets the service's InvalidParameterValue.Qualifier.
func TestSCFInteropLatest(t *testing.T) {
	t.Parallel()
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		p := newInteropPair(t, m, interopSetup{})
		ctx := context.Background()
		for _, op := range []interopOp{
			{kind: "put", function: "my-function", qualifier: "$LATEST", count: 1},
			{kind: "put", function: "my-function", qualifier: "$LATEST", count: 1, qualifiedName: true},
			{kind: "get", function: "my-function", qualifier: "$LATEST"},
			{kind: "delete", function: "my-function", qualifier: "$LATEST"},
		} {
			off, ours := p.callOfficial(t, ctx, op), p.callOurs(t, ctx, op)
			if v := interopOfficialError(off.err, off.sent); v.Code != "InvalidParameterValue.Qualifier" || v.Message != interopMsgQualifier || off.sent != 1 {
				t.Errorf("%v: official %v (%d sent); want InvalidParameterValue.Qualifier", op, off.err, off.sent)
			}
			var inErr *provconc.InputError
			if !errors.As(ours.err, &inErr) || inErr.Field != "Qualifier" || !strings.Contains(inErr.Rule, "$LATEST") || ours.sent != 0 {
				t.Errorf("%v: ours %v (%d sent); want an InputError on Qualifier naming $LATEST, nothing sent", op, ours.err, ours.sent)
			}
		}
		for _, s := range []*emulator.Server{p.offEmu, p.ourEmu} {
			if _, ok := s.SCFProvisionedConfig("default", "my-function", "$LATEST"); ok {
				t.Error("$LATEST got a config")
			}
		}
	})
}

// Scenario 6: parameters the service refuses. Where ours checks the same
// rule before sending, it returns an *InputError naming the field and sends
// nothing (ourField); the official client sends and gets the service's
// code. Where ours has no rule of its own (limits only the service knows,
// names it does not pattern-check), both send and both get the same error.
func TestSCFInteropInvalidParameters(t *testing.T) {
	t.Parallel()
	tracking := func(target float64, minCap, maxCap int) *tencentscf.PutParameters {
		return &tencentscf.PutParameters{ProvisionedType: tencentscf.ProvisionedTypeConcurrencyUtilizationTracking, TrackingTarget: target, MinCapacity: minCap, MaxCapacity: maxCap}
	}
	trigger := func(name string, n int, cron string, typ tencentscf.ProvisionedType) tencentscf.TriggerAction {
		return tencentscf.TriggerAction{TriggerName: name, TriggerProvisionedConcurrencyNum: n, TriggerCronConfig: cron, ProvisionedType: typ}
	}
	triggers := func(a ...tencentscf.TriggerAction) *tencentscf.PutParameters {
		return &tencentscf.PutParameters{TriggerActions: a}
	}
	put := func(q string, n int, o *tencentscf.PutParameters) interopOp {
		return interopOp{kind: "put", function: "my-function", qualifier: q, count: n, options: o}
	}
	tests := []struct {
		name  string
		setup interopSetup
		op    interopOp
		// code and message are the service's answer to the official
		// client; an empty code means the service accepts the request.
		code, message string
		// ourField is the field of our InputError; empty when ours sends
		// too and must get the same answer.
		ourField string
	}{
		// Ours refuses before sending.
		{name: "static amount 0", op: put("2", 0, nil),
			code: "InvalidParameterValue", message: interopMsgInvalid, ourField: "ProvisionedConcurrentExecutions"},
		{name: "tracking with an amount", op: put("2", 5, tracking(0.5, 1, 10)),
			code: "InvalidParameterValue", message: interopMsgInvalid, ourField: "ProvisionedConcurrentExecutions"},
		{name: "tracking target 1.5", op: put("2", 0, tracking(1.5, 1, 10)),
			code: "InvalidParameterValue.TrackingTarget", message: "TrackingTarget parameter error", ourField: "PutParameters.TrackingTarget"},
		{name: "tracking target with three decimals", op: put("2", 0, tracking(0.755, 1, 10)),
			code: "InvalidParameterValue.TrackingTarget", message: "TrackingTarget parameter error", ourField: "PutParameters.TrackingTarget"},
		{name: "min capacity 0", op: put("2", 0, tracking(0.5, 0, 10)),
			code: "InvalidParameterValue.MinCapacity", message: "MinCapacity parameter input error.", ourField: "PutParameters.MinCapacity"},
		{name: "unknown provisioned type", op: put("2", 1, &tencentscf.PutParameters{ProvisionedType: "Bursting"}),
			code: "InvalidParameterValue.ProvisionType", message: "ProvisionType input parameter error", ourField: "PutParameters.ProvisionedType"},
		{name: "blank trigger name", op: put("2", 1, triggers(trigger(" ", 1, "0 0 8 * * * *", ""))),
			code: "InvalidParameterValue.ProvisionTriggerName", message: "TriggerName input parameter error", ourField: "PutParameters.TriggerActions[0].TriggerName"},
		{name: "duplicate trigger names", op: put("2", 1, triggers(trigger("a", 1, "0 0 8 * * * *", ""), trigger("a", 1, "0 0 9 * * * *", ""))),
			code: "InvalidParameterValue.ProvisionTriggerNameDuplicate", message: "TriggerName already exists", ourField: "PutParameters.TriggerActions[1].TriggerName"},
		// Ours sees the two spellings as one schedule, as the service does.
		{name: "duplicate schedules", op: put("2", 1, triggers(trigger("a", 1, "0 0 8 * * * *", ""), trigger("b", 1, "0  0 8 * * * *", ""))),
			code: "InvalidParameterValue.ProvisionTriggerCronConfigDuplicate", message: "Cron expression of the scheduled action already exists",
			ourField: "PutParameters.TriggerActions[1].TriggerCronConfig"},
		{name: "cron of five fields", op: put("2", 1, triggers(trigger("a", 1, "0 8 * * *", ""))),
			code: "InvalidParameterValue.TriggerCronConfig", message: "TriggerCronConfig input parameter error", ourField: "PutParameters.TriggerActions[0].TriggerCronConfig"},
		{name: "trigger amount 0", op: put("2", 1, triggers(trigger("a", 0, "0 0 8 * * * *", ""))),
			code: "InvalidParameterValue.TriggerProvisionedConcurrencyNum", message: "TriggerProvisionedConcurrencyNum input parameter error",
			ourField: "PutParameters.TriggerActions[0].TriggerProvisionedConcurrencyNum"},
		{name: "trigger type", op: put("2", 1, triggers(trigger("a", 1, "0 0 8 * * * *", "ConcurrencyUtilizationTracking"))),
			code: "InvalidParameterValue.ProvisionType", message: "ProvisionType input parameter error", ourField: "PutParameters.TriggerActions[0].ProvisionedType"},
		{name: "alias as qualifier", op: interopOp{kind: "get", function: "my-function", qualifier: "live"},
			code: "InvalidParameterValue.Qualifier", message: interopMsgQualifier, ourField: "Qualifier"},
		{name: "version 0", op: interopOp{kind: "delete", function: "my-function", qualifier: "0"},
			code: "InvalidParameterValue.Qualifier", message: interopMsgQualifier, ourField: "Qualifier"},
		// Names SCF could never have created: the service answers the
		// documented InvalidParameterValue codes; ours refuses the shape.
		{name: "function name shape", op: interopOp{kind: "get", function: "9-lives", qualifier: "1"},
			code: "InvalidParameterValue.FunctionName", message: "The function does not exist.", ourField: "FunctionName"},
		{name: "namespace shape", op: interopOp{kind: "list", function: "my-function", namespace: "bad namespace!"},
			code: "InvalidParameterValue.Namespace", message: "Namespace error.", ourField: "Scope.Namespace"},
		{name: "namespace of 31 characters", op: interopOp{kind: "list", function: "my-function", namespace: strings.Repeat("n", 31)},
			code: "InvalidParameterValue.Namespace", message: "Namespace error.", ourField: "Scope.Namespace"},
		{name: "tracking target out of range on a static put", op: put("2", 1, &tencentscf.PutParameters{TrackingTarget: 1.5}),
			code: "InvalidParameterValue.TrackingTarget", message: "TrackingTarget parameter error", ourField: "PutParameters.TrackingTarget"},
		// SCF has no paging: a Marker is no parameter of the action.
		{name: "list marker", op: interopOp{kind: "list", function: "my-function", ourMarker: "page-2",
			official: map[string]any{"FunctionName": "my-function", "Marker": "page-2"}},
			code: "UnknownParameter", message: "The parameter `Marker` is not recognized.", ourField: "Marker"},

		// Both send; the service accepts. Nothing in the documents forbids
		// the tracking parameters on a static Put (the service ignores
		// them), nor MaxCapacity below MinCapacity.
		{name: "tracking parameters on a static put", op: put("2", 1, &tencentscf.PutParameters{TrackingTarget: 0.5, MinCapacity: 2, MaxCapacity: 9})},
		{name: "max capacity below min", op: put("2", 0, tracking(0.5, 5, 4))},
		// Nor do they give TriggerName a pattern (TriggerNameRule).
		{name: "trigger name with a space", op: put("2", 1, triggers(trigger("morning peak", 1, "0 0 8 * * * *", "")))},

		// Both send; the service refuses.
		{name: "over the function's quota", op: put("2", interopFunctionLimit+1, nil),
			code: "LimitExceeded.FunctionTotalProvisionedConcurrencyNum", message: "The total amount of provisioned concurrency of the function has exceeded the limit."},
		{name: "trigger amount over the quota", op: put("2", 1, triggers(trigger("a", interopFunctionLimit+1, "0 0 8 * * * *", ""))),
			code: "LimitExceeded.ProvisionTriggerAction", message: "The number of provisioned concurrency specified for the scheduled action is too large."},
		{name: "max capacity over the quota", op: put("2", 0, tracking(0.5, 1, interopFunctionLimit+1)),
			code: "LimitExceeded.MaxCapacity", message: "Reached the upper limit of dynamic scaling."},
		{name: "account quota", setup: interopSetup{accountQuota: 10}, op: put("2", 11, nil),
			code: "FailedOperation.ProvisionedExceedAvailable", message: "Running out of available provisioned concurrency quota"},
	}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, tt.setup)
				ctx := context.Background()
				if tt.ourField == "" && tt.code == "" {
					off, ours := p.compare(t, ctx, tt.op)
					if off.err != nil || ours.err != nil {
						t.Errorf("official %v, ours %v; want both accepted", off.err, ours.err)
					}
					return
				}
				if tt.ourField == "" {
					off, ours := p.compare(t, ctx, tt.op)
					if v := interopOfficialError(off.err, off.sent); v.Code != tt.code || v.Message != tt.message {
						t.Errorf("official %v; want %s %q", off.err, tt.code, tt.message)
					}
					if !errors.Is(ours.err, provconc.ErrInvalidParameterValue) || ours.sent != 1 {
						t.Errorf("ours %v (%d sent); want ErrInvalidParameterValue after 1 attempt", ours.err, ours.sent)
					}
					return
				}
				off, ours := p.callOfficial(t, ctx, tt.op), p.callOurs(t, ctx, tt.op)
				if tt.code == "" {
					if off.err != nil {
						t.Errorf("official %v; want the service to accept it", off.err)
					}
				} else if v := interopOfficialError(off.err, off.sent); v.Code != tt.code || v.Message != tt.message || off.sent != 1 {
					t.Errorf("official %v (%d sent); want %s %q", off.err, off.sent, tt.code, tt.message)
				}
				var inErr *provconc.InputError
				if !errors.As(ours.err, &inErr) || inErr.Field != tt.ourField || !errors.Is(ours.err, provconc.ErrInvalidInput) || ours.sent != 0 {
					t.Errorf("ours %v (%d sent); want an InputError on %s, nothing sent", ours.err, ours.sent, tt.ourField)
				}
				if _, ok := p.ourEmu.SCFProvisionedConfig("default", "my-function", "2"); ok {
					t.Error("a refused Put changed our emulator's state")
				}
			})
		}
	})
}

// Scenario 7: a Put or Delete while the version's allocation is in
// progress: FailedOperation.ProvisionedInProgress on both, not retried.
func TestSCFInteropInProgress(t *testing.T) {
	t.Parallel()
	const readyAfter = time.Minute
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		p := newInteropPair(t, m, interopSetup{readyAfter: readyAfter})
		ctx := context.Background()
		p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "1", count: 5})
		for _, op := range []interopOp{
			{kind: "put", function: "my-function", qualifier: "1", count: 7},
			{kind: "delete", function: "my-function", qualifier: "1"},
		} {
			off, ours := p.compare(t, ctx, op)
			if v := interopOfficialError(off.err, off.sent); v.Code != "FailedOperation.ProvisionedInProgress" || v.Message != interopMsgInProgress {
				t.Errorf("%v: official %v", op, off.err)
			}
			if !errors.Is(ours.err, provconc.ErrResourceConflict) || ours.sent != 1 {
				t.Errorf("%v: ours %v (%d sent); want ErrResourceConflict after 1 attempt", op, ours.err, ours.sent)
			}
		}
		// Another version is not blocked.
		p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "2", count: 1})
		p.clock.Advance(readyAfter)
		p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "1", count: 7})
		// The warm capacity stays reported while the new amount is
		// allocated.
		_, ours := p.compare(t, ctx, interopOp{kind: "get", function: "my-function", qualifier: "1"})
		interopWantConfig(t, "get during the second allocation", interopGetOut(t, ours), provconc.StatusInProgress, 7, 5, interopFunctionLimit-8)
	})
}

// Scenario 8: throttling (RequestLimitExceeded inside an HTTP 200) and the
// other transient failures, where the two clients' retry policies meet.
func TestSCFInteropThrottle(t *testing.T) {
	t.Parallel()
	get := interopOp{kind: "get", function: "my-function", qualifier: "1"}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, n := range []int{1, 2} {
			t.Run("throttled "+strconv.Itoa(n)+" times then served", func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{})
				ctx := context.Background()
				p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "1", count: 3})
				faults := make([]emulator.FaultKind, n)
				for i := range faults {
					faults[i] = emulator.FaultThrottle
				}
				p.offEmu.InjectFaults(faults...)
				p.ourEmu.InjectFaults(faults...)
				// The results, compared whole, include our Metadata.Attempts
				// and the attempts the official client put on the wire, and
				// the request id of the last attempt.
				off, ours := p.compare(t, ctx, get)
				if want := n + 1; off.sent != want || interopMetadataOf(ours.out).Attempts != want {
					t.Errorf("attempts: official sent %d, ours reports %d; want %d", off.sent, interopMetadataOf(ours.out).Attempts, want)
				}
				wantRetries := make([]int, n)
				for i := range wantRetries {
					wantRetries[i] = i
				}
				if diff := cmp.Diff(wantRetries, p.officialRetries()); diff != "" {
					t.Errorf("official rate-limit retries (-want +got):\n%s", diff)
				}
				// Ours backs off once before each retry, as after a 429.
				if got := p.sleeps(); len(got) != n {
					t.Errorf("ours waited %v; want one backoff per throttle (%d)", got, n)
				}
			})
		}

		t.Run("throttled once, official defaults", func(t *testing.T) {
			t.Parallel()
			// With a default ClientProfile the official client does not
			// retry RequestLimitExceeded at all; ours does.
			p := newInteropPair(t, m, interopSetup{officialDefaults: true})
			ctx := context.Background()
			p.offEmu.InjectFaults(emulator.FaultThrottle)
			p.ourEmu.InjectFaults(emulator.FaultThrottle)
			off, ours := p.callOfficial(t, ctx, get), p.callOurs(t, ctx, get)
			if v := interopOfficialError(off.err, off.sent); v.Code != "RequestLimitExceeded" || !interopThrottleMsg.MatchString(v.Message) || off.sent != 1 {
				t.Errorf("official %v (%d sent); want RequestLimitExceeded after 1 attempt", off.err, off.sent)
			}
			if !ours.noConfigOrOK() || ours.sent != 2 {
				t.Errorf("ours %v (%d sent); want the read to go through on the 2nd attempt", ours.err, ours.sent)
			}
		})

		t.Run("throttled throughout", func(t *testing.T) {
			t.Parallel()
			// A bucket of one token refilled every 2 seconds on a clock that
			// never moves: the first call passes, every later attempt is
			// throttled.
			p := newInteropPair(t, m, interopSetup{faults: emulator.Faults{RatePerSecond: 0.5}, maxAttempts: 3})
			ctx := context.Background()
			p.compare(t, ctx, interopOp{kind: "put", function: "my-function", qualifier: "1", count: 3})
			off, ours := p.compare(t, ctx, get)
			v := interopOfficialError(off.err, off.sent)
			if v.Code != "RequestLimitExceeded" || !interopThrottleMsg.MatchString(v.Message) || off.sent != 3 {
				t.Errorf("official %v (%d sent); want RequestLimitExceeded after 3 attempts", off.err, off.sent)
			}
			var exhausted *provconc.RetryExhaustedError
			var apiErr *provconc.APIError
			if !errors.As(ours.err, &exhausted) || exhausted.Attempts != 3 || exhausted.Reason != retry.ReasonMaxAttempts ||
				!errors.As(exhausted.Err, &apiErr) || apiErr.Code != "RequestLimitExceeded" || apiErr.Attempts != 3 ||
				!errors.Is(ours.err, provconc.ErrTooManyRequests) || !errors.Is(ours.err, provconc.ErrRetryExhausted) {
				t.Errorf("ours: %v; want a RetryExhaustedError after 3 attempts unwrapping to the RequestLimitExceeded *APIError", ours.err)
			}
			if diff := cmp.Diff([]int{0, 1}, p.officialRetries()); diff != "" {
				t.Errorf("official rate-limit retries (-want +got):\n%s", diff)
			}
		})

		// Failures only ours retries. The official client returns the first
		// one as it came; ours goes on and is served.
		for _, tt := range []struct {
			name    string
			fault   emulator.FaultKind
			code    string
			message *regexp.Regexp
		}{
			// InternalError inside a 200: the official client retries no
			// code but RequestLimitExceeded.
			{"InternalError", emulator.FaultServiceError, "InternalError", regexp.MustCompile("^" + regexp.QuoteMeta(interopMsgInternal) + "$")},
			// A proxy's HTML 503 page: the official client parses every
			// body as JSON before it looks at the status, so it reports a
			// parse error.
			{"gateway 503 page", emulator.FaultUnavailable, "ClientError.ParseJsonError", regexp.MustCompile(`^Fail to parse json content: <html>`)},
			// A reset connection: NetworkFailureMaxRetries does not apply
			// to a CommonRequest, which has no ClientToken.
			{"connection reset", emulator.FaultReset, "ClientError.NetworkError", regexp.MustCompile(`^Fail to get response$`)},
		} {
			t.Run(tt.name+" once", func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{})
				ctx := context.Background()
				p.offEmu.InjectFaults(tt.fault)
				p.ourEmu.InjectFaults(tt.fault)
				off, ours := p.callOfficial(t, ctx, get), p.callOurs(t, ctx, get)
				var sdkErr *tcerr.TencentCloudSDKError
				if !errors.As(off.err, &sdkErr) || sdkErr.Code != tt.code || !tt.message.MatchString(sdkErr.Message) || off.sent != 1 {
					t.Errorf("official %v (%d sent); want %s after 1 attempt", off.err, off.sent, tt.code)
				}
				if !ours.noConfigOrOK() || ours.sent != 2 {
					t.Errorf("ours %v (%d sent); want the read to go through on the 2nd attempt", ours.err, ours.sent)
				}
			})
		}

		t.Run("InternalError throughout", func(t *testing.T) {
			t.Parallel()
			p := newInteropPair(t, m, interopSetup{maxAttempts: 3})
			ctx := context.Background()
			for _, s := range []*emulator.Server{p.offEmu, p.ourEmu} {
				s.InjectFaults(emulator.FaultServiceError, emulator.FaultServiceError, emulator.FaultServiceError)
			}
			off, ours := p.callOfficial(t, ctx, get), p.callOurs(t, ctx, get)
			offView, ourView := interopOfficialError(off.err, off.sent), interopOurError(ours.err)
			// Code, message and kind agree; the attempts (1 against 3) and
			// so the request ids do not.
			if offView.Code != "InternalError" || ourView.Code != offView.Code || ourView.Message != offView.Message || ourView.Kind != offView.Kind {
				t.Errorf("official %+v; ours %+v", offView, ourView)
			}
			var exhausted *provconc.RetryExhaustedError
			if !errors.As(ours.err, &exhausted) || exhausted.Attempts != 3 || ours.sent != 3 || off.sent != 1 {
				t.Errorf("ours %v (%d sent), official %d sent; want ours exhausted after 3, official 1", ours.err, ours.sent, off.sent)
			}
		})

		t.Run("answer cut short", func(t *testing.T) {
			t.Parallel()
			// The operation runs, then half the answer arrives. Neither
			// client retries: the status came, and the loss shows only while
			// reading the body.
			p := newInteropPair(t, m, interopSetup{})
			ctx := context.Background()
			p.offEmu.InjectFaults(emulator.FaultTruncate)
			p.ourEmu.InjectFaults(emulator.FaultTruncate)
			op := interopOp{kind: "put", function: "my-function", qualifier: "1", count: 2}
			off, ours := p.callOfficial(t, ctx, op), p.callOurs(t, ctx, op)
			var sdkErr *tcerr.TencentCloudSDKError
			if !errors.As(off.err, &sdkErr) || sdkErr.Code != "ClientError.ParseJsonError" || !strings.HasPrefix(sdkErr.Message, "Fail to read http body") || off.sent != 1 {
				t.Errorf("official %v (%d sent); want ClientError.ParseJsonError on reading the body", off.err, off.sent)
			}
			var apiErr *provconc.APIError
			if !errors.Is(ours.err, io.ErrUnexpectedEOF) || errors.As(ours.err, &apiErr) || ours.sent != 1 {
				t.Errorf("ours %v (%d sent); want one unexpected EOF", ours.err, ours.sent)
			}
			p.compareState(t, "default", "my-function", "1")
		})
	})
}

// Scenario 8b: the answer to a Put is lost after the service acted on it
// (a gateway's 502 in place of the answer, as when a proxy times out). The
// official client returns the 502 as it came (ClientError.ParseJsonError:
// it reads every body as JSON) and the Put stands. Ours retries the Put, and
// SCF, unlike Lambda, refuses a Put while the version's allocation is in
// progress, so the retry meets the first attempt's own task:
// FailedOperation.ProvisionedInProgress. Reported as is, that would tell the
// caller its Put failed when it was applied; so ours confirms with one Get
// that the task in progress allocates what it asked, and succeeds.
func TestSCFInteropPutAnswerLost(t *testing.T) {
	t.Parallel()
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		p := newInteropPair(t, m, interopSetup{
			readyAfter: time.Minute,
			wrap:       func(next http.RoundTripper) http.RoundTripper { return &interopLoseFirstAnswer{next: next} },
		})
		ctx := context.Background()
		put := interopOp{kind: "put", function: "my-function", qualifier: "1", count: 7}
		off, ours := p.callOfficial(t, ctx, put), p.callOurs(t, ctx, put)
		var sdkErr *tcerr.TencentCloudSDKError
		if !errors.As(off.err, &sdkErr) || sdkErr.Code != "ClientError.ParseJsonError" || off.sent != 1 {
			t.Errorf("official %v (%d sent); want the 502 page reported as ClientError.ParseJsonError", off.err, off.sent)
		}
		// Both Puts were applied.
		p.compareState(t, "default", "my-function", "1")
		if cfg, ok := p.ourEmu.SCFProvisionedConfig("default", "my-function", "1"); !ok || cfg.Allocated != 7 || cfg.Status != emulator.SCFStatusInProgress {
			t.Fatalf("our emulator holds %+v, %v; want the Put applied", cfg, ok)
		}
		if ours.sent != 3 {
			t.Errorf("ours sent %d requests; want the Put retried once after the 502, then one Get to confirm", ours.sent)
		}
		if ours.err != nil {
			t.Errorf("ours: %v\nThe Put was applied by its first attempt; its retry met that attempt's own task. Want success, not a conflict.", ours.err)
		} else if out := ours.out.(*provconc.PutOutput); out.Config.Status != provconc.StatusInProgress || out.Config.Requested != 7 || out.Metadata.Attempts != 2 {
			t.Errorf("ours = %+v; want IN_PROGRESS with 7 requested after 2 attempts", out)
		}
		// Both read the same config back (their request ids differ now: ours
		// made one request more).
		get := interopOp{kind: "get", function: "my-function", qualifier: "1"}
		offCfg, ourCfg := interopGetOut(t, p.callOfficial(t, ctx, get)), interopGetOut(t, p.callOurs(t, ctx, get))
		if diff := cmp.Diff(offCfg, ourCfg); diff != "" {
			t.Errorf("get after the lost answer (-official +ours):\n%s", diff)
		}
		interopWantConfig(t, "get after the lost answer", ourCfg, provconc.StatusInProgress, 7, 0, interopFunctionLimit-7)
	})
}

// Scenario 8c: as 8b, with scheduled actions sent without ProvisionedType
// or with "Default". SCF echoes "Default" for both, so the Get that
// confirms the retried Put must read "" and "Default" as one type, or it
// reports a conflict for a Put that was applied.
func TestSCFInteropPutAnswerLostDefaultType(t *testing.T) {
	t.Parallel()
	for _, typ := range []tencentscf.ProvisionedType{"", tencentscf.ProvisionedTypeDefault} {
		t.Run("type "+strconv.Quote(string(typ)), func(t *testing.T) {
			t.Parallel()
			p := newInteropPair(t, interopModes[0], interopSetup{
				readyAfter: time.Minute,
				wrap:       func(next http.RoundTripper) http.RoundTripper { return &interopLoseFirstAnswer{next: next} },
			})
			actions := []tencentscf.TriggerAction{{TriggerName: "peak", TriggerProvisionedConcurrencyNum: 9, TriggerCronConfig: "0 0 9 * * * *", ProvisionedType: typ}}
			ours := p.callOurs(t, context.Background(), interopOp{kind: "put", function: "my-function", qualifier: "1", count: 7,
				options: &tencentscf.PutParameters{TriggerActions: actions}})
			if ours.err != nil {
				t.Fatalf("ours: %v\nThe first attempt applied the Put; the confirming Get read the actions back with ProvisionedType \"Default\".", ours.err)
			}
			if out := ours.out.(*provconc.PutOutput); out.Config.Status != provconc.StatusInProgress || out.Metadata.Attempts != 2 || ours.sent != 3 {
				t.Errorf("ours = %+v after %d requests; want IN_PROGRESS after 2 attempts and a Get", out, ours.sent)
			}
			if cfg, _ := p.ourEmu.SCFProvisionedConfig("default", "my-function", "1"); len(cfg.TriggerActions) != 1 || cfg.TriggerActions[0].ProvisionedType != "Default" {
				t.Errorf("emulator holds %+v", cfg.TriggerActions)
			}
		})
	}
}

// interopLoseFirstAnswer passes every request on, and replaces the answer
// to the first one with a gateway's 502 page.
type interopLoseFirstAnswer struct {
	next http.RoundTripper
	done atomic.Bool
}

func (l *interopLoseFirstAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(req)
	if err != nil || l.done.Swap(true) {
		return resp, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	const page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
	return &http.Response{
		Status: "502 Bad Gateway", StatusCode: http.StatusBadGateway, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"text/html"}},
		Body:          io.NopCloser(strings.NewReader(page)),
		ContentLength: int64(len(page)),
		Request:       req,
	}, nil
}

// noConfigOrOK reports a Get that went through: a config, or ours' answer
// for a version without one.
func (o interopOutcome) noConfigOrOK() bool {
	return o.err == nil || (errors.Is(o.err, provconc.ErrProvisionedConcurrencyConfigNotFound) && !errors.Is(o.err, provconc.ErrRetryExhausted))
}

// Scenario 9: requests the emulator does not accept as signed by the right
// keys. Both clients get the same code and message, and neither retries.
func TestSCFInteropSignatureRejected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		creds         emulator.SCFCredentials
		code, message string
	}{
		{"wrong secret", emulator.SCFCredentials{SecretID: interopSecretID, SecretKey: "not-the-secret", Token: interopToken}, "AuthFailure.SignatureFailure", interopMsgSignature},
		{"unknown secret id", emulator.SCFCredentials{SecretID: "AKIDSOMEONEELSE0123456789", SecretKey: interopSecretKey, Token: interopToken}, "AuthFailure.SecretIdNotFound", interopMsgSecretID},
		{"wrong token", emulator.SCFCredentials{SecretID: interopSecretID, SecretKey: interopSecretKey, Token: "other-token"}, "AuthFailure.TokenFailure", interopMsgToken},
		{"no token", emulator.SCFCredentials{SecretID: interopSecretID, SecretKey: interopSecretKey}, "AuthFailure.TokenFailure", interopMsgToken},
	}
	forEachInteropMode(t, func(t *testing.T, m interopMode) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				p := newInteropPair(t, m, interopSetup{creds: &tt.creds})
				for _, op := range []interopOp{
					{kind: "put", function: "my-function", qualifier: "1", count: 1},
					{kind: "list", function: "my-function"},
					{kind: "delete", function: "my-function", qualifier: "1"},
				} {
					off, ours := p.compare(t, context.Background(), op)
					if v := interopOfficialError(off.err, off.sent); v.Code != tt.code || v.Message != tt.message {
						t.Errorf("%v: official %v; want %s %q", op, off.err, tt.code, tt.message)
					}
					if !errors.Is(ours.err, provconc.ErrAccessDenied) || ours.sent != 1 {
						t.Errorf("%v: ours %v (%d sent); want ErrAccessDenied after 1 attempt", op, ours.err, ours.sent)
					}
					if strings.Contains(ours.err.Error(), tt.creds.SecretKey) {
						t.Errorf("%v: our error carries the secret key", op)
					}
				}
			})
		}

		// Neither client corrects its clock for SCF: a signature 10 minutes
		// old, checked with a 5-minute allowance, is expired for both.
		t.Run("client clock 10 minutes slow", func(t *testing.T) {
			t.Parallel()
			p := newInteropPair(t, m, interopSetup{serverClockAhead: 10 * time.Minute, maxClockSkew: 5 * time.Minute})
			off, ours := p.compare(t, context.Background(), interopOp{kind: "get", function: "my-function", qualifier: "1"})
			if v := interopOfficialError(off.err, off.sent); v.Code != "AuthFailure.SignatureExpire" || v.Message != interopMsgExpired {
				t.Errorf("official %v; want AuthFailure.SignatureExpire", off.err)
			}
			if !errors.Is(ours.err, provconc.ErrAccessDenied) || ours.sent != 1 {
				t.Errorf("ours %v (%d sent); want ErrAccessDenied after 1 attempt", ours.err, ours.sent)
			}
		})
	})
}
