// This file holds the Protocol: its options, its constructor, which checks
// them, and the four operations of provconc.Protocol mapped onto SCF's three
// actions.

package tencentscf

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/httpcall"
	"github.com/provconc/provconc/internal/redact"
	"github.com/provconc/provconc/internal/telemetry"
	"github.com/provconc/provconc/internal/typednil"
	"github.com/provconc/provconc/transport/retry"
)

// Options configures a Protocol.
type Options struct {
	// Region is the SCF region, such as "ap-guangzhou". Required; it is
	// sent as X-TC-Region.
	Region string
	// Credentials sign requests. Required: NewCredentials,
	// CredentialsFromEnv, or any credential of tencentcloud-sdk-go (see
	// CredentialSource).
	Credentials CredentialSource
	// Namespace is the namespace of calls whose input names none; empty for
	// "default".
	Namespace string
	// International sends requests to InternationalEndpoint instead of
	// DefaultEndpoint.
	International bool
	// Endpoint overrides the service URL, for emulators and proxies:
	// "http://127.0.0.1:9000". As with the official SDK, requests are
	// posted to "/" of a bare host and to the path of a URL that has one
	// ("http://proxy.internal/scf"); the signature covers "/" either way.
	// It cannot be combined with International.
	Endpoint string
	// HTTPClient sends each attempt: an *http.Client or anything with its
	// Do method. It is used as it is when the attempt is made, so its
	// timeouts, proxy and TLS settings apply, and a Transport swapped in
	// later (by httpmock.ActivateNonDefault, say) is the one used. An
	// *http.Client without a CheckRedirect of its own does not follow
	// redirects (the service never redirects, and a signed request must
	// not go elsewhere). Another client may follow one: the request then
	// reaches the other host, but its answer is refused with
	// ErrInvalidResponse, the error naming both hosts. Such a client, or
	// its transport, that rewrites the URL's host is refused the same way.
	// Nil sends through a pooled transport of the
	// protocol's own, or through http.DefaultTransport once something has
	// replaced it (httpmock.Activate).
	HTTPClient HTTPClient
	// Timeout bounds each call, retries and waits included, when the
	// context has no earlier deadline: 60s if zero (the official client's
	// request timeout); negative for no bound. It counts from the call's
	// first turn: time in the rate limiter's line behind the client's other
	// calls, while it paces them, is bounded by the context alone (see
	// "Time limits" in the README).
	Timeout time.Duration
	// AttemptTimeout bounds each attempt, from sending the request to the
	// last byte of the answer; an attempt that runs out is retried like a
	// network timeout: 20s if zero; negative for no bound.
	AttemptTimeout time.Duration
	// AppID names the application in X-TC-RequestClient
	// ("provconc_<version>: <AppID>"), as the official client's
	// WithRequestClient does. Characters the official client does not allow
	// there become '-', and it is cut to 128 bytes.
	AppID string
	// Language asks for error messages in "zh-CN" or "en-US"
	// (X-TC-Language, the official ClientProfile.Language); empty sends
	// none, and the service answers in its default, Chinese.
	Language string
	// Retry tunes retries; the zero value gives the defaults of
	// transport/retry. Set Retry.MaxAttempts to 1 to disable retries. A
	// Retry.Classify of your own sees every answer except a 200 carrying
	// an SCF throttle or service error, which this protocol retries itself.
	Retry retry.Options
	// Logger receives debug records of each attempt; nil for none. Secrets
	// and signatures are never logged.
	Logger *slog.Logger
	// TracerProvider traces each operation (a span named
	// "scf.GetProvisionedConcurrencyConfig", with an event per attempt);
	// nil for the global provider, which records nothing until the service
	// installs one.
	TracerProvider trace.TracerProvider
	// MeterProvider records the operations' duration, attempts, throttles
	// and rate-limiter waits; nil for the global provider.
	MeterProvider metric.MeterProvider
	// Now is the signing clock; nil for time.Now.
	Now func() time.Time
}

