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
//     port for the aws CLI or an official SDK (see Serving it on a socket).
//
// It serves PutProvisionedConcurrencyConfig, GetProvisionedConcurrencyConfig,
// ListProvisionedConcurrencyConfigs and DeleteProvisionedConcurrencyConfig,
// and the operations that bound them: PutFunctionConcurrency,
// GetFunctionConcurrency and DeleteFunctionConcurrency (reserved
// concurrency) and GetAccountSettings, with the paths, status codes, headers
// and JSON bodies of the real service. The API cannot create functions, so a
// test seeds them with CreateFunction, PublishVersion and CreateAlias
// (SetReservedConcurrency is a shortcut for PutFunctionConcurrency).
//
// Allocation is simulated: a Put stores the configuration IN_PROGRESS with
// nothing allocated, and it becomes READY (or FAILED, see FailNextAllocation
// and Options.AllocationHook) once Options.ReadyAfter has elapsed on the
// injectable clock (Options.Now). By default that is DefaultReadyAfter,
// three seconds of that clock: on AWS it takes a minute or two, and code that
// reads a configuration right after its Put without waiting must see what it
// would see there. Tests move a fake clock past it; a negative ReadyAfter
// makes configurations READY on the first read.
//
// Faults are available on demand and are deterministic under Options.Seed: a
// token bucket answering 429 TooManyRequestsException with Retry-After,
// injected 500/503 answers, added latency that honours the request context,
// connection resets and truncated bodies (see Faults, SetFaults, InjectFaults).
//
// When Options.Credentials is set every request must carry a valid AWS
// Signature Version 4 (service "lambda", the emulator's region), signed
// within Options.MaxClockSkew of the emulator's clock (default five
// minutes, as on AWS: 403 InvalidSignatureException "Signature expired:
// ... - 5 min.)" or "Signature not yet current: ... + 5 min.)"), with
// exactly the session token of Options.Credentials: a request carrying a
// token the credentials have none of is refused with 403
// UnrecognizedClientException, as AWS refuses a stale AWS_SESSION_TOKEN.
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
//   - Provisioned concurrency is carved out of the function's reserved
//     concurrency when it has some: the other qualifiers' provisioned
//     concurrency plus the new value may not exceed it ("Requested
//     Provisioned Concurrency should not be greater than the
//     reservedConcurrentExecution for function"; a re-Put replaces its own
//     old value). Otherwise it comes out of the account's unreserved pool.
//   - A Put above Options.AccountConcurrency is refused with "Specified
//     ConcurrentExecutions for function is greater than account's unreserved
//     concurrency [N]", N the account's total; one that would leave less than
//     Options.UnreservedMinimum unreserved with "...decreases account's
//     UnreservedConcurrentExecution below its minimum value of [M]".
//   - Reserved concurrency may not leave less than the minimum unreserved
//     either ("Specified ReservedConcurrentExecutions for function decreases
//     ..."), nor go below what the function's configurations hold (the
//     text of that refusal is a guess). GetAccountSettings reports the
//     account's concurrency, and as unreserved what reservations and the
//     provisioned concurrency of functions without one leave.
//     PutFunctionConcurrency refuses a version or alias (400 "This operation
//     is permitted on Lambda functions only. ...") and names an unknown
//     function by its $LATEST ARN.
//   - Deleting an alias deletes its configuration. Moving an alias
//     (UpdateAlias) keeps its configuration on the alias with its Allocated
//     and Available counts, IN_PROGRESS until the new version is provisioned
//     (ReadyAfter); the new version gets no configuration of its own.
//   - List returns configurations newest first, as the documented example
//     lists GREEN (configured at 20:29:00) before BLUE (20:28:49); a re-Put
//     keeps a configuration's place. Markers are opaque and stay valid when
//     configurations are deleted between pages (their format, and the order
//     beyond that example, are the emulator's own choice).
//
// What the Lambda side does not model: functions' code, invocations and
// the concurrency they use (reserved and provisioned concurrency are
// bookkeeping only, and target tracking follows SetConcurrencyInUse, see
// below), weighted aliases, per-region accounts (one region per Server),
// IAM permissions (any valid signature may do anything), and every other
// Lambda operation (404 UnknownOperationException). Application Auto
// Scaling, for the lambda namespace, is served: see the next section.
//
// The request routing is open to more wire protocols over the same state:
// each protocol is a value that recognises its requests and renders its own
// answers and faults.
//
// # Schedules and utilization tracking
//
// Application Auto Scaling (JSON 1.1, POST / with X-Amz-Target
// AnyScaleFrontendService.<Operation>, SigV4 signing name
// application-autoscaling) is served for the lambda namespace:
// RegisterScalableTarget, DeregisterScalableTarget, DescribeScalableTargets,
// PutScheduledAction, DeleteScheduledAction, DescribeScheduledActions,
// PutScalingPolicy, DeleteScalingPolicy and DescribeScalingPolicies, with
// the service's validation, quotas (200 scheduled actions and 50 policies
// per target), NextToken pages and errors as {"__type", "Message"}.
//
// Schedules run on the Now clock, lazily: before any request of any
// protocol or any call of the Server's methods acts on the state, every
// action that came due since runs, at the time it fired (a target's actions
// due at the same instant in the order they were created), so no operation
// sees the state from before it. A scheduled action sets the target's
// MinCapacity and MaxCapacity, and the alias's or version's provisioned
// concurrency moves into the new bounds, allocated from the firing time on;
// registering a target applies its bounds at once. SCF TriggerActions run
// the same way: their seven-field cron is read in UTC+8 and sets the
// version's amount. Utilization is not measured (nothing is invoked);
// target tracking follows SetConcurrencyInUse instead, asking
// ceil(inUse/TargetValue) within the bounds, at once, with no cooldowns;
// until it is set, the alarms have no data and tracking leaves the amount
// alone, as on AWS (aas_state.go says more). SCF's own utilization tracking
// is stored and reported, not simulated.
//
// # Tencent Cloud SCF
//
// An SCF request, on any path (the official SDKs use "/"), is recognised in
// each form API 3.0 documents, so one listener serves both clouds:
// X-TC-Action on a POST with a JSON body or a GET with the action's
// parameters in the query (TC3-HMAC-SHA256), and the v1 form, every
// parameter in the query of a GET or in a form-encoded POST body (HmacSHA1
// or HmacSHA256). Nested parameters of a query or form are flattened as
// the API spells them ("TriggerActions.0.TriggerName"). It serves
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
//   - Parameters are checked as the PutProvisionedConcurrencyConfig page
//     documents them, the same rules transport/tencentscf applies before
//     sending: TrackingTarget, MinCapacity and MaxCapacity are required with
//     utilization tracking and allowed (and ignored) on a static Put, within
//     their ranges. A scheduled action sent without ProvisionedType is
//     answered with "Default", as the service does.
//   - Every error code documented for the three actions is reachable: by
//     behaviour (version status with SetSCFVersionStatus, reserved
//     concurrency with SetSCFReservedConcurrency, memory quotas with
//     SCFOptions and SetSCFFunctionMemory, deleted versions with
//     DeleteSCFVersion, the minimum interval between scheduled actions,
//     malformed names, namespaces of up to 30 characters), or, for billing,
//     service activation, permissions and the timer service, by
//     InjectSCFErrors. SCF_ERRORS.md, next to this file, lists every code
//     and how to reach it.
//
// What the SCF side does not model: any action but the three (so reserved
// concurrency is seeded, not set over the wire), aliases, the running of
// utilization tracking (stored and reported, the amount staying at
// MinCapacity; scheduled actions do run, see "Schedules and utilization
// tracking"), the service's own cron parser in the minimum-interval checks
// beyond the second, minute and hour fields, and the real quotas (set them
// with SCFOptions).
//
// When SCFOptions.Credentials is set every SCF request must carry a valid
// signature, TC3-HMAC-SHA256 (service "scf") or v1 (HmacSHA1, HmacSHA256),
// whatever its form; failures are AuthFailure.SignatureFailure,
// AuthFailure.SecretIdNotFound, AuthFailure.TokenFailure and, beyond
// Options.MaxClockSkew (default five minutes, as documented),
// AuthFailure.SignatureExpire. The files scf_*.go cite the source of each
// code and message.
//
// # Serving it on a socket
//
// As an http.Handler the emulator keeps a client it does not know from
// costing more than its headers:
//
//   - Authentication comes before the body. For SigV4 and TC3 the
//     Authorization header is parsed, the key id, token, credential scope
//     and signing time (within the clock-skew limit) are checked, and only
//     then is the body read and the signature verified over it. A v1 GET
//     has no body; a v1 POST carries its credentials in its form body, so
//     that body is read first, within its 1 MB cap.
//   - Bodies are capped while they are read (a declared Content-Length over
//     the cap is refused unread, and the connection is closed after the
//     answer): 6 MiB for Lambda (413 RequestEntityTooLargeException
//     "Request must be smaller than 6291456 bytes for the ... operation");
//     for SCF the documented limits, 10 MB for a TC3 POST, 1 MB for a v1
//     POST and 32 KB for a GET's query (RequestSizeLimitExceeded). The
//     RoundTripper applies the same caps.
//   - Connection timeouts belong to the http.Server; cmd/pcemulator sets
//     read, write, header and idle timeouts and stays on loopback unless
//     told otherwise (-allow-remote).
//
// # Loopback relaxations
//
// The official Tencent Cloud Node.js SDK (tencentcloud-sdk-nodejs) signs
// TC3 requests differently from the Go SDK when its endpoint is
// "127.0.0.1:PORT": it signs the host without the port while sending
// "Host: 127.0.0.1:PORT", and it takes the credential scope's service from
// the endpoint's first label ("127"; for "localhost:PORT" the whole
// "localhost:PORT") instead of "scf". A real endpoint
// (scf.tencentcloudapi.com on the default port) shows neither difference.
// So when the request's Host is localhost or a loopback IP, and only then,
// the emulator also accepts a signature over the host without its port
// (TC3 and v1) and a scope naming the host's first label as the service.
// Everything else stays strict: the signature is recomputed with the
// client's secret and the service the client named, so a wrong key, a
// changed parameter or an expired time still fails.
package emulator
