package awslambda

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/awsproto"
	"github.com/provconc/provconc/internal/httpcall"
	"github.com/provconc/provconc/internal/redact"
)

// Wire operation names, as in the API reference and the official SDK.
const (
	opPut    = "PutProvisionedConcurrencyConfig"
	opGet    = "GetProvisionedConcurrencyConfig"
	opList   = "ListProvisionedConcurrencyConfigs"
	opDelete = "DeleteProvisionedConcurrencyConfig"
)

const maxInt32 = 1<<31 - 1

var jsonHeader = []string{"application/json"}

// newRequest builds the request of Put, Get or Delete. The function name is
// path-escaped as the official SDK does it (':' becomes %3A).
func (p *Protocol) newRequest(method, functionName, qualifier string, body []byte) httpcall.Request {
	var b strings.Builder
	b.Grow(len(p.baseURL) + len(functionName)*3 + len(qualifier)*3 + 64)
	b.WriteString(p.baseURL)
	b.WriteString("/2019-09-30/functions/")
	writeEscaped(&b, functionName)
	b.WriteString("/provisioned-concurrency?Qualifier=")
	writeEscaped(&b, qualifier)
	r := httpcall.Request{Method: method, URL: b.String(), Body: body}
	if body != nil {
		r.Header = http.Header{"Content-Type": jsonHeader}
	}
	return r
}

// newListRequest builds the request of List.
func (p *Protocol) newListRequest(functionName, marker string, maxItems int) httpcall.Request {
	var b strings.Builder
	b.Grow(len(p.baseURL) + len(functionName)*3 + len(marker)*3 + 80)
	b.WriteString(p.baseURL)
	b.WriteString("/2019-09-30/functions/")
	writeEscaped(&b, functionName)
	b.WriteString("/provisioned-concurrency?List=ALL")
	if marker != "" {
		b.WriteString("&Marker=")
		writeEscaped(&b, marker)
	}
	if maxItems > 0 {
		b.WriteString("&MaxItems=")
		b.WriteString(strconv.Itoa(maxItems))
	}
	return httpcall.Request{Method: http.MethodGet, URL: b.String()}
}

// writeEscaped percent-encodes every byte but the unreserved ones
// (A-Z a-z 0-9 - _ . ~), as the official SDK encodes path labels and query
// values.
func writeEscaped(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') ||
			c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

// putBody is {"ProvisionedConcurrentExecutions":n}, written without the
// reflection of encoding/json.
func putBody(n int) []byte {
	b := make([]byte, 0, 48)
	b = append(b, `{"ProvisionedConcurrentExecutions":`...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, '}')
}

// do sends the request and turns a non-2xx answer into an *APIError.
func (p *Protocol) do(ctx context.Context, op string, r httpcall.Request) (*httpcall.Response, error) {
	resp, err := p.httpClient.Do(ctx, r, ProviderName+" "+op)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := decodeError(op, resp)
		if resp.GiveUpReason != "" && apiErr.Retryable() {
			return nil, &provconc.RetryExhaustedError{Attempts: resp.Attempts, Reason: resp.GiveUpReason, Err: apiErr}
		}
		return nil, apiErr
	}
	return resp, nil
}

// wireConfig is a config as the service writes it; List items add
// FunctionArn.
type wireConfig struct {
	FunctionArn                              string
	RequestedProvisionedConcurrentExecutions int
	AvailableProvisionedConcurrentExecutions int
	AllocatedProvisionedConcurrentExecutions int
	Status                                   string
	StatusReason                             string
	LastModified                             string
}

// wireList is a List answer.
type wireList struct {
	ProvisionedConcurrencyConfigs []wireConfig
	NextMarker                    string
}

// callConfig sends a Put or Get and decodes the config it answers.
func (p *Protocol) callConfig(ctx context.Context, op string, r httpcall.Request, ref provconc.FunctionRef) (provconc.Config, provconc.Metadata, error) {
	resp, err := p.do(ctx, op, r)
	if err != nil {
		return provconc.Config{}, provconc.Metadata{}, err
	}
	return decodeConfig(op, resp, ref)
}