// HTTPClient sends one HTTP request; *http.Client is one. It has the shape
// of aws.HTTPClient, so the same clients plug into both protocols.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// Protocol implements provconc.Protocol for Tencent Cloud SCF. It is safe for
// concurrent use.
type Protocol struct {
	baseURL    string
	postURL    string
	region     string
	namespace  string
	httpClient *httpcall.Client
	telemetry  *telemetry.Telemetry
	// headers holds the headers of each action's requests, shared by every
	// call: the retry transport gives each attempt a clone to sign.
	headers map[string]http.Header
}

var _ provconc.Protocol = (*Protocol)(nil)

// New checks opts and returns a Protocol. It fails on a missing or malformed
// region, missing credentials, a malformed namespace, or a malformed or
// conflicting endpoint. Nothing is sent.
func New(opts Options) (*Protocol, error) {
	if err := validateRegion(opts.Region); err != nil {
		return nil, err
	}
	if err := checkCredentials(opts.Credentials); err != nil {
		return nil, err
	}
	namespace := opts.Namespace
	if namespace == "" {
		namespace = DefaultNamespace
	} else if err := checkNamespace("Namespace", namespace); err != nil {
		return nil, fmt.Errorf("tencentscf: %w", err)
	}
	baseURL, postURL, err := resolveEndpoint(opts.Endpoint, opts.International)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	sign := func(next http.RoundTripper) http.RoundTripper {
		return &signingTransport{next: next, credentials: opts.Credentials, now: now}
	}
	var language []string
	switch opts.Language {
	case "":
	case "zh-CN", "en-US":
		language = []string{opts.Language}
	default:
		return nil, fmt.Errorf("tencentscf: Language %s: must be \"zh-CN\", \"en-US\" or empty", redact.Quote(opts.Language))
	}
	retryOpts := opts.Retry
	if retryOpts.Logger == nil {
		retryOpts.Logger = opts.Logger
	}
	retryOpts.Classify = newClassifier(retryOpts.Classify)
	retryOpts.OnAttempt = telemetry.OnAttemptAfter(retryOpts.OnAttempt)
	p := &Protocol{
		baseURL:   baseURL,
		postURL:   postURL,
		region:    opts.Region,
		namespace: namespace,
		httpClient: httpcall.NewClient(httpcall.Config{
			HTTPClient:     opts.HTTPClient,
			Sign:           sign,
			Retry:          retryOpts,
			Timeout:        opts.Timeout,
			AttemptTimeout: opts.AttemptTimeout,
		}),
		telemetry: telemetry.New(telemetry.Settings{
			TracerProvider: opts.TracerProvider,
			MeterProvider:  opts.MeterProvider,
			System:         "tencentcloud-api",
			Service:        signService,
			Region:         opts.Region,
			RequestIDKey:   "tencentcloud.request_id",
			Endpoint:       baseURL,
		}),
	}
	common := http.Header{
		"Content-Type":       jsonContentType,
		"X-Tc-Version":       {apiVersion},
		"X-Tc-Region":        {opts.Region},
		"X-Tc-Requestclient": {requestClient(opts.AppID)},
	}
	if language != nil {
		common["X-Tc-Language"] = language
	}
	p.headers = make(map[string]http.Header, 3)
	for _, action := range []string{actionPut, actionGet, actionDelete} {
		h := common.Clone()
		// A value slice whose length is its capacity is never written
		// through (Header.Add copies), so requests share it.
		h["X-Tc-Action"] = []string{action}
		p.headers[action] = h
	}
	return p, nil
}

// requestClient is the X-TC-RequestClient of every request: provconc and its
// version, then the application, as the official client writes its own
// ("SDK_GO_1.3.209: <client>").
func requestClient(appID string) string {
	rc := "provconc_" + provconc.Version
	if appID == "" {
		return rc
	}
	rc += ": " + strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', strings.ContainsRune("-_ ,;.", r):
			return r
		}
		return '-'
	}, appID)
	if len(rc) > 128 {
		rc = rc[:128]
	}
	return rc
}

// NewFromCredential returns a Protocol for a credential and a region, the
// two things the official client is built from (scf.NewClient(credential,
// region, profile)); optFns adjust the options after, for what a
// profile.ClientProfile would say (Endpoint, Language, HTTPClient,
// Timeout, ...). credential is a Credentials, CredentialsFromEnv's, or any
// tencentcloud-sdk-go credential.
func NewFromCredential(credential CredentialSource, region string, optFns ...func(*Options)) (*Protocol, error) {
	opts := Options{Region: region, Credentials: credential}
	for _, fn := range optFns {
		fn(&opts)
	}
	return New(opts)
}

