// Package tencentscf speaks the Tencent Cloud SCF provisioned-concurrency API
// (API 3.0, version 2018-04-16) for a provconc.Client: the same actions,
// headers and JSON bodies as tencentcloud-sdk-go, TC3-HMAC-SHA256 signing
// that is byte-for-byte the official SDK's, and retries through
// transport/retry.
//
//	creds, err := tencentscf.CredentialsFromEnv()
//	...
//	client, err := tencentscf.NewClient(creds, "ap-guangzhou")
//
// # Operations
//
// Every call is POST / with the action in X-TC-Action:
//
//	Client.Put     PutProvisionedConcurrencyConfig
//	Client.Get     GetProvisionedConcurrencyConfig with Qualifier
//	Client.List    GetProvisionedConcurrencyConfig without Qualifier (every version, one page)
//	Client.Delete  DeleteProvisionedConcurrencyConfig
//
// SCF names a function by its bare name and sets provisioned concurrency on
// published versions only: FunctionName is "name" or "name:version", and the
// qualifier is a version number, never an alias or $LATEST. ARNs are refused
// with an *provconc.InputError, as is every input that breaks a documented
// rule; nothing is sent then.
//
// # Mapping onto the shared model
//
// SCF's AllocatedProvisionedConcurrencyNum is the amount set, so it becomes
// Config.Requested; AvailableProvisionedConcurrencyNum (ready now) becomes
// Config.Available. SCF reports no allocated-so-far figure, so
// Config.Allocated stays 0, and no LastModified. Status Done, InProgress and
// Failed become READY, IN_PROGRESS and FAILED.
//
// Put's answer carries only a request id, so its Config is what was asked,
// with Status IN_PROGRESS. Get of a version without a config answers an
// error matching provconc.ErrProvisionedConcurrencyConfigNotFound (SCF
// itself answers an empty list).
//
// # Extensions
//
// SCF-only settings travel in the Extension fields: a *PutParameters in
// PutInput (namespace, scheduled TriggerActions, utilization tracking with
// TrackingTarget, MinCapacity and MaxCapacity), a *Scope in Get, List and
// Delete inputs (namespace). Results carry a *ConfigDetails in
// Config.Extension (namespace, trigger actions, unallocated concurrency) and
// List a *ListDetails in ListOutput.Extension. Options.Namespace sets the
// namespace of calls that name none; it defaults to "default".
//
// # Credentials
//
// Options.Credentials takes a CredentialSource: NewCredentials,
// CredentialsFromEnv (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY,
// TENCENTCLOUD_SESSION_TOKEN), or any credential of tencentcloud-sdk-go's
// common module, which has the same method set; this package does not import
// that module. Credentials redact their secrets in every fmt verb, in
// String, GoString and slog; errors and logs never carry keys, tokens or
// signatures.
//
// # Errors
//
// SCF answers errors with HTTP 200 and {"Response": {"Error": {"Code",
// "Message"}, "RequestId"}}. They come back as a *provconc.APIError with the
// code and request id as sent, the message as sent but for any credential
// it quotes (hidden), StatusCode 200, and a Kind for
// errors.Is, mapped by category and refined for known details (KindOf):
//
//	AuthFailure.*, UnauthorizedOperation*, OperationDenied.*,
//	IpInBlacklist, IpNotInWhitelist                                  ErrAccessDenied
//	FailedOperation.InsufficientBalance, .ServiceClosed,
//	.UnOpenedService (the account cannot use SCF)                    ErrAccessDenied
//	RequestLimitExceeded*                                            ErrTooManyRequests
//	InternalError*, ServiceUnavailable, ResourceInsufficient*,
//	FailedOperation.ProvisionCreateTimer, .ProvisionDeleteTimer      ErrService
//	ResourceNotFound*, InvalidParameterValue.FunctionName
//	("The function does not exist.")                                 ErrResourceNotFound
//	InvalidParameter*, InvalidParameterValue*, MissingParameter*,
//	LimitExceeded*, UnsupportedOperation*, InvalidAction,
//	UnknownParameter, UnsupportedRegion, ...,
//	FailedOperation.ProvisionedExceedAvailable, .ProvisionedExceedReserved
//	(quota exhausted, as AWS answers it)                             ErrInvalidParameterValue
//	FailedOperation* (ProvisionedInProgress, DebugModeStatus,
//	FunctionVersionStatusNotActive, ...), ResourceInUse*,
//	ResourceUnavailable*                                             ErrResourceConflict
//
// An unknown code keeps a nil Kind. A non-200 answer without an SCF error (a
// gateway's page, say) is an *provconc.APIError with an empty Code and a
// kind from the status (ErrService for 5xx); a 200 that is not an answer of
// the API (empty, not JSON, or neither Error nor RequestId) is an error
// matching provconc.ErrInvalidResponse. An Error and a RequestId are read
// even when another field has the wrong type, as the official client reads
// an error answer; such an answer without an Error is ErrInvalidResponse,
// naming its RequestId.
//
// # Retries
//
// Besides what transport/retry retries by default (429, 5xx, connection
// failures), a 200 carrying RequestLimitExceeded or its details (a
// throttle) or an ErrService code such as InternalError is retried with the
// same backoff and retry budget. When retries end on such an answer the
// error is a *provconc.RetryExhaustedError that unwraps to the
// *provconc.APIError; both carry the number of attempts, as does
// provconc.Metadata on success. Each attempt is signed afresh.
//
// # Not covered
//
// Reserved concurrency (PutReservedConcurrencyConfig and friends), aliases,
// versions and functions themselves are outside this package. Requests are
// sent with the TC3-HMAC-SHA256 signature only (not the legacy HmacSHA1/256
// one), and never unsigned. X-TC-Language is sent only when
// Options.Language is set (zh-CN or en-US), as the official client sends
// it only when its ClientProfile.Language is.
package tencentscf
