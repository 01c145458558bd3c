// This file is the Tencent Cloud SCF half of the emulated account:
// namespaces, functions, published versions and the provisioned concurrency
// configuration of each version, with the seeding API tests use to create
// them. It lives in the Server's one state, under the same lock, clock and
// readiness rules (Options.ReadyAfter, FailNextSCFAllocation, the allocation
// hooks) as the Lambda half, but SCF functions and Lambda functions are
// separate: an SCF function lives in a namespace and has no aliases here.

package emulator

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// SCF allocation statuses, as on the wire (VersionProvisionedConcurrencyInfo
// .Status: "Done表示已完成，InProgress表示进行中，Failed表示部分或全部失败",
// tencentcloud-sdk-go scf/v20180416/models.go).
const (
	SCFStatusDone       = "Done"
	SCFStatusInProgress = "InProgress"
	SCFStatusFailed     = "Failed"
)

// SCF defaults and fixed amounts.
const (
	// DefaultSCFNamespace is the namespace every SCF account has and the one
	// used when a request or a seeding call names none.
	DefaultSCFNamespace = "default"
	// DefaultSCFFunctionConcurrencyQuota is each function's maximum
	// concurrency when SCFOptions.FunctionConcurrencyQuota is zero. The
	// value is the emulator's choice (SCF quotas are set in memory per
	// region; 1000 mirrors the Lambda side).
	DefaultSCFFunctionConcurrencyQuota = 1000
	// DefaultSCFFunctionMemory is the memory size, in MB, of a function
	// created by CreateSCFFunction: SCF's default MemorySize (CreateFunction).
	DefaultSCFFunctionMemory = 128
	// DefaultSCFMinTriggerInterval is SCFOptions.MinTriggerInterval when
	// zero. The value is the emulator's choice: SCF documents the codes,
	// not the interval.
	DefaultSCFMinTriggerInterval = time.Minute
	// SCFQuotaHeadroom is what the provisioned concurrency of a function's
	// versions must leave of its maximum concurrency quota: "there is an
	// upper limit for the sum of provisioned concurrency amounts of all
	// versions, which currently is the function's maximum concurrency quota
	// minus 100" (PutProvisionedConcurrencyConfig, seeds/004).
	SCFQuotaHeadroom = 100
)

// Provisioned types of PutProvisionedConcurrencyConfig (seeds/004).
const (
	SCFProvisionedTypeDefault             = "Default"
	SCFProvisionedTypeUtilizationTracking = "ConcurrencyUtilizationTracking"
)

var (
	// SCF function names: "2-60 characters, letters, digits, '-' and '_',
	// starting with a letter and not ending with '-' or '_'" (CreateFunction,
	// tencentcloud-sdk-go scf/v20180416 CreateFunctionRequest.FunctionName).
	scfFunctionName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$`)
	// SCF namespaces: "up to 30 characters of letters, digits, hyphens (-),
	// and underscores (_)" (InvalidParameterValue.NamespaceInvalid,
	// tencentcloud-sdk-java-intl-en ScfErrorCode).
	scfNamespaceName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,30}$`)
)

// SCFTriggerAction is a scheduled change of a version's provisioned
// concurrency (SCF TriggerAction), as stored by a Put.
type SCFTriggerAction struct {
	// TriggerName names the action, unique within the configuration.
	TriggerName string
	// TriggerProvisionedConcurrencyNum is the amount the action sets when
	// it fires, at least 1.
	TriggerProvisionedConcurrencyNum int
	// TriggerCronConfig is when it fires: a seven-field cron read in
	// UTC+8, such as "0 30 8 * * * *".
	TriggerCronConfig string
	// ProvisionedType is SCFProvisionedTypeDefault, also when the Put sent
	// none: the service echoes "Default" then.
	ProvisionedType string
}