// NewClient returns a provconc.Client speaking to Tencent Cloud SCF with a
// credential and a region; see NewFromCredential. It has the shape of
// awslambda.NewClient, which takes an aws.Config.
//
//	cred, err := tencentscf.CredentialsFromEnv()
//	...
//	client, err := tencentscf.NewClient(cred, "ap-guangzhou")
func NewClient(credential CredentialSource, region string, optFns ...func(*Options)) (*provconc.Client, error) {
	p, err := NewFromCredential(credential, region, optFns...)
	if err != nil {
		return nil, err
	}
	return provconc.NewClient(p)
}

// RateLimiter returns the limiter that paces the protocol's attempts once
// the service throttles, or nil when pacing is off. Give it to another
// protocol's Options.Retry.RateLimiter to make both share one estimate of
// the rate the service admits.
func (p *Protocol) RateLimiter() *retry.RateLimiter { return p.httpClient.Retry().RateLimiter() }

// Region returns the region requests are sent for.
func (p *Protocol) Region() string { return p.region }

// Endpoint returns the base URL of the endpoint, without a trailing slash.
// It is the URL as used, not a redacted form: New refuses an endpoint with
// user information, a query or a fragment, so it holds no secret. Messages
// and logs show endpoints by one redaction rule instead (see
// Options.String).
func (p *Protocol) Endpoint() string { return p.baseURL }

// Namespace returns the namespace of calls whose input names none.
func (p *Protocol) Namespace() string { return p.namespace }

// checkCredentials refuses missing credentials, including a typed nil
// pointer (a nil *common.Credential would panic at the first request), and
// empty static Credentials. Other sources are not called here: a refreshing
// one may fetch keys over the network, so its keys are checked when the
// first request is signed.
func checkCredentials(c CredentialSource) error {
	if c == nil {
		return errors.New("tencentscf: Credentials are required (NewCredentials, CredentialsFromEnv, or a tencentcloud-sdk-go credential)")
	}
	if typednil.Is(c) {
		return fmt.Errorf("tencentscf: Credentials are a nil %T", c)
	}
	switch c := c.(type) {
	case Credentials:
		if c.incomplete() {
			return errors.New("tencentscf: Credentials have an empty SecretId or SecretKey")
		}
	case *Credentials:
		if c.incomplete() {
			return errors.New("tencentscf: Credentials have an empty SecretId or SecretKey")
		}
	}
	return nil
}

// Put sets the provisioned concurrency of a function version
// (PutProvisionedConcurrencyConfig). FunctionName is the bare name, or
// "name:version"; the qualifier must be a published version. SCF-only
// parameters go in a *PutParameters in in.Extension (or a *Scope for the
// namespace alone).
//
// SCF answers with a request id only, so the returned Config is made of what
// was asked: FunctionName, Qualifier, Requested (the amount sent, 0 with
// utilization tracking), Status IN_PROGRESS, and ConfigDetails with the
// namespace and the trigger actions sent. Available stays 0; use Get or
// provconc.WaitUntilReady to follow the allocation.
//
// SCF refuses a Put while the version's allocation is in progress
// (FailedOperation.ProvisionedInProgress). When a retried Put meets that
// refusal after an earlier attempt's answer was lost (a 5xx or a broken
// connection, not a throttle), that attempt may have started the task; Put
// then reads the version once, and if it is in progress or ready with the
// amount and trigger actions asked, reports success with the status read
// (and the request id of the last attempt) rather than a conflict its own
// attempt caused. A Put with utilization tracking is not confirmed this
// way, since a Get does not show the tracking settings.
func (p *Protocol) Put(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
	ctx, op := p.telemetry.Start(ctx, actionPut)
	out, err := p.put(ctx, in)
	op.End(ctx, out, err)
	return out, err
}

