// Command pcctl is a command-line tool for the provisioned concurrency of
// serverless functions, built on the provconc SDK: it sets, reads, lists,
// removes and waits for configs, prints tables for people and JSON for
// scripts, and exits with a code scripts can act on. It can run against a
// seeded emulator, in process or on a loopback port, to be tried with no
// account.
//
// main is tiny; run does the work with the arguments, output streams and
// context it is given, and returns the exit code. Clouds are chosen by a
// provider switch (provider.go): AWS Lambda and Tencent Cloud SCF.
//
// The usage text, as printed by "pcctl help":
//
//	Usage: pcctl [global flags] COMMAND [flags] [arguments]
//
//	pcctl sets, reads, lists and removes the provisioned concurrency of
//	serverless functions on AWS Lambda and Tencent Cloud SCF. It speaks the aws
//	CLI's and tccli's language (same commands, flags, output, --query and exit
//	codes), and has short verbs for people at a terminal.
//
//	Short verbs:
//	  put FUNCTION COUNT   set provisioned concurrency to COUNT (at least 1)
//	  get FUNCTION         show the config of one version or alias
//	  list FUNCTION        list every config of a function
//	  delete FUNCTION      remove the config of one version or alias
//	  wait FUNCTION        wait until the config is READY
//	  emulator             serve a demo emulator on loopback (no account needed)
//
//	Desired state (a YAML or JSON file of configs, across clouds and regions):
//	  plan -f FILE         show what applying FILE would change; exit 0 when
//	                       nothing would, 2 when something would
//	  apply -f FILE        make the changes, FILE or a plan saved by plan --out
//	                       (see pcctl help apply)
//
//	Schedules and utilization tracking (either cloud):
//	  scaling put FUNCTION --schedule SPEC ... [--tracking SPEC] | -f PLAN
//	                       make the version's or alias's schedules and tracking
//	                       these; SPEC: name=N,cron=cron(...),tz=ZONE,
//	                       executions=N (also at=, rate=, max=, start=, end=);
//	                       tracking: target=0.7,min=N,max=N; PLAN: a YAML or
//	                       JSON file with Schedules and Tracking
//	  scaling get FUNCTION show them (a table; -o json prints a PLAN)
//	  scaling delete FUNCTION
//	                       remove them (tencent: with the config, which holds
//	                       them)
//
//	The aws CLI's commands (same flags, same output):
//	  lambda put-provisioned-concurrency-config --function-name F --qualifier Q
//	         --provisioned-concurrent-executions N
//	  lambda get-provisioned-concurrency-config --function-name F --qualifier Q
//	  lambda list-provisioned-concurrency-configs --function-name F
//	         [--max-items N] [--starting-token T] [--page-size N] [--no-paginate]
//	  lambda delete-provisioned-concurrency-config --function-name F --qualifier Q
//	  (each also takes --cli-input-json JSON or file://PATH, and
//	  --generate-cli-skeleton [input] to print that JSON)
//	  application-autoscaling register-scalable-target | deregister-scalable-target
//	         | describe-scalable-targets | put-scheduled-action
//	         | delete-scheduled-action | describe-scheduled-actions
//	         | put-scaling-policy | delete-scaling-policy
//	         | describe-scaling-policies
//	         --service-namespace lambda
//	         --scalable-dimension lambda:function:ProvisionedConcurrency
//	         --resource-id function:F:Q [the aws CLI's flags of each]
//
//	tccli's actions (same parameters, same output):
//	  scf PutProvisionedConcurrencyConfig --FunctionName F --Qualifier V
//	      --VersionProvisionedConcurrencyNum N [--Namespace NS]
//	      [--TriggerActions JSON] [--ProvisionedType T] [--TrackingTarget X]
//	      [--MinCapacity N] [--MaxCapacity N]
//	  scf GetProvisionedConcurrencyConfig --FunctionName F [--Qualifier V]
//	  scf DeleteProvisionedConcurrencyConfig --FunctionName F --Qualifier V
//	  (--filter is tccli's name for --query)
//
//	Other commands:
//	  help [COMMAND]       show this help, or a command's
//	  completion SHELL     print a completion script for bash, zsh, fish or
//	                       powershell
//
//	FUNCTION may be given in any documented form:
//	  my-function                                      name
//	  my-function:live                                 name:qualifier
//	  123456789012:function:my-function:live           partial ARN
//	  arn:aws:lambda:us-west-2:123456789012:function:my-function:live
//	                                                   full ARN
//	The qualifier (a version number or alias name) may instead be given with
//	--qualifier; given both ways, the two must agree. put, get, delete and wait
//	need one; list takes a function without one. Tencent SCF takes a name or
//	name:version only: no ARNs, no aliases.
//
//	Global flags (before or after COMMAND):
//	  --provider NAME      cloud provider of the short verbs: aws (default) or
//	                       tencent (lambda and scf choose their own)
//	  --region REGION      region (default: AWS_REGION, then the profile's;
//	                       tencent: TENCENTCLOUD_REGION)
//	  --endpoint-url URL   service endpoint, such as an emulator or LocalStack
//	                       (also --endpoint; default: AWS_ENDPOINT_URL_LAMBDA,
//	                       AWS_ENDPOINT_URL, then the profile's)
//	  --profile NAME       aws: shared config profile (default: AWS_PROFILE)
//	  --namespace NAME     tencent: SCF namespace (default "default")
//	  --no-sign-request    aws: send unsigned requests, needing no credentials
//	  --emulator           run a seeded demo emulator in process: no account,
//	                       no network, no credentials; allocations take 3s
//	  --emulator-state F   with or without --emulator: run the in-process
//	                       emulator with its state kept in file F, so that a
//	                       sequence of commands works on one account
//	  -o, --output FORMAT  json, text, table, yaml or yaml-stream, as the aws
//	                       CLI prints them (default: json, for the lambda
//	                       commands AWS_DEFAULT_OUTPUT, then the profile's
//	                       output, first; the short verbs: a readable table)
//	  --query EXPR         JMESPath expression applied to the output before it
//	                       is formatted, as the aws CLI's --query
//	  --timeout DURATION   limit for each API call, retries included
//	                       (default 1m; 0 for none)
//	  --debug              show each request and answer on stderr, with
//	                       Authorization and tokens redacted
//	  --cli-connect-timeout N, --cli-read-timeout N
//	                       seconds to connect and for each socket read, as
//	                       the aws CLI's (0 for no limit)
//	  --ca-bundle FILE     PEM certificate authorities to trust (default:
//	                       AWS_CA_BUNDLE, else the system's)
//	  --version            print pcctl's version
//
//	Short verbs' flags:
//	  --qualifier Q        version or alias (put, get, delete, wait)
//	  --wait               put: then wait until READY, as the wait command does
//	  --wait-timeout D     put --wait, wait: stop waiting after D (default 15m);
//	                       an error without --wait
//	  --poll-interval D    put --wait, wait: first delay between reads, doubling
//	                       up to 15s (default 1s)
//	  --max-items N        list: configs per page, 1..50 (default: the
//	                       service's)
//	  --addr HOST:PORT     emulator: loopback address (default 127.0.0.1:0)
//	  --ready-after D      emulator: how long an allocation takes (default 3s)
//	  --state FILE         emulator: keep the state in FILE across restarts
//
//	Plan and apply flags (see pcctl help plan, pcctl help apply):
//	  -f, --file FILE      the desired state, or for apply a saved plan
//	  --prune              delete the unlisted configs of the functions the
//	                       file names under Prune
//	  --out PLANFILE       plan: also save the plan for apply -f PLANFILE
//	  --wait               apply: wait until each config is READY
//	  --concurrency N      calls in flight at once (plan 8, apply 16)
//
//	AWS configuration comes from the usual sources: AWS_REGION, AWS_PROFILE,
//	AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL, the credential chain
//	(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO, web identity, container
//	and instance roles), ~/.aws/config and ~/.aws/credentials. Tencent Cloud
//	credentials come from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and
//	TENCENTCLOUD_SESSION_TOKEN. Flags override the environment.
//
//	Output: the lambda commands print what the aws CLI prints for the same
//	answer (the service's field names and values, dates as the service wrote
//	them, four-space JSON, NextToken when --max-items cuts a list); the scf
//	commands print what tccli prints (the fields of the answer's Response).
//	The short verbs print a readable table (FUNCTION QUALIFIER STATUS REQUESTED
//	ALLOCATED AVAILABLE LAST MODIFIED REASON), and with --output or --query the
//	same documents: put and get as get-provisioned-concurrency-config, list as
//	list-provisioned-concurrency-configs (all pages), delete nothing (aws) or
//	the request id (tencent). Waiting reports progress on stderr: one line
//	rewritten in place on a terminal, cut to its width, one line per change
//	otherwise. When a wait fails or times out, the last config read is still
//	printed.
//
//	Service errors go to stderr as the aws CLI writes them: "An error occurred
//	(Code) when calling the Operation operation: Message"; the short verbs,
//	scaling, plan and apply add " (request id: ID)". The lambda,
//	application-autoscaling commands make at most AWS_MAX_ATTEMPTS (else
//	the profile's max_attempts, else 3) attempts, throttles included, as the
//	aws CLI, and the scf commands 3; the other commands retry a throttle
//	until --timeout unless a limit is configured.
//
//	Exit codes (the aws CLI's):
//	  0    success
//	  2    plan: applying would change something
//	  252  the command line could not be parsed, or its input was refused
//	       before anything was sent
//	  253  configuration or credentials missing or invalid
//	  254  the service answered with an error
//	  255  anything else: the network, a wait that ended FAILED or timed out,
//	       an apply that left a change skipped or failed without a service
//	       error
//	  130  interrupted
//
//	Try it with no account:
//	  pcctl --emulator list demo-api
//	  pcctl --emulator put demo-api:canary 5 --wait
//	  pcctl --emulator put demo-broken:live 1 --wait   (ends FAILED, exit 255)
//	  pcctl --emulator-state demo.json lambda get-provisioned-concurrency-config \
//	      --function-name demo-api --qualifier live
//	  pcctl emulator    (serves until Ctrl-C and prints the commands to try)
//
//	Examples:
//	  pcctl --region us-west-2 put my-function:live 10 --wait
//	  pcctl get my-function --qualifier 7 -o json
//	  pcctl lambda list-provisioned-concurrency-configs --function-name f \
//	      --query "ProvisionedConcurrencyConfigs[?Status!='READY'].FunctionArn"
//	  pcctl delete my-function:live
//	  pcctl --provider tencent --region ap-guangzhou put my-function:3 10 --wait
package main
