// This file is the Tencent Cloud SCF protocol (API 3.0, version
// 2018-04-16): it recognises a request in any documented form (see
// scf_request.go), authenticates it (TC3-HMAC-SHA256, HmacSHA1 or
// HmacSHA256, when SCFOptions.Credentials is set), applies the shared
// throttling and injected faults, and answers PutProvisionedConcurrencyConfig,
// GetProvisionedConcurrencyConfig and DeleteProvisionedConcurrencyConfig.
// Every answer of the API is HTTP 200 with {"Response": {..., "RequestId"}};
// a failure carries Response.Error {Code, Message}. The response model is
// tencentcloud-sdk-go scf/v20180416/models.go
// (GetProvisionedConcurrencyConfigResponseParams,
// VersionProvisionedConcurrencyInfo, TriggerAction).

package emulator

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// SCFAPIVersion is the only API version the SCF protocol serves.
const SCFAPIVersion = "2018-04-16"

// scfDocumentedRate is the documented rate limit of the three actions ("A
// maximum of 20 requests can be initiated per second for this API",
// seeds/004); the throttle message quotes it when no bucket rate is set.
const scfDocumentedRate = 20

// SCF action names.
const (
	scfActionPut    = "PutProvisionedConcurrencyConfig"
	scfActionGet    = "GetProvisionedConcurrencyConfig"
	scfActionDelete = "DeleteProvisionedConcurrencyConfig"
)

// SCFOptions configures the Tencent Cloud SCF protocol. The zero value is
// usable: no signature check, a quota of DefaultSCFFunctionConcurrencyQuota
// per function and no account-wide cap.
type SCFOptions struct {
	// Credentials, when set, makes the emulator verify the signature of
	// every SCF request (TC3-HMAC-SHA256, or v1 HmacSHA1/HmacSHA256) against
	// this key pair (and token). Options.MaxClockSkew also bounds
	// X-TC-Timestamp and the v1 Timestamp parameter.
	Credentials *SCFCredentials

	// FunctionConcurrencyQuota is every function's maximum concurrency
	// quota (default DefaultSCFFunctionConcurrencyQuota). The provisioned
	// concurrency of a function's versions together may not exceed it
	// minus SCFQuotaHeadroom (LimitExceeded.FunctionTotalProvisionedConcurrencyNum);
	// what is left is UnallocatedConcurrencyNum.
	FunctionConcurrencyQuota int
	// AccountProvisionedQuota, when positive, caps the provisioned
	// concurrency of every SCF function of the account together
	// (FailedOperation.ProvisionedExceedAvailable). Zero means no cap.
	AccountProvisionedQuota int

	// FunctionProvisionedMemoryQuota, when positive, caps in MB the memory
	// of one function's provisioned concurrency: the amounts of its versions
	// together times the function's memory size (SetSCFFunctionMemory)
	// (LimitExceeded.FunctionTotalProvisionedConcurrencyMemory). Zero means
	// no cap.
	FunctionProvisionedMemoryQuota int
	// AccountProvisionedMemoryQuota, when positive, caps in MB the memory
	// of the provisioned concurrency of every SCF function of the account
	// together (LimitExceeded.FunctionProvisionedConcurrencyMemory). Zero
	// means no cap. Which of the two memory codes is the per-function one is
	// the emulator's reading of their names (the ...Total...Num code is per
	// function).
	AccountProvisionedMemoryQuota int
	// MinTriggerInterval is the shortest interval allowed between two
	// firings of the scheduled actions of one Put: one action firing more
	// often is InvalidParameterValue.TriggerCronConfigTimeInterval, two
	// actions firing closer together LimitExceeded.ProvisionTriggerInterval
	// (default DefaultSCFMinTriggerInterval; negative disables the check).
	MinTriggerInterval time.Duration

	// AllocationHook, when set, decides the outcome of every SCF allocation
	// that completes, like Options.AllocationHook (which SCF allocations use,
	// with the bare function name, when this is nil). It runs under the
	// emulator's lock and must not call back into the Server.
	AllocationHook func(namespace, function, qualifier string, requested int) error
}

// scfProtocol serves the SCF actions.
type scfProtocol struct {
	s *Server

	// Requests seen in the current second of the emulator's clock, for the
	// throttle message.
	mu     sync.Mutex
	second int64
	count  int
}

// match takes an SCF request in any documented form (see isSCFRequest),
// whatever its path, so a client whose endpoint has a base path reaches it
// too.
func (p *scfProtocol) match(r *http.Request) bool { return isSCFRequest(r) }

func (p *scfProtocol) serve(x *exchange) {
	action, e := p.readSCFRequest(x)
	if e != nil {
		x.writeSCFError(e)
		return
	}
	times := p.tick()
	switch adm := x.admit(); {
	case adm.throttled:
		// Throttling is an answer of the API: HTTP 200, code in the body.
		// The count quoted is at least one over the limit, as the
		// service's sliding window would have it.
		limit := p.s.faults.rate()
		if limit <= 0 {
			limit = scfDocumentedRate
		}
		x.writeSCFError(errSCFRequestLimit(max(times, int(limit)+1), formatRate(limit)))
		return
	case adm.serverError == http.StatusInternalServerError:
		x.writeSCFError(errSCFInternal())
		return
	case adm.serverError == http.StatusServiceUnavailable:
		x.writeGatewayUnavailable()
		return
	}
	if e := p.s.faults.takeSCF(action); e != nil {
		x.writeSCFError(e)
		return
	}
	switch action {
	case scfActionPut:
		e = p.put(x)
	case scfActionGet:
		e = p.get(x)
	case scfActionDelete:
		e = p.delete(x)
	}
	if e != nil {
		x.writeSCFError(e)
	}
}

