// Command pcemulator serves the in-process provisioned concurrency emulator
// on a loopback port, so that the aws CLI or an official SDK can be pointed
// at it. One port speaks both clouds: AWS Lambda (REST paths under
// /2019-09-30/) and Tencent Cloud SCF API 3.0 (POST with X-TC-Action):
//
//	pcemulator -addr 127.0.0.1:9350
//	aws lambda get-provisioned-concurrency-config --endpoint-url http://127.0.0.1:9350 \
//	    --region us-east-1 --function-name demo-api --qualifier live
//	curl -s http://127.0.0.1:9350/ -H 'Content-Type: application/json' \
//	    -H 'X-TC-Action: GetProvisionedConcurrencyConfig' -H 'X-TC-Version: 2018-04-16' \
//	    -d '{"FunctionName":"demo-api"}'
//
// tencentcloud-sdk-go reaches it with HttpProfile.Scheme "HTTP" and
// HttpProfile.Endpoint "127.0.0.1:9350"; tencentcloud-sdk-nodejs with
// httpProfile {protocol: "http://", endpoint: "127.0.0.1:9350"}. Both may
// use any request method and signature method they offer.
//
// It seeds demo functions on both sides (see -demo, -functions and
// -scf-functions), optionally requires SigV4 signatures (-access-key,
// -secret-key) and Tencent Cloud signatures (-scf-secret-id,
// -scf-secret-key: TC3-HMAC-SHA256, HmacSHA1 or HmacSHA256), and can inject
// faults. It stops cleanly on SIGINT or SIGTERM.
//
// # Running it as a server
//
// The emulator is a test double: whoever reaches it can read and change its
// state. So it listens on loopback only; an -addr on any other interface
// (0.0.0.0, a LAN address, a host name) is refused unless -allow-remote is
// given, and then it prints a warning to stderr. Signed requests must be
// within five minutes of the emulator's clock, as on both services
// (-max-clock-skew). A request is authenticated from its headers before its
// body is read, and the body is read up to the service's size limit only.
// Every connection has read, write, header and idle timeouts
// (-read-timeout, -write-timeout, -read-header-timeout, -idle-timeout), so a
// client that sends a byte a second or holds an idle connection is cut off.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/provconc/provconc/internal/httpserve"
	"github.com/provconc/provconc/transport/emulator"
)

// defaultAddr is a loopback port not used by other well-known AWS emulators.
const defaultAddr = "127.0.0.1:9350"

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		log.SetFlags(0)
		log.Fatalf("pcemulator: %v", err)
	}
}

// config is the parsed command line.
type config struct {
	addr        string
	allowRemote bool
	timeouts    httpserve.Timeouts
	maxSkew     time.Duration
	region      string
	account     string
	demo        bool
	functions   string
	readyAfter  time.Duration
	accessKey   string
	secretKey   string
	// sessionToken is the token SigV4 requests must carry, for temporary
	// credentials; none when empty.
	sessionToken string
	scfFuncs     string
	scfID        string
	scfKey       string
	scfQuota     int
	seed         int64
	rate         float64
	burst        int
	errorRate    float64
	latency      time.Duration
}