// decodeConfig decodes a Put or Get answer; the names and the ARN come from
// the caller's reference.
func decodeConfig(op string, resp *httpcall.Response, ref provconc.FunctionRef) (provconc.Config, provconc.Metadata, error) {
	md := metadata(resp)
	cfg, ok := scanConfig(resp.Body)
	if !ok {
		var err error
		if cfg, err = decodeConfigJSON(resp.Body); err != nil {
			return provconc.Config{}, md, invalidResponse(op, md, err)
		}
	}
	if err := checkCounts(&cfg); err != nil {
		return provconc.Config{}, md, invalidResponse(op, md, err)
	}
	cfg.FunctionName = ref.Name
	cfg.Qualifier = ref.Qualifier
	cfg.FunctionARN = ref.ARN()
	return cfg, md, nil
}

// decodeList decodes a List answer. Each item's qualifier comes from its
// qualified FunctionArn.
func decodeList(resp *httpcall.Response, ref provconc.FunctionRef) (*provconc.ListOutput, error) {
	md := metadata(resp)
	configs, next, ok := scanList(resp.Body)
	if !ok {
		var err error
		if configs, next, err = decodeListJSON(resp.Body); err != nil {
			return nil, invalidResponse(opList, md, err)
		}
	}
	for i := range configs {
		cfg := &configs[i]
		if err := checkCounts(cfg); err != nil {
			return nil, invalidResponse(opList, md, err)
		}
		cfg.FunctionName = ref.Name
		if listed, err := provconc.ParseFunctionRef(cfg.FunctionARN); err == nil {
			cfg.FunctionName, cfg.Qualifier = listed.Name, listed.Qualifier
		}
	}
	return &provconc.ListOutput{Configs: configs, NextMarker: next, Metadata: md}, nil
}

// decodeConfigJSON decodes a config with encoding/json, as before
// scanConfig: its fallback, which decides whatever it leaves undecided.
func decodeConfigJSON(body []byte) (provconc.Config, error) {
	var wc wireConfig
	if err := json.Unmarshal(body, &wc); err != nil {
		return provconc.Config{}, err
	}
	return toConfig(&wc)
}

// decodeListJSON decodes a List answer with encoding/json, as before
// scanList: its fallback, which decides whatever it leaves undecided. The
// configs carry their FunctionArn, not yet their names; no configs is nil,
// as from scanList.
func decodeListJSON(body []byte) ([]provconc.Config, string, error) {
	var wl wireList
	if err := json.Unmarshal(body, &wl); err != nil {
		return nil, "", err
	}
	var configs []provconc.Config
	if len(wl.ProvisionedConcurrencyConfigs) > 0 {
		configs = make([]provconc.Config, len(wl.ProvisionedConcurrencyConfigs))
	}
	for i := range wl.ProvisionedConcurrencyConfigs {
		wc := &wl.ProvisionedConcurrencyConfigs[i]
		cfg, err := toConfig(wc)
		if err != nil {
			return nil, "", err
		}
		cfg.FunctionARN = wc.FunctionArn
		configs[i] = cfg
	}
	return configs, wl.NextMarker, nil
}

// toConfig converts the shared fields of a wire config.
func toConfig(wc *wireConfig) (provconc.Config, error) {
	modified, err := ParseLastModified(wc.LastModified)
	if err != nil {
		return provconc.Config{}, err
	}
	return provconc.Config{
		Requested:    wc.RequestedProvisionedConcurrentExecutions,
		Allocated:    wc.AllocatedProvisionedConcurrentExecutions,
		Available:    wc.AvailableProvisionedConcurrentExecutions,
		Status:       provconc.Status(wc.Status),
		StatusReason: wc.StatusReason,
		LastModified: modified,
	}, nil
}

