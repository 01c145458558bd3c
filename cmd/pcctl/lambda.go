// This file is the "lambda" command family: the aws CLI's four provisioned
// concurrency commands with its flags, its pagination (--max-items,
// --starting-token, --page-size, --no-paginate and the NextToken it
// prints, as botocore's paginator computes them) and its output, so that a
// script written for "aws lambda" runs with "pcctl lambda".

package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/provconc/provconc"
)

// lambdaInput is the operation input the flags and --cli-input-json fill.
type lambdaInput struct {
	FunctionName                    string
	Qualifier                       string
	ProvisionedConcurrentExecutions *int
	Marker                          string
	MaxItems                        *int
}

// lambdaFlags are the flags of one lambda command.
// maxLambdaPageSize is the largest MaxItems Lambda takes in one
// ListProvisionedConcurrencyConfigs call.
const maxLambdaPageSize = 50

type lambdaFlags struct {
	function     string
	qualifier    string
	count        int
	cliInputJSON string
	maxItems     int
	startToken   string
	pageSize     int
	marker       string
	skeleton     string
	noPaginate   bool

	in lambdaInput // filled by fill
}

// subcommandNames lists the names of cmd's subcommands.
func subcommandNames(cmd *cobra.Command) []string {
	var names []string
	for _, c := range cmd.Commands() {
		names = append(names, c.Name())
	}
	return names
}

// familyCommand builds a command family's parent, which only reports an
// unknown or missing subcommand.
func familyCommand(use, short string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &ranError{usagef(use, "no command given; one of: %s", strings.Join(subcommandNames(cmd), ", "))}
			}
			return &ranError{unknownCommand(cmd, args[0])}
		},
	}
}

func (a *app) lambdaCommand() *cobra.Command {
	family := familyCommand("lambda", "AWS Lambda provisioned concurrency, as the aws CLI's lambda commands")
	op := func(use, short string, members []string, run func(ctx context.Context, f *lambdaFlags) error) (*cobra.Command, *lambdaFlags) {
		f := &lambdaFlags{}
		c := &cobra.Command{
			Use:   use,
			Short: short,
			Args:  cobra.NoArgs,
			RunE: a.runE(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
				if cmd.Flags().Changed("provider") && a.set.provider != "aws" {
					return usagef("", "the lambda commands speak AWS Lambda: --provider %s does not apply", a.set.provider)
				}
				a.set.cliFamily = true
				if err := a.awsDefaultOutput(); err != nil {
					return err
				}
				if cmd.Flags().Changed("generate-cli-skeleton") {
					return writeInputSkeleton(a.stdout, f.skeleton, members)
				}
				if err := f.fill(cmd, members); err != nil {
					return err
				}
				return run(ctx, f)
			}),
		}
		c.Flags().StringVar(&f.function, "function-name", "", "the function: name, name:qualifier, partial ARN or ARN")
		c.Flags().StringVar(&f.cliInputJSON, "cli-input-json", "", "the input as a JSON object (or file://PATH); flags given too override it")
		c.Flags().StringVar(&f.skeleton, "generate-cli-skeleton", "", "print the input --cli-input-json takes, with empty values, and send nothing (input only)")
		c.Flags().Lookup("generate-cli-skeleton").NoOptDefVal = "input"
		return c, f
	}
	put, pf := op("put-provisioned-concurrency-config", "Adds a provisioned concurrency configuration to a function's alias or version",
		[]string{"FunctionName", "Qualifier", "ProvisionedConcurrentExecutions"}, a.lambdaPut)
	put.Flags().IntVar(&pf.count, "provisioned-concurrent-executions", 0, "the amount of provisioned concurrency to allocate")
	get, gf := op("get-provisioned-concurrency-config", "Retrieves the provisioned concurrency configuration for a function's alias or version",
		[]string{"FunctionName", "Qualifier"}, a.lambdaGet)
	del, df := op("delete-provisioned-concurrency-config", "Deletes the provisioned concurrency configuration for a function",
		[]string{"FunctionName", "Qualifier"}, a.lambdaDelete)
	for c, f := range map[*cobra.Command]*lambdaFlags{put: pf, get: gf, del: df} {
		c.Flags().StringVar(&f.qualifier, "qualifier", "", "the version number or alias name")
	}
	list, lf := op("list-provisioned-concurrency-configs", "Retrieves a list of provisioned concurrency configurations for a function",
		[]string{"FunctionName", "Marker", "MaxItems"}, a.lambdaList)
	list.Flags().IntVar(&lf.maxItems, "max-items", 0, "the total number of configs to print; a NextToken follows when there are more")
	list.Flags().StringVar(&lf.startToken, "starting-token", "", "the NextToken of an earlier command, to continue from")
	list.Flags().IntVar(&lf.pageSize, "page-size", 0, "the number of configs asked of the service per call")
	list.Flags().BoolVar(&lf.noPaginate, "no-paginate", false, "make one call and print its page, NextMarker included")
	// The aws CLI takes the service's Marker as a flag too, undocumented;
	// like MaxItems, it turns the CLI's pagination off.
	list.Flags().StringVar(&lf.marker, "marker", "", "the service's Marker (the NextMarker of a --no-paginate page); turns pagination off")
	_ = list.Flags().MarkHidden("marker")
	acceptNoPaginate(put, get, del)
	family.AddCommand(put, get, list, del)
	return family
}