func parseFlags(args []string, out io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("pcemulator", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.addr, "addr", defaultAddr, "listen address; on loopback unless -allow-remote")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow an -addr other than loopback (the emulator's state is open to whoever reaches it)")
	defaults := httpserve.DefaultTimeouts()
	fs.DurationVar(&c.timeouts.ReadHeader, "read-header-timeout", defaults.ReadHeader, "time allowed to read a request's headers")
	fs.DurationVar(&c.timeouts.Read, "read-timeout", defaults.Read, "time allowed to read a whole request, body included")
	fs.DurationVar(&c.timeouts.Write, "write-timeout", defaults.Write, "time allowed from the end of a request's headers to the end of its answer (must exceed -latency)")
	fs.DurationVar(&c.timeouts.Idle, "idle-timeout", defaults.Idle, "time an idle kept-alive connection stays open")
	fs.DurationVar(&c.maxSkew, "max-clock-skew", emulator.DefaultMaxClockSkew, "largest difference between a signature's time and the emulator's clock (0: no check)")
	fs.StringVar(&c.region, "region", emulator.DefaultRegion, "region of the emulated service")
	fs.StringVar(&c.account, "account", emulator.DefaultAccountID, "12-digit account id used in ARNs")
	fs.BoolVar(&c.demo, "demo", true, "seed demo-api (versions 1,2; aliases live->2, canary->1) and demo-worker (version 1; alias prod->1)")
	fs.StringVar(&c.functions, "functions", "", "comma-separated extra functions, each as name or name:versions (default 1 version)")
	fs.DurationVar(&c.readyAfter, "ready-after", 10*time.Second, "time an allocation stays IN_PROGRESS")
	fs.StringVar(&c.accessKey, "access-key", "", "require SigV4 signatures with this access key id (needs -secret-key)")
	fs.StringVar(&c.secretKey, "secret-key", "", "secret access key for -access-key")
	fs.StringVar(&c.sessionToken, "session-token", "", "session token SigV4 requests must carry, for temporary credentials (needs -access-key); without it a request carrying one is refused, as AWS refuses a stale AWS_SESSION_TOKEN")
	fs.StringVar(&c.scfFuncs, "scf-functions", "", "comma-separated extra SCF functions, each as [namespace/]name[:versions] (default namespace \"default\", 1 version)")
	fs.StringVar(&c.scfID, "scf-secret-id", "", "require TC3-HMAC-SHA256 signatures on SCF requests with this SecretId (needs -scf-secret-key)")
	fs.StringVar(&c.scfKey, "scf-secret-key", "", "SecretKey for -scf-secret-id")
	fs.IntVar(&c.scfQuota, "scf-quota", emulator.DefaultSCFFunctionConcurrencyQuota, "maximum concurrency quota of each SCF function (provisioned concurrency may use it minus 100)")
	fs.Int64Var(&c.seed, "seed", 1, "seed for request ids and random faults")
	fs.Float64Var(&c.rate, "throttle-rate", 0, "token bucket refill in requests per second (0: no throttling)")
	fs.IntVar(&c.burst, "throttle-burst", 0, "token bucket capacity (0: ceil of the rate)")
	fs.Float64Var(&c.errorRate, "error-rate", 0, "probability of answering 500 ServiceException")
	fs.DurationVar(&c.latency, "latency", 0, "latency added to every answer")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if (c.accessKey == "") != (c.secretKey == "") {
		return c, errors.New("-access-key and -secret-key go together")
	}
	if c.sessionToken != "" && c.accessKey == "" {
		return c, errors.New("-session-token needs -access-key and -secret-key")
	}
	if (c.scfID == "") != (c.scfKey == "") {
		return c, errors.New("-scf-secret-id and -scf-secret-key go together")
	}
	if c.scfQuota < emulator.SCFQuotaHeadroom {
		return c, fmt.Errorf("-scf-quota must be at least %d", emulator.SCFQuotaHeadroom)
	}
	loopback, err := httpserve.IsLoopback(c.addr)
	if err != nil {
		return c, fmt.Errorf("-addr: %w", err)
	}
	if !loopback && !c.allowRemote {
		return c, fmt.Errorf("-addr %s is not a loopback address: the emulator's state would be open to other machines; "+
			"use 127.0.0.1:PORT, or add -allow-remote to serve it anyway", c.addr)
	}
	for name, d := range map[string]time.Duration{
		"-read-header-timeout": c.timeouts.ReadHeader, "-read-timeout": c.timeouts.Read,
		"-write-timeout": c.timeouts.Write, "-idle-timeout": c.timeouts.Idle,
	} {
		if d <= 0 {
			return c, fmt.Errorf("%s must be positive, got %v", name, d)
		}
	}
	if c.latency >= c.timeouts.Write {
		return c, fmt.Errorf("-latency %v must be shorter than -write-timeout %v, or no answer would arrive", c.latency, c.timeouts.Write)
	}
	if c.maxSkew < 0 {
		return c, fmt.Errorf("-max-clock-skew must not be negative, got %v", c.maxSkew)
	}
	return c, nil
}

// remoteWarning is what pcemulator prints to stderr when it listens beyond
// loopback.
func remoteWarning(c config) string {
	w := "pcemulator: WARNING: listening on " + c.addr + ", beyond loopback (-allow-remote): other machines can reach the emulator.\n" +
		"pcemulator: WARNING: the emulator is a test double; whoever reaches it can read and change its state.\n" +
		"pcemulator: WARNING: it speaks plain HTTP: requests and answers cross the network unencrypted.\n"
	if c.accessKey == "" || c.scfID == "" {
		w += "pcemulator: WARNING: signatures are not required on every protocol; set -access-key/-secret-key and -scf-secret-id/-scf-secret-key.\n"
	}
	return w
}

// newServer builds and seeds the emulator.
func newServer(c config) (*emulator.Server, error) {
	skew := c.maxSkew
	if skew == 0 {
		skew = emulator.NoClockSkewLimit
	}
	opts := emulator.Options{
		Region:       c.region,
		AccountID:    c.account,
		Seed:         c.seed,
		ReadyAfter:   c.readyAfter,
		MaxClockSkew: skew,
		Faults: emulator.Faults{
			RatePerSecond:    c.rate,
			Burst:            c.burst,
			ServiceErrorRate: c.errorRate,
			Latency:          c.latency,
		},
	}
	if c.accessKey != "" {
		opts.Credentials = &aws.Credentials{AccessKeyID: c.accessKey, SecretAccessKey: c.secretKey, SessionToken: c.sessionToken}
	}
	opts.SCF.FunctionConcurrencyQuota = c.scfQuota
	if c.scfID != "" {
		opts.SCF.Credentials = &emulator.SCFCredentials{SecretID: c.scfID, SecretKey: c.scfKey}
	}
	s := emulator.New(opts)
	if c.demo {
		if err := seedFunction(s, "demo-api", 2, map[string]string{"live": "2", "canary": "1"}); err != nil {
			return nil, err
		}
		if err := seedFunction(s, "demo-worker", 1, map[string]string{"prod": "1"}); err != nil {
			return nil, err
		}
		if err := seedSCFFunction(s, emulator.DefaultSCFNamespace, "demo-api", 2); err != nil {
			return nil, err
		}
		if err := seedSCFFunction(s, emulator.DefaultSCFNamespace, "demo-worker", 1); err != nil {
			return nil, err
		}
	}
	for _, spec := range listEntries(c.scfFuncs) {
		namespace, rest, found := strings.Cut(spec, "/")
		if !found {
			namespace, rest = emulator.DefaultSCFNamespace, spec
		}
		name, n, ok := nameAndVersions(rest)
		if !ok {
			return nil, fmt.Errorf("bad -scf-functions entry %q: want [namespace/]name[:versions]", spec)
		}
		if err := seedSCFFunction(s, namespace, name, n); err != nil {
			return nil, err
		}
	}
	for _, spec := range listEntries(c.functions) {
		name, n, ok := nameAndVersions(spec)
		if !ok {
			return nil, fmt.Errorf("bad -functions entry %q: want name or name:versions", spec)
		}
		if err := seedFunction(s, name, n, nil); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// listEntries splits a comma-separated flag value into its trimmed,
// non-empty entries, so "a, b," seeds a and b.
func listEntries(list string) []string {
	var out []string
	for _, e := range strings.Split(list, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// nameAndVersions splits "name" or "name:versions" (one version when not
// given), the form -functions and -scf-functions share; false for a count
// that is not a whole number.
func nameAndVersions(spec string) (name string, versions int, ok bool) {
	name, count, found := strings.Cut(spec, ":")
	if !found {
		return name, 1, true
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 0 {
		return "", 0, false
	}
	return name, n, true
}

func seedFunction(s *emulator.Server, name string, versions int, aliases map[string]string) error {
	if err := s.CreateFunction(name); err != nil {
		return err
	}
	for range versions {
		if _, err := s.PublishVersion(name); err != nil {
			return err
		}
	}
	for alias, version := range aliases {
		if err := s.CreateAlias(name, alias, version); err != nil {
			return err
		}
	}
	return nil
}

func seedSCFFunction(s *emulator.Server, namespace, name string, versions int) error {
	if err := s.CreateSCFFunction(namespace, name); err != nil {
		return err
	}
	for range versions {
		if _, err := s.PublishSCFVersion(namespace, name); err != nil {
			return err
		}
	}
	return nil
}

// run serves until ctx ends or SIGINT/SIGTERM arrives, then shuts down.
// Warnings go to errOut.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	c, err := parseFlags(args, out)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	s, err := newServer(c)
	if err != nil {
		return err
	}
	if loopback, _ := httpserve.IsLoopback(c.addr); !loopback {
		fmt.Fprint(errOut, remoteWarning(c))
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	url := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "pcemulator: serving AWS Lambda (region %s, account %s) and Tencent Cloud SCF provisioned concurrency on %s\n", c.region, c.account, url)
	if c.demo {
		fmt.Fprintf(out, "try: aws lambda list-provisioned-concurrency-configs --endpoint-url %s --region %s --function-name demo-api\n", url, c.region)
		if c.scfID == "" {
			fmt.Fprintf(out, "try: curl -s %s/ -H 'Content-Type: application/json' -H 'X-TC-Action: GetProvisionedConcurrencyConfig' -H 'X-TC-Version: %s' -d '{\"FunctionName\":\"demo-api\"}'\n", url, emulator.SCFAPIVersion)
		}
	}

	return httpserve.Run(ctx, ln, s, c.timeouts, func() { fmt.Fprintln(out, "pcemulator: shutting down") })
}
