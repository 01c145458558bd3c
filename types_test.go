// This file tests Status.

package provconc_test

import (
	"testing"

	"github.com/provconc/provconc"
)

func TestStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s            provconc.Status
		wantKnown    bool
		wantTerminal bool
	}{
		{provconc.StatusInProgress, true, false},
		{provconc.StatusReady, true, true},
		{provconc.StatusFailed, true, true},
		{"IN_PROGRESS", true, false},
		{"", false, false},
		{"ready", false, false},
		{"Done", false, false},
		{"InProgress", false, false},
		{"DELETING", false, false},
	}
	for _, tt := range tests {
		if got := tt.s.Known(); got != tt.wantKnown {
			t.Errorf("Status(%q).Known() = %v, want %v", tt.s, got, tt.wantKnown)
		}
		if got := tt.s.Terminal(); got != tt.wantTerminal {
			t.Errorf("Status(%q).Terminal() = %v, want %v", tt.s, got, tt.wantTerminal)
		}
	}
}
