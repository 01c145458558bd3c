// This file is the "scaling" command: short verbs that set, show and
// remove the scaling plan (schedules and utilization tracking) of a
// version or alias on either cloud, through provconc.ScalingAPI:
// Application Auto Scaling on AWS (transport/awslambda/autoscaling), the
// trigger actions and tracking of PutProvisionedConcurrencyConfig on
// Tencent SCF (transport/tencentscf). A plan is given with --schedule and
// --tracking, or as a file (-f) in the vocabulary of provconc.ScalingPlan,
// which is also what "scaling get -o json" prints.

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
	"github.com/goccy/go-yaml"
	"github.com/spf13/cobra"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda/autoscaling"
	"github.com/provconc/provconc/transport/tencentscf"
)

// scalingFlags are the flags of the scaling verbs.
type scalingFlags struct {
	qualifier  string
	schedules  []string
	tracking   string
	file       string
	executions int
}

func (a *app) scalingCommand() *cobra.Command {
	family := familyCommand("scaling", "Set, show and remove schedules and utilization tracking")
	f := &scalingFlags{}
	verb := func(use, short string, run func(ctx context.Context, cmd *cobra.Command, f *scalingFlags, function string) error) *cobra.Command {
		c := &cobra.Command{
			Use:   use,
			Short: short,
			Args:  positional([]string{"FUNCTION"}),
			RunE: a.runE(func(ctx context.Context, cmd *cobra.Command, args []string) error {
				return run(ctx, cmd, f, args[0])
			}),
		}
		c.Flags().StringVar(&f.qualifier, "qualifier", "", "version or alias")
		return c
	}
	put := verb("put FUNCTION", "Make the version's or alias's schedules and tracking these", a.scalingPut)
	put.Flags().StringArrayVar(&f.schedules, "schedule", nil, "a schedule: name=N,cron=cron(...)|at=at(...)|rate=rate(...),tz=ZONE,executions=N[,max=N][,start=T][,end=T]; repeatable")
	put.Flags().StringVar(&f.tracking, "tracking", "", "utilization tracking: target=0.7,min=N,max=N[,name=POLICY]")
	put.Flags().StringVarP(&f.file, "file", "f", "", "the plan as a YAML or JSON file (Schedules, Tracking), as scaling get -o json prints it")
	put.Flags().IntVar(&f.executions, "executions", 0, "tencent, without tracking: the amount until the first schedule fires (default: the amount of the schedule that fired last)")
	get := verb("get FUNCTION", "Show the version's or alias's schedules and tracking", a.scalingGet)
	del := verb("delete FUNCTION", "Remove the version's or alias's schedules and tracking", a.scalingDelete)
	family.AddCommand(put, get, del)
	return family
}

// scalingHTTPClient returns the HTTP client the scaling commands send
// through: over the in-process emulator with --emulator or
// --emulator-state, answers recorded and with --debug shown.
func (a *app) scalingHTTPClient(ctx context.Context, p provider) (*http.Client, error) {
	if err := p.check(&a.set); err != nil {
		return nil, err
	}
	next, err := a.set.net.transport()
	if err != nil {
		return nil, err
	}
	if a.set.emulator || a.set.emulatorState != "" {
		if a.set.inProcess == nil {
			emu, err := a.startInProcessEmulator(ctx)
			if err != nil {
				return nil, &configError{err}
			}
			a.set.inProcess = emu
		}
		next = a.set.inProcess.Client().Transport
	}
	var dbg io.Writer
	if a.set.debug {
		dbg = a.stderr
	}
	a.capture = newCapture(next, dbg)
	return &http.Client{Transport: a.capture}, nil
}

