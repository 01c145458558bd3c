// This file holds the provider-neutral model: one Config shape and one set of
// operation inputs and outputs shared by every cloud the SDK speaks to.

package provconc

import (
	"time"
)

// Status is the state of a provisioned concurrency allocation.
type Status string

// The allocation states. AWS Lambda reports them by these names; Tencent SCF's
// InProgress, Done and Failed map onto them.
const (
	// StatusInProgress means the service is still allocating environments.
	StatusInProgress Status = "IN_PROGRESS"
	// StatusReady means the requested concurrency is allocated and available.
	StatusReady Status = "READY"
	// StatusFailed means the allocation failed; Config.StatusReason says why.
	StatusFailed Status = "FAILED"
)

// Known reports whether s is one of the documented states.
func (s Status) Known() bool {
	return s == StatusInProgress || s == StatusReady || s == StatusFailed
}

// Terminal reports whether a config in status s will change no more without a
// new Put: READY or FAILED.
func (s Status) Terminal() bool { return s == StatusReady || s == StatusFailed }

// Config is a provisioned concurrency configuration of one function version or
// alias. A field a provider does not report stays at its zero value. In JSON
// it takes the field names of the service's API documents; see MarshalJSON.
type Config struct {
	// FunctionName is the bare function name (no ARN prefix, no qualifier).
	FunctionName string
	// Qualifier is the version number or alias name the config applies to.
	Qualifier string
	// FunctionARN is the ARN of the version or alias, qualifier included,
	// when it is known: AWS List answers carry it, and Put and Get fill it in
	// when the caller named the function by its full ARN. Empty otherwise,
	// and always empty for Tencent SCF, which has no ARNs.
	FunctionARN string
	// Requested is the amount of provisioned concurrency requested.
	Requested int
	// Allocated is the amount allocated so far. On AWS it fluctuates during
	// weighted-alias deployments. Tencent SCF does not report it, so it stays
	// 0 there; use Available.
	Allocated int
	// Available is the amount ready to serve invocations now.
	Available int
	// Status is the state of the allocation.
	Status Status
	// StatusReason says why an allocation failed; empty otherwise.
	StatusReason string
	// LastModified is when the config was last updated. Tencent SCF does not
	// report it, so it is the zero time there.
	LastModified time.Time
	// Extension holds provider-specific details, such as Tencent SCF's
	// scheduled trigger actions; nil when the provider has none.
	Extension Extension
}

// Extension carries provider-specific settings or details that do not belong
// in the shared model. Each protocol package defines its own extension types
// and rejects types it does not know, so an AWS user never sees Tencent
// settings and vice versa.
type Extension interface {
	// Provider names the protocol the extension belongs to, such as
	// "aws-lambda" or "tencent-scf".
	Provider() string
}

// Metadata describes the exchange that produced a result. In JSON it is
// {"RequestId": ..., "Attempts": ...}, the service's name for the id.
type Metadata struct {
	// RequestID is the service's id for the final attempt's request.
	RequestID string `json:"RequestId,omitempty"`
	// Attempts is how many HTTP attempts the call took, retries included.
	Attempts int `json:"Attempts,omitempty"`
}

// PutInput is the input of Client.Put.
type PutInput struct {
	// FunctionName names the function in a form the protocol documents:
	// on AWS a name, name:qualifier, partial ARN or full ARN; on Tencent SCF
	// a name or name:version. Required.
	FunctionName string
	// Qualifier is the version number or alias name. It may be left empty
	// when FunctionName carries the qualifier; if both are given they must
	// agree.
	Qualifier string
	// ProvisionedConcurrentExecutions is the amount to allocate. AWS requires
	// at least 1; Tencent SCF's utilization tracking requires 0.
	ProvisionedConcurrentExecutions int
	// Extension carries provider-specific settings (for example Tencent SCF's
	// scheduled actions); nil for none.
	Extension Extension
}

// PutOutput is the result of Client.Put. The service answers while the
// allocation is still in progress; see WaitUntilReady.
type PutOutput struct {
	Config
	// Metadata describes the exchange.
	Metadata Metadata
}

// GetInput is the input of Client.Get and WaitUntilReady.
type GetInput struct {
	// FunctionName names the function in a form the protocol documents (see
	// PutInput.FunctionName). Required.
	FunctionName string
	// Qualifier is the version number or alias name; may be empty when
	// FunctionName carries it.
	Qualifier string
	// Extension carries provider-specific settings, such as a Tencent SCF
	// namespace; nil for none.
	Extension Extension
}

// GetOutput is the result of Client.Get.
type GetOutput struct {
	Config
	// Metadata describes the exchange.
	Metadata Metadata
}

// ListInput is the input of Client.List, the paginator and the iterator.
type ListInput struct {
	// FunctionName names the function, unqualified, in a form the protocol
	// documents (see PutInput.FunctionName). Required.
	FunctionName string
	// Marker is the NextMarker of a previous page; empty for the first page.
	Marker string
	// MaxItems limits the number of configs in one page: 1..50 on AWS, 0 for
	// the service default.
	MaxItems int
	// Extension carries provider-specific settings; nil for none.
	Extension Extension
}

// ListOutput is one page of configs.
type ListOutput struct {
	// Configs are the configs of this page.
	Configs []Config
	// NextMarker is the marker of the next page; empty on the last page.
	NextMarker string
	// Extension holds provider-specific details of the answer, such as
	// Tencent SCF's unallocated concurrency; nil when there are none.
	Extension Extension
	// Metadata describes the exchange.
	Metadata Metadata
}

// DeleteInput is the input of Client.Delete.
type DeleteInput struct {
	// FunctionName names the function in a form the protocol documents (see
	// PutInput.FunctionName). Required.
	FunctionName string
	// Qualifier is the version number or alias name; may be empty when
	// FunctionName carries it.
	Qualifier string
	// Extension carries provider-specific settings; nil for none.
	Extension Extension
}

// DeleteOutput is the result of Client.Delete. In JSON the exchange is
// under "ResponseMetadata", as in the other outputs.
type DeleteOutput struct {
	// Metadata describes the exchange.
	Metadata Metadata `json:"ResponseMetadata,omitzero"`
}
