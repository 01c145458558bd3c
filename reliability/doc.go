// Package reliability holds tests that prove how the SDK behaves when things
// go wrong. It has no code of its own: every file here is a test, and the
// package exists so that these tests, which cut across every protocol and
// transport, live in one place and run with the rest.
//
// # Faults
//
// A fault matrix runs the AWS Lambda and the Tencent Cloud SCF clients,
// built through their public constructors, against a loopback HTTP server
// that misbehaves one way per row: throttles, 5xx answers, connections reset
// before or after the headers, a server slower than the caller's deadline,
// truncated, malformed, empty, foreign or oversized bodies, garbage or huge
// Retry-After values, redirects, and SCF errors carried inside an HTTP 200.
// Each row asserts the exact outcome (the result recovered by a retry and its
// attempt count, or the typed error), and that the call did not panic, left
// no goroutine behind, and sent nothing after its context ended.
//
// # Load
//
// A load test runs 64 goroutines making mixed calls (Put, Get, List, Wait,
// Delete, with function names in every documented form) through one client
// per protocol against the emulator, under -race. Every answer is checked
// against a sequential model as it comes, and the final state, read through
// the client and through the emulator, must equal the model's: keys written
// by many goroutines at once must end holding a value no later Put
// overwrote, so no update is lost.
//
// # Throttle shapes
//
// Loopback servers that limit as real services do, not as one token bucket
// answering 429 (GCRA, a sliding log, a fixed window with one counter, a
// leaky bucket that queues and refuses beyond its queue, a limit that
// falls to a tenth and back, per-client limits behind a shared one), each
// refusing in a shape a service uses (Lambda's 429 with its Reason, a 429
// or 503 whose code is ThrottlingException or SlowDown, Retry-After in
// seconds or as an HTTP-date, SCF's RequestLimitExceeded and its details
// inside a 200), take both clients with default options, one to 256
// callers and one to three clients. Every call must succeed, and the
// throttled answers stay under a bound the test explains; elapsed time
// against the ideal is logged, not asserted. Skipped with -short.
//
// # Secrets
//
// Secrets tests check that access keys, secret keys, session tokens and
// signatures never appear in errors, logs or printed values, whatever
// fails.
package reliability