// newAutoscaling builds the Application Auto Scaling client: from the
// in-process emulator, else from the shared AWS configuration with the
// flags on top, as the lambda commands build theirs.
func (a *app) newAutoscaling(ctx context.Context) (*autoscaling.Protocol, error) {
	hc, err := a.scalingHTTPClient(ctx, awsProvider)
	if err != nil {
		return nil, err
	}
	// --timeout bounds each command's call through its context; the
	// client's own limit is off.
	if emu := a.set.inProcess; emu != nil {
		p, err := autoscaling.New(autoscaling.Options{Region: emu.Region(), Credentials: aws.AnonymousCredentials{}, HTTPClient: hc, Timeout: -1})
		if err != nil {
			return nil, &configError{err}
		}
		return p, nil
	}
	// The SDK's own log (a WARN when the EC2 metadata service refuses
	// IMDSv2, for one) is not the aws CLI's output: --debug shows the
	// requests instead.
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
	if a.set.region != "" {
		opts = append(opts, config.WithRegion(a.set.region))
	}
	if a.set.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(a.set.profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, &configError{fmt.Errorf("loading the AWS configuration: %w", err)}
	}
	if cfg.Region == "" {
		return nil, &configError{errors.New("no region: set --region, AWS_REGION, or the region of your profile")}
	}
	resolveMaxAttempts(&a.set, &cfg)
	if !a.set.noSign {
		if err := checkCredentials(ctx, cfg.Credentials); err != nil {
			return nil, &configError{err}
		}
	}
	p, err := autoscaling.NewFromConfig(cfg, func(o *autoscaling.Options) {
		o.HTTPClient, o.Timeout = hc, -1
		if a.set.endpoint != "" {
			o.Endpoint = a.set.endpoint
		}
		if a.set.noSign {
			o.Credentials = aws.AnonymousCredentials{}
		}
	})
	if err != nil {
		return nil, &configError{err}
	}
	return p, nil
}

// newScaling builds the ScalingAPI of --provider.
func (a *app) newScaling(ctx context.Context) (provconc.ScalingAPI, provider, error) {
	p := providers[a.set.provider]
	if a.set.provider == "aws" {
		api, err := a.newAutoscaling(ctx)
		return api, p, err
	}
	hc, err := a.scalingHTTPClient(ctx, p)
	if err != nil {
		return nil, p, err
	}
	proto, err := newTencentProtocol(ctx, &a.set, hc)
	if err != nil {
		return nil, p, &configError{err}
	}
	api, ok := proto.(provconc.ScalingAPI)
	if !ok {
		return nil, p, fmt.Errorf("the %s protocol does not scale", a.set.provider)
	}
	return api, p, nil
}

// callContext bounds one call by --timeout (0 for none).
func (a *app) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if a.set.timeout > 0 {
		return context.WithTimeout(ctx, a.set.timeout)
	}
	return context.WithCancel(ctx)
}

// scalingTarget splits FUNCTION and --qualifier for the scaling inputs:
// on SCF the name and version go separately, with the namespace.
func (a *app) scalingTarget(p provider, function, qualifier string) (name, q string, ext provconc.Extension) {
	if a.set.provider == "tencent" {
		name, q = p.target(function, qualifier)
		return name, q, &tencentscf.ScalingOptions{Namespace: a.set.namespace}
	}
	return function, qualifier, nil
}

func (a *app) scalingPut(ctx context.Context, cmd *cobra.Command, f *scalingFlags, function string) error {
	plan, err := f.plan()
	if err != nil {
		return err
	}
	if cmd.Flags().Changed("executions") && a.set.provider != "tencent" {
		return usagef("", "--executions applies to --provider tencent only: on AWS the schedules set the amount")
	}
	api, p, err := a.newScaling(ctx)
	if err != nil {
		return err
	}
	name, q, ext := a.scalingTarget(p, function, f.qualifier)
	if o, ok := ext.(*tencentscf.ScalingOptions); ok {
		o.Executions = f.executions
	}
	cctx, cancel := a.callContext(ctx)
	defer cancel()
	if _, err := api.PutScaling(cctx, &provconc.PutScalingInput{FunctionName: name, Qualifier: q, Plan: *plan, Extension: ext}); err != nil {
		return err
	}
	if a.readable() {
		tn, tq := p.target(function, f.qualifier)
		_, err := fmt.Fprintf(a.stdout, "Set the scaling plan of %s: %s\n", oneLine(label(tn, tq)), summarizePlan(plan))
		return err
	}
	return a.emitPlan(plan)
}