// acceptNoPaginate gives commands that make one call the aws CLI's global
// --no-paginate, hidden, which changes nothing there, as in the CLI.
func acceptNoPaginate(cmds ...*cobra.Command) {
	for _, c := range cmds {
		c.Flags().Bool("no-paginate", false, "accepted for the aws CLI's sake: the command makes one call")
		_ = c.Flags().MarkHidden("no-paginate")
	}
}

// awsDefaultOutput applies, when --output is not given, AWS_DEFAULT_OUTPUT
// or else the output setting of the profile in force, as the aws CLI does.
func (a *app) awsDefaultOutput() error {
	if a.set.outputSet {
		return nil
	}
	v, source := os.Getenv("AWS_DEFAULT_OUTPUT"), "AWS_DEFAULT_OUTPUT"
	if v == "" && !a.set.emulator && a.set.emulatorState == "" {
		profile := a.set.profile
		if profile == "" {
			profile = os.Getenv("AWS_PROFILE")
		}
		if profile == "" {
			profile = "default"
		}
		var err error
		if v, err = profileSetting(profile, "output"); err != nil {
			return &configError{err}
		}
		source = "output of profile " + profile
	}
	if v == "" {
		return nil
	}
	if !slices.Contains(outputFormats, v) {
		return &configError{fmt.Errorf("invalid %s %q: must be one of %s", source, v, strings.Join(outputFormats, ", "))}
	}
	a.set.output, a.set.outputSet = v, true
	return nil
}

// profileSetting reads key of profile from the shared config file
// (AWS_CONFIG_FILE, else ~/.aws/config): the settings the SDK's config
// package does not expose, such as output. A missing file or profile gives
// "": the SDK reports a missing profile when it loads the configuration.
// It reads the file as botocore does: [default] or [profile NAME]
// sections, "key = value" lines, # and ; comments, indented lines
// continuing a nested value (services, s3), which are skipped.
func profileSetting(profile, key string) (string, error) {
	path := os.Getenv("AWS_CONFIG_FILE")
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", nil
		}
		path = filepath.Join(home, ".aws", "config")
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the AWS config file: %w", err)
	}
	want := "profile " + profile
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue // blank, or continuing a nested value
		}
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if name, ok := strings.CutPrefix(line, "["); ok {
			name, _, _ = strings.Cut(name, "]")
			name = strings.Join(strings.Fields(name), " ")
			in = name == want || (profile == "default" && name == "default")
			continue
		}
		if !in {
			continue
		}
		// configparser splits at the first = or : and lowercases keys.
		if i := strings.IndexAny(line, "=:"); i > 0 && strings.ToLower(strings.TrimSpace(line[:i])) == key {
			return strings.TrimSpace(line[i+1:]), nil
		}
	}
	return "", nil
}

