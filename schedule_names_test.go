package provconc_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/provconc/provconc"
)

// TestAWSNamePatterns holds CheckAWS to the patterns of Application Auto
// Scaling's model (botocore application-autoscaling 2016-02-06):
// ScheduledActionName is 1-256 characters (not bytes) outside
// [:/|] and control characters, with no space at either end; PolicyName is
// 1-256 characters of \p{Print}, which in the service's Java regex is
// printable ASCII, so ':', '/', '|' and end spaces are allowed and 'é' is
// not.
func TestAWSNamePatterns(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, schedule, policy string
		field                  string // "" when accepted
	}{
		{"256 two-byte characters", strings.Repeat("é", 256), "p", ""},
		{"257 characters", strings.Repeat("é", 257), "p", "Schedules[0].Name"},
		{"policy with slash, colon and bar", "s", "team/orders:pc|1", ""},
		{"policy with end spaces", "s", " p ", ""},
		{"policy of 256 characters", "s", strings.Repeat("p", 256), ""},
		{"policy of 257 characters", "s", strings.Repeat("p", 257), "Tracking.Name"},
		{"policy not ASCII", "s", "pé", "Tracking.Name"},
		{"policy with a tab", "s", "p\tq", "Tracking.Name"},
	} {
		p := okPlan()
		p.Schedules[0].Name = tc.schedule
		p.Tracking.Name = tc.policy
		err := p.CheckAWS()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v, want accepted", tc.name, err)
			}
			continue
		}
		var ie *provconc.InputError
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%s: %v, want an InputError on %s", tc.name, err, tc.field)
		}
	}
}
