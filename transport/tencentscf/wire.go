// This file is the wire format of the three SCF actions: the JSON bodies
// sent, the one request shape every action shares (POST / with X-TC-*
// headers), and the decoding of the {"Response": {...}} envelope, errors
// included.

package tencentscf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/httpcall"
	"github.com/provconc/provconc/internal/redact"
)

// Wire action names and the API version.
const (
	actionPut    = "PutProvisionedConcurrencyConfig"
	actionGet    = "GetProvisionedConcurrencyConfig"
	actionDelete = "DeleteProvisionedConcurrencyConfig"
	apiVersion   = "2018-04-16"
)

// Status values of SCF's VersionProvisionedConcurrencyInfo.
const (
	statusDone       = "Done"
	statusInProgress = "InProgress"
	statusFailed     = "Failed"
)

// putBody is PutProvisionedConcurrencyConfig's parameters, in the order of
// the official model. VersionProvisionedConcurrencyNum is always sent: it
// is required, and 0 with utilization tracking.
type putBody struct {
	FunctionName                     string              `json:"FunctionName"`
	Qualifier                        string              `json:"Qualifier"`
	VersionProvisionedConcurrencyNum int                 `json:"VersionProvisionedConcurrencyNum"`
	Namespace                        string              `json:"Namespace"`
	TriggerActions                   []wireTriggerAction `json:"TriggerActions,omitempty"`
	ProvisionedType                  ProvisionedType     `json:"ProvisionedType,omitempty"`
	TrackingTarget                   float64             `json:"TrackingTarget,omitempty"`
	MinCapacity                      int                 `json:"MinCapacity,omitempty"`
	MaxCapacity                      int                 `json:"MaxCapacity,omitempty"`
}

// tracking reports a Put with utilization tracking, whose settings a Get
// does not show.
func (b *putBody) tracking() bool {
	return b.ProvisionedType == ProvisionedTypeConcurrencyUtilizationTracking || b.TrackingTarget != 0 || b.MinCapacity != 0 || b.MaxCapacity != 0
}

// wireTriggerAction is a TriggerAction as sent.
type wireTriggerAction struct {
	TriggerName                      string          `json:"TriggerName"`
	TriggerProvisionedConcurrencyNum int             `json:"TriggerProvisionedConcurrencyNum"`
	TriggerCronConfig                string          `json:"TriggerCronConfig"`
	ProvisionedType                  ProvisionedType `json:"ProvisionedType,omitempty"`
}

// scopedBody is the parameters of GetProvisionedConcurrencyConfig (Qualifier
// omitted to read every version) and DeleteProvisionedConcurrencyConfig.
// The keys are in alphabetical order, as the official common client writes
// a map, so the same call signs to the same bytes.
type scopedBody struct {
	FunctionName string `json:"FunctionName"`
	Namespace    string `json:"Namespace"`
	Qualifier    string `json:"Qualifier,omitempty"`
}

// envelope is every answer: {"Response": {...}}.
type envelope struct {
	Response *wireResponse `json:"Response"`
}

// wireResponse holds the fields of every action's answer; an action's
// answer leaves the others empty. Types follow tencentcloud-sdk-go's
// GetProvisionedConcurrencyConfigResponseParams.
type wireResponse struct {
	Error                     *wireError          `json:"Error"`
	RequestID                 string              `json:"RequestId"`
	UnallocatedConcurrencyNum *uint64             `json:"UnallocatedConcurrencyNum"`
	Allocated                 []wireVersionConfig `json:"Allocated"`
}

type wireError struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

// wireVersionConfig is VersionProvisionedConcurrencyInfo.
type wireVersionConfig struct {
	AllocatedProvisionedConcurrencyNum *uint64                 `json:"AllocatedProvisionedConcurrencyNum"`
	AvailableProvisionedConcurrencyNum *uint64                 `json:"AvailableProvisionedConcurrencyNum"`
	Status                             string                  `json:"Status"`
	StatusReason                       string                  `json:"StatusReason"`
	Qualifier                          string                  `json:"Qualifier"`
	TriggerActions                     []wireTriggerActionRead `json:"TriggerActions"`
}

