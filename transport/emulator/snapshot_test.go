package emulator

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// snapshotSeeded is a server with state on both halves: Lambda configs on
// a version and an alias (one still allocating), an SCF config with
// scheduled actions.
func snapshotSeeded(t *testing.T) (*Server, *fakeClock) {
	t.Helper()
	s, clk := seeded(t, Options{ReadyAfter: 10 * time.Second})
	must(t, s.CreateSCFFunction("", "my-function"))
	for range 2 {
		if _, err := s.PublishSCFVersion("", "my-function"); err != nil {
			t.Fatal(err)
		}
	}
	must(t, s.CreateSCFNamespace("team"))
	c := s.Client()
	base := "https://lambda.us-east-1.amazonaws.com"
	if r := do(t, c, http.MethodPut, base+pcPathFor("my-function")+"?Qualifier=1", putBody(3)); r.status != http.StatusAccepted {
		t.Fatalf("put 1: %d %s", r.status, r.body)
	}
	clk.Advance(20 * time.Second) // version 1 is READY from here on
	if r := do(t, c, http.MethodPut, base+pcPathFor("my-function")+"?Qualifier=GREEN", putBody(5)); r.status != http.StatusAccepted {
		t.Fatalf("put GREEN: %d %s", r.status, r.body)
	}
	r := scfCall(t, c, "https://scf.tencentcloudapi.com", "PutProvisionedConcurrencyConfig", map[string]any{
		"FunctionName": "my-function", "Qualifier": "2", "VersionProvisionedConcurrencyNum": 4,
		"TriggerActions": []map[string]any{{"TriggerName": "am", "TriggerProvisionedConcurrencyNum": 6, "TriggerCronConfig": "0 30 8 * * * *"}},
	})
	scfResponse(t, r)
	return s, clk
}

// TestSnapshotRoundTrip checks that a restored server holds the same
// state and behaves the same: a config allocating when saved becomes READY
// at the same time after the restore, and version numbering continues.
func TestSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	src, clk := snapshotSeeded(t)
	var buf bytes.Buffer
	must(t, src.WriteSnapshot(&buf))
	snap, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	must(t, err)

	dst := New(Options{Now: clk.Now, ReadyAfter: 10 * time.Second})
	must(t, dst.Restore(snap))
	if diff := cmp.Diff(src.Snapshot(), dst.Snapshot()); diff != "" {
		t.Fatalf("restored state differs (-saved +restored):\n%s", diff)
	}
	for _, q := range []string{"1", "GREEN"} {
		want, _ := src.ProvisionedConfig("my-function", q)
		got, ok := dst.ProvisionedConfig("my-function", q)
		if !ok || !cmp.Equal(want, got) {
			t.Errorf("config %s: restored %+v (found %v), saved %+v", q, got, ok, want)
		}
	}
	if got, _ := dst.ProvisionedConfig("my-function", "GREEN"); got.Status != StatusInProgress {
		t.Fatalf("GREEN right after the restore: %s, want IN_PROGRESS", got.Status)
	}
	clk.Advance(10 * time.Second)
	if got, _ := dst.ProvisionedConfig("my-function", "GREEN"); got.Status != StatusReady || got.Available != 5 {
		t.Errorf("GREEN after ReadyAfter: %+v, want READY with 5 available", got)
	}
	scf, ok := dst.SCFProvisionedConfig("", "my-function", "2")
	if !ok || len(scf.TriggerActions) != 1 || scf.TriggerActions[0].TriggerName != "am" || scf.Allocated != 4 {
		t.Errorf("SCF config after the restore: %+v (found %v)", scf, ok)
	}
	if v, err := dst.PublishVersion("my-function"); err != nil || v != "4" {
		t.Errorf("PublishVersion after the restore: %q, %v; want 4", v, err)
	}
	if err := dst.CreateSCFFunction("team", "later-function"); err != nil {
		t.Errorf("the restored namespace team: %v", err)
	}
}

