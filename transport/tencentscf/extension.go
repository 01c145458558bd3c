// This file holds the SCF-only settings and details that travel in the
// Extension fields of the provider-neutral inputs and outputs: the Put
// options (namespace, scheduled actions, utilization tracking), the
// namespace scope of Get, List and Delete, and what SCF reports beyond the
// shared Config.

package tencentscf

import "github.com/provconc/provconc"

// ProviderName names this protocol in errors and extensions.
const ProviderName = "tencent-scf"

// DefaultNamespace is the namespace SCF uses when none is named.
const DefaultNamespace = "default"

// ProvisionedType is how SCF keeps the provisioned concurrency of a version
// (the ProvisionedType parameter of PutProvisionedConcurrencyConfig).
type ProvisionedType string

// The documented provisioned types.
const (
	// ProvisionedTypeDefault is static provisioned concurrency: the amount
	// is PutInput.ProvisionedConcurrentExecutions. It is what SCF does when
	// no type is sent.
	ProvisionedTypeDefault ProvisionedType = "Default"
	// ProvisionedTypeConcurrencyUtilizationTracking scales the amount
	// between MinCapacity and MaxCapacity to keep concurrency utilization at
	// TrackingTarget. PutInput.ProvisionedConcurrentExecutions must be 0.
	ProvisionedTypeConcurrencyUtilizationTracking ProvisionedType = "ConcurrencyUtilizationTracking"
)

// TriggerAction is a scheduled change of a version's provisioned
// concurrency (SCF TriggerAction).
type TriggerAction struct {
	// TriggerName names the action; unique within a Put. Required: not
	// empty or only white space, the only rule SCF documents
	// (TriggerNameRule).
	TriggerName string
	// TriggerProvisionedConcurrencyNum is the amount to provision when the
	// schedule fires; at least 1.
	TriggerProvisionedConcurrencyNum int
	// TriggerCronConfig is when the action fires: a cron expression of
	// seven space-separated fields (second minute hour day-of-month month
	// day-of-week year), such as "0 30 8 * * * *"; unique within a Put.
	// Required.
	TriggerCronConfig string
	// ProvisionedType is the type of the scheduled amount: empty or
	// ProvisionedTypeDefault, the only value SCF documents for actions. In
	// answers it is empty when SCF did not send it.
	ProvisionedType ProvisionedType `json:"ProvisionedType,omitempty"`
}

// PutParameters carries the SCF-only parameters of
// PutProvisionedConcurrencyConfig in provconc.PutInput.Extension. Every rule
// SCF documents is checked before anything is sent. A nil *PutParameters is the
// same as none.
type PutParameters struct {
	// Namespace is the function's namespace; empty for the protocol's
	// namespace (Options.Namespace, "default" unless set).
	Namespace string
	// TriggerActions are scheduled changes of the amount; nil for none.
	TriggerActions []TriggerAction
	// ProvisionedType is static (empty or ProvisionedTypeDefault, which
	// need PutInput.ProvisionedConcurrentExecutions of at least 1) or
	// ProvisionedTypeConcurrencyUtilizationTracking (which needs
	// TrackingTarget, MinCapacity and MaxCapacity, and
	// ProvisionedConcurrentExecutions 0).
	ProvisionedType ProvisionedType
	// TrackingTarget is the concurrency utilization to keep, in (0, 1) with
	// at most two decimal places, such as 0.75. Required with utilization
	// tracking; zero is not sent. A static Put may carry it too (the
	// service accepts and ignores it), within the same range.
	TrackingTarget float64
	// MinCapacity is the fewest instances to keep, at least 1. Required
	// with utilization tracking; zero is not sent.
	MinCapacity int
	// MaxCapacity is the most instances to scale to. Required with
	// utilization tracking; zero is not sent. The documents set no order
	// with MinCapacity, so none is checked.
	MaxCapacity int
}

// Provider returns ProviderName.
func (*PutParameters) Provider() string { return ProviderName }

// Scope names the namespace of a Get, List or Delete (or of a Put that needs
// no other option) in the Extension field of its input. A nil *Scope or an
// empty Namespace means the protocol's namespace.
type Scope struct {
	// Namespace is the function's namespace.
	Namespace string
}

// Provider returns ProviderName.
func (*Scope) Provider() string { return ProviderName }

// ConfigDetails is what SCF reports about a version's config beyond the
// shared model, found in provconc.Config.Extension of Put, Get and List
// results.
//
// In JSON (as the Details of a provconc.Config's "Extension") it takes SCF's
// parameter names: Namespace, TriggerActions, UnallocatedConcurrencyNum.
type ConfigDetails struct {
	// Namespace is the namespace the config was read or set in.
	Namespace string `json:"Namespace,omitempty"`
	// TriggerActions are the version's scheduled actions; nil when there
	// are none. After a Put they are the actions sent.
	TriggerActions []TriggerAction `json:"TriggerActions,omitempty"`
	// UnallocatedConcurrency is how much provisioned concurrency the
	// function can still be given over all its versions
	// (UnallocatedConcurrencyNum). It is function-wide, so every config of
	// one answer carries the same value; nil when SCF did not report it,
	// and always nil after a Put, whose answer carries nothing.
	UnallocatedConcurrency *int `json:"UnallocatedConcurrencyNum,omitempty"`
}

// Provider returns ProviderName.
func (*ConfigDetails) Provider() string { return ProviderName }

// ListDetails is what a List answer reports beyond its configs, found in
// provconc.ListOutput.Extension.
type ListDetails struct {
	// Namespace is the namespace that was listed.
	Namespace string `json:"Namespace,omitempty"`
	// UnallocatedConcurrency is how much provisioned concurrency the
	// function can still be given (UnallocatedConcurrencyNum); nil when SCF
	// did not report it.
	UnallocatedConcurrency *int `json:"UnallocatedConcurrencyNum,omitempty"`
}

// Provider returns ProviderName.
func (*ListDetails) Provider() string { return ProviderName }

// Compile-time checks that every extension type is a provconc.Extension.
var (
	_ provconc.Extension = (*PutParameters)(nil)
	_ provconc.Extension = (*Scope)(nil)
	_ provconc.Extension = (*ConfigDetails)(nil)
	_ provconc.Extension = (*ListDetails)(nil)
)