// wireTriggerActionRead is a TriggerAction as answered; every field may be
// null.
type wireTriggerActionRead struct {
	TriggerName                      string  `json:"TriggerName"`
	TriggerProvisionedConcurrencyNum *uint64 `json:"TriggerProvisionedConcurrencyNum"`
	TriggerCronConfig                string  `json:"TriggerCronConfig"`
	ProvisionedType                  string  `json:"ProvisionedType"`
}

var jsonContentType = []string{"application/json"}

// call sends one action and returns its decoded answer. Every failure comes
// back as an error: an SCF error in the body (whatever the status), a
// non-200 status, or a 200 that is not an answer of the API.
func (p *Protocol) call(ctx context.Context, action string, params any) (*wireResponse, provconc.Metadata, error) {
	r, md, _, err := p.exchange(ctx, action, params)
	return r, md, err
}

// exchange is call, also returning the answer as read (nil when none was).
func (p *Protocol) exchange(ctx context.Context, action string, params any) (*wireResponse, provconc.Metadata, *httpcall.Response, error) {
	body, err := json.Marshal(params)
	if err != nil {
		return nil, provconc.Metadata{}, nil, fmt.Errorf("provconc: %s %s: encoding request: %w", ProviderName, action, err)
	}
	req := httpcall.Request{Method: http.MethodPost, URL: p.postURL, Header: p.headers[action], Body: body}
	resp, err := p.httpClient.Do(ctx, req, ProviderName+" "+action)
	if err != nil {
		return nil, provconc.Metadata{}, resp, err
	}
	md := provconc.Metadata{Attempts: resp.Attempts}
	env, scanned := scanEnvelope(resp.Body)
	var decodeErr error
	if !scanned {
		decodeErr = json.Unmarshal(resp.Body, &env)
	}
	// After a field of the wrong type encoding/json has still filled the
	// others, so the service's error and request id are read as the
	// official client reads an error answer (Error and RequestId alone);
	// after a syntax error nothing was filled.
	if (decodeErr == nil || wrongType(decodeErr)) && env.Response != nil {
		md.RequestID = env.Response.RequestID
		if e := env.Response.Error; e != nil && (e.Code != "" || e.Message != "") {
			return nil, md, resp, p.apiError(action, resp, env.Response)
		}
	}
	if resp.StatusCode != http.StatusOK {
		return nil, md, resp, p.statusError(action, resp, md.RequestID)
	}
	switch {
	case decodeErr != nil:
		return nil, md, resp, invalidResponse(action, md, decodeErr)
	case env.Response == nil:
		return nil, md, resp, invalidResponse(action, md, errors.New(`no "Response" object`))
	case env.Response.RequestID == "":
		return nil, md, resp, invalidResponse(action, md, errors.New(`"Response" has neither "Error" nor "RequestId"`))
	}
	return env.Response, md, resp, nil
}

// apiError builds the error of an answer carrying Response.Error, wrapped in
// a *provconc.RetryExhaustedError when retries ended on it.
func (p *Protocol) apiError(action string, resp *httpcall.Response, r *wireResponse) error {
	e := &provconc.APIError{
		Provider:   ProviderName,
		Operation:  action,
		Code:       r.Error.Code,
		Message:    redact.Secrets(r.Error.Message),
		StatusCode: resp.StatusCode,
		RequestID:  r.RequestID,
		RetryAfter: resp.RetryAfter(),
		Attempts:   resp.Attempts,
		Kind:       KindOf(r.Error.Code),
	}
	if e.Kind == nil {
		e.Kind = httpcall.KindOfStatus(resp.StatusCode)
	}
	return exhausted(e, resp)
}