func (p *Protocol) put(ctx context.Context, in *provconc.PutInput) (*provconc.PutOutput, error) {
	ref, namespace, opts, err := p.putParams(in)
	if err != nil {
		return nil, err
	}
	body := putBody{
		FunctionName:                     ref.name,
		Qualifier:                        ref.qualifier,
		VersionProvisionedConcurrencyNum: in.ProvisionedConcurrentExecutions,
		Namespace:                        namespace,
	}
	details := &ConfigDetails{Namespace: namespace}
	if opts != nil {
		body.ProvisionedType = opts.ProvisionedType
		// Checked to two decimal places within float error; sent with
		// exactly two, not with the error (1-0.7 is 0.30000000000000004).
		body.TrackingTarget = math.Round(opts.TrackingTarget*100) / 100
		body.MinCapacity = opts.MinCapacity
		body.MaxCapacity = opts.MaxCapacity
		if len(opts.TriggerActions) > 0 {
			body.TriggerActions = make([]wireTriggerAction, len(opts.TriggerActions))
			details.TriggerActions = make([]TriggerAction, len(opts.TriggerActions))
			for i, a := range opts.TriggerActions {
				body.TriggerActions[i] = wireTriggerAction(a)
				details.TriggerActions[i] = a
			}
		}
	}
	status := provconc.StatusInProgress
	_, md, resp, err := p.exchange(ctx, actionPut, body)
	if err != nil {
		var conflict *provconc.APIError
		if !errors.As(err, &conflict) || conflict.Code != codeProvisionedInProgress || !earlierAttemptMayHaveActed(resp) || body.tracking() {
			return nil, err
		}
		// Likely the task of an earlier attempt whose answer was lost; see
		// the doc comment.
		status = p.putApplied(ctx, ref, namespace, body)
		if status == "" {
			return nil, err
		}
		md = provconc.Metadata{RequestID: conflict.RequestID, Attempts: conflict.Attempts}
	}
	return &provconc.PutOutput{
		Config: provconc.Config{
			FunctionName: ref.name,
			Qualifier:    ref.qualifier,
			Requested:    in.ProvisionedConcurrentExecutions,
			Status:       status,
			Extension:    details,
		},
		Metadata: md,
	}, nil
}

// putParams checks a Put's input and returns the version, the namespace and
// the options it names.
func (p *Protocol) putParams(in *provconc.PutInput) (functionRef, string, *PutParameters, error) {
	ref, err := parseRef(in.FunctionName, in.Qualifier, true)
	if err != nil {
		return functionRef{}, "", nil, err
	}
	var opts *PutParameters
	namespace := p.namespace
	switch ext := in.Extension.(type) {
	case nil:
	case *PutParameters:
		opts = ext
		if ext != nil && ext.Namespace != "" {
			namespace = ext.Namespace
		}
	case *Scope:
		if namespace, err = p.scopeNamespace(ext); err != nil {
			return functionRef{}, "", nil, err
		}
	default:
		return functionRef{}, "", nil, foreignExtension(in.Extension, "*tencentscf.PutParameters or *tencentscf.Scope")
	}
	if err := checkPut(in.ProvisionedConcurrentExecutions, opts); err != nil {
		return functionRef{}, "", nil, err
	}
	return ref, namespace, opts, nil
}

// earlierAttemptMayHaveActed reports whether an attempt before the last
// ended in a way after which the service may have acted (a 5xx, a lost
// connection); throttled attempts were refused outright.
func earlierAttemptMayHaveActed(resp *httpcall.Response) bool {
	return resp != nil && resp.Attempts-1 > resp.Throttles
}

// putApplied reads the version's config and returns its status when it is
// in progress or ready with the amount and trigger actions of body, or ""
// otherwise (a failed Get included: the caller keeps the error it had).
func (p *Protocol) putApplied(ctx context.Context, ref functionRef, namespace string, body putBody) provconc.Status {
	out, err := p.Get(ctx, &provconc.GetInput{FunctionName: ref.name, Qualifier: ref.qualifier, Extension: &Scope{Namespace: namespace}})
	if err != nil || out.Config.Requested != body.VersionProvisionedConcurrencyNum {
		return ""
	}
	if s := out.Config.Status; s != provconc.StatusInProgress && s != provconc.StatusReady {
		return ""
	}
	var got []TriggerAction
	if d, ok := out.Config.Extension.(*ConfigDetails); ok {
		got = d.TriggerActions
	}
	if !slices.EqualFunc(got, body.TriggerActions, sameTriggerAction) {
		return ""
	}
	return out.Config.Status
}