func (a *app) scalingGet(ctx context.Context, _ *cobra.Command, f *scalingFlags, function string) error {
	api, p, err := a.newScaling(ctx)
	if err != nil {
		return err
	}
	name, q, ext := a.scalingTarget(p, function, f.qualifier)
	cctx, cancel := a.callContext(ctx)
	defer cancel()
	out, err := api.GetScaling(cctx, &provconc.GetScalingInput{FunctionName: name, Qualifier: q, Extension: ext})
	if err != nil {
		return err
	}
	if a.readable() {
		tn, tq := p.target(function, f.qualifier)
		return a.printPlan(label(tn, tq), &out.Plan)
	}
	return a.emitPlan(&out.Plan)
}

func (a *app) scalingDelete(ctx context.Context, _ *cobra.Command, f *scalingFlags, function string) error {
	api, p, err := a.newScaling(ctx)
	if err != nil {
		return err
	}
	name, q, ext := a.scalingTarget(p, function, f.qualifier)
	cctx, cancel := a.callContext(ctx)
	defer cancel()
	if _, err := api.DeleteScaling(cctx, &provconc.DeleteScalingInput{FunctionName: name, Qualifier: q, Extension: ext}); err != nil {
		return err
	}
	if !a.readable() {
		return nil // as the aws CLI's deletes: nothing
	}
	tn, tq := p.target(function, f.qualifier)
	what := "the scaling plan"
	if a.set.provider == "tencent" {
		what += " and provisioned concurrency config" // SCF keeps them as one
	}
	_, err = fmt.Fprintf(a.stdout, "Removed %s of %s\n", what, oneLine(label(tn, tq)))
	return err
}

// summarizePlan says what a plan holds, in a few words.
func summarizePlan(p *provconc.ScalingPlan) string {
	parts := []string{fmt.Sprintf("%d schedule(s)", len(p.Schedules))}
	if t := p.Tracking; t != nil {
		parts = append(parts, fmt.Sprintf("tracking %s between %d and %d", formatTarget(t.TargetUtilization), t.MinCapacity, t.MaxCapacity))
	} else {
		parts = append(parts, "no tracking")
	}
	return strings.Join(parts, ", ")
}