// statusError builds the error of a non-200 answer that carries no SCF
// error, such as a gateway's 502 page.
func (p *Protocol) statusError(action string, resp *httpcall.Response, requestID string) error {
	e := &provconc.APIError{
		Provider:   ProviderName,
		Operation:  action,
		Message:    resp.Describe(),
		StatusCode: resp.StatusCode,
		RequestID:  requestID,
		RetryAfter: resp.RetryAfter(),
		Attempts:   resp.Attempts,
		Kind:       httpcall.KindOfStatus(resp.StatusCode),
	}
	return exhausted(e, resp)
}

// exhausted wraps e in a *provconc.RetryExhaustedError when the retry
// transport gave up on an answer that was still worth retrying.
func exhausted(e *provconc.APIError, resp *httpcall.Response) error {
	if resp.GiveUpReason != "" && e.Retryable() {
		return &provconc.RetryExhaustedError{Attempts: resp.Attempts, Reason: resp.GiveUpReason, Err: e}
	}
	return e
}

// invalidResponse wraps a decoding failure of action.
func invalidResponse(action string, md provconc.Metadata, err error) error {
	return httpcall.InvalidResponse(ProviderName+" "+action, md.RequestID, err)
}

// toConfig converts one version's config. Requested is the amount set
// (AllocatedProvisionedConcurrencyNum: SCF's "allocated" is the amount
// configured, not an amount allocated so far) and Available the amount
// ready now. Config.Allocated stays 0: SCF reports no allocated-so-far
// figure. An unknown Status is kept as sent.
func toConfig(name, namespace string, w *wireVersionConfig, unallocated *int) (provconc.Config, error) {
	requested, err := toInt("AllocatedProvisionedConcurrencyNum", w.AllocatedProvisionedConcurrencyNum)
	if err != nil {
		return provconc.Config{}, err
	}
	available, err := toInt("AvailableProvisionedConcurrencyNum", w.AvailableProvisionedConcurrencyNum)
	if err != nil {
		return provconc.Config{}, err
	}
	details := &ConfigDetails{Namespace: namespace, UnallocatedConcurrency: unallocated}
	if len(w.TriggerActions) > 0 {
		details.TriggerActions = make([]TriggerAction, len(w.TriggerActions))
		for i, a := range w.TriggerActions {
			n, err := toInt("TriggerProvisionedConcurrencyNum", a.TriggerProvisionedConcurrencyNum)
			if err != nil {
				return provconc.Config{}, err
			}
			details.TriggerActions[i] = TriggerAction{
				TriggerName:                      a.TriggerName,
				TriggerProvisionedConcurrencyNum: n,
				TriggerCronConfig:                a.TriggerCronConfig,
				ProvisionedType:                  ProvisionedType(a.ProvisionedType),
			}
		}
	}
	return provconc.Config{
		FunctionName: name,
		Qualifier:    w.Qualifier,
		Requested:    requested,
		Available:    available,
		Status:       toStatus(w.Status),
		StatusReason: w.StatusReason,
		Extension:    details,
	}, nil
}

// toStatus maps SCF's task status onto the shared one.
func toStatus(s string) provconc.Status {
	switch s {
	case statusDone:
		return provconc.StatusReady
	case statusInProgress:
		return provconc.StatusInProgress
	case statusFailed:
		return provconc.StatusFailed
	}
	return provconc.Status(s)
}

// toInt converts an optional count; absent is 0.
func toInt(field string, v *uint64) (int, error) {
	if v == nil {
		return 0, nil
	}
	if *v > math.MaxInt {
		return 0, fmt.Errorf("%s %d is out of range", field, *v)
	}
	return int(*v), nil
}

// unallocated converts UnallocatedConcurrencyNum, keeping "not reported"
// apart from 0.
func unallocated(v *uint64) (*int, error) {
	if v == nil {
		return nil, nil
	}
	n, err := toInt("UnallocatedConcurrencyNum", v)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// wrongType says whether a decoding error is a field of the wrong type, after
// which encoding/json has filled the other fields. A function of its own so
// that the success path, which never calls it, allocates no error target.
func wrongType(err error) bool {
	var typeErr *json.UnmarshalTypeError
	return errors.As(err, &typeErr)
}
