package emulator

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Allocation statuses, as on the wire.
const (
	StatusInProgress = "IN_PROGRESS"
	StatusReady      = "READY"
	StatusFailed     = "FAILED"
)

// DefaultReadyAfter is how long an allocation stays IN_PROGRESS when
// Options.ReadyAfter is zero: long enough that a Put followed at once by a
// Get reads IN_PROGRESS with nothing allocated yet, as on AWS, and short
// enough for a demo on the real clock. Tests on a fake clock advance past it.
const DefaultReadyAfter = 3 * time.Second

// latest is the unpublished version.
const latest = "$LATEST"

// Errors returned by the seeding methods; test them with errors.Is.
var (
	// ErrInvalidName reports a function, alias or version name the service
	// would not accept.
	ErrInvalidName = errors.New("emulator: invalid name")
	// ErrNotFound reports an unknown function, version or alias.
	ErrNotFound = errors.New("emulator: not found")
	// ErrAlreadyExists reports a function or alias created twice.
	ErrAlreadyExists = errors.New("emulator: already exists")
	// ErrConflict reports a seeding change the service would refuse.
	ErrConflict = errors.New("emulator: conflict")
)

var (
	// Function names accepted by CreateFunction (Lambda's CreateFunction rule).
	seedFunctionName = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)
	// Alias names: letters, digits, '-' and '_', not all digits, at most 128.
	seedAliasName = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,128}$`)
	versionNumber = regexp.MustCompile(`^[0-9]+$`)
)

// isVersion reports whether a qualifier names a version rather than an alias.
func isVersion(q string) bool { return versionNumber.MatchString(q) }

// Config is a snapshot of one provisioned concurrency configuration, as the
// emulator would report it now.
type Config struct {
	Function     string    // function name
	Qualifier    string    // version number or alias name
	Requested    int       // RequestedProvisionedConcurrentExecutions
	Allocated    int       // AllocatedProvisionedConcurrentExecutions
	Available    int       // AvailableProvisionedConcurrentExecutions
	Status       string    // StatusInProgress, StatusReady or StatusFailed
	StatusReason string    // why an allocation FAILED; empty otherwise
	LastModified time.Time // time of the last Put
}

// stateConfig is the part of Options the state uses.
type stateConfig struct {
	// now is the clock, read under the state's lock: an operation's time
	// is then never earlier than that of one already applied.
	now                func() time.Time
	readyAfter         time.Duration
	accountConcurrency int
	unreservedMinimum  int
	hook               func(function, qualifier string, requested int) error
}

// state is the emulated account: functions, versions, aliases and
// provisioned concurrency configurations. It knows no wire protocol: its
// errors are stateError values that each protocol renders in its own words.
type state struct {
	cfg stateConfig

	mu        sync.Mutex
	functions map[string]*function
	seq       uint64
	failNext  map[target]string
	scf       *scfAccount // the Tencent SCF half, see scf_state.go
	aas       *aasAccount // Application Auto Scaling, see aas_state.go
}

type target struct{ function, qualifier string }

type function struct {
	name        string
	nextVersion int
	versions    map[string]bool
	aliases     map[string]string // alias -> version (possibly $LATEST)
	configs     map[string]*pcConfig
	// reserved is the function's reserved concurrency
	// (PutFunctionConcurrency); nil when it has none.
	reserved *int
}

type pcConfig struct {
	requested    int
	allocated    int
	available    int
	status       string
	reason       string
	lastModified time.Time
	readyAt      time.Time
	seq          uint64 // creation order, for listing and markers
}

func newState(cfg stateConfig) *state {
	switch {
	case cfg.readyAfter == 0:
		cfg.readyAfter = DefaultReadyAfter
	case cfg.readyAfter < 0:
		cfg.readyAfter = 0
	}
	return &state{cfg: cfg, functions: map[string]*function{}, failNext: map[target]string{}, aas: newAASAccount()}
}

// lock takes the state's lock for one operation, a request of any protocol
// or a call of the Go API, and first runs what came due since the last
// one: Application Auto Scaling's scheduled actions (then target tracking)
// and SCF TriggerActions, each at the time it fired, as the services ran
// them then. It is the only place the lock is taken, so no operation sees
// the state from before a due action, whatever it reads or changes, and
// none has to remember to catch up. It returns the operation's time, read
// under the lock; release with unlock.
func (st *state) lock() time.Time {
	st.mu.Lock()
	now := st.cfg.now()
	st.runSchedulesLocked(now)
	st.scfRunTriggersLocked(now)
	return now
}

// unlock releases the lock taken by lock.
func (st *state) unlock() { st.mu.Unlock() }

// errKind classifies a state error, independently of any wire protocol.
type errKind int

const (
	kindFunctionNotFound errKind = iota + 1
	kindVersionNotFound
	kindAliasNotFound
	kindConfigNotFound
	kindUnpublished        // alias pointing to $LATEST
	kindAliasOnProvisioned // alias whose version has its own config
	kindVersionPointedByPC // version behind an alias that has a config
	kindExceedsUnreserved  // request larger than the account's concurrency
	kindBelowMinimum       // request would leave less than the minimum
	kindOverReserved       // provisioned beyond the function's reserved concurrency
	kindReservedBelowMin   // reserved concurrency would leave less than the minimum
	kindReservedUnderPC    // reserved concurrency below the provisioned concurrency
)

// stateError is an error of the emulated service.
type stateError struct {
	kind        errKind
	function    string
	qualifier   string
	limit       int // kindExceedsUnreserved: the account's concurrency
	minimum     int // kindBelowMinimum, kindReservedBelowMin
	provisioned int // kindReservedUnderPC
}

func (e *stateError) Error() string {
	return fmt.Sprintf("emulator state error %d on %s:%s", e.kind, e.function, e.qualifier)
}

// configView is a configuration as answered on the wire.
type configView struct {
	qualifier    string
	requested    int
	allocated    int
	available    int
	status       string
	reason       string
	lastModified time.Time
	seq          uint64
}

func (c *pcConfig) view(q string) configView {
	return configView{
		qualifier: q, requested: c.requested, allocated: c.allocated, available: c.available,
		status: c.status, reason: c.reason, lastModified: c.lastModified, seq: c.seq,
	}
}

// resolveLocked checks that the qualifier exists. A numeric qualifier is a
// version, anything else an alias; an unknown function reports the missing
// version or alias, as AWS does (AWS snapshot, test_provisioned_concurrency_exceptions).
func (st *state) resolveLocked(fn, q string) (*function, error) {
	f := st.functions[fn]
	if isVersion(q) {
		if f == nil || !f.versions[q] {
			return nil, &stateError{kind: kindVersionNotFound, function: fn, qualifier: q}
		}
		return f, nil
	}
	if f == nil {
		return nil, &stateError{kind: kindAliasNotFound, function: fn, qualifier: q}
	}
	if _, ok := f.aliases[q]; !ok {
		return nil, &stateError{kind: kindAliasNotFound, function: fn, qualifier: q}
	}
	return f, nil
}

// put stores a configuration IN_PROGRESS and returns it as answered by Put.
func (st *state) put(fn, q string, n int) (configView, error) {
	now := st.lock()
	defer st.unlock()
	return st.putLocked(fn, q, n, now)
}

// putLocked is put at time now, under the lock; scheduled actions call it
// with the time they fired.
func (st *state) putLocked(fn, q string, n int, now time.Time) (configView, error) {
	f, err := st.resolveLocked(fn, q)
	if err != nil {
		return configView{}, err
	}
	version := q
	if !isVersion(q) {
		version = f.aliases[q]
		if version == latest {
			return configView{}, &stateError{kind: kindUnpublished, function: fn, qualifier: q}
		}
	}

	// Provisioned concurrency is carved out of the function's reserved
	// concurrency when it has some (a re-Put replaces its own old value),
	// and out of the account's unreserved pool otherwise.
	if f.reserved != nil {
		others := 0
		for qq, c := range f.configs {
			if qq != q {
				others += c.requested
			}
		}
		if others+n > *f.reserved {
			return configView{}, &stateError{kind: kindOverReserved, function: fn, qualifier: q}
		}
	}
	if n > st.cfg.accountConcurrency {
		return configView{}, &stateError{kind: kindExceedsUnreserved, function: fn, qualifier: q, limit: st.cfg.accountConcurrency}
	}
	if f.reserved == nil && st.unreservedLocked(fn, q)-n < st.cfg.unreservedMinimum {
		return configView{}, &stateError{kind: kindBelowMinimum, function: fn, qualifier: q, minimum: st.cfg.unreservedMinimum}
	}

	// Alias and version exclusivity.
	if q != version {
		if f.configs[version] != nil {
			return configView{}, &stateError{kind: kindAliasOnProvisioned, function: fn, qualifier: q}
		}
	} else {
		for alias, v := range f.aliases {
			if v == q && f.configs[alias] != nil {
				return configView{}, &stateError{kind: kindVersionPointedByPC, function: fn, qualifier: q}
			}
		}
	}

	c := f.configs[q]
	if c == nil {
		st.seq++
		c = &pcConfig{seq: st.seq}
		f.configs[q] = c
	} else {
		// Guess: capacity that is already warm stays reported while the new
		// request is being allocated, capped at the new request.
		c.allocated = min(c.allocated, n)
		c.available = min(c.available, n)
	}
	c.requested = n
	c.status = StatusInProgress
	c.reason = ""
	c.lastModified = now
	c.readyAt = now.Add(st.cfg.readyAfter)
	return c.view(q), nil
}

// get returns one configuration, advanced to now.
func (st *state) get(fn, q string) (configView, error) {
	now := st.lock()
	defer st.unlock()
	f, err := st.resolveLocked(fn, q)
	if err != nil {
		return configView{}, err
	}
	c := f.configs[q]
	if c == nil {
		return configView{}, &stateError{kind: kindConfigNotFound, function: fn, qualifier: q}
	}
	st.advanceLocked(fn, q, c, now)
	return c.view(q), nil
}

// list returns the function's configurations, newest first, advanced.
func (st *state) list(fn string) ([]configView, error) {
	now := st.lock()
	defer st.unlock()
	f := st.functions[fn]
	if f == nil {
		return nil, &stateError{kind: kindFunctionNotFound, function: fn}
	}
	out := make([]configView, 0, len(f.configs))
	for q, c := range f.configs {
		st.advanceLocked(fn, q, c, now)
		out = append(out, c.view(q))
	}
	slices.SortFunc(out, func(a, b configView) int { return cmp.Compare(b.seq, a.seq) })
	return out, nil
}

// delete removes a configuration; deleting a missing one is not an error
// (AWS snapshot: delete_provisioned_config_doesnotexist answers 204).
func (st *state) delete(fn, q string) error {
	st.lock()
	defer st.unlock()
	f, err := st.resolveLocked(fn, q)
	if err != nil {
		return err
	}
	delete(f.configs, q)
	return nil
}

// advanceLocked completes an allocation whose time has come.
func (st *state) advanceLocked(fn, q string, c *pcConfig, now time.Time) {
	if c.status != StatusInProgress || now.Before(c.readyAt) {
		return
	}
	t := target{fn, q}
	reason, fail := st.failNext[t]
	if fail {
		delete(st.failNext, t)
	} else if st.cfg.hook != nil {
		if err := st.cfg.hook(fn, q, c.requested); err != nil {
			reason, fail = err.Error(), true
		}
	}
	if fail {
		c.status, c.reason = StatusFailed, reason
		c.allocated, c.available = 0, 0
		return
	}
	c.status, c.reason = StatusReady, ""
	c.allocated, c.available = c.requested, c.requested
}

// CreateFunction creates a function with only $LATEST. The name follows
// Lambda's rule: 1 to 64 letters, digits, '-' or '_'.
func (s *Server) CreateFunction(name string) error {
	if !seedFunctionName.MatchString(name) {
		return fmt.Errorf("%w: function name %q", ErrInvalidName, name)
	}
	st := s.state
	st.lock()
	defer st.unlock()
	if st.functions[name] != nil {
		return fmt.Errorf("%w: function %q", ErrAlreadyExists, name)
	}
	st.functions[name] = &function{
		name:        name,
		nextVersion: 1,
		versions:    map[string]bool{},
		aliases:     map[string]string{},
		configs:     map[string]*pcConfig{},
	}
	return nil
}

// DeleteFunction removes a function with its versions, aliases and
// configurations.
func (s *Server) DeleteFunction(name string) error {
	st := s.state
	st.lock()
	defer st.unlock()
	if _, err := st.seededFunctionLocked(name); err != nil {
		return err
	}
	delete(st.functions, name)
	for t := range st.failNext {
		if t.function == name {
			delete(st.failNext, t)
		}
	}
	return nil
}

// PublishVersion publishes the next version of a function and returns its
// number: "1", then "2", and so on, as Lambda numbers them.
func (s *Server) PublishVersion(function string) (string, error) {
	st := s.state
	st.lock()
	defer st.unlock()
	f, err := st.seededFunctionLocked(function)
	if err != nil {
		return "", err
	}
	v := strconv.Itoa(f.nextVersion)
	f.nextVersion++
	f.versions[v] = true
	return v, nil
}

// CreateAlias creates an alias pointing to a published version or to
// $LATEST. Alias names are 1 to 128 letters, digits, '-' or '_', and not all
// digits.
func (s *Server) CreateAlias(function, alias, version string) error {
	if !seedAliasName.MatchString(alias) || isVersion(alias) {
		return fmt.Errorf("%w: alias name %q", ErrInvalidName, alias)
	}
	st := s.state
	st.lock()
	defer st.unlock()
	f, err := st.seededFunctionLocked(function)
	if err != nil {
		return err
	}
	if err := f.seededVersion(version); err != nil {
		return err
	}
	if _, ok := f.aliases[alias]; ok {
		return fmt.Errorf("%w: alias %q of function %q", ErrAlreadyExists, alias, function)
	}
	f.aliases[alias] = version
	return nil
}

// UpdateAlias points an existing alias to another version. A configuration
// on the alias stays the alias's and is allocated again on the new version:
// as on AWS, it keeps its Allocated and Available counts and reads
// IN_PROGRESS until the new version is provisioned (Options.ReadyAfter);
// the new version itself gets no configuration. Moving an alias that has a
// configuration onto a version that has its own, or onto $LATEST, is
// refused with ErrConflict.
func (s *Server) UpdateAlias(function, alias, version string) error {
	st := s.state
	now := st.lock()
	defer st.unlock()
	f, err := st.seededAliasLocked(function, alias)
	if err != nil {
		return err
	}
	if err := f.seededVersion(version); err != nil {
		return err
	}
	c := f.configs[alias]
	if c != nil && (version == latest || f.configs[version] != nil) {
		return fmt.Errorf("%w: alias %q has provisioned concurrency and version %q cannot take it", ErrConflict, alias, version)
	}
	if f.aliases[alias] == version {
		return nil
	}
	f.aliases[alias] = version
	if c != nil {
		c.status, c.reason = StatusInProgress, ""
		c.readyAt = now.Add(st.cfg.readyAfter)
	}
	return nil
}

// DeleteAlias removes an alias and its configuration, as Lambda does (AWS
// snapshot, test_lambda_provisioned_lifecycle: the configuration is gone
// from the list after the alias is deleted).
func (s *Server) DeleteAlias(function, alias string) error {
	st := s.state
	st.lock()
	defer st.unlock()
	f, err := st.seededAliasLocked(function, alias)
	if err != nil {
		return err
	}
	delete(f.aliases, alias)
	delete(f.configs, alias)
	delete(st.failNext, target{function, alias})
	return nil
}

// seededFunctionLocked returns a function for a seeding method, or the
// ErrNotFound every seeding method reports for an unknown one.
func (st *state) seededFunctionLocked(name string) (*function, error) {
	f := st.functions[name]
	if f == nil {
		return nil, fmt.Errorf("%w: function %q", ErrNotFound, name)
	}
	return f, nil
}

// seededAliasLocked returns the function of an existing alias for a seeding
// method, or the ErrNotFound of the function or of the alias.
func (st *state) seededAliasLocked(function, alias string) (*function, error) {
	f, err := st.seededFunctionLocked(function)
	if err != nil {
		return nil, err
	}
	if _, ok := f.aliases[alias]; !ok {
		return nil, fmt.Errorf("%w: alias %q of function %q", ErrNotFound, alias, function)
	}
	return f, nil
}

// seededVersion refuses, with ErrNotFound, an alias target that is neither
// $LATEST nor a published version.
func (f *function) seededVersion(version string) error {
	if version != latest && !f.versions[version] {
		return fmt.Errorf("%w: version %q of function %q", ErrNotFound, version, f.name)
	}
	return nil
}

// FailNextAllocation makes the next allocation that completes for this
// function and qualifier end FAILED with the given StatusReason. An empty
// reason defaults to "FUNCTION_ERROR_INIT_FAILURE" (a guess at a typical
// reason; the service's exact texts vary).
func (s *Server) FailNextAllocation(function, qualifier, reason string) {
	if reason == "" {
		reason = "FUNCTION_ERROR_INIT_FAILURE"
	}
	st := s.state
	st.lock()
	defer st.unlock()
	st.failNext[target{function, qualifier}] = reason
}

// ProvisionedConfig returns the configuration of a function's version or
// alias as a Get would report it now, and whether it exists.
func (s *Server) ProvisionedConfig(function, qualifier string) (Config, bool) {
	v, err := s.state.get(function, qualifier)
	if err != nil {
		return Config{}, false
	}
	return Config{
		Function: function, Qualifier: qualifier,
		Requested: v.requested, Allocated: v.allocated, Available: v.available,
		Status: v.status, StatusReason: v.reason, LastModified: v.lastModified,
	}, true
}
