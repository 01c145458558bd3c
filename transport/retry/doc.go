// Package retry provides the retrying http.RoundTripper that every provconc
// protocol uses by default.
//
// # Placement
//
// A protocol stacks its transports as retry(sign(base)): the Transport of
// this package wraps the request signer, so each attempt reaches the signer
// as a fresh clone of the caller's request with a rewound body and is signed
// afresh, with a current timestamp and current credentials.
//
// # What is retried
//
// A Classifier decides, after each attempt, whether the answer is worth
// repeating. DefaultClassifier retries HTTP 429, 500, 502, 503 and 504 and
// connection failures (dial errors, resets, a connection closed before the
// response); it never retries an ended context, a TLS certificate error or
// another 4xx. Protocols whose services signal failure inside a 200 (Tencent
// SCF throttles with Code "RequestLimitExceeded" in the body) supply their own
// Classifier, which may read the body with PeekBody.
//
// # Waiting
//
// Between attempts the Transport waits with exponential backoff and full
// jitter, capped by Options.MaxBackoff, unless the service said how long to
// wait: a Retry-After header (delta-seconds or HTTP-date) or a classifier's
// Decision.RetryAfter is honoured up to Options.MaxRetryAfter. A wait that
// would outlast the request context's deadline is not started: the Transport
// gives up at once. A wait ends the moment the context ends.
//
// # Retry budget
//
// A Budget, a token bucket shared by every request of a Transport (or of
// several, if passed to each), stops retry storms against a failing service:
// each retry takes tokens, successes put some back, and an empty bucket means
// no more retries until it refills.
//
// # Pacing
//
// Many goroutines sharing one client can together ask more of a service
// than it admits; each throttle then costs its call a Retry-After wait. A
// RateLimiter, shared by every call of a Transport, stays off (costing next
// to nothing) until calls under way at the same time are throttled, then
// paces every attempt at the rate of the successes it measured, a little
// below, and probes slowly upwards. Options.RateLimiter shares one between
// Transports; Options.DisableRateLimit turns it off. BENCHMARKS.md at the
// repository root has the measurements that made it the default.
//
// # When retries end
//
// If the last attempt produced a response, RoundTrip returns it unchanged so
// the protocol can decode the service's real error; the reason retrying
// stopped is recorded in the call's Stats (see WithStats). If the last
// attempt failed without a response, RoundTrip returns a
// *provconc.RetryExhaustedError wrapping the last error.
//
// # Engine
//
// The retry loop is github.com/hashicorp/go-retryablehttp's Client, driven
// entirely through its hooks; this package adds what that library lacks:
// full jitter, bounded Retry-After in both forms, an injectable clock, sleep
// and random source, a retry budget, per-call attempt counts, typed give-up
// errors that keep the last response, and a RoundTrip that keeps the
// http.RoundTripper contract (the caller's request is never modified, its
// body is always closed, redirects are not followed, idle connections are
// never closed behind the caller's back).
package retry
