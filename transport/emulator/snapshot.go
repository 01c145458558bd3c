// This file saves and restores the emulated account, so that a tool can
// keep an emulator's state across processes (pcctl --emulator-state, pcctl
// emulator --state): functions, versions, aliases and provisioned
// concurrency configurations of both halves, with the times that decide
// when an allocation becomes ready.
//
// The format is versioned JSON. A reader ignores fields it does not know,
// so a later writer may add fields without breaking an older reader; a
// snapshot whose Version is newer than SnapshotVersion is refused, since
// its meaning may have changed.

package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"
)

// SnapshotVersion is the version of the snapshot format this package
// writes, and the newest it reads.
const SnapshotVersion = 1

// Snapshot is the emulated account's state at one moment. Options
// (region, clock, faults, hooks, credentials) are not part of it: they
// belong to the Server a snapshot is restored into.
type Snapshot struct {
	// Version is the format version, SnapshotVersion when written.
	Version int `json:"Version"`
	// Sequence orders the Lambda configs' creation, for listing and markers.
	Sequence uint64 `json:"Sequence"`
	// Functions are the Lambda functions.
	Functions []SnapshotFunction `json:"Functions"`
	// SCFNamespaces are the Tencent SCF namespaces.
	SCFNamespaces []SnapshotSCFNamespace `json:"SCFNamespaces"`
	// ApplicationAutoScaling is the Application Auto Scaling state; nil
	// when the account has none (see snapshot_aas.go).
	ApplicationAutoScaling *SnapshotAAS `json:"ApplicationAutoScaling,omitempty"`
}

// SnapshotFunction is a Lambda function.
type SnapshotFunction struct {
	// Name is the function name.
	Name string `json:"Name"`
	// NextVersion is the number the next published version takes: at
	// least 1 and above every version in Versions.
	NextVersion int `json:"NextVersion"`
	// Versions are the published version numbers, in numeric order
	// ($LATEST is implied).
	Versions []string          `json:"Versions"`
	Aliases  map[string]string `json:"Aliases"` // alias -> version
	// Configs are the provisioned concurrency configurations, by
	// qualifier.
	Configs []SnapshotConfig `json:"Configs"`
}

// SnapshotConfig is a Lambda provisioned concurrency configuration.
type SnapshotConfig struct {
	// Qualifier is the alias or version number the configuration is on.
	Qualifier string `json:"Qualifier"`
	// Requested is the amount last put, at least 0.
	Requested int `json:"Requested"`
	// Allocated is the amount allocated so far, at least 0: Requested
	// once READY, 0 after a failure.
	Allocated int `json:"Allocated"`
	// Available is the amount ready to serve, at least 0.
	Available int `json:"Available"`
	// Status is IN_PROGRESS, READY or FAILED (StatusInProgress,
	// StatusReady, StatusFailed).
	Status string `json:"Status"`
	// StatusReason is why the allocation failed; empty otherwise.
	StatusReason string `json:"StatusReason,omitempty"`
	// LastModified is the time of the last Put.
	LastModified time.Time `json:"LastModified"`
	// ReadyAt is when an IN_PROGRESS allocation completes, READY or
	// FAILED; past for a settled one.
	ReadyAt time.Time `json:"ReadyAt"`
	// Sequence is the configuration's place in creation order (see
	// Snapshot.Sequence).
	Sequence uint64 `json:"Sequence"`
}

// SnapshotSCFNamespace is a Tencent SCF namespace.
type SnapshotSCFNamespace struct {
	// Name is the namespace name; "default" is restored even when not
	// listed.
	Name string `json:"Name"`
	// Functions are the namespace's functions.
	Functions []SnapshotSCFFunction `json:"Functions"`
}

// SnapshotSCFFunction is a Tencent SCF function.
type SnapshotSCFFunction struct {
	// Name is the function name.
	Name string `json:"Name"`
	// NextVersion is the number the next published version takes: at
	// least 1 and above every version in Versions.
	NextVersion int `json:"NextVersion"`
	// Versions are the published version numbers, in numeric order.
	Versions []string `json:"Versions"`
	// Configs are the provisioned concurrency configurations, by version.
	Configs []SnapshotSCFConfig `json:"Configs"`
}