func formatTarget(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// printPlan prints a plan as two readable tables: the schedules, then the
// tracking. An empty plan says so on stderr.
func (a *app) printPlan(target string, p *provconc.ScalingPlan) error {
	if len(p.Schedules) == 0 && p.Tracking == nil {
		fmt.Fprintf(a.stderr, "pcctl: %s has no schedules and no tracking\n", oneLine(target))
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 8, 2, ' ', 0)
	if len(p.Schedules) > 0 {
		fmt.Fprintln(tw, "SCHEDULE\tEXPRESSION\tTIME ZONE\tEXECUTIONS\tMAX\tSTART\tEND")
		for _, s := range p.Schedules {
			tz := s.TimeZone
			if tz == "" {
				tz = "UTC"
			}
			maxCell := "-"
			if s.MaxCapacity != 0 {
				maxCell = strconv.Itoa(s.MaxCapacity)
			}
			fmt.Fprintln(tw, cell(s.Name)+"\t"+cell(s.Expression)+"\t"+cell(tz)+"\t"+strconv.Itoa(s.Executions)+"\t"+maxCell+"\t"+cell(timeCell(s.Start))+"\t"+cell(timeCell(s.End)))
		}
	}
	if t := p.Tracking; t != nil {
		if len(p.Schedules) > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintln(tw, "TRACKING\tTARGET\tMIN\tMAX")
		name := t.Name
		if name == "" {
			name = "utilization"
		}
		fmt.Fprintln(tw, cell(name)+"\t"+formatTarget(t.TargetUtilization)+"\t"+strconv.Itoa(t.MinCapacity)+"\t"+strconv.Itoa(t.MaxCapacity))
	}
	return tw.Flush()
}

func timeCell(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

// Plan documents: the vocabulary of provconc.ScalingPlan, as -f reads it
// and scaling get prints it.
type (
	scheduleDoc struct {
		Name        string     `json:"Name"`
		Expression  string     `json:"Expression"`
		TimeZone    string     `json:"TimeZone,omitempty"`
		Start       *time.Time `json:"Start,omitempty"`
		End         *time.Time `json:"End,omitempty"`
		Executions  int        `json:"Executions"`
		MaxCapacity int        `json:"MaxCapacity,omitempty"`
	}
	trackingDoc struct {
		Name              string  `json:"Name,omitempty"`
		TargetUtilization float64 `json:"TargetUtilization"`
		MinCapacity       int     `json:"MinCapacity"`
		MaxCapacity       int     `json:"MaxCapacity"`
	}
	planDoc struct {
		Schedules []scheduleDoc `json:"Schedules"`
		Tracking  *trackingDoc  `json:"Tracking,omitempty"`
	}
)

// planOrder is the key order of plan documents.
var planOrder = rankOf([]string{"Schedules", "Tracking", "Name", "Expression", "TimeZone", "Start", "End", "Executions",
	"TargetUtilization", "MinCapacity", "MaxCapacity"})

func docOfPlan(p *provconc.ScalingPlan) planDoc {
	d := planDoc{Schedules: []scheduleDoc{}}
	for _, s := range p.Schedules {
		sd := scheduleDoc{Name: s.Name, Expression: s.Expression, TimeZone: s.TimeZone, Executions: s.Executions, MaxCapacity: s.MaxCapacity}
		if !s.Start.IsZero() {
			v := s.Start.UTC()
			sd.Start = &v
		}
		if !s.End.IsZero() {
			v := s.End.UTC()
			sd.End = &v
		}
		d.Schedules = append(d.Schedules, sd)
	}
	if t := p.Tracking; t != nil {
		d.Tracking = &trackingDoc{Name: t.Name, TargetUtilization: t.TargetUtilization, MinCapacity: t.MinCapacity, MaxCapacity: t.MaxCapacity}
	}
	return d
}

func (d *planDoc) plan() *provconc.ScalingPlan {
	p := &provconc.ScalingPlan{}
	for _, sd := range d.Schedules {
		s := provconc.Schedule{Name: sd.Name, Expression: sd.Expression, TimeZone: sd.TimeZone, Executions: sd.Executions, MaxCapacity: sd.MaxCapacity}
		if sd.Start != nil {
			s.Start = *sd.Start
		}
		if sd.End != nil {
			s.End = *sd.End
		}
		p.Schedules = append(p.Schedules, s)
	}
	if t := d.Tracking; t != nil {
		p.Tracking = &provconc.TrackingPolicy{Name: t.Name, TargetUtilization: t.TargetUtilization, MinCapacity: t.MinCapacity, MaxCapacity: t.MaxCapacity}
	}
	return p
}

// emitPlan prints a plan document in the --output format.
func (a *app) emitPlan(p *provconc.ScalingPlan) error {
	data, err := json.Marshal(docOfPlan(p))
	if err != nil {
		return err
	}
	m, err := decodeObject(data)
	if err != nil {
		return err
	}
	return a.emit(&answer{op: "ScalingPlan", doc: docValue(m), rank: planOrder}, a.set.format(outputJSON))
}

// plan builds the plan from -f, or from --schedule and --tracking.
func (f *scalingFlags) plan() (*provconc.ScalingPlan, error) {
	if f.file != "" {
		if len(f.schedules) > 0 || f.tracking != "" {
			return nil, usagef("", "-f and --schedule/--tracking exclude each other: the file holds the whole plan")
		}
		return readPlanFile(f.file)
	}
	if len(f.schedules) == 0 && f.tracking == "" {
		return nil, usagef("", "give the plan: --schedule (repeatable), --tracking, or -f FILE; to remove it, use scaling delete")
	}
	p := &provconc.ScalingPlan{}
	for i, spec := range f.schedules {
		s, err := parseScheduleSpec(spec)
		if err != nil {
			return nil, usagef("", "invalid --schedule %q (#%d): %v", spec, i+1, err)
		}
		p.Schedules = append(p.Schedules, s)
	}
	if f.tracking != "" {
		t, err := parseTrackingSpec(f.tracking)
		if err != nil {
			return nil, usagef("", "invalid --tracking %q: %v", f.tracking, err)
		}
		p.Tracking = t
	}
	return p, nil
}

// readPlanFile reads a plan document: JSON when the name ends in .json,
// YAML otherwise; unknown keys are refused.
func readPlanFile(path string) (*provconc.ScalingPlan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("", "reading -f: %v", err)
	}
	if !strings.EqualFold(filepath.Ext(path), ".json") {
		if data, err = yaml.YAMLToJSON(data); err != nil {
			return nil, usagef("", "invalid -f %s: %s", path, oneLine(err.Error()))
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d planDoc
	if err := dec.Decode(&d); err != nil {
		return nil, usagef("", "invalid -f %s: %s (want Schedules: [{Name, Expression, TimeZone, Start, End, Executions, MaxCapacity}] and Tracking: {Name, TargetUtilization, MinCapacity, MaxCapacity})", path, oneLine(err.Error()))
	}
	return d.plan(), nil
}

// parseSpec reads "key=value,key=value". A part that does not start with
// a known key continues the value before it, so cron(0 8 ? * MON,FRI *)
// keeps its comma.
func parseSpec(spec string, keys []string) (map[string]string, error) {
	out := map[string]string{}
	last := ""
	for part := range strings.SplitSeq(spec, ",") {
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		known := ok && containsString(keys, k)
		if !known {
			if last == "" {
				return nil, fmt.Errorf("%q is not key=value with a key of %s", part, strings.Join(keys, ", "))
			}
			out[last] += "," + part
			continue
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("%s is given twice", k)
		}
		out[k], last = strings.TrimSpace(v), k
	}
	return out, nil
}

func containsString(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// parseScheduleSpec reads one --schedule.
func parseScheduleSpec(spec string) (provconc.Schedule, error) {
	kv, err := parseSpec(spec, []string{"name", "expression", "cron", "at", "rate", "tz", "timezone", "executions", "max", "start", "end"})
	if err != nil {
		return provconc.Schedule{}, err
	}
	s := provconc.Schedule{Name: kv["name"]}
	if s.Name == "" {
		return s, errors.New("name=... is required")
	}
	var exprs []string
	for _, k := range []string{"expression", "cron", "at", "rate"} {
		v, ok := kv[k]
		if !ok {
			continue
		}
		if k != "expression" && !strings.HasPrefix(v, k+"(") {
			v = k + "(" + v + ")"
		}
		exprs = append(exprs, v)
	}
	if len(exprs) != 1 {
		return s, errors.New("give exactly one of cron=EXPR, at=EXPR, rate=EXPR or expression=EXPR")
	}
	s.Expression = exprs[0]
	s.TimeZone = kv["tz"]
	if tz, ok := kv["timezone"]; ok {
		if s.TimeZone != "" {
			return s, errors.New("tz and timezone are the same key: give one")
		}
		s.TimeZone = tz
	}
	v, ok := kv["executions"]
	if !ok {
		return s, errors.New("executions=N is required")
	}
	if s.Executions, err = strconv.Atoi(v); err != nil {
		return s, fmt.Errorf("executions %q is not a whole number", v)
	}
	if v, ok := kv["max"]; ok {
		if s.MaxCapacity, err = strconv.Atoi(v); err != nil {
			return s, fmt.Errorf("max %q is not a whole number", v)
		}
	}
	for _, k := range []string{"start", "end"} {
		v, ok := kv[k]
		if !ok {
			continue
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return s, fmt.Errorf("%s %q is not an RFC 3339 time such as 2026-01-02T08:00:00Z", k, v)
		}
		if k == "start" {
			s.Start = t
		} else {
			s.End = t
		}
	}
	return s, nil
}

// parseTrackingSpec reads --tracking; target may be a fraction (0.7) or a
// percentage (70%).
func parseTrackingSpec(spec string) (*provconc.TrackingPolicy, error) {
	kv, err := parseSpec(spec, []string{"target", "min", "max", "name"})
	if err != nil {
		return nil, err
	}
	t := &provconc.TrackingPolicy{Name: kv["name"]}
	v, ok := kv["target"]
	if !ok {
		return nil, errors.New("target=UTILIZATION is required, such as target=0.7")
	}
	pct := strings.HasSuffix(v, "%")
	if t.TargetUtilization, err = strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64); err != nil {
		return nil, fmt.Errorf("target %q is not a number such as 0.7 or 70%%", v)
	}
	if pct {
		t.TargetUtilization /= 100
	}
	for _, k := range []string{"min", "max"} {
		v, ok := kv[k]
		if !ok {
			return nil, fmt.Errorf("%s=N is required", k)
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("%s %q is not a whole number", k, v)
		}
		if k == "min" {
			t.MinCapacity = n
		} else {
			t.MaxCapacity = n
		}
	}
	return t, nil
}
