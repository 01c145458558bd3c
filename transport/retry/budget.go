// This file holds the retry budget: a token bucket that caps how many retries
// a client may make against a failing service, after the standard retry mode
// of the AWS SDKs.

package retry

import "sync/atomic"

// Budget costs, after the AWS SDKs' standard retry mode.
const (
	// DefaultBudgetCapacity is the capacity of a Budget made with
	// NewBudget(0), and of the Budget a Transport makes for itself.
	DefaultBudgetCapacity = 500
	// RetryCost is the number of tokens a retry of a failed response takes.
	RetryCost = 5
	// ConnectionRetryCost is the number of tokens a retry after a connection
	// failure or timeout takes: such failures are costlier to repeat.
	ConnectionRetryCost = 10
	// SuccessRefund is the number of tokens a call that succeeds at its first
	// attempt gives back.
	SuccessRefund = 1
)

// Budget is a retry token bucket shared by every request of a client. A
// retry takes RetryCost tokens (ConnectionRetryCost after a connection
// failure); when too few remain, the Transport stops retrying with the reason
// ReasonBudgetExhausted. An attempt that succeeds gives tokens back, never
// above the capacity: SuccessRefund for a first attempt, or what the retry
// took for a retry. So a healthy service keeps the bucket full, and a failing
// one drains it after capacity/RetryCost retries, after which calls fail fast
// until successes refill it.
//
// Retries of throttles while a RateLimiter paces the Transport take no
// tokens: the limiter already holds the client to the service's rate, and
// a client with many callers would otherwise drain the bucket on the
// throttles it cannot avoid while it finds that rate.
//
// A Budget is safe for concurrent use. Pass the same Budget in the Options of
// several Transports to share it between them.
type Budget struct {
	capacity int64
	tokens   atomic.Int64
}

// NewBudget returns a full Budget of the given capacity in tokens, or of
// DefaultBudgetCapacity if capacity is zero or less.
func NewBudget(capacity int) *Budget {
	if capacity <= 0 {
		capacity = DefaultBudgetCapacity
	}
	b := &Budget{capacity: int64(capacity)}
	b.tokens.Store(int64(capacity))
	return b
}

// Capacity returns the most tokens the Budget holds.
func (b *Budget) Capacity() int { return int(b.capacity) }

// Remaining returns the tokens available now.
func (b *Budget) Remaining() int { return int(b.tokens.Load()) }

// take removes cost tokens if that many remain.
func (b *Budget) take(cost int) bool {
	for {
		cur := b.tokens.Load()
		if cur < int64(cost) {
			return false
		}
		if b.tokens.CompareAndSwap(cur, cur-int64(cost)) {
			return true
		}
	}
}

// refund adds n tokens, up to the capacity. A full bucket is not written to,
// so concurrent successes against a healthy service do not contend.
func (b *Budget) refund(n int) {
	for {
		cur := b.tokens.Load()
		next := min(cur+int64(n), b.capacity)
		if next == cur || b.tokens.CompareAndSwap(cur, next) {
			return
		}
	}
}
