// Package provconc sets, reads, lists, waits on and removes provisioned
// concurrency for serverless functions, on AWS Lambda and Tencent Cloud SCF,
// through one typed Client.
//
// # Clients
//
// The root package knows no wire protocol. A Client speaks through a
// Protocol: transport/awslambda for AWS Lambda (with an aws.Config from
// config.LoadDefaultConfig), transport/tencentscf for Tencent Cloud SCF,
// transport/mock for scripted answers in tests. Every protocol retries
// throttles and server failures through transport/retry.
//
//	client, err := awslambda.NewClient(cfg)
//	out, err := client.Put(ctx, &provconc.PutInput{FunctionName: "my-function", Qualifier: "BLUE", ProvisionedConcurrentExecutions: 100})
//
// # Waiting
//
// Put returns while the service is still allocating (StatusInProgress).
// WaitUntilReady polls Get with capped, jittered backoff until StatusReady,
// or fails with an *AllocationFailedError carrying the StatusReason. It waits
// at most WaitOptions.MaxWait (DefaultMaxWait, ten minutes, unless set); a
// wait that runs out of time ends with a *WaitTimeoutError naming the last
// status and reason it saw.
//
// # Config as data
//
// Config and the outputs marshal to JSON with the field names of the
// service's API documents (RequestedProvisionedConcurrentExecutions,
// LastModified as 2019-11-21T19:32:12+0000, ProvisionedConcurrencyConfigs,
// NextMarker) and read back what they write, or what the AWS service
// answers.
//
// # Listing
//
// List reads one page. NewListPaginator walks pages in the style of the
// official AWS SDK (HasMorePages, NextPage); ListAll is a range-over-func
// iterator over every config. Both stop with ErrRepeatedMarker if the
// service ever repeats a marker.
//
// # Errors
//
// Inputs are checked against the documented patterns and ranges before
// anything is sent; a failure is an *InputError naming the field and the
// rule (errors.Is(err, ErrInvalidInput)). Service errors are *APIError
// values: errors.Is matches the documented kinds (ErrResourceNotFound,
// ErrProvisionedConcurrencyConfigNotFound, ErrTooManyRequests, ...) on every
// cloud, and errors.As gives the code, message, HTTP status, request id,
// Retry-After and attempts. When retries run out the error is a
// *RetryExhaustedError that unwraps to the last *APIError.
//
// # Testing code that uses provconc
//
// Each operation has a one-method interface (PutAPI, GetAPI, ListAPI,
// DeleteAPI) to fake. For the whole client, use transport/mock, which
// refuses bad inputs exactly as the real protocol does, or
// transport/emulator: an in-process emulator of the control plane that
// answers as the real service does, with no socket and no credentials.
package provconc