// SCFConfig is a snapshot of one SCF version's provisioned concurrency
// configuration, as GetProvisionedConcurrencyConfig would report it now.
type SCFConfig struct {
	// Namespace is the SCF namespace, "default" when none was given.
	Namespace string
	// Function is the function name.
	Function  string
	Qualifier string // version number
	// Allocated is AllocatedProvisionedConcurrencyNum, the amount set (for
	// utilization tracking, MinCapacity).
	Allocated int
	// Available is AvailableProvisionedConcurrencyNum, the amount ready now.
	Available    int
	Status       string // SCFStatusDone, SCFStatusInProgress or SCFStatusFailed
	StatusReason string // why an allocation Failed; empty otherwise
	// ProvisionedType is SCFProvisionedTypeDefault or
	// SCFProvisionedTypeUtilizationTracking.
	ProvisionedType string
	// TrackingTarget, MinCapacity and MaxCapacity are the utilization
	// tracking settings; zero for static configurations.
	TrackingTarget float64
	// MinCapacity is the fewest instances tracking keeps; zero for static
	// configurations.
	MinCapacity int
	// MaxCapacity is the most instances tracking scales to; zero for
	// static configurations.
	MaxCapacity int
	// TriggerActions are the scheduled actions the last Put set; empty
	// for none.
	TriggerActions []SCFTriggerAction
	LastModified   time.Time // time of the last Put
}

// scfAccount is the SCF part of the emulated account. Every field and
// everything it points to is guarded by state.mu.
type scfAccount struct {
	functionQuota       int
	accountQuota        int // 0: no account-wide cap
	functionMemoryQuota int // MB; 0: no cap
	accountMemoryQuota  int // MB; 0: no cap
	minTriggerInterval  time.Duration
	hook                func(namespace, function, qualifier string, requested int) error
	namespaces          map[string]*scfNamespace
	failNext            map[scfTarget]string
}

type scfTarget struct{ namespace, function, qualifier string }

type scfNamespace struct {
	functions map[string]*scfFunction
}

type scfFunction struct {
	nextVersion int
	versions    map[string]bool
	deleted     map[string]bool   // versions published, then deleted
	status      map[string]string // version -> status, when not Active
	memory      int               // MB
	reserved    *int              // reserved concurrency; nil when none
	configs     map[string]*scfConfig
}

func newSCFFunction() *scfFunction {
	return &scfFunction{
		nextVersion: 1, versions: map[string]bool{}, deleted: map[string]bool{}, status: map[string]string{},
		memory: DefaultSCFFunctionMemory, configs: map[string]*scfConfig{},
	}
}

type scfConfig struct {
	allocated       int
	available       int
	status          string
	reason          string
	provisionedType string
	trackingTarget  float64
	minCapacity     int
	maxCapacity     int
	triggers        []SCFTriggerAction
	lastModified    time.Time
	readyAt         time.Time
	// triggersRunTo is the time up to which the trigger actions have
	// fired; see scf_schedule.go.
	triggersRunTo time.Time
	// triggersDue is the first firing after triggersRunTo, zero for none,
	// once triggersDueKnown; until then an operation reads the crons.
	triggersDue      time.Time
	triggersDueKnown bool
}

// newSCFAccount builds the SCF account from the options; lambdaHook is
// Options.AllocationHook, used when SCFOptions.AllocationHook is nil.
func newSCFAccount(opts SCFOptions, lambdaHook func(function, qualifier string, requested int) error) *scfAccount {
	quota := opts.FunctionConcurrencyQuota
	if quota <= 0 {
		quota = DefaultSCFFunctionConcurrencyQuota
	}
	hook := opts.AllocationHook
	if hook == nil && lambdaHook != nil {
		hook = func(_, function, qualifier string, requested int) error {
			return lambdaHook(function, qualifier, requested)
		}
	}
	interval := opts.MinTriggerInterval
	switch {
	case interval == 0:
		interval = DefaultSCFMinTriggerInterval
	case interval < 0:
		interval = 0
	}
	return &scfAccount{
		functionQuota:       quota,
		accountQuota:        max(0, opts.AccountProvisionedQuota),
		functionMemoryQuota: max(0, opts.FunctionProvisionedMemoryQuota),
		accountMemoryQuota:  max(0, opts.AccountProvisionedMemoryQuota),
		minTriggerInterval:  interval,
		hook:                hook,
		namespaces:          map[string]*scfNamespace{DefaultSCFNamespace: {functions: map[string]*scfFunction{}}},
		failNext:            map[scfTarget]string{},
	}
}

// scfLimit is the most provisioned concurrency a function's versions may
// hold together.
func (a *scfAccount) scfLimit() int { return max(0, a.functionQuota-SCFQuotaHeadroom) }