// checkCounts refuses a count outside the 32-bit integers of the
// service's model, as the official client refuses it; an int holds more on
// 64-bit platforms.
func checkCounts(cfg *provconc.Config) error {
	for _, c := range [...]struct {
		name string
		n    int
	}{
		{"RequestedProvisionedConcurrentExecutions", cfg.Requested},
		{"AvailableProvisionedConcurrentExecutions", cfg.Available},
		{"AllocatedProvisionedConcurrentExecutions", cfg.Allocated},
	} {
		if !awsproto.FitsInt32(c.n) {
			return awsproto.Int32Error(c.name, c.n)
		}
	}
	return nil
}

func metadata(resp *httpcall.Response) provconc.Metadata {
	return provconc.Metadata{RequestID: awsproto.RequestID(resp.Header), Attempts: resp.Attempts}
}

// invalidResponse wraps a decoding failure of op.
func invalidResponse(op string, md provconc.Metadata, err error) error {
	return httpcall.InvalidResponse(ProviderName+" "+op, md.RequestID, err)
}

// wireError is an error body. encoding/json matches keys without regard to
// case, so Message and message, Code and code both land.
type wireError struct {
	Type    string
	Message string
	Code    string
	TypeKey string `json:"__type"`
	Reason  string
}

// decodeError builds the *APIError of a non-2xx answer. The code comes from
// X-Amzn-ErrorType, else from the body's __type, else its code, in the order
// the official SDK looks; a body that is not JSON still yields an error kind
// from the status.
func decodeError(op string, resp *httpcall.Response) *provconc.APIError {
	var we wireError
	_ = json.Unmarshal(resp.Body, &we) // A non-JSON body leaves we empty.
	code := resp.Header.Get("X-Amzn-Errortype")
	if code == "" {
		code = we.TypeKey
	}
	if code == "" {
		code = we.Code
	}
	code = awsproto.SanitizeCode(code)
	e := &provconc.APIError{
		Provider:   ProviderName,
		Operation:  op,
		Code:       code,
		Message:    redact.Secrets(we.Message),
		Type:       we.Type,
		StatusCode: resp.StatusCode,
		RequestID:  awsproto.RequestID(resp.Header),
		RetryAfter: resp.RetryAfter(),
		Reason:     we.Reason,
		Attempts:   resp.Attempts,
	}
	if code == "" && e.Message == "" {
		// Not an answer of the service (a proxy's or load balancer's page):
		// say what came, as the status alone says little.
		e.Message = resp.Describe()
	}
	e.Kind = kindOf(code, resp.StatusCode)
	return e
}

// kindOf maps an error code onto its sentinel. A known code decides; an
// unknown one leaves the kind nil (its Code still says what happened),
// except that with no code at all the status decides for throttles, server
// failures and refused credentials.
func kindOf(code string, status int) error {
	switch code {
	case "InvalidParameterValueException", "ValidationException", "InvalidRequestContentException", "SerializationException":
		return provconc.ErrInvalidParameterValue
	case "ResourceNotFoundException":
		return provconc.ErrResourceNotFound
	case "ProvisionedConcurrencyConfigNotFoundException":
		return provconc.ErrProvisionedConcurrencyConfigNotFound
	case "ResourceConflictException", "ResourceInUseException":
		return provconc.ErrResourceConflict
	case "TooManyRequestsException", "ThrottlingException", "Throttling", "ThrottledException", "RequestLimitExceeded":
		return provconc.ErrTooManyRequests
	case "ServiceException", "InternalFailure", "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException":
		return provconc.ErrService
	case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
		"ExpiredToken", "InvalidClientTokenId", "IncompleteSignature", "MissingAuthenticationToken",
		"MissingAuthenticationTokenException", "SignatureDoesNotMatch":
		return provconc.ErrAccessDenied
	case "":
		return httpcall.KindOfStatus(status)
	}
	if awsproto.IsThrottleCode(code) {
		// Retried as a throttle (SlowDown, EC2ThrottledException...):
		// the official clients' throttle codes, whatever the status.
		return provconc.ErrTooManyRequests
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
