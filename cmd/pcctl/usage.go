// This file holds the help texts. usageText is also the package doc comment
// (doc.go); a test keeps the two the same.

package main

// usageText is what "pcctl help" prints.
const usageText = `Usage: pcctl [global flags] COMMAND [flags] [arguments]

pcctl sets, reads, lists and removes the provisioned concurrency of
serverless functions on AWS Lambda and Tencent Cloud SCF.

Commands:
  put FUNCTION COUNT   set provisioned concurrency to COUNT (at least 1)
  get FUNCTION         show the config of one version or alias
  list FUNCTION        list every config of a function
  delete FUNCTION      remove the config of one version or alias
  wait FUNCTION        wait until the config is READY
  emulator             serve a demo emulator on loopback (no account needed)
  help [COMMAND]       show this help, or a command's

FUNCTION may be given in any documented form:
  my-function                                      name
  my-function:live                                 name:qualifier
  123456789012:function:my-function:live           partial ARN
  arn:aws:lambda:us-west-2:123456789012:function:my-function:live
                                                   full ARN
The qualifier (a version number or alias name) may instead be given with
--qualifier; given both ways, the two must agree. put, get, delete and wait
need one; list takes a function without one. Tencent SCF takes a name or
name:version only: no ARNs, no aliases.

Global flags (before or after COMMAND; one dash or two):
  --provider NAME      cloud provider: aws (default) or tencent
  --region REGION      region (default: AWS_REGION, then the profile's;
                       tencent: TENCENTCLOUD_REGION)
  --endpoint URL       service endpoint, such as an emulator or LocalStack
                       (default: AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL,
                       then the profile's)
  --profile NAME       aws: shared config profile (default: AWS_PROFILE)
  --namespace NAME     tencent: SCF namespace (default "default")
  --no-sign-request    aws: send unsigned requests, needing no credentials
  --emulator           aws: run a seeded demo emulator in process: no
                       account, no network, no credentials; its state lasts
                       for one command, and allocations take 3s
  -o, --output FORMAT  table (default) or json
  --timeout DURATION   limit for each API call, retries included
                       (default 1m; 0 for none)

Command flags:
  --qualifier Q        version or alias (put, get, delete, wait)
  --wait               put: then wait until READY, as the wait command does
  --wait-timeout D     put --wait, wait: stop waiting after D (default 15m)
  --poll-interval D    put --wait, wait: first delay between reads, doubling
                       up to 15s (default 1s)
  --max-items N        list: configs per page, 1..50 (default: the
                       service's)
  --addr HOST:PORT     emulator: loopback address (default 127.0.0.1:0)
  --ready-after D      emulator: how long an allocation takes (default 3s)

AWS configuration comes from the usual sources: AWS_REGION, AWS_PROFILE,
AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL, the credential chain
(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO, web identity, container
and instance roles), ~/.aws/config and ~/.aws/credentials. Tencent Cloud
credentials come from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and
TENCENTCLOUD_SESSION_TOKEN. Flags override the environment.

Output: "table" prints aligned columns FUNCTION QUALIFIER STATUS REQUESTED
ALLOCATED AVAILABLE LAST MODIFIED REASON. "json" prints one object per
config with the keys function_name, qualifier, function_arn, requested,
allocated, available, status, status_reason and last_modified (RFC 3339,
UTC; null when the provider does not report it); list prints
{"configs": [...]}; delete prints {"function_name": ..., "qualifier": ...,
"deleted": true}. Times in tables are RFC 3339 UTC too. Tencent SCF reports
no ARN, no allocated count (0) and no last modified time. Waiting reports
progress on stderr: one line rewritten in place on a terminal, one line per
change otherwise. When a wait ends with exit code 3, the last config read
is still printed.

Errors go to stderr on one line, with the service's error code, HTTP
status (when not 2xx), message and request id.

Exit codes:
  0    success
  1    the service or the network failed
  2    usage or configuration error: bad flags or arguments, or input
       refused before anything was sent
  3    a wait ended with the allocation FAILED, or --wait-timeout passed
  130  interrupted

Try it with no account:
  pcctl --emulator list demo-api
  pcctl --emulator put demo-api:canary 5 --wait
  pcctl --emulator put demo-broken:live 1 --wait   (ends FAILED, exit 3)
  pcctl emulator    (serves until Ctrl-C and prints the commands to try)

Examples:
  pcctl --region us-west-2 put my-function:live 10 --wait
  pcctl get my-function --qualifier 7 -o json
  pcctl list arn:aws:lambda:us-west-2:123456789012:function:my-function
  pcctl delete my-function:live
  pcctl --provider tencent --region ap-guangzhou put my-function:3 10 --wait
`

// Per-command help, printed by "pcctl help COMMAND" and "pcctl COMMAND -h".
const (
	putHelp = `Usage: pcctl put [flags] FUNCTION COUNT

Sets the provisioned concurrency of a version or alias to COUNT (at least 1)
and prints the config as the service answers it, usually IN_PROGRESS. With
--wait it then waits until the config is READY and prints it; see pcctl help
wait.

Flags:
  --qualifier Q        version or alias, when FUNCTION does not carry it
  --wait               wait until READY after setting
  --wait-timeout D     with --wait: stop waiting after D (default 15m)
  --poll-interval D    with --wait: first delay between reads (default 1s)
`
	getHelp = `Usage: pcctl get [flags] FUNCTION

Prints the provisioned concurrency config of a version or alias.

Flags:
  --qualifier Q        version or alias, when FUNCTION does not carry it
`
	listHelp = `Usage: pcctl list [flags] FUNCTION

Prints every provisioned concurrency config of a function, reading all
pages. FUNCTION names the function without a qualifier.

Flags:
  --max-items N        configs per page asked of the service, 1..50
`
	deleteHelp = `Usage: pcctl delete [flags] FUNCTION

Removes the provisioned concurrency config of a version or alias.

Flags:
  --qualifier Q        version or alias, when FUNCTION does not carry it
`
	waitHelp = `Usage: pcctl wait [flags] FUNCTION

Reads the config of a version or alias until it is READY, then prints it.
Progress goes to stderr: one line rewritten in place on a terminal, one line
per change otherwise. The exit code is 3 when the allocation ends FAILED or
--wait-timeout passes; the last config read is printed all the same.

Flags:
  --qualifier Q        version or alias, when FUNCTION does not carry it
  --wait-timeout D     stop waiting after D (default 15m)
  --poll-interval D    first delay between reads, doubling up to 15s
                       (default 1s)
`
	emulatorHelp = `Usage: pcctl emulator [--addr HOST:PORT] [--ready-after D] [--region R]

Serves the AWS Lambda provisioned concurrency emulator on a loopback
address until interrupted, and prints its endpoint and commands to try.
It is seeded with demo functions:
  demo-api      versions 1 and 2; aliases live -> 2 (10 provisioned, READY)
                and canary -> 1
  demo-worker   version 1; alias prod -> 1 (2 provisioned, READY)
  demo-broken   version 1; alias live -> 1; every allocation ends FAILED
It accepts unsigned and signed requests alike.

Flags:
  --addr HOST:PORT     loopback address to listen on (default 127.0.0.1:0,
                       any free port)
  --ready-after D      how long an allocation stays IN_PROGRESS (default 3s)
  --region R           region of the emulated service (default us-east-1)
`
)

// commandHelpFooter ends every command's help.
const commandHelpFooter = `
Global flags (see pcctl help) are accepted before or after the command name.
`