// SnapshotSCFConfig is the provisioned concurrency configuration of an SCF
// version.
type SnapshotSCFConfig struct {
	// Qualifier is the version number the configuration is on.
	Qualifier string `json:"Qualifier"`
	// Allocated is AllocatedProvisionedConcurrencyNum, the amount set
	// (with utilization tracking, MinCapacity), at least 0.
	Allocated int `json:"Allocated"`
	// Available is AvailableProvisionedConcurrencyNum, the amount ready
	// now, at least 0.
	Available int `json:"Available"`
	// Status is Done, InProgress or Failed (SCFStatusDone,
	// SCFStatusInProgress, SCFStatusFailed).
	Status string `json:"Status"`
	// StatusReason is why the allocation failed; empty otherwise.
	StatusReason string `json:"StatusReason,omitempty"`
	// ProvisionedType is SCFProvisionedTypeDefault or
	// SCFProvisionedTypeUtilizationTracking.
	ProvisionedType string `json:"ProvisionedType,omitempty"`
	// TrackingTarget is the utilization tracking target, in (0, 1); zero
	// for static configurations.
	TrackingTarget float64 `json:"TrackingTarget,omitempty"`
	// MinCapacity is the fewest instances tracking keeps; zero for static
	// configurations.
	MinCapacity int `json:"MinCapacity,omitempty"`
	// MaxCapacity is the most instances tracking scales to; zero for
	// static configurations.
	MaxCapacity int `json:"MaxCapacity,omitempty"`
	// TriggerActions are the scheduled actions of the last Put; empty for
	// none.
	TriggerActions []SCFTriggerAction `json:"TriggerActions,omitempty"`
	// TriggersRunTo is the emulator time up to which the trigger actions
	// have run, so a restore neither runs them again nor skips any due
	// since; zero (a snapshot from before schedules ran) means
	// LastModified.
	TriggersRunTo time.Time `json:"TriggersRunTo,omitzero"`
	// LastModified is the time of the last Put.
	LastModified time.Time `json:"LastModified"`
	// ReadyAt is when an InProgress allocation completes, Done or Failed;
	// past for a settled one.
	ReadyAt time.Time `json:"ReadyAt"`
}

// ErrSnapshot reports a snapshot that cannot be restored; test with
// errors.Is.
var ErrSnapshot = errors.New("emulator: invalid snapshot")

// Snapshot returns the current state. Lists are sorted, so that equal
// states give equal snapshots.
func (s *Server) Snapshot() *Snapshot {
	st := s.state
	st.lock()
	defer st.unlock()
	snap := &Snapshot{Version: SnapshotVersion, Sequence: st.seq}
	for _, name := range slices.Sorted(maps.Keys(st.functions)) {
		f := st.functions[name]
		sf := SnapshotFunction{
			Name:        name,
			NextVersion: f.nextVersion,
			Versions:    sortedVersions(f.versions),
			Aliases:     maps.Clone(f.aliases),
		}
		for _, q := range slices.Sorted(maps.Keys(f.configs)) {
			c := f.configs[q]
			sf.Configs = append(sf.Configs, SnapshotConfig{
				Qualifier: q, Requested: c.requested, Allocated: c.allocated, Available: c.available,
				Status: c.status, StatusReason: c.reason, LastModified: c.lastModified, ReadyAt: c.readyAt, Sequence: c.seq,
			})
		}
		snap.Functions = append(snap.Functions, sf)
	}
	for _, nsName := range slices.Sorted(maps.Keys(st.scf.namespaces)) {
		ns := st.scf.namespaces[nsName]
		sn := SnapshotSCFNamespace{Name: nsName}
		for _, name := range slices.Sorted(maps.Keys(ns.functions)) {
			f := ns.functions[name]
			sf := SnapshotSCFFunction{Name: name, NextVersion: f.nextVersion, Versions: sortedVersions(f.versions)}
			for _, q := range sortedVersions(boolKeys(f.configs)) {
				c := f.configs[q]
				sf.Configs = append(sf.Configs, SnapshotSCFConfig{
					Qualifier: q, Allocated: c.allocated, Available: c.available, Status: c.status,
					StatusReason: c.reason, ProvisionedType: c.provisionedType, TrackingTarget: c.trackingTarget,
					MinCapacity: c.minCapacity, MaxCapacity: c.maxCapacity, TriggerActions: slices.Clone(c.triggers),
					TriggersRunTo: c.triggersRunTo, LastModified: c.lastModified, ReadyAt: c.readyAt,
				})
			}
			sn.Functions = append(sn.Functions, sf)
		}
		snap.SCFNamespaces = append(snap.SCFNamespaces, sn)
	}
	snap.ApplicationAutoScaling = st.snapshotAASLocked()
	return snap
}

