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
// response, any error marked with a true ConnectionError method, as
// aws-sdk-go-v2 and provconc's protocols mark their HTTP client's failures,
// but not a malformed request nor net/http's redirect limit); it never
// retries an ended context, a TLS certificate error or another 4xx.
// Protocols whose services signal failure inside a 200 (Tencent SCF
// throttles with Code "RequestLimitExceeded" in the body) supply their own
// Classifier, which may read the body with PeekBody.
//
// # Waiting
//
// Between attempts the Transport waits with exponential backoff and full
// jitter, capped by Options.MaxBackoff, unless the service said how long to
// wait: a Retry-After header (delta-seconds or HTTP-date) or a classifier's
// Decision.RetryAfter is honoured up to Options.MaxRetryAfter. Throttles
// while pacing are the exception (see Throttles). A wait that
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
// Goroutines sharing one client can together ask more of a service than it
// admits. A RateLimiter, shared by every call of a Transport, does not pace
// (costing next to nothing, once past the first wave, below) until the
// service first throttles an attempt, then paces every attempt, in order,
// at a rate it adapts to what the service admits. Options.RateLimiter
// shares one between Transports; Options.DisableRateLimit turns it off.
// BENCHMARKS.md at the repository root has the measurements.
//
// The first wave. Before the first throttle nothing is known of the
// service, and goroutines that start together would send their first
// attempts all at once: against a bucket with a burst of one, 63 of 64
// callers' first attempts were refused before anything could be paced, a
// quarter of all the requests of a run of 200 calls at 10/s. So while it is
// off, the RateLimiter keeps a window on how many attempts are out at once,
// as TCP's slow start does: two at first and one more for each answer the
// service did not throttle (an error status too), so that it doubles every
// round trip; and it doubles for every 20ms it stays full while attempts
// come to it, whether answers come or not, so that a service slow to
// answer, or one that holds requests until enough have come, gets them all
// within a few of those. The first throttle turns pacing on and the window
// off; a window of 512, reached without a throttle, opens for good. It
// costs a client whose service never throttles a few round trips, once in
// its life: 256 callers starting together take 8 round trips of 1ms instead
// of one, 6 of 10ms, 2.4 of 100ms. It spares a throttled one its first wave
// when round trips are short: against a burst of one, 64 callers met 1-2
// throttles with round trips up to 10ms (without the gate, one for every
// caller beyond the burst), 4 at 30ms and 8 at 50ms; a window that
// overshoots a larger burst still sends about as many as it saw admitted (a
// burst of 10: 5 throttles at 1ms, 13 at 10ms). The ramp bounds what the
// gate holds back: round trips of 100ms (30ms against a burst of 10) let
// the ramp send nearly every caller before the first answer, and the first
// wave is refused nearly as it was without the gate.
//
// What it estimates. Services limit with token buckets: a rate R and a burst
// B, a request taking a token or being refused (or with counts in windows,
// below). The limiter cannot see R
// or B; what it sees is which attempts were admitted and which throttled
// (whatever the Classifier marks as Decision.Throttle: a 429, SCF's
// RequestLimitExceeded in a 200). A throttle says the bucket was empty when
// that attempt arrived: the rate it was sent at is, give or take the burst
// and the jitter of the way there, at or above what the service admits. So
// the limiter keeps, as its estimate of R, a little below the rate it was
// throttled at (2.5%): the peak. When nothing at all was admitted at that
// rate, R may be far below it, and the peak goes halfway down (in ratio)
// to the rate the cut leaves; for the starting rate, refused before
// anything was admitted at it, the peak is 90% of it, which the rate grows
// back to by 10% a success (see below). It paces below the peak and
// probes above it.
//
// How it probes. A rate is only known to be too high once it is throttled,
// so the limiter keeps probing: after a cut, each success of an attempt that
// had to wait for its turn (the limiter, not the callers, was holding the
// client back) raises the rate along a cubic curve, concave back up to the
// peak, so it spends most of its time just below the peak, then convex
// beyond it: 10% past the peak after 32 more successes, 80% after 64. Still
// no throttle there, and the limit has risen, maybe far: slow start takes
// over again and doubles the rate until a throttle finds the new limit.
// Growing as a cube rather than exponentially near the peak, the probe
// overshoots less when a large burst hides the limit for a while. The climb
// back to a peak of 20/s or less takes 32 successes, so the curve is the
// same at 2 requests a second as at 20 and the share of throttled answers a
// probe costs does not grow as the rate falls (down to 2/s: below, the
// bound in time below takes over); to a higher peak it takes
// more, by the square root of the ratio (64 at 80/s, 226 at 1,000/s), for
// fair shares (below), except after the cut that ends slow start with
// successes and no sign of a burst: 32 there, as slow start overshot by a
// doubling at most, and fair shares are for the run, not its first tenth
// of a second. The climb is also bounded in time: back to the peak
// within 16 seconds of the cut, 10% past it within 4 more, and on to slow
// start, however few successes come (one a second is enough), so a client
// cut far below what the service admits (its share taken by clients that
// have since gone) finds the room in seconds, not a success at a time.
// Only time while successes come counts (each gap between two at most a
// second, or two turns if longer, as at a rate of a turn a second or less
// a gap that long is pace and not idleness), so a limiter left idle comes
// back where it was. Before the
// first cut, the rate starts at the successes of the last second (at least
// 20/s) and doubles with each waited success, at most every 20ms (slow
// start).
//
// Why it converges. From above: a throttle cuts the rate. The service's
// bucket was empty at the last cut and is empty again, and a bucket of rate
// R hit at r > R admits about R/(r-R) requests between two refusals, so the
// k successes since the last cut say how far above R the rate was: R is
// about r·k/(k+1). The cut aims 3% below that, taking off at least 5% (when
// k is large, near the limit) and at most 10%, since a throttle may also be
// the jitter of the way (with a burst of one, a request overtaken by the
// next is refused at any rate) and a deep cut for each would sink the rate;
// 20% when fewer than four successes came (the last cut fell well short),
// or none after an epoch that had some (the cut may have come a turn too
// soon for the next token: jitter, or other clients on the same limit; a
// halving there made one client of several sink towards nothing); by half
// when nothing was admitted twice in a row and at the end of slow start,
// which overshoots by up to a doubling and further when a burst hid the
// limit (by three quarters when nothing was admitted at the starting rate).
// A limit that halves is thus met in a handful of cuts, rather than the
// staircase of 5% steps a fixed cut takes; a starting rate ten times too
// high in three. The starting rate refused before anything was admitted at
// it says only that the limit lies below it, anywhere: after the quarter,
// which gets under most limits, the rate grows back by 10% with each waited
// success up to 90% of the starting rate, so a limit anywhere up to there
// is met within 14 successes, overshot by 10% at most (and what a burst
// hides). When successes before the first throttle and a pause after it
// make the cut look like a window spent (see "Blind runs taken back"), the
// rate goes back to the starting rate at once instead, and back to where
// the cuts had left it if the service refuses that at once. Climbing the
// cubic curve to a peak halfway down instead of the growth by 10%, and
// beyond it slowly, held a service admitting 12-19 a second (just below the
// 20/s start) at 5-10 for seconds: up to 1.6 times the ideal over
// ten-second runs (simulated: bursts of 1, 3 and 8, one to 16 callers, 63
// shapes), and 1.15 or less since in all 63. From below: the curve's convex
// half grows without bound until a throttle. In steady state the rate
// oscillates between 5-10% under the peak and a little over it, one
// throttle every few dozen successes: a few percent of requests, which is
// what holding the service's bucket near empty (and so finding a rise)
// costs. A peak lower than the last moves the next one lower still (a limit
// that fell, or another client taking a share). A burst hides the limit for
// B/(rate-R) seconds, after which the first throttle comes, and the cuts
// above apply.
//
// Which throttles cut. Only those of attempts sent at the current rate, so
// a burst of refusals to attempts already on their way counts once. None of
// an attempt sent no later than an attempt let through before pacing turned
// on was last seen admitted: with many callers, those take the tokens, and
// the first paced attempts, refused at any rate, used to quarter it (over
// loopback, 256 callers at 1,000/s then took 1.24-1.29 times the ideal in
// two runs of six; with the rule, six of six took at most 1.02). And not
// one that the way explains, once an epoch and once more for every 32
// waited successes in it, four times at most. The limiter keeps the usual
// round trip (the lowest, rising slowly) and the usual spread of round
// trips (the mean of how much longer they are), and takes an attempt to
// have reached the service when it was sent plus how late its answer came
// beyond that spread (the delay on the way there, at most). An attempt
// whose answer came more than half an interval late (held up on the way, it
// reached the service in another's turn), or, while starting or below the
// peak, that arrived less than half an interval after the latest-sent
// admitted attempt, sent within two intervals of it, before or after (a
// late one ahead of it, or two sent back to back: a turn taken late keeps
// the schedule, and a raise of the rate brings a turn forward), was refused
// for arriving out of turn, not for the rate: with a burst of one, a
// service refuses such an attempt at any rate. A refusal takes no token, so
// arriving behind one explains nothing. Late answers are also what a rate
// too high for a loaded service looks like, so the excuses are counted (a
// rate too high is throttled again and again, and the fifth throttle of an
// epoch cuts at the latest; a stalled way holds attempts up in clusters, so
// a long calm earns more than one), an attempt that came on time above the
// peak cuts (probing looks for just that throttle), and a service whose
// answers vary by more than an interval makes none look late. An excuse in
// slow start lets it double again before the halving. Over loopback at
// 1,000/s with a burst of one, most throttles were of attempts held up on
// the way by 2-5ms.
//
// Spacing behind late answers. Better than excusing such a throttle is not
// to cause it. With one caller, the next attempt goes when the last one's
// answer comes; if that one was held up on the way there, it reached the
// service just before, and a bucket with a burst of one refuses the next at
// any rate. So once the service looks like such a bucket, the next turn
// after an admitted answer that took longer than the usual round trip is
// kept at least an interval after the attempt may have reached the service,
// its send plus all of that delay. The delay may have been on the way back,
// or at the service, and then the turn waits for nothing, a cost in pace as
// large as the delay; so the limiter only spaces for a service that looks
// like a bucket with a burst of one: a throttle came to an attempt sent
// after a late admitted attempt (more than a quarter of an interval late
// beyond the usual spread) and less than an interval after it may have
// reached the service, and no two successes of the run before pacing turned
// on (each less than a second after the one before) came closer together
// than half an interval (a larger burst admits a first wave of requests
// together). With many callers, the turns after a late attempt have mostly
// gone by the time its answer comes; spacing is for a line that runs short,
// as one caller's does. Neither sign alone will do: a late answer and a
// throttle meet by chance whatever the burst, and a client sharing a limit
// may see one success of the first wave or none. Spaced for every service,
// three clients with calls of their own on a limit of 30/s (a burst of ten,
// round trips of 0.5-1.5ms) took 2.7-2.8 times the ideal instead of 2.1-2.2
// (two sets of 16 simulated seeds); with the two signs, 2.1-2.2.
//
// A flat curve. A throttle after a long calm (48 successes or more) below
// the last peak leaves the peak where the cut leaves the rate (the 5% cut
// and the lowered peak meet), and the climb would hold the rate there for
// up to 16 seconds. For a service that looks like a bucket with a burst of
// one, the limiter probes beyond at once instead: such a service refuses
// every other attempt of a rate above its own, so a long calm says it
// admits the rate, and the throttle was the jitter of the way (a stalled
// way refuses attempts in clusters, which cut again and again); a probe
// too high is refused at once. Simulated, with one request in twenty held
// up to 3ms, 32 callers at 1,000/s took 1.39 times the ideal, against 1.73
// before.
//
// Blind runs taken back. Not every service keeps a bucket: one may admit so
// many requests a window (SCF documents "20 requests per second") and
// refuse the rest until the next window begins. Asked too much, it admits
// nothing for the rest of the window, and halving the rate with each cut
// that finds nothing admitted since the last (a blind cut), as a bucket far
// below the rate needs, leaves about one request a second by the window's
// end; the curve then takes tens of seconds back. So a run of blind cuts is
// taken back at the first success after it, if the service stopped
// admitting rather than slowed down: the run lasted 8 turns or more at the
// rate it would go back to, or left the rate below 70% of what the service
// admitted to paced attempts over the last two seconds (over one at least,
// so that a burst does not pass for a rate). The rate goes back, at once,
// to where the last cut with successes before the run left it, at most 1.5
// times that admitted rate, which holds it low for a bucket whose rate is
// far below. After the blind cuts that follow the first throttle, nothing
// paced has been admitted yet: only the length of the run counts, and the
// rate to go back to is the starting rate, when two successes or more came
// before pacing (a window's worth, or a bucket's burst that says nothing of
// its rate; the 20/s floor if they measured less), at once too, where slow
// start up to it from about one request a second, a doubling a turn, used
// to take most of another second (simulated windows of a second, 5 to 100
// requests, 1 to 32 callers: runs of ten windows took 1.21 times the ideal
// with fixed windows and 1.54 with sliding ones, 1.13 and 1.18 since, with
// the starting rate a first wave's count per second rather than twice that;
// the least a pacer that spreads each window's count over it can take is
// 1.10). The starting rate counts a wave admitted at once over a second;
// when the wave's count over the time from its first success to the
// take-back is more than twice the rate taken back to (for such a wave, the
// wave and the run took less than half a second), the window is shorter
// than a second, or the wave was a bucket's burst, whose rate may be
// anything: slow start goes on from the starting rate, doubling from the
// take-back, rather than the curve holding the rate near it (a window of
// 100 per 100ms with 256 callers, over loopback: 3.7 times the ideal over
// four runs, 2.7 over six since, medians, from runs as far apart as 1.7 and
// 4.0). A take-back refused before any attempt sent after it was admitted
// says the service did slow down (its limit fell, or a bucket with a large
// burst and a low rate passed for a window): the rate goes back to where
// the run had left it, which the service admitted, on the curve it was on
// (out of slow start), at the cost of one throttle, and nothing is taken
// back again until a cut with successes says where the rate stands. What it
// cannot see is a window longer than the two seconds it measures the
// admitted rate over; and a limit kept in windows still costs a pacer its
// burst: it spreads each window's count over the window where the service
// would admit it all at once, so a run of k windows takes about (k+1)/k
// times the ideal.
//
// Why clients sharing a limit converge to like shares. Each sees only its
// own rate, successes and throttles. A bucket refuses any request that
// finds it empty, so each client is throttled in proportion to its rate,
// and each throttle takes a like fraction off: a client's loss per second
// goes as the square of its rate. Were the climb back a fixed number of
// successes, its gain per second would go as the square too (a gain in
// proportion to the rate, at a success rate in proportion to the rate),
// and the shares would stay wherever the start left them: in simulation,
// one client of three sank to 1-2% of the calls. With the climb taking
// more successes by the square root of the peak, the gain goes as the rate
// to the power 1.5, slower than the loss, so a larger share shrinks and a
// smaller grows. Below 20/s per client the pull is nil (the climb is 32
// successes there); what lifts a share that fell low is the bound in time.
// Three clients on one limit of 300/s, simulated over six seeds: the
// smallest share of the second half of a run, in the worst seed, is 9-21%
// (a third is equal) depending on the run's length and latency, against 2%
// before; not equal, since the pull is gentle and runs are short. Three
// clients with 200 calls each on 30/s: 2.1 times the ideal on average
// (3.1 without the bound in time, 9.4 before), the last client still
// finishing alone at a low rate. A client cut to the floor with its peak
// there too has nothing to climb back to: once its attempts are admitted
// again, it probes beyond the peak at once, and slow start takes over
// after eight seconds of successes, where it used to spend the 16 seconds
// of the climb at 0.5/s first. A burst of one is the hard case: the client
// whose turns fall just as the token comes back takes nearly all of them,
// and the others' attempts, arriving in between, find the bucket empty and
// sink to the floor until its calls are done. Four clients with calls of
// their own on 100/s and a burst of one took 4.95 times the ideal, one call
// failing by its Timeout (simulated, seed 1); 2.59 since, none failing.
// Over long runs such clients still fail calls (BENCHMARKS.md has the
// figures), and spreading the turns to even the shares only trades that
// for collisions: two requests from different clients less than a turn
// apart, and the second is refused, whoever sent it. A token is left for
// another client only in the part of each of the winner's intervals (1/r)
// beyond the service's (1/R), 1 - r/R of the time: at 2-9% of the time, a
// client at the floor has one to three calls a minute admitted. Ending
// the eight calls a minute its callers need takes attempts that are
// refused nine times in ten or more: 29-66% of all requests throttled,
// unless the winner gives up a quarter of the rate.
//
// Its limit: a service admitting a burst of one at 1,000/s refuses any
// request arriving less than a millisecond after the last admitted one and
// keeps no token for a late one, so every late send loses rate and every
// early arrival is refused. A Go timer on a loaded machine fires 0.1 to 1ms
// late, so at rates of 200/s or more the limiter spends the last millisecond
// of each wait yielding the processor in a loop (runtime.Gosched), which
// is exact to a few microseconds and lets other goroutines run, at the cost
// of that millisecond of one processor per turn while it paces: a fifth of
// a processor at 200/s, all of one at 1,000/s or more. Where the clock moves
// in coarse ticks (Windows), it only sleeps. What
// is left is the jitter of the way to the service: the goroutine switches
// of the HTTP client and of the network; on a loaded two-core machine even a
// perfect fixed pacer loses 15-20% of the rate to it (BENCHMARKS.md has
// the figures). That is a bound, not a flaw to tune away: a client that
// cannot know each request's delay on the way there must space requests by
// 1/R plus the spread of that delay, or the early ones are refused, so a
// run takes at least 1 + R·spread times the ideal. With a spread of 100µs
// that is 1.1 at 1,000/s; with 0.5ms (round trips of 0.5-1.5ms, half of
// each on the way there, as the simulated grids model them), 1.25 at
// 500/s and 1.35 at 700/s, where the limiter's ten-second runs take 1.27
// and 1.35. Only a burst of one is so exposed: a larger burst absorbs the
// spread.
//
// # Throttles
//
// While a RateLimiter paces the Transport, a throttled attempt is retried
// as long as the context allows: it counts against neither MaxAttempts,
// left at its default, nor the Budget, and waits for the limiter's turn
// instead of a backoff. A MaxAttempts the caller set (Options.MaxAttempts,
// or the protocols' aws.Config RetryMaxAttempts and Retryer) bounds every
// attempt, throttles included: the caller asked for that many and no more.
// Both limits exist to stop a client from hammering a failing service; a
// throttle is no failure but the service's word that the client asks too
// much, and the limiter's answer to it is to ask less: the next attempts of
// every call of the client go at the rate the service admits, cut again by
// every further throttle down to 0.5 a second. Counting throttles against
// the attempt limit would fail calls of a client that is doing just what
// the service asked, merely because there are many of them sharing the rate
// (a caller among 256 waits for 255 turns). A call that is throttled
// without end ends with its context: give calls a deadline (the Transport
// gives up, with the last throttle and ReasonDeadline, as soon as the
// limiter's next turn lies past it). The retries of calls under way go
// ahead of first attempts in the limiter's line, so a call once started
// ends within a few turns however many wait behind it; the protocols'
// Options.Timeout, which bounds a call when the caller's context does not,
// counts from its first turn, and again from its first paced one for an
// attempt that went out before pacing began and was throttled. Other
// failures, 5xx and connection errors, count as before, throttles or not
// between them. With DisableRateLimit, throttles are ordinary failures:
// backoff, MaxAttempts and the Budget apply.
//
// Retry-After is read the same way in both forms. A call whose throttle
// turned pacing on before the service had admitted anything (in the last
// second) waits for all of it, capped (Options.MaxRetryAfter): nothing else
// is known of the service yet. Other throttled calls wait for the part
// beyond one second before they line up for their turn: the limiter starts
// from the successes it saw, and its pace says more.
// Retry-After counts whole seconds, so "1" (and "0") says only that the
// service will admit a request within the second; the limiter's pace says
// when, finely, and honouring a whole second on every throttle of a service
// admitting hundreds a second would leave a client with few callers idle
// for most of the time (and one caller, idle for a second after a burst,
// while the service's bucket refills to fool slow start: a burst of five at
// 5/s then saw 19% of its requests throttled, against 8%). A longer
// Retry-After says more than its resolution can blur: the call waits that
// much longer.
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