// TestSnapshotToleratesNewFields checks that fields a later writer adds
// are ignored, not refused.
func TestSnapshotToleratesNewFields(t *testing.T) {
	t.Parallel()
	src, clk := snapshotSeeded(t)
	var buf bytes.Buffer
	must(t, src.WriteSnapshot(&buf))
	doc := strings.Replace(buf.String(), `"Name": "my-function",`, `"Name": "my-function", "ReservedConcurrency": 7, "Tags": {"a": "b"},`, 1)
	doc = strings.Replace(doc, `"Version": 1,`, `"Version": 1, "WrittenBy": "a newer pcctl",`, 1)
	if doc == buf.String() {
		t.Fatal("the test did not add fields")
	}
	snap, err := ReadSnapshot(strings.NewReader(doc))
	must(t, err)
	dst := New(Options{Now: clk.Now})
	must(t, dst.Restore(snap))
	if diff := cmp.Diff(src.Snapshot(), dst.Snapshot()); diff != "" {
		t.Errorf("restored state differs (-saved +restored):\n%s", diff)
	}
}

// TestSnapshotRefused checks that a snapshot that cannot be right is
// refused whole, with the state left as it was.
func TestSnapshotRefused(t *testing.T) {
	t.Parallel()
	valid := func() *Snapshot {
		return &Snapshot{Version: 1, Functions: []SnapshotFunction{{
			Name: "f", NextVersion: 3, Versions: []string{"1", "2"}, Aliases: map[string]string{"live": "2"},
			Configs: []SnapshotConfig{{Qualifier: "live", Requested: 1, Status: StatusReady}},
		}}, SCFNamespaces: []SnapshotSCFNamespace{{Name: "default", Functions: []SnapshotSCFFunction{{
			Name: "g1", NextVersion: 2, Versions: []string{"1"},
			Configs: []SnapshotSCFConfig{{Qualifier: "1", Allocated: 1, Status: SCFStatusDone}},
		}}}}}
	}
	cases := map[string]func(s *Snapshot){
		"newer version":          func(s *Snapshot) { s.Version = SnapshotVersion + 1 },
		"no version":             func(s *Snapshot) { s.Version = 0 },
		"bad function name":      func(s *Snapshot) { s.Functions[0].Name = "bad name" },
		"repeated function":      func(s *Snapshot) { s.Functions = append(s.Functions, s.Functions[0]) },
		"alias to no version":    func(s *Snapshot) { s.Functions[0].Aliases["live"] = "9" },
		"numeric alias":          func(s *Snapshot) { s.Functions[0].Aliases["7"] = "1" },
		"config on nothing":      func(s *Snapshot) { s.Functions[0].Configs[0].Qualifier = "canary" },
		"negative count":         func(s *Snapshot) { s.Functions[0].Configs[0].Available = -1 },
		"unknown status":         func(s *Snapshot) { s.Functions[0].Configs[0].Status = "DONE" },
		"next version reused":    func(s *Snapshot) { s.Functions[0].NextVersion = 2 },
		"bad SCF namespace":      func(s *Snapshot) { s.SCFNamespaces[0].Name = "no/slash" },
		"SCF config on nothing":  func(s *Snapshot) { s.SCFNamespaces[0].Functions[0].Configs[0].Qualifier = "5" },
		"SCF status of Lambda":   func(s *Snapshot) { s.SCFNamespaces[0].Functions[0].Configs[0].Status = StatusReady },
		"SCF version not number": func(s *Snapshot) { s.SCFNamespaces[0].Functions[0].Versions = []string{"$LATEST"} },
	}
	if err := New(Options{}).Restore(valid()); err != nil {
		t.Fatalf("the valid snapshot is refused: %v", err)
	}
	for name, breakIt := range cases {
		s, _ := seeded(t, Options{})
		before := s.Snapshot()
		snap := valid()
		breakIt(snap)
		if err := s.Restore(snap); !errors.Is(err, ErrSnapshot) {
			t.Errorf("%s: Restore error %v, want ErrSnapshot", name, err)
		}
		if diff := cmp.Diff(before, s.Snapshot()); diff != "" {
			t.Errorf("%s: a refused snapshot changed the state:\n%s", name, diff)
		}
	}
	if _, err := ReadSnapshot(strings.NewReader(`{"Version": 1, "Functions": 3}`)); !errors.Is(err, ErrSnapshot) {
		t.Errorf("ReadSnapshot of a malformed document: %v, want ErrSnapshot", err)
	}
	if err := New(Options{}).Restore(nil); !errors.Is(err, ErrSnapshot) {
		t.Errorf("Restore(nil): %v, want ErrSnapshot", err)
	}
}
