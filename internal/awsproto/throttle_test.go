package awsproto

import (
	"maps"
	"slices"
	"testing"

	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
)

// The throttle codes are the official clients' own: a code they slow down
// for and provconc does not (or the reverse) is a call that fails here and
// not there.
func TestThrottleCodesMatchTheOfficialClients(t *testing.T) {
	want := slices.Sorted(maps.Keys(awsretry.DefaultThrottleErrorCodes))
	got := slices.Sorted(maps.Keys(throttleCodes))
	if !slices.Equal(got, want) {
		t.Errorf("throttle codes %v, want aws-sdk-go-v2's %v", got, want)
	}
}
