// Package bench holds the benchmarks that compare provconc with the
// official SDKs over the same loopback server: the cost of one call, a full
// pagination walk, and goodput against a throttling service. It has no
// non-test code; see BENCHMARKS.md at the repository root for how to run
// the benchmarks, the figures, and what limits them.
//
// Every benchmark runs in one process against an httptest.Server on
// 127.0.0.1. The client implementations are compared under sub-benchmark
// names of the form impl=NAME, so benchstat can put them side by side:
//
//	go test ./bench -run '^$' -bench . -benchmem -count 8 > bench.txt
//	benchstat -col /impl bench.txt
package bench