// tick counts a request in the current second and returns the count.
func (p *scfProtocol) tick() int {
	sec := p.s.now().Unix()
	p.mu.Lock()
	defer p.mu.Unlock()
	if sec != p.second {
		p.second, p.count = sec, 0
	}
	p.count++
	return p.count
}

func (p *scfProtocol) put(x *exchange) *scfError {
	req, e := parseSCFPut(x.params)
	if e != nil {
		return e
	}
	if e := p.s.state.scfPut(req); e != nil {
		return e
	}
	x.writeSCF(scfRequestIDOnly{RequestID: x.id})
	return nil
}

func (p *scfProtocol) get(x *exchange) *scfError {
	sc, e := parseSCFGet(x.params)
	if e != nil {
		return e
	}
	views, unallocated, e := p.s.state.scfGet(sc.namespace, sc.function, sc.qualifier)
	if e != nil {
		return e
	}
	out := scfGetResponse{UnallocatedConcurrencyNum: unallocated, Allocated: make([]scfVersionInfo, 0, len(views)), RequestID: x.id}
	for _, v := range views {
		info := scfVersionInfo{
			AllocatedProvisionedConcurrencyNum: v.cfg.allocated,
			AvailableProvisionedConcurrencyNum: v.cfg.available,
			Status:                             v.cfg.status,
			StatusReason:                       v.cfg.reason,
			Qualifier:                          v.qualifier,
			TriggerActions:                     make([]scfTriggerJSON, 0, len(v.cfg.triggers)),
		}
		for _, t := range v.cfg.triggers {
			info.TriggerActions = append(info.TriggerActions, scfTriggerJSON(t))
		}
		out.Allocated = append(out.Allocated, info)
	}
	x.writeSCF(out)
	return nil
}

func (p *scfProtocol) delete(x *exchange) *scfError {
	sc, e := parseSCFDelete(x.params)
	if e != nil {
		return e
	}
	if e := p.s.state.scfDelete(sc.namespace, sc.function, sc.qualifier); e != nil {
		return e
	}
	x.writeSCF(scfRequestIDOnly{RequestID: x.id})
	return nil
}

// Answers on the wire, keys in the order of the official model.

type scfRequestIDOnly struct {
	RequestID string `json:"RequestId"`
}

type scfGetResponse struct {
	UnallocatedConcurrencyNum int              `json:"UnallocatedConcurrencyNum"`
	Allocated                 []scfVersionInfo `json:"Allocated"`
	RequestID                 string           `json:"RequestId"`
}

// scfVersionInfo is VersionProvisionedConcurrencyInfo. TriggerActions is
// an empty list when the version has none (the model allows null too).
type scfVersionInfo struct {
	AllocatedProvisionedConcurrencyNum int              `json:"AllocatedProvisionedConcurrencyNum"`
	AvailableProvisionedConcurrencyNum int              `json:"AvailableProvisionedConcurrencyNum"`
	Status                             string           `json:"Status"`
	StatusReason                       string           `json:"StatusReason"`
	Qualifier                          string           `json:"Qualifier"`
	TriggerActions                     []scfTriggerJSON `json:"TriggerActions"`
}

// scfTriggerJSON is TriggerAction. The model allows a null ProvisionedType
// ("此字段可能返回 null"); the service answers "Default" for an action
// sent without one, and so does the emulator.
type scfTriggerJSON struct {
	TriggerName                      string `json:"TriggerName"`
	TriggerProvisionedConcurrencyNum int    `json:"TriggerProvisionedConcurrencyNum"`
	TriggerCronConfig                string `json:"TriggerCronConfig"`
	ProvisionedType                  string `json:"ProvisionedType"`
}

type scfErrorResponse struct {
	Error     scfErrorBody `json:"Error"`
	RequestID string       `json:"RequestId"`
}

type scfErrorBody struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

// writeSCF writes {"Response": v} with HTTP 200.
func (x *exchange) writeSCF(v any) {
	b, _ := json.Marshal(struct {
		Response any `json:"Response"`
	}{v})
	x.w.Header().Set("Content-Type", "application/json")
	x.w.WriteHeader(http.StatusOK)
	_, _ = x.w.Write(b)
}

// writeSCFError writes an error answer of the API: HTTP 200 and
// Response.Error.
func (x *exchange) writeSCFError(e *scfError) {
	x.writeSCF(scfErrorResponse{Error: scfErrorBody{Code: e.code, Message: e.message}, RequestID: x.id})
}

// gatewayUnavailablePage is what an injected 503 answers on the SCF side:
// not an answer of the API but of a proxy in front of it, as a client meets
// one in the wild (the page is the emulator's own, modelled on a default
// proxy error page).
const gatewayUnavailablePage = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n" +
	"<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n"

func (x *exchange) writeGatewayUnavailable() {
	x.w.Header().Set("Content-Type", "text/html")
	x.w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = x.w.Write([]byte(gatewayUnavailablePage))
}

// firstHeader returns the first value of a header, found whatever the
// spelling of its key.
func firstHeader(r *http.Request, name string) string {
	if v := headerValues(r.Header, name); len(v) > 0 {
		return v[0]
	}
	return ""
}

// rate returns the token bucket's refill rate (0 when throttling is off).
func (fi *faultInjector) rate() float64 {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.cfg.RatePerSecond
}
