package awsproto

import (
	"fmt"
	"math"
)

// FitsInt32 reports whether n is one of the 32-bit Integers of the AWS
// service models (counts, capacities, cooldowns): the official clients
// refuse an answer holding another, and an int holds more on 64-bit
// platforms.
func FitsInt32(n int) bool { return int64(n) >= math.MinInt32 && int64(n) <= math.MaxInt32 }

// Int32Error is the error for an answer's field name holding n, which
// FitsInt32 refuses.
func Int32Error(name string, n int) error {
	return fmt.Errorf("%s %d is outside the 32-bit integers of the service's model", name, n)
}