// scfPutRequest is a validated PutProvisionedConcurrencyConfig.
type scfPutRequest struct {
	namespace, function, qualifier string
	amount                         int // what AllocatedProvisionedConcurrencyNum reports
	provisionedType                string
	trackingTarget                 float64
	minCapacity, maxCapacity       int
	triggers                       []SCFTriggerAction
}

// lookupLocked finds a namespace and function; version, when not empty,
// must be published.
func (a *scfAccount) lookupLocked(namespace, function, version string) (*scfFunction, *scfError) {
	ns := a.namespaces[namespace]
	if ns == nil {
		return nil, errSCFNamespaceNotFound()
	}
	f := ns.functions[function]
	if f == nil {
		return nil, errSCFFunctionNotFound()
	}
	if version != "" && !f.versions[version] {
		if f.deleted[version] {
			return nil, errSCFVersionDeleted()
		}
		return nil, errSCFVersionNotFound()
	}
	return f, nil
}

// scfPut stores a configuration InProgress. A version whose allocation is
// still in progress refuses the Put (FailedOperation.ProvisionedInProgress,
// "The function version already has a provisioned concurrency setting task
// in progress. Please try again later.", seeds/004), unlike Lambda, which
// replaces the request.
func (st *state) scfPut(req scfPutRequest) *scfError {
	now := st.lock()
	defer st.unlock()
	a := st.scf
	st.scfAdvanceAllLocked(now)
	if e := checkTriggerIntervals(req.triggers, a.minTriggerInterval); e != nil {
		return e
	}
	f, e := a.lookupLocked(req.namespace, req.function, req.qualifier)
	if e != nil {
		return e
	}
	if status, ok := f.status[req.qualifier]; ok && status != SCFVersionStatusActive {
		return errSCFVersionNotActive()
	}
	c := f.configs[req.qualifier]
	if c != nil {
		st.scfAdvanceLocked(scfTarget{req.namespace, req.function, req.qualifier}, c, now)
		if c.status == SCFStatusInProgress {
			return errSCFProvisionedInProgress()
		}
	}

	limit := a.scfLimit()
	if req.provisionedType == SCFProvisionedTypeUtilizationTracking && req.maxCapacity > limit {
		return errSCFMaxCapacityLimit()
	}
	for _, t := range req.triggers {
		if t.TriggerProvisionedConcurrencyNum > limit {
			return errSCFTriggerActionLimit()
		}
	}
	others := 0
	for q, oc := range f.configs {
		if q != req.qualifier {
			others += oc.allocated
		}
	}
	if f.reserved != nil && others+req.amount > *f.reserved {
		return errSCFExceedReserved()
	}
	if others+req.amount > limit {
		return errSCFFunctionTotalLimit()
	}
	if a.functionMemoryQuota > 0 && (others+req.amount)*f.memory > a.functionMemoryQuota {
		return errSCFFunctionMemoryLimit()
	}
	if a.accountMemoryQuota > 0 {
		used := 0
		for nsName, ns := range a.namespaces {
			for fnName, g := range ns.functions {
				for q, oc := range g.configs {
					if nsName == req.namespace && fnName == req.function && q == req.qualifier {
						continue
					}
					used += oc.allocated * g.memory
				}
			}
		}
		if used+req.amount*f.memory > a.accountMemoryQuota {
			return errSCFAccountMemoryLimit()
		}
	}
	if a.accountQuota > 0 {
		total := 0
		for nsName, ns := range a.namespaces {
			for fnName, g := range ns.functions {
				for q, oc := range g.configs {
					if nsName == req.namespace && fnName == req.function && q == req.qualifier {
						continue
					}
					total += oc.allocated
				}
			}
		}
		if total+req.amount > a.accountQuota {
			return errSCFExceedAvailable()
		}
	}

	if c == nil {
		c = &scfConfig{}
		f.configs[req.qualifier] = c
	} else {
		// Guess, as on the Lambda side: capacity already warm stays
		// reported while the new amount is allocated, capped at it.
		c.available = min(c.available, req.amount)
	}
	c.allocated = req.amount
	c.status, c.reason = SCFStatusInProgress, ""
	c.provisionedType = req.provisionedType
	c.trackingTarget, c.minCapacity, c.maxCapacity = req.trackingTarget, req.minCapacity, req.maxCapacity
	c.triggers = slices.Clone(req.triggers)
	c.triggersRunTo, c.triggersDueKnown = now, false
	c.lastModified = now
	c.readyAt = now.Add(st.cfg.readyAfter)
	return nil
}