// sameTriggerAction compares an action read back with one sent. An action
// sent without ProvisionedType is read back as "Default", the only type
// (the service echoes it), so "" and "Default" are the same here.
func sameTriggerAction(got TriggerAction, sent wireTriggerAction) bool {
	defaulted := func(t ProvisionedType) ProvisionedType {
		if t == "" {
			return ProvisionedTypeDefault
		}
		return t
	}
	got.ProvisionedType = defaulted(got.ProvisionedType)
	sent.ProvisionedType = defaulted(sent.ProvisionedType)
	return got == TriggerAction(sent)
}

// Get reads the config of a function version
// (GetProvisionedConcurrencyConfig with Qualifier). A version with no config
// gives an *APIError matching provconc.ErrProvisionedConcurrencyConfigNotFound,
// with an empty Code: SCF answers such a read with an empty list, not an
// error. The namespace comes from a *Scope in in.Extension.
func (p *Protocol) Get(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
	ctx, op := p.telemetry.Start(ctx, actionGet)
	out, err := p.get(ctx, in)
	op.End(ctx, out, err)
	return out, err
}

func (p *Protocol) get(ctx context.Context, in *provconc.GetInput) (*provconc.GetOutput, error) {
	v, err := p.versionBody(in.FunctionName, in.Qualifier, in.Extension)
	if err != nil {
		return nil, err
	}
	r, md, err := p.call(ctx, actionGet, v)
	if err != nil {
		return nil, err
	}
	free, err := unallocated(r.UnallocatedConcurrencyNum)
	if err != nil {
		return nil, invalidResponse(actionGet, md, err)
	}
	w := findVersion(r.Allocated, v.Qualifier)
	if w == nil {
		return nil, &provconc.APIError{
			Provider:   ProviderName,
			Operation:  actionGet,
			Message:    "version " + v.Qualifier + " of function " + v.FunctionName + " (namespace " + v.Namespace + ") has no provisioned concurrency config",
			StatusCode: http.StatusOK,
			RequestID:  md.RequestID,
			Attempts:   md.Attempts,
			Kind:       provconc.ErrProvisionedConcurrencyConfigNotFound,
		}
	}
	cfg, err := toConfig(v.FunctionName, v.Namespace, w, free)
	if err != nil {
		return nil, invalidResponse(actionGet, md, err)
	}
	if cfg.Qualifier == "" {
		cfg.Qualifier = v.Qualifier
	}
	return &provconc.GetOutput{Config: cfg, Metadata: md}, nil
}

// findVersion returns the entry of qualifier, or the only entry when the
// service left its Qualifier out; nil when there is none.
func findVersion(all []wireVersionConfig, qualifier string) *wireVersionConfig {
	for i := range all {
		if all[i].Qualifier == qualifier {
			return &all[i]
		}
	}
	if len(all) == 1 && all[0].Qualifier == "" {
		return &all[0]
	}
	return nil
}

// List reads the configs of every version of a function
// (GetProvisionedConcurrencyConfig without Qualifier). SCF has no paging:
// the one page holds every config and NextMarker is empty. MaxItems is
// accepted and ignored (a negative value is refused); a non-empty Marker is
// refused, since SCF never hands one out. ListOutput.Extension is a
// *ListDetails with the function's unallocated concurrency. The namespace
// comes from a *Scope in in.Extension.
func (p *Protocol) List(ctx context.Context, in *provconc.ListInput) (*provconc.ListOutput, error) {
	ctx, op := p.telemetry.Start(ctx, actionGet)
	out, err := p.list(ctx, in)
	op.End(ctx, out, err)
	return out, err
}

