// Package emulator is an in-process emulator of the provisioned concurrency
// control planes of AWS Lambda (REST-JSON, API version 2019-09-30) and of
// Tencent Cloud SCF (API 3.0, version 2018-04-16), served side by side.
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
// The request routing is open to more wire protocols over the same state:
// each protocol is a value that recognises its requests and renders its own
// answers and faults.
//
// # Tencent Cloud SCF
//
// A POST carrying an X-TC-Action header is an SCF request, on any path (the
// official SDK posts to "/"), so one listener serves both clouds. It serves
// PutProvisionedConcurrencyConfig, GetProvisionedConcurrencyConfig and
// DeleteProvisionedConcurrencyConfig; any other action is InvalidAction and
// an X-TC-Version other than 2018-04-16 is NoSuchVersion. Every answer is
// HTTP 200 with {"Response": {..., "RequestId": "<uuid>"}}, failures with
// Response.Error {Code, Message}; throttling (the shared token bucket, or
// FaultThrottle) is RequestLimitExceeded and an injected server error is
// InternalError, both inside an HTTP 200.
//
// SCF functions are separate from Lambda functions: they live in namespaces
// ("default" always exists) and are seeded with CreateSCFFunction,
// PublishSCFVersion and CreateSCFNamespace. Provisioned concurrency goes on
// published versions only ($LATEST and aliases are
// InvalidParameterValue.Qualifier). Readiness follows the Lambda rules
// (Options.ReadyAfter on Options.Now; FailNextSCFAllocation and the
// allocation hooks for Failed) with SCF's statuses InProgress, Done and
// Failed. Differences from Lambda, as SCF documents them:
//
//   - A Put or Delete while the version's allocation is InProgress is
//     refused with FailedOperation.ProvisionedInProgress.
//   - The versions of a function together may hold at most
//     SCFOptions.FunctionConcurrencyQuota minus 100
//     (LimitExceeded.FunctionTotalProvisionedConcurrencyNum); Get reports
//     the rest as UnallocatedConcurrencyNum. SCFOptions.AccountProvisionedQuota
//     optionally caps all functions together
//     (FailedOperation.ProvisionedExceedAvailable).
//   - Get of a version without a configuration answers an empty Allocated
//     list, and Get without Qualifier lists every version by number.
//   - Delete of a version without a configuration succeeds (a guess).
//
// When SCFOptions.Credentials is set every SCF request must carry a valid
// TC3-HMAC-SHA256 signature (service "scf"); failures are
// AuthFailure.SignatureFailure, AuthFailure.SecretIdNotFound and, with
// Options.MaxClockSkew, AuthFailure.SignatureExpire. The files scf_*.go
// cite the source of each code and message.
package emulator