// scfView is one version's configuration as answered on the wire.
type scfView struct {
	qualifier string
	cfg       scfConfig
}

// scfGet returns the function's configurations (only the qualifier's when
// it is not empty), advanced to now and ordered by version number, and the
// provisioned concurrency the function can still be given.
func (st *state) scfGet(namespace, function, qualifier string) ([]scfView, int, *scfError) {
	now := st.lock()
	defer st.unlock()
	a := st.scf
	f, e := a.lookupLocked(namespace, function, qualifier)
	if e != nil {
		return nil, 0, e
	}
	used := 0
	views := []scfView{}
	for q, c := range f.configs {
		st.scfAdvanceLocked(scfTarget{namespace, function, q}, c, now)
		used += c.allocated
		if qualifier == "" || q == qualifier {
			views = append(views, scfView{qualifier: q, cfg: cloneSCFConfig(c)})
		}
	}
	slices.SortFunc(views, func(x, y scfView) int { return cmp.Compare(versionOrder(x.qualifier), versionOrder(y.qualifier)) })
	return views, max(0, a.scfLimit()-used), nil
}

// scfDelete removes a configuration. Deleting a version that has none
// succeeds (a guess: no error code of DeleteProvisionedConcurrencyConfig
// names a missing configuration); one still allocating is refused with
// FailedOperation.ProvisionedInProgress, which the action documents.
func (st *state) scfDelete(namespace, function, qualifier string) *scfError {
	now := st.lock()
	defer st.unlock()
	a := st.scf
	st.scfAdvanceAllLocked(now)
	f, e := a.lookupLocked(namespace, function, qualifier)
	if e != nil {
		return e
	}
	t := scfTarget{namespace, function, qualifier}
	if c := f.configs[qualifier]; c != nil {
		st.scfAdvanceLocked(t, c, now)
		if c.status == SCFStatusInProgress {
			return errSCFProvisionedInProgress()
		}
	}
	delete(f.configs, qualifier)
	delete(a.failNext, t)
	return nil
}

// scfAdvanceAllLocked completes every allocation of the account whose time
// has come (the TriggerActions that came due ran when the lock was taken).
// A Put or Delete calls it first, so that what it checks (a task in
// progress, the amounts of the other versions) is what the service would
// see.
func (st *state) scfAdvanceAllLocked(now time.Time) {
	for nsName, ns := range st.scf.namespaces {
		for fnName, f := range ns.functions {
			for q, c := range f.configs {
				st.scfAdvanceLocked(scfTarget{nsName, fnName, q}, c, now)
			}
		}
	}
}

// scfAdvanceLocked completes an allocation whose time has come.
func (st *state) scfAdvanceLocked(t scfTarget, c *scfConfig, now time.Time) {
	if c.status != SCFStatusInProgress || now.Before(c.readyAt) {
		return
	}
	a := st.scf
	reason, fail := a.failNext[t]
	if fail {
		delete(a.failNext, t)
	} else if a.hook != nil {
		if err := a.hook(t.namespace, t.function, t.qualifier, c.allocated); err != nil {
			reason, fail = err.Error(), true
		}
	}
	if fail {
		c.status, c.reason, c.available = SCFStatusFailed, reason, 0
		return
	}
	c.status, c.reason, c.available = SCFStatusDone, "", c.allocated
}

func cloneSCFConfig(c *scfConfig) scfConfig {
	out := *c
	out.triggers = slices.Clone(c.triggers)
	return out
}

// versionOrder sorts version numbers numerically.
func versionOrder(q string) uint64 {
	n, _ := strconv.ParseUint(q, 10, 64)
	return n
}

// scfNamespaceOrDefault maps "" to the default namespace.
func scfNamespaceOrDefault(ns string) string {
	if ns == "" {
		return DefaultSCFNamespace
	}
	return ns
}