// fill builds the input from --cli-input-json and the flags, the flags
// winning, and checks the required members are there, as the aws CLI does
// before sending anything.
func (f *lambdaFlags) fill(cmd *cobra.Command, members []string) error {
	if f.cliInputJSON != "" {
		if err := f.in.decodeCLIInput(f.cliInputJSON, members); err != nil {
			return err
		}
	}
	if cmd.Flags().Changed("function-name") {
		f.in.FunctionName = f.function
	}
	if cmd.Flags().Changed("qualifier") {
		f.in.Qualifier = f.qualifier
	}
	if cmd.Flags().Changed("provisioned-concurrent-executions") {
		f.in.ProvisionedConcurrentExecutions = &f.count
	}
	if cmd.Flags().Changed("marker") {
		f.in.Marker = f.marker
	}
	var missing []string
	if f.in.FunctionName == "" {
		missing = append(missing, "--function-name")
	}
	if slices.Contains(members, "Qualifier") && f.in.Qualifier == "" {
		missing = append(missing, "--qualifier")
	}
	if slices.Contains(members, "ProvisionedConcurrentExecutions") && f.in.ProvisionedConcurrentExecutions == nil {
		missing = append(missing, "--provisioned-concurrent-executions")
	}
	if len(missing) > 0 {
		return usagef("", "the following arguments are required: %s", strings.Join(missing, ", "))
	}
	for _, name := range []string{"max-items", "page-size"} {
		if cmd.Flags().Changed(name) {
			if n, _ := cmd.Flags().GetInt(name); n < 1 {
				return usagef("", "invalid --%s %d: must be at least 1", name, n)
			}
		}
	}
	// --page-size is Lambda's MaxItems on each call: named here, so that the
	// SDK's check of MaxItems is not reported against --max-items.
	if cmd.Flags().Changed("page-size") {
		if n, _ := cmd.Flags().GetInt("page-size"); n > maxLambdaPageSize {
			return usagef("", "invalid --page-size %d: must be between 1 and %d (Lambda's MaxItems)", n, maxLambdaPageSize)
		}
	}
	return nil
}

// decodeCLIInput reads --cli-input-json: a JSON object of the operation's
// input members, or file://PATH holding one.
func (in *lambdaInput) decodeCLIInput(value string, members []string) error {
	data := []byte(value)
	if path, ok := strings.CutPrefix(value, "file://"); ok {
		b, err := os.ReadFile(path)
		if err != nil {
			return usagef("", "reading --cli-input-json: %v", err)
		}
		data = b
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return usagef("", "invalid --cli-input-json: %v", err)
	}
	for key, v := range raw {
		if !slices.Contains(members, key) {
			return usagef("", "invalid --cli-input-json: unknown parameter %q, must be one of: %s", key, strings.Join(members, ", "))
		}
		var err error
		switch key {
		case "FunctionName":
			err = json.Unmarshal(v, &in.FunctionName)
		case "Qualifier":
			err = json.Unmarshal(v, &in.Qualifier)
		case "Marker":
			err = json.Unmarshal(v, &in.Marker)
		case "ProvisionedConcurrentExecutions":
			err = json.Unmarshal(v, &in.ProvisionedConcurrentExecutions)
		case "MaxItems":
			err = json.Unmarshal(v, &in.MaxItems)
		}
		if err != nil {
			return usagef("", "invalid --cli-input-json: %s: %v", key, err)
		}
	}
	return nil
}

func (a *app) lambdaPut(ctx context.Context, f *lambdaFlags) error {
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	out, err := client.Put(ctx, &provconc.PutInput{
		FunctionName: f.in.FunctionName, Qualifier: f.in.Qualifier,
		ProvisionedConcurrentExecutions: *f.in.ProvisionedConcurrentExecutions,
	})
	if err != nil {
		return err
	}
	return a.emitConfig(opPut, out.Metadata)
}

func (a *app) lambdaGet(ctx context.Context, f *lambdaFlags) error {
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	out, err := client.Get(ctx, &provconc.GetInput{FunctionName: f.in.FunctionName, Qualifier: f.in.Qualifier})
	if err != nil {
		return err
	}
	return a.emitConfig(opGet, out.Metadata)
}

func (a *app) lambdaDelete(ctx context.Context, f *lambdaFlags) error {
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	if _, err := client.Delete(ctx, &provconc.DeleteInput{FunctionName: f.in.FunctionName, Qualifier: f.in.Qualifier}); err != nil {
		return err
	}
	return a.emit(&answer{op: opDelete, doc: map[string]any{}}, a.set.format(outputJSON))
}