// boolKeys is the key set of a map, as the versions map holds them.
func boolKeys[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// sortedVersions lists version names in numeric order.
func sortedVersions(set map[string]bool) []string {
	out := slices.Collect(maps.Keys(set))
	slices.SortFunc(out, func(a, b string) int {
		na, errA := strconv.Atoi(a)
		nb, errB := strconv.Atoi(b)
		switch {
		case errA == nil && errB == nil:
			return na - nb
		case errA != nil && errB == nil:
			return -1
		case errA == nil && errB != nil:
			return 1
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
	return out
}

// Restore replaces the state with snap, after checking it whole: on an
// error (matching ErrSnapshot) the state is unchanged. Pending
// FailNextAllocation marks are cleared.
func (s *Server) Restore(snap *Snapshot) error {
	if snap == nil {
		return fmt.Errorf("%w: nil", ErrSnapshot)
	}
	if snap.Version < 1 || snap.Version > SnapshotVersion {
		return fmt.Errorf("%w: version %d, this emulator reads 1 to %d", ErrSnapshot, snap.Version, SnapshotVersion)
	}
	functions := map[string]*function{}
	for _, sf := range snap.Functions {
		if !seedFunctionName.MatchString(sf.Name) || functions[sf.Name] != nil {
			return fmt.Errorf("%w: function name %q invalid or repeated", ErrSnapshot, sf.Name)
		}
		f := &function{name: sf.Name, nextVersion: sf.NextVersion, versions: map[string]bool{},
			aliases: map[string]string{}, configs: map[string]*pcConfig{}}
		for _, v := range sf.Versions {
			if !isVersion(v) {
				return fmt.Errorf("%w: function %s: version %q", ErrSnapshot, sf.Name, v)
			}
			f.versions[v] = true
		}
		if err := checkNextVersion(sf.NextVersion, f.versions); err != nil {
			return fmt.Errorf("%w: function %s: %v", ErrSnapshot, sf.Name, err)
		}
		for alias, v := range sf.Aliases {
			if !seedAliasName.MatchString(alias) || isVersion(alias) || (v != latest && !f.versions[v]) {
				return fmt.Errorf("%w: function %s: alias %q -> %q", ErrSnapshot, sf.Name, alias, v)
			}
			f.aliases[alias] = v
		}
		for _, c := range sf.Configs {
			if _, isAlias := f.aliases[c.Qualifier]; !isAlias && !f.versions[c.Qualifier] {
				return fmt.Errorf("%w: function %s: config on unknown qualifier %q", ErrSnapshot, sf.Name, c.Qualifier)
			}
			if err := checkSnapshotCounts(c.Requested, c.Allocated, c.Available); err != nil || !validStatus(c.Status, StatusInProgress, StatusReady, StatusFailed) {
				return fmt.Errorf("%w: function %s:%s: counts or status", ErrSnapshot, sf.Name, c.Qualifier)
			}
			f.configs[c.Qualifier] = &pcConfig{requested: c.Requested, allocated: c.Allocated, available: c.Available,
				status: c.Status, reason: c.StatusReason, lastModified: c.LastModified, readyAt: c.ReadyAt, seq: c.Sequence}
		}
		functions[sf.Name] = f
	}
	namespaces := map[string]*scfNamespace{DefaultSCFNamespace: {functions: map[string]*scfFunction{}}}
	for _, sn := range snap.SCFNamespaces {
		if !scfNamespaceName.MatchString(sn.Name) {
			return fmt.Errorf("%w: SCF namespace %q", ErrSnapshot, sn.Name)
		}
		ns := namespaces[sn.Name]
		if ns == nil {
			ns = &scfNamespace{functions: map[string]*scfFunction{}}
			namespaces[sn.Name] = ns
		}
		for _, sf := range sn.Functions {
			if !scfFunctionName.MatchString(sf.Name) || ns.functions[sf.Name] != nil {
				return fmt.Errorf("%w: SCF function name %q invalid or repeated", ErrSnapshot, sf.Name)
			}
			f := &scfFunction{nextVersion: sf.NextVersion, versions: map[string]bool{}, configs: map[string]*scfConfig{}}
			for _, v := range sf.Versions {
				if !isVersion(v) {
					return fmt.Errorf("%w: SCF function %s: version %q", ErrSnapshot, sf.Name, v)
				}
				f.versions[v] = true
			}
			if err := checkNextVersion(sf.NextVersion, f.versions); err != nil {
				return fmt.Errorf("%w: SCF function %s: %v", ErrSnapshot, sf.Name, err)
			}
			for _, c := range sf.Configs {
				if !f.versions[c.Qualifier] {
					return fmt.Errorf("%w: SCF function %s: config on unknown version %q", ErrSnapshot, sf.Name, c.Qualifier)
				}
				if err := checkSnapshotCounts(c.Allocated, c.Available, 0); err != nil || !validStatus(c.Status, SCFStatusInProgress, SCFStatusDone, SCFStatusFailed) {
					return fmt.Errorf("%w: SCF function %s:%s: counts or status", ErrSnapshot, sf.Name, c.Qualifier)
				}
				restored := &scfConfig{allocated: c.Allocated, available: c.Available, status: c.Status,
					reason: c.StatusReason, provisionedType: c.ProvisionedType, trackingTarget: c.TrackingTarget,
					minCapacity: c.MinCapacity, maxCapacity: c.MaxCapacity, triggers: slices.Clone(c.TriggerActions),
					triggersRunTo: c.TriggersRunTo, lastModified: c.LastModified, readyAt: c.ReadyAt}
				if restored.triggersRunTo.IsZero() {
					restored.triggersRunTo = c.LastModified
				}
				f.configs[c.Qualifier] = restored
			}
			ns.functions[sf.Name] = f
		}
	}
	aas, err := restoreAAS(snap.ApplicationAutoScaling, functions)
	if err != nil {
		return err
	}

	st := s.state
	st.lock()
	defer st.unlock()
	st.functions = functions
	st.aas = aas
	st.seq = max(st.seq, snap.Sequence)
	st.failNext = map[target]string{}
	st.scf.namespaces = namespaces
	st.scf.failNext = map[scfTarget]string{}
	return nil
}

// checkNextVersion checks that the next version to publish is above every
// published one, so that publishing cannot reuse a number.
func checkNextVersion(next int, versions map[string]bool) error {
	if next < 1 {
		return fmt.Errorf("next version %d", next)
	}
	for v := range versions {
		if n, _ := strconv.Atoi(v); n >= next {
			return fmt.Errorf("version %s not below the next version %d", v, next)
		}
	}
	return nil
}

func checkSnapshotCounts(counts ...int) error {
	for _, n := range counts {
		if n < 0 {
			return errors.New("negative count")
		}
	}
	return nil
}

func validStatus(s string, valid ...string) bool { return slices.Contains(valid, s) }

// WriteSnapshot writes the current state to w as indented JSON.
func (s *Server) WriteSnapshot(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s.Snapshot())
}

// ReadSnapshot reads a snapshot written by WriteSnapshot. Unknown fields
// are ignored (a newer writer may add some); a malformed document is an
// error matching ErrSnapshot.
func ReadSnapshot(r io.Reader) (*Snapshot, error) {
	var snap Snapshot
	if err := json.NewDecoder(r).Decode(&snap); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSnapshot, err)
	}
	return &snap, nil
}