// CreateSCFNamespace creates an empty SCF namespace. The "default"
// namespace always exists; CreateSCFFunction creates the namespace it names
// when needed, so this is only useful for a namespace without functions.
// Names are 1 to 30 letters, digits, '-' or '_'.
func (s *Server) CreateSCFNamespace(namespace string) error {
	if !scfNamespaceName.MatchString(namespace) {
		return fmt.Errorf("%w: SCF namespace %q", ErrInvalidName, namespace)
	}
	st := s.state
	st.lock()
	defer st.unlock()
	if st.scf.namespaces[namespace] != nil {
		return fmt.Errorf("%w: SCF namespace %q", ErrAlreadyExists, namespace)
	}
	st.scf.namespaces[namespace] = &scfNamespace{functions: map[string]*scfFunction{}}
	return nil
}

// CreateSCFFunction creates an SCF function with only $LATEST in a
// namespace ("" for "default"), creating the namespace if it does not
// exist. The name follows SCF's CreateFunction rule: 2 to 60 letters,
// digits, '-' or '_', starting with a letter and ending with a letter or
// digit.
func (s *Server) CreateSCFFunction(namespace, name string) error {
	namespace = scfNamespaceOrDefault(namespace)
	if !scfNamespaceName.MatchString(namespace) {
		return fmt.Errorf("%w: SCF namespace %q", ErrInvalidName, namespace)
	}
	if !scfFunctionName.MatchString(name) {
		return fmt.Errorf("%w: SCF function name %q", ErrInvalidName, name)
	}
	st := s.state
	st.lock()
	defer st.unlock()
	ns := st.scf.namespaces[namespace]
	if ns == nil {
		ns = &scfNamespace{functions: map[string]*scfFunction{}}
		st.scf.namespaces[namespace] = ns
	}
	if ns.functions[name] != nil {
		return fmt.Errorf("%w: SCF function %q in namespace %q", ErrAlreadyExists, name, namespace)
	}
	ns.functions[name] = newSCFFunction()
	return nil
}

// DeleteSCFFunction removes an SCF function with its versions and
// configurations.
func (s *Server) DeleteSCFFunction(namespace, name string) error {
	namespace = scfNamespaceOrDefault(namespace)
	st := s.state
	st.lock()
	defer st.unlock()
	ns, _, err := st.scf.seededFunctionLocked(namespace, name)
	if err != nil {
		return err
	}
	delete(ns.functions, name)
	for t := range st.scf.failNext {
		if t.namespace == namespace && t.function == name {
			delete(st.scf.failNext, t)
		}
	}
	return nil
}

// PublishSCFVersion publishes the next version of an SCF function and
// returns its number: "1", then "2", and so on.
func (s *Server) PublishSCFVersion(namespace, name string) (string, error) {
	namespace = scfNamespaceOrDefault(namespace)
	st := s.state
	st.lock()
	defer st.unlock()
	_, f, err := st.scf.seededFunctionLocked(namespace, name)
	if err != nil {
		return "", err
	}
	v := strconv.Itoa(f.nextVersion)
	f.nextVersion++
	f.versions[v] = true
	return v, nil
}

// seededFunctionLocked returns an SCF function and its namespace for a
// seeding method, or the ErrNotFound every seeding method reports for an
// unknown one.
func (a *scfAccount) seededFunctionLocked(namespace, name string) (*scfNamespace, *scfFunction, error) {
	ns := a.namespaces[namespace]
	if ns == nil || ns.functions[name] == nil {
		return nil, nil, fmt.Errorf("%w: SCF function %q in namespace %q", ErrNotFound, name, namespace)
	}
	return ns, ns.functions[name], nil
}

// FailNextSCFAllocation makes the next allocation that completes for this
// SCF function version end Failed with the given StatusReason. An empty
// reason defaults to "function initialization failed" (the emulator's
// wording; the service's texts vary).
func (s *Server) FailNextSCFAllocation(namespace, function, qualifier, reason string) {
	if reason == "" {
		reason = "function initialization failed"
	}
	st := s.state
	st.lock()
	defer st.unlock()
	st.scf.failNext[scfTarget{scfNamespaceOrDefault(namespace), function, qualifier}] = reason
}