func (a *app) lambdaList(ctx context.Context, f *lambdaFlags) error {
	l := lambdaLister{function: f.in.FunctionName, maxItems: f.maxItems, pageSize: f.pageSize}
	// As in the aws CLI, giving the service's own paging parameters turns
	// the CLI's pagination off.
	l.noPaginate = f.noPaginate || f.in.Marker != "" || f.in.MaxItems != nil
	if l.noPaginate {
		// Lambda's own MaxItems has the name of the CLI's --max-items,
		// which it shadows: without pagination, --max-items is the
		// service's parameter (aws-cli 2.9.19 sends it and prints the
		// NextMarker); the other paging flags are refused.
		if err := noPaginateConflict(f.startToken, f.pageSize, 0); err != nil {
			return err
		}
		l.marker = f.in.Marker
		if f.in.MaxItems != nil {
			l.pageSize = *f.in.MaxItems
		}
		if f.maxItems > 0 {
			l.pageSize = f.maxItems
		}
		l.maxItems = 0
	} else if f.startToken != "" {
		var err error
		if l.marker, l.skip, err = decodeStartingToken("Marker", f.startToken); err != nil {
			return err
		}
		l.fromToken = true
	}
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	l.client, l.capture = client, a.capture
	ans, _, err := l.run(ctx)
	if err != nil {
		return err
	}
	return a.emit(ans, a.set.format(outputJSON))
}

// noPaginateConflict refuses the paging flags given (non-empty, non-zero)
// with --no-paginate, as the aws CLI does, naming them in its order. A
// flag a command lets through (shadowed by a service parameter of the same
// name) is passed as its zero value.
func noPaginateConflict(startToken string, pageSize, maxItems int) error {
	var used []string
	if startToken != "" {
		used = append(used, "--starting-token")
	}
	if pageSize != 0 {
		used = append(used, "--page-size")
	}
	if maxItems != 0 {
		used = append(used, "--max-items")
	}
	if len(used) == 0 {
		return nil
	}
	return usagef("", "Cannot specify --no-paginate along with pagination arguments: %s", strings.Join(used, ", "))
}

// lambdaLister reads the pages of a List as botocore's paginator does.
type lambdaLister struct {
	client   *provconc.Client
	capture  *capture
	function string
	// pageSize is the MaxItems sent with each call; 0 sends none.
	pageSize int
	// maxItems is how many configs to print in all; 0 for every one.
	maxItems int
	// marker is the Marker of the first call; skip is how many configs of
	// its page an earlier command printed already (both from
	// --starting-token, fromToken set).
	marker    string
	skip      int
	fromToken bool
	// noPaginate makes one call and answers its page as is.
	noPaginate bool
}

// run reads the pages and returns the answer (the full result, the pages
// for text output, and the NextToken) and the configs, in order.
func (l *lambdaLister) run(ctx context.Context) (*answer, []provconc.Config, error) {
	var (
		items    []any
		pages    []any
		stream   []any
		cfgs     []provconc.Config
		token    string
		total    int
		marker   = l.marker
		previous string
	)
	for first := true; ; first = false {
		out, err := l.client.List(ctx, &provconc.ListInput{FunctionName: l.function, Marker: marker, MaxItems: l.pageSize})
		if err != nil {
			return nil, nil, err
		}
		page, err := lambdaListPage(l.capture.body(opList))
		if err != nil {
			return nil, nil, err
		}
		if l.noPaginate {
			doc := map[string]any{"ProvisionedConcurrencyConfigs": orEmpty(page.configs)}
			if page.nextMarker != "" {
				doc["NextMarker"] = page.nextMarker
			}
			return &answer{op: opList, doc: doc}, out.Configs, nil
		}
		pageItems, pageCfgs := page.configs, out.Configs
		truncatedAtStart := 0
		if first && l.fromToken {
			truncatedAtStart = min(l.skip, len(pageItems))
			pageItems, pageCfgs = pageItems[truncatedAtStart:], pageCfgs[min(truncatedAtStart, len(pageCfgs)):]
		}
		if l.maxItems > 0 && total+len(pageItems) > l.maxItems {
			keep := l.maxItems - total
			pageItems, pageCfgs = pageItems[:keep], pageCfgs[:min(keep, len(pageCfgs))]
			token = encodeNextToken("Marker", marker, keep+truncatedAtStart, true)
			items, cfgs = append(items, pageItems...), append(cfgs, pageCfgs...)
			pages = append(pages, map[string]any{"ProvisionedConcurrencyConfigs": orEmpty(pageItems)})
			stream = append(stream, page.stream(pageItems))
			break
		}
		items, cfgs = append(items, pageItems...), append(cfgs, pageCfgs...)
		pages = append(pages, map[string]any{"ProvisionedConcurrencyConfigs": orEmpty(pageItems)})
		stream = append(stream, page.stream(pageItems))
		total += len(pageItems)
		next := page.nextMarker
		if next == "" {
			break
		}
		if l.maxItems > 0 && total == l.maxItems {
			token = encodeNextToken("Marker", next, 0, false)
			break
		}
		if next == previous {
			return nil, nil, fmt.Errorf("the service sent the same NextMarker twice: %q", next)
		}
		marker, previous = next, next
	}
	doc := map[string]any{"ProvisionedConcurrencyConfigs": orEmpty(items)}
	if token != "" {
		doc["NextToken"] = token
	}
	return &answer{op: opList, doc: doc, pages: pages, stream: stream, token: token}, cfgs, nil
}

