// Package emulator is an in-process emulator of the AWS Lambda provisioned
// concurrency control plane (REST-JSON, API version 2019-09-30).
//
// A *Server is at the same time:
//
//   - an http.Handler, to be mounted on an httptest.Server or any listener;
//   - an http.RoundTripper that answers requests in process, without a socket
//     (use Server.Client or set it as the Transport of an *http.Client);
//   - the engine of the cmd/pcemulator command, which serves it on a loopback
//     port for the aws CLI or an official SDK.
//
// It serves PutProvisionedConcurrencyConfig, GetProvisionedConcurrencyConfig,
// ListProvisionedConcurrencyConfigs and DeleteProvisionedConcurrencyConfig with
// the status codes, headers and JSON bodies of the real service. The API cannot
// create functions, so a test seeds them with CreateFunction, PublishVersion and
// CreateAlias.
//
// Allocation is simulated: a Put stores the configuration IN_PROGRESS and it
// becomes READY (or FAILED, see FailNextAllocation and Options.AllocationHook)
// once Options.ReadyAfter has elapsed on the injectable clock (Options.Now).
//
// Faults are available on demand and are deterministic under Options.Seed: a
// token bucket answering 429 TooManyRequestsException with Retry-After,
// injected 500/503 answers, added latency that honours the request context,
// connection resets and truncated bodies (see Faults, SetFaults, InjectFaults).
//
// When Options.Credentials is set every request must carry a valid AWS
// Signature Version 4 (service "lambda", the emulator's region).
//
// The answers were modelled on recordings of the real service; where a
// behaviour could not be verified the code says so next to the message.
// The main source is LocalStack's AWS-validated snapshot file
// tests/aws/services/lambda_/test_lambda_api.snapshot.json (recorded against
// AWS on 20-11-2023), cited below as "AWS snapshot".
//
// Behaviour worth knowing, all as recorded from AWS unless marked:
//
//   - Delete is idempotent: deleting a configuration that does not exist
//     answers 204, but an unknown function, version or alias is 404.
//   - $LATEST is refused by Put ("cannot be applied to unpublished function
//     versions") and by Get and Delete ("must be an alias or a published
//     version"), each with its own message.
//   - A version and an alias pointing to it cannot both have a
//     configuration (409 ResourceConflictException, either way round).
//   - The sum of requested concurrency over all configurations may not leave
//     less than Options.UnreservedMinimum of Options.AccountConcurrency.
//   - Deleting an alias deletes its configuration; moving an alias
//     (UpdateAlias) allocates its configuration again.
//   - List returns configurations in creation order; its markers are opaque
//     and stay valid when configurations are deleted between pages (order and
//     marker format are the emulator's own choice).
//
// The request routing is open to more wire protocols over the same state (for
// example the Tencent Cloud SCF API 3.0): each protocol is a value that
// recognises its requests and renders its own answers and faults.
package emulator