// SCFProvisionedConfig returns the configuration of an SCF function
// version as GetProvisionedConcurrencyConfig would report it now, and
// whether it exists.
func (s *Server) SCFProvisionedConfig(namespace, function, qualifier string) (SCFConfig, bool) {
	namespace = scfNamespaceOrDefault(namespace)
	if qualifier == "" {
		return SCFConfig{}, false
	}
	views, _, e := s.state.scfGet(namespace, function, qualifier)
	if e != nil || len(views) == 0 {
		return SCFConfig{}, false
	}
	c := views[0].cfg
	return SCFConfig{
		Namespace: namespace, Function: function, Qualifier: qualifier,
		Allocated: c.allocated, Available: c.available,
		Status: c.status, StatusReason: c.reason,
		ProvisionedType: c.provisionedType,
		TrackingTarget:  c.trackingTarget, MinCapacity: c.minCapacity, MaxCapacity: c.maxCapacity,
		TriggerActions: c.triggers, LastModified: c.lastModified,
	}, true
}

// SCFVersionStatusActive is the status of a version that can take
// provisioned concurrency; SetSCFVersionStatus sets any other.
const SCFVersionStatusActive = "Active"

// SetSCFVersionStatus sets the status of a published SCF version, such as
// "Publishing" or "Deleting" (the emulator keeps the text as given). A Put
// on a version whose status is not SCFVersionStatusActive is refused with
// FailedOperation.FunctionVersionStatusNotActive. Versions start Active.
func (s *Server) SetSCFVersionStatus(namespace, function, version, status string) error {
	return s.updateSCFVersion(namespace, function, version, func(f *scfFunction) error {
		if status == "" || status == SCFVersionStatusActive {
			delete(f.status, version)
		} else {
			f.status[version] = status
		}
		return nil
	})
}

// DeleteSCFVersion deletes a published SCF version and its configuration.
// Requests naming it afterwards are answered ResourceNotFound.Version; a
// version never published is ResourceNotFound.FunctionVersion.
func (s *Server) DeleteSCFVersion(namespace, function, version string) error {
	return s.updateSCFVersion(namespace, function, version, func(f *scfFunction) error {
		delete(f.versions, version)
		delete(f.configs, version)
		delete(f.status, version)
		delete(s.state.scf.failNext, scfTarget{scfNamespaceOrDefault(namespace), function, version})
		f.deleted[version] = true
		return nil
	})
}

// SetSCFFunctionMemory sets an SCF function's memory size in MB (functions
// start with DefaultSCFFunctionMemory), which the memory quotas of
// SCFOptions multiply by the provisioned amounts.
func (s *Server) SetSCFFunctionMemory(namespace, function string, mb int) error {
	if mb < 1 {
		return fmt.Errorf("emulator: SCF memory size %d MB: must be at least 1", mb)
	}
	return s.updateSCFFunction(namespace, function, func(f *scfFunction) error {
		f.memory = mb
		return nil
	})
}

// SetSCFReservedConcurrency sets an SCF function's reserved concurrency
// (PutReservedConcurrencyConfig, which the emulator does not serve), or
// removes it when n is negative. The provisioned concurrency of the
// function's versions together may then not exceed it
// (FailedOperation.ProvisionedExceedReserved).
func (s *Server) SetSCFReservedConcurrency(namespace, function string, n int) error {
	return s.updateSCFFunction(namespace, function, func(f *scfFunction) error {
		if n < 0 {
			f.reserved = nil
		} else {
			f.reserved = &n
		}
		return nil
	})
}

// updateSCFFunction runs change on a seeded SCF function under the state's
// lock: the shape of every seeding call that changes one function.
func (s *Server) updateSCFFunction(namespace, function string, change func(f *scfFunction) error) error {
	namespace = scfNamespaceOrDefault(namespace)
	st := s.state
	st.lock()
	defer st.unlock()
	_, f, err := st.scf.seededFunctionLocked(namespace, function)
	if err != nil {
		return err
	}
	return change(f)
}

// updateSCFVersion is updateSCFFunction for a published version of it.
func (s *Server) updateSCFVersion(namespace, function, version string, change func(f *scfFunction) error) error {
	return s.updateSCFFunction(namespace, function, func(f *scfFunction) error {
		if !f.versions[version] {
			return fmt.Errorf("%w: SCF version %q of function %q in namespace %q", ErrNotFound, version, function, scfNamespaceOrDefault(namespace))
		}
		return change(f)
	})
}