func orEmpty(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

// encodeNextToken writes a NextToken as botocore's TokenEncoder does:
// base64 of json.dumps of {key: ...} (null on the first page), with
// "boto_truncate_amount" when the page was cut. key is the input token of
// the operation's paginator: "Marker" for Lambda's list, "NextToken" for
// Application Auto Scaling's describes.
func encodeNextToken(key, next string, truncate int, cut bool) string {
	var b strings.Builder
	b.WriteString(`{"` + key + `": `)
	if next == "" {
		b.WriteString("null")
	} else {
		b.WriteString(pythonASCIIString(next))
	}
	if cut {
		b.WriteString(`, "boto_truncate_amount": ` + strconv.Itoa(truncate))
	}
	b.WriteString("}")
	return base64.StdEncoding.EncodeToString([]byte(b.String()))
}

// pythonASCIIString quotes s as json.dumps does by default
// (ensure_ascii=True).
func pythonASCIIString(s string) string {
	var b strings.Builder
	appendPythonString(&b, s)
	var out strings.Builder
	for _, r := range b.String() {
		switch {
		case r < 0x80:
			out.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&out, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&out, `\u%04x`, r)
		}
	}
	return out.String()
}

// decodeStartingToken reads a NextToken that encodeNextToken wrote with
// key: where to start from and how many items of that page to skip.
func decodeStartingToken(key, token string) (next string, skip int, err error) {
	bad := func(why string) error {
		return usagef("", "invalid --starting-token %q: %s", token, why)
	}
	data, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return "", 0, bad("not a NextToken (base64)")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil || raw == nil {
		return "", 0, bad("not a NextToken (JSON object)")
	}
	for k, v := range raw {
		switch k {
		case key:
			var m *string
			if err := json.Unmarshal(v, &m); err != nil {
				return "", 0, bad(key + " is not a string")
			}
			if m != nil {
				next = *m
			}
		case "boto_truncate_amount":
			if err := json.Unmarshal(v, &skip); err != nil || skip < 0 {
				return "", 0, bad("boto_truncate_amount is not a count")
			}
		default:
			return "", 0, bad(fmt.Sprintf("unknown key %q", k))
		}
	}
	if _, ok := raw[key]; !ok {
		return "", 0, bad(`no "` + key + `"`)
	}
	return next, skip, nil
}

// writeInputSkeleton prints, for --generate-cli-skeleton input, the JSON
// object --cli-input-json takes: the operation's members in the model's
// order, strings empty and numbers 0, indented by four spaces, as the aws
// CLI prints it. The CLI's yaml-input (which carries the service's
// documentation) and output are not offered.
func writeInputSkeleton(w io.Writer, kind string, members []string) error {
	if kind != "input" {
		return usagef("", "invalid --generate-cli-skeleton %q: pcctl prints the input skeleton only (input)", kind)
	}
	var b strings.Builder
	b.WriteString("{\n")
	for i, m := range members {
		value := `""`
		if m == "ProvisionedConcurrentExecutions" || m == "MaxItems" {
			value = "0"
		}
		fmt.Fprintf(&b, "    %q: %s", m, value)
		if i < len(members)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// skeletonArgs joins "--generate-cli-skeleton KIND" into one argument, as
// the aws CLI reads the optional value: a following input, yaml-input or
// output is the flag's, anything else is not.
func skeletonArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		if args[i] == "--" {
			return append(out, args[i:]...)
		}
		if args[i] == "--generate-cli-skeleton" && i+1 < len(args) && slices.Contains([]string{"input", "yaml-input", "output"}, args[i+1]) {
			out = append(out, args[i]+"="+args[i+1])
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}