func (p *Protocol) list(ctx context.Context, in *provconc.ListInput) (*provconc.ListOutput, error) {
	ref, namespace, err := p.listParams(in)
	if err != nil {
		return nil, err
	}
	r, md, err := p.call(ctx, actionGet, scopedBody{FunctionName: ref.name, Namespace: namespace})
	if err != nil {
		return nil, err
	}
	free, err := unallocated(r.UnallocatedConcurrencyNum)
	if err != nil {
		return nil, invalidResponse(actionGet, md, err)
	}
	out := &provconc.ListOutput{
		Extension: &ListDetails{Namespace: namespace, UnallocatedConcurrency: free},
		Metadata:  md,
	}
	if len(r.Allocated) > 0 {
		out.Configs = make([]provconc.Config, len(r.Allocated))
	}
	for i := range r.Allocated {
		cfg, err := toConfig(ref.name, namespace, &r.Allocated[i], free)
		if err != nil {
			return nil, invalidResponse(actionGet, md, err)
		}
		out.Configs[i] = cfg
	}
	return out, nil
}

// listParams checks a List's input and returns the function and the
// namespace it names.
func (p *Protocol) listParams(in *provconc.ListInput) (functionRef, string, error) {
	ref, err := parseRef(in.FunctionName, "", false)
	if err != nil {
		return functionRef{}, "", err
	}
	if in.Marker != "" {
		return functionRef{}, "", provconc.NewInputError("Marker", in.Marker, "must be empty: Tencent SCF answers every config in one page and hands out no marker")
	}
	if in.MaxItems < 0 {
		return functionRef{}, "", provconc.NewInputError("MaxItems", strconv.Itoa(in.MaxItems), "must not be negative (SCF ignores it: every config comes in one page)")
	}
	namespace, err := p.extensionNamespace(in.Extension)
	if err != nil {
		return functionRef{}, "", err
	}
	return ref, namespace, nil
}

// Delete removes the config of a function version
// (DeleteProvisionedConcurrencyConfig). The namespace comes from a *Scope in
// in.Extension.
func (p *Protocol) Delete(ctx context.Context, in *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
	ctx, op := p.telemetry.Start(ctx, actionDelete)
	out, err := p.delete(ctx, in)
	op.End(ctx, out, err)
	return out, err
}

func (p *Protocol) delete(ctx context.Context, in *provconc.DeleteInput) (*provconc.DeleteOutput, error) {
	v, err := p.versionBody(in.FunctionName, in.Qualifier, in.Extension)
	if err != nil {
		return nil, err
	}
	_, md, err := p.call(ctx, actionDelete, v)
	if err != nil {
		return nil, err
	}
	return &provconc.DeleteOutput{Metadata: md}, nil
}

// versionBody is the body of a Get or Delete: the function version the input
// names, in the namespace its Extension picks. Both operations address one
// version the same way, so they refuse a bad input with the same error.
func (p *Protocol) versionBody(functionName, qualifier string, ext provconc.Extension) (scopedBody, error) {
	ref, err := parseRef(functionName, qualifier, true)
	if err != nil {
		return scopedBody{}, err
	}
	namespace, err := p.extensionNamespace(ext)
	if err != nil {
		return scopedBody{}, err
	}
	return scopedBody{FunctionName: ref.name, Namespace: namespace, Qualifier: ref.qualifier}, nil
}

// extensionNamespace returns the namespace of a Get, List or Delete: a
// *Scope's, else the protocol's.
func (p *Protocol) extensionNamespace(ext provconc.Extension) (string, error) {
	switch ext := ext.(type) {
	case nil:
		return p.namespace, nil
	case *Scope:
		return p.scopeNamespace(ext)
	}
	return "", foreignExtension(ext, "*tencentscf.Scope")
}

func (p *Protocol) scopeNamespace(s *Scope) (string, error) {
	if s == nil || s.Namespace == "" {
		return p.namespace, nil
	}
	if err := checkNamespace("Scope.Namespace", s.Namespace); err != nil {
		return "", err
	}
	return s.Namespace, nil
}

// foreignExtension refuses an extension of another type or provider.
func foreignExtension(ext provconc.Extension, want string) error {
	// %T, not ext.Provider(): a typed nil must not panic here.
	return provconc.NewInputError("Extension", fmt.Sprintf("%T", ext), "tencent-scf takes "+want+" here")
}
