// This file holds the desired state: the configs a file asks for, per cloud,
// region, function and qualifier, and the scope inside which configs the
// file does not list may be pruned. It reads the state from YAML or JSON and
// checks every entry with the SDK's own input rules, so a file that loads
// cannot be refused for its shape by the service.

package fleet

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/redact"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/tencentscf"
)

// Cloud names the service a config lives on.
type Cloud string

// The clouds a desired state may name.
const (
	// AWS is AWS Lambda.
	AWS Cloud = "aws"
	// Tencent is Tencent Cloud SCF.
	Tencent Cloud = "tencent"
)

// Target is what one provconc client serves: a cloud and a region. Plan and
// Apply ask Clients for one client per Target and send everything for that
// Target through it, so its rate limiter and retry budget see all of it.
type Target struct {
	// Cloud is AWS or Tencent.
	Cloud Cloud `json:"Cloud"`
	// Region is the cloud's region, such as us-east-1.
	Region string `json:"Region"`
}

// String returns "cloud/region".
func (t Target) String() string { return string(t.Cloud) + "/" + t.Region }

// Key identifies one config: the target, the SCF namespace (empty on AWS),
// the function and the qualifier.
type Key struct {
	Target
	// Namespace is the SCF namespace ("default" when the file names
	// none); empty on AWS.
	Namespace string `json:"Namespace,omitempty"`
	// FunctionName is the bare function name.
	FunctionName string `json:"FunctionName"`
	// Qualifier is the version number or alias name.
	Qualifier string `json:"Qualifier"`
}

// String returns "cloud/region function:qualifier", with "namespace/"
// before the function on SCF.
func (k Key) String() string {
	return k.Target.String() + " " + k.Function()
}

// Function returns "function:qualifier", with "namespace/" before it when
// the key has a namespace.
func (k Key) Function() string {
	s := k.FunctionName + ":" + k.Qualifier
	if k.Namespace != "" {
		s = k.Namespace + "/" + s
	}
	return s
}

// functionKey names a function: what one List reads.
type functionKey struct {
	Target
	Namespace, FunctionName string
}

// Entry is one config of the desired state. Its fields take the names of
// the service's API documents (PutProvisionedConcurrencyConfig), which are
// also the keys of the file.
type Entry struct {
	// Cloud is "aws" or "tencent". Required.
	Cloud Cloud `json:"Cloud" yaml:"Cloud"`
	// Region is the region of the function, such as us-east-1 or
	// ap-guangzhou. Required.
	Region string `json:"Region" yaml:"Region"`
	// Namespace is the SCF namespace; empty for "default". Tencent only.
	Namespace string `json:"Namespace,omitempty" yaml:"Namespace"`
	// FunctionName is the bare function name (no ARN, no qualifier).
	// Required.
	FunctionName string `json:"FunctionName" yaml:"FunctionName"`
	// Qualifier is the version number or alias name (SCF: a version
	// number), never $LATEST, which cannot take provisioned concurrency.
	// Required.
	Qualifier string `json:"Qualifier" yaml:"Qualifier"`
	// ProvisionedConcurrentExecutions is the amount wanted: at least 1, or
	// 0 with SCF's ConcurrencyUtilizationTracking.
	ProvisionedConcurrentExecutions int `json:"ProvisionedConcurrentExecutions" yaml:"ProvisionedConcurrentExecutions"`

	// TriggerActions are SCF's scheduled actions. Tencent only.
	TriggerActions []TriggerAction `json:"TriggerActions,omitempty" yaml:"TriggerActions"`
	// ProvisionedType is SCF's Default or ConcurrencyUtilizationTracking;
	// empty for Default. Tencent only.
	ProvisionedType string `json:"ProvisionedType,omitempty" yaml:"ProvisionedType"`
	// TrackingTarget, MinCapacity and MaxCapacity are SCF's utilization
	// tracking settings. Tencent only.
	TrackingTarget float64 `json:"TrackingTarget,omitempty" yaml:"TrackingTarget"`
	// MinCapacity is the fewest instances utilization tracking keeps (at
	// least 1); 0 for none. Tencent only.
	MinCapacity int `json:"MinCapacity,omitempty" yaml:"MinCapacity"`
	// MaxCapacity is the most instances utilization tracking scales to; 0
	// for none. Tencent only.
	MaxCapacity int `json:"MaxCapacity,omitempty" yaml:"MaxCapacity"`

	// Scaling is the version's or alias's scaling plan (schedules and
	// utilization tracking) in provconc.ScalingPlan's vocabulary, checked
	// with the cloud's rules; nil leaves scaling alone. On AWS it is
	// Application Auto Scaling's; on SCF it stands for TriggerActions and
	// the tracking fields above, which it excludes. See scaling.go for how
	// it and the amount share the config.
	Scaling *Scaling `json:"Scaling,omitempty" yaml:"Scaling"`

	// Line is the entry's line in its file; 0 when not read from a file.
	Line int `json:"Line,omitempty" yaml:"-"`
}

// TriggerAction is an SCF scheduled action, in SCF's parameter names.
type TriggerAction struct {
	// TriggerName names the action; unique within an entry.
	TriggerName string `json:"TriggerName" yaml:"TriggerName"`
	// TriggerProvisionedConcurrencyNum is the amount when it fires.
	TriggerProvisionedConcurrencyNum int `json:"TriggerProvisionedConcurrencyNum" yaml:"TriggerProvisionedConcurrencyNum"`
	// TriggerCronConfig is a seven-field cron expression, such as
	// "0 30 8 * * * *".
	TriggerCronConfig string `json:"TriggerCronConfig" yaml:"TriggerCronConfig"`
	// ProvisionedType is empty or Default.
	ProvisionedType string `json:"ProvisionedType,omitempty" yaml:"ProvisionedType"`
}

// Key returns the key of the config the entry describes.
func (e *Entry) Key() Key {
	k := Key{Target: Target{Cloud: e.Cloud, Region: e.Region}, FunctionName: e.FunctionName, Qualifier: e.Qualifier}
	if e.Cloud == Tencent {
		k.Namespace = scfNamespace(e.Namespace)
	}
	return k
}

// PutInput returns the Put that sets the entry: on SCF with a
// *tencentscf.PutParameters carrying the namespace and the SCF settings.
func (e *Entry) PutInput() *provconc.PutInput {
	e = e.scfEffective()
	in := &provconc.PutInput{FunctionName: e.FunctionName, Qualifier: e.Qualifier, ProvisionedConcurrentExecutions: e.ProvisionedConcurrentExecutions}
	if e.Cloud == Tencent {
		opts := &tencentscf.PutParameters{
			Namespace:       scfNamespace(e.Namespace),
			ProvisionedType: tencentscf.ProvisionedType(e.ProvisionedType),
			TrackingTarget:  e.TrackingTarget,
			MinCapacity:     e.MinCapacity,
			MaxCapacity:     e.MaxCapacity,
		}
		for _, a := range e.TriggerActions {
			opts.TriggerActions = append(opts.TriggerActions, tencentscf.TriggerAction{
				TriggerName: a.TriggerName, TriggerProvisionedConcurrencyNum: a.TriggerProvisionedConcurrencyNum,
				TriggerCronConfig: a.TriggerCronConfig, ProvisionedType: tencentscf.ProvisionedType(a.ProvisionedType),
			})
		}
		in.Extension = opts
	}
	return in
}

// tracking reports whether the entry asks for SCF utilization tracking.
func (e *Entry) tracking() bool {
	e = e.scfEffective()
	return e.ProvisionedType == string(tencentscf.ProvisionedTypeConcurrencyUtilizationTracking)
}

// Scope is a function whose configs the desired state owns: with pruning
// on, a config of it that the file does not list is deleted. Functions
// outside every scope are never pruned.
type Scope struct {
	// Cloud, Region, Namespace (SCF only; empty for "default") and
	// FunctionName name the function, as in an Entry.
	Cloud Cloud `json:"Cloud" yaml:"Cloud"`
	// Region is the function's region. Required.
	Region string `json:"Region" yaml:"Region"`
	// Namespace is the SCF namespace; empty for "default". Tencent only.
	Namespace string `json:"Namespace,omitempty" yaml:"Namespace"`
	// FunctionName is the bare function name. Required.
	FunctionName string `json:"FunctionName" yaml:"FunctionName"`
	// Line is the scope's line in its file; 0 when not read from a file.
	Line int `json:"Line,omitempty" yaml:"-"`
}

func (s *Scope) function() functionKey {
	k := functionKey{Target: Target{Cloud: s.Cloud, Region: s.Region}, FunctionName: s.FunctionName}
	if s.Cloud == Tencent {
		k.Namespace = scfNamespace(s.Namespace)
	}
	return k
}

// Desired is a desired state: the configs wanted and the prune scope.
//
// In a file (YAML, or JSON with the same keys):
//
//	Configs:
//	  - Cloud: aws
//	    Region: us-east-1
//	    FunctionName: checkout
//	    Qualifier: live
//	    ProvisionedConcurrentExecutions: 20
//	  - Cloud: tencent
//	    Region: ap-guangzhou
//	    FunctionName: orders
//	    Qualifier: "3"
//	    ProvisionedConcurrentExecutions: 5
//	    TriggerActions:
//	      - {TriggerName: morning, TriggerProvisionedConcurrencyNum: 20, TriggerCronConfig: "0 30 8 * * * *"}
//	  - Cloud: aws
//	    Region: eu-central-1
//	    FunctionName: checkout
//	    Qualifier: live
//	    ProvisionedConcurrentExecutions: 2
//	    Scaling:
//	      Schedules:
//	        - {Name: peak, Expression: "cron(0 8 ? * MON-FRI *)", TimeZone: Europe/Berlin, Executions: 10}
//	        - {Name: night, Expression: "cron(0 20 ? * MON-FRI *)", TimeZone: Europe/Berlin, Executions: 2}
//	      Tracking: {TargetUtilization: 0.7, MinCapacity: 2, MaxCapacity: 50}
//	Prune:
//	  - {Cloud: aws, Region: us-east-1, FunctionName: checkout}
type Desired struct {
	// Source names where the state was read from, for errors and reports.
	Source string `json:"Source,omitempty" yaml:"-"`
	// Configs are the configs wanted.
	Configs []Entry `json:"Configs" yaml:"Configs"`
	// Prune lists the functions whose unlisted configs pruning deletes.
	Prune []Scope `json:"Prune,omitempty" yaml:"Prune"`
}

// EntryError reports an entry of a desired state that breaks a rule. It
// names the file, the entry (its index in Configs or Prune, and its
// function:qualifier), the field, the line when known, and the rule.
type EntryError struct {
	// Source is the file.
	Source string
	// Section is "Configs" or "Prune"; empty for an error of the file as a
	// whole.
	Section string
	// Index is the entry's index in its section.
	Index int
	// Entry is the entry's "function:qualifier" (or the function of a
	// Prune scope); empty when it has none yet.
	Entry string
	// Field is the field that breaks the rule, such as
	// "TriggerActions[0].TriggerCronConfig"; empty for the entry as a whole.
	Field string
	// Line is the line of the field (or the entry) in the file; 0 when not
	// known.
	Line int
	// Err says what is wrong; an *provconc.InputError when an SDK input
	// rule refused it.
	Err error
}

// Error reads "fleet.yaml:12: Configs[3] (checkout:live): Qualifier: ...".
func (e *EntryError) Error() string {
	var b strings.Builder
	b.WriteString(e.Source)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Section != "" {
		fmt.Fprintf(&b, ": %s[%d]", e.Section, e.Index)
		if e.Entry != "" {
			fmt.Fprintf(&b, " (%s)", redact.Clip(e.Entry))
		}
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(redact.Clip(e.Field)) // an unknown key is echoed here
	}
	b.WriteString(": ")
	msg := e.Err.Error()
	var in *provconc.InputError
	if errors.As(e.Err, &in) {
		// The field is already named; say only the value and the rule.
		msg = strings.TrimPrefix(msg, "provconc: invalid "+in.Field)
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, " "), ": ")
	}
	b.WriteString(msg)
	return b.String()
}

// Unwrap returns the rule's error.
func (e *EntryError) Unwrap() error { return e.Err }

// ErrInvalidDesired matches every error of Load, Parse and Validate about
// the content of a desired state.
var ErrInvalidDesired = errors.New("fleet: invalid desired state")

// Is reports ErrInvalidDesired.
func (e *EntryError) Is(target error) bool { return target == ErrInvalidDesired }

// Load reads a desired state from a file: JSON when its name ends in
// ".json", YAML otherwise. The error of a file that breaks rules joins one
// *EntryError per problem (errors.Join), each naming the file, the entry,
// the field and the line.
func Load(path string) (*Desired, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads a desired state from data; source names it in errors, and a
// source ending in ".json" must be JSON. Unknown keys, duplicate keys and
// values of the wrong type are errors, as are the problems Validate finds.
// So is an unquoted value YAML would read as another text (Qualifier: 0x10
// is the number 16, 010 is 8: quote them or tag them !!str), and an amount
// that is not a whole number written in decimal digits (1.5, "5", 010,
// !!str 5), as the aws CLI refuses a float or a string for an integer
// parameter. An alias's value is checked under the key where the alias
// stands.
func Parse(source string, data []byte) (*Desired, error) {
	if strings.EqualFold(filepath.Ext(source), ".json") && !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		return nil, &EntryError{Source: source, Line: jsonErrorLine(data, err), Err: fmt.Errorf("not valid JSON: %w", err)}
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(source, "", 0, "", err)
	}
	d := &Desired{Source: source}
	var lines desiredLines
	var errs []error
	if len(file.Docs) > 1 {
		errs = append(errs, &EntryError{Source: source, Line: documentLine(file.Docs[1]), Err: errors.New("holds more than one document")})
	}
	var root ast.Node
	if len(file.Docs) > 0 {
		root = unwrap(file.Docs[0].Body)
	}
	aliases := map[*ast.AliasNode]ast.Node{}
	resolveAliases(root, map[string]ast.Node{}, aliases)
	top, ok := root.(*ast.MappingNode)
	if !ok {
		if root == nil {
			return nil, &EntryError{Source: source, Err: errors.New("is empty: want a mapping with Configs (and optionally Prune)")}
		}
		return nil, &EntryError{Source: source, Line: root.GetToken().Position.Line, Err: errors.New("must be a mapping with Configs (and optionally Prune)")}
	}
	for _, kv := range top.Values {
		key := kv.Key.GetToken().Value
		line := kv.Key.GetToken().Position.Line
		switch key {
		case "Configs", "Prune":
		default:
			errs = append(errs, &EntryError{Source: source, Line: line, Field: key, Err: errors.New("unknown key: want Configs or Prune")})
			continue
		}
		if taggedNonList(kv.Value) {
			errs = append(errs, &EntryError{Source: source, Line: line, Field: key, Err: errors.New("must be a list")})
			continue
		}
		value := unwrap(kv.Value)
		if _, null := value.(*ast.NullNode); null {
			continue
		}
		seq, ok := value.(*ast.SequenceNode)
		if !ok {
			errs = append(errs, &EntryError{Source: source, Line: line, Field: key, Err: errors.New("must be a list")})
			continue
		}
		for i, item := range seq.Values {
			item = unwrap(item)
			fl := fieldLines{"": item.GetToken().Position.Line}
			collectLines(item, "", fl)
			c := &scalarChecker{source: source, section: key, index: i, aliases: aliases}
			c.entry = c.entryName(item)
			errs = append(errs, c.check(item, "")...)
			if key == "Configs" {
				lines.configs = append(lines.configs, fl)
				lines.configNames = append(lines.configNames, c.entry)
			} else {
				lines.prune = append(lines.prune, fl)
				lines.pruneNames = append(lines.pruneNames, c.entry)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	// The whole document in one decode, so anchors, aliases and merge keys
	// resolve across entries; the AST above gives the lines.
	var raw struct {
		Configs []Entry `yaml:"Configs"`
		Prune   []Scope `yaml:"Prune"`
	}
	explicitText(root)
	// The parser has refused keys written twice; what the decoder would
	// call a duplicate now is a key that overrides a merged one (<<: *x).
	if err := yaml.NodeToValue(file.Docs[0].Body, &raw, yaml.Strict(), yaml.AllowDuplicateMapKey()); err != nil {
		e := yamlError(source, "", 0, "", err)
		e.Section, e.Index = lines.locate(e.Line)
		e.Entry = lines.name(e.Section, e.Index)
		return nil, e
	}
	d.Configs, d.Prune = raw.Configs, raw.Prune
	for i := range d.Configs {
		d.Configs[i].Line = lines.line("Configs", i, "")
	}
	for i := range d.Prune {
		d.Prune[i].Line = lines.line("Prune", i, "")
	}
	if err := d.validate(&lines); err != nil {
		return nil, err
	}
	return d, nil
}

// Validate checks every entry and scope with the SDK's input rules
// (awslambda.InputRules, tencentscf.InputRules) and refuses duplicates:
// two entries for one config, and two scopes for one function. It returns
// the problems joined (errors.Join), each an *EntryError.
func (d *Desired) Validate() error { return d.validate(nil) }

// fieldLines maps a field path ("Qualifier", "TriggerActions[1].TriggerName")
// of one entry to its line.
type fieldLines map[string]int

// desiredLines holds the field lines of every entry, when read from a file,
// and its label as written (see scalarChecker.entryName).
type desiredLines struct {
	configs, prune          []fieldLines
	configNames, pruneNames []string
}

// name returns the label of entry i of section; empty when unknown.
func (l *desiredLines) name(section string, i int) string {
	var names []string
	switch section {
	case "Configs":
		names = l.configNames
	case "Prune":
		names = l.pruneNames
	}
	if i < 0 || i >= len(names) {
		return ""
	}
	return names[i]
}

func (l *desiredLines) line(section string, i int, field string) int {
	if l == nil {
		return 0
	}
	var fls []fieldLines
	if section == "Configs" {
		fls = l.configs
	} else {
		fls = l.prune
	}
	if i >= len(fls) {
		return 0
	}
	// The field's own line, or the nearest enclosing one that has a line;
	// the entry's own line is under "".
	f := field
	for {
		if n, ok := fls[i][f]; ok {
			return n
		}
		if f == "" {
			return 0
		}
		f = f[:max(0, strings.LastIndexAny(f, ".["))]
	}
}

// locate returns the section and index of the entry that holds line: the
// last entry starting at or before it. The section is empty when line is
// before every entry.
func (l *desiredLines) locate(line int) (string, int) {
	section, index, best := "", 0, 0
	for _, s := range []struct {
		name string
		fls  []fieldLines
	}{{"Configs", l.configs}, {"Prune", l.prune}} {
		for i, fl := range s.fls {
			if start := fl[""]; start <= line && start > best {
				section, index, best = s.name, i, start
			}
		}
	}
	return section, index
}

func (d *Desired) validate(lines *desiredLines) error {
	var errs []error
	fail := func(section string, i int, name, field string, line int, err error) {
		if l := lines.line(section, i, field); l > 0 {
			line = l
		}
		errs = append(errs, &EntryError{Source: d.source(), Section: section, Index: i, Entry: name, Field: field, Line: line, Err: err})
	}
	first := make(map[Key]int, len(d.Configs))
	for i := range d.Configs {
		e := &d.Configs[i]
		name := ""
		if e.FunctionName != "" {
			name = e.FunctionName + ":" + e.Qualifier
		}
		if field, err := e.check(); err != nil {
			fail("Configs", i, name, field, e.Line, err)
			continue
		}
		k := e.Key()
		if j, dup := first[k]; dup {
			prev := &d.Configs[j]
			why := "duplicates"
			if !sameEntry(prev, e) {
				why = "conflicts with"
			}
			fail("Configs", i, name, "", e.Line, fmt.Errorf("%s Configs[%d]%s: one config (%s) may be listed once", why, j, atLine(prev.Line), k))
			continue
		}
		first[k] = i
	}
	scopes := make(map[functionKey]int, len(d.Prune))
	for i := range d.Prune {
		s := &d.Prune[i]
		if field, err := s.check(); err != nil {
			fail("Prune", i, s.FunctionName, field, s.Line, err)
			continue
		}
		k := s.function()
		if j, dup := scopes[k]; dup {
			fail("Prune", i, s.FunctionName, "", s.Line, fmt.Errorf("duplicates Prune[%d]%s", j, atLine(d.Prune[j].Line)))
			continue
		}
		scopes[k] = i
	}
	return errors.Join(errs...)
}

func (d *Desired) source() string {
	if d.Source == "" {
		return "desired state"
	}
	return d.Source
}

func atLine(line int) string {
	if line == 0 {
		return ""
	}
	return " (line " + strconv.Itoa(line) + ")"
}

// sameEntry reports whether two entries ask for the same thing.
func sameEntry(a, b *Entry) bool {
	x, y := *a, *b
	x.Line, y.Line = 0, 0
	return x.Key() == y.Key() && x.ProvisionedConcurrentExecutions == y.ProvisionedConcurrentExecutions &&
		x.ProvisionedType == y.ProvisionedType && x.TrackingTarget == y.TrackingTarget &&
		x.MinCapacity == y.MinCapacity && x.MaxCapacity == y.MaxCapacity && slices.Equal(x.TriggerActions, y.TriggerActions) &&
		reflect.DeepEqual(x.Scaling, y.Scaling)
}

// check applies the rules to one entry and returns the failing field.
func (e *Entry) check() (string, error) {
	if field, err := checkTarget(e.Cloud, e.Region); err != nil {
		return field, err
	}
	switch e.Cloud {
	case AWS:
		if field, err := checkAWSOnly(e); err != nil {
			return field, err
		}
		if err := checkBareName(e.FunctionName); err != nil {
			return "FunctionName", err
		}
		if e.Qualifier == "" {
			return "Qualifier", provconc.NewInputError("Qualifier", "", "is required")
		}
		if e.Qualifier == provconc.LatestQualifier {
			// The client leaves this to the service, which refuses it
			// (InvalidParameterValueException); a file that asks for it
			// could never be applied.
			return "Qualifier", provconc.NewInputError("Qualifier", e.Qualifier, "must be an alias or a published version: $LATEST cannot take provisioned concurrency")
		}
		if field, err := e.checkScaling(); err != nil {
			return field, err
		}
		err := awslambda.InputRules{}.CheckPut(e.PutInput())
		return inputField(err), err
	default: // Tencent
		if strings.Contains(e.FunctionName, ":") {
			return "FunctionName", provconc.NewInputError("FunctionName", e.FunctionName, "must be the bare function name: give the version as Qualifier")
		}
		if e.Qualifier == "" {
			return "Qualifier", provconc.NewInputError("Qualifier", "", "is required")
		}
		if e.Namespace != "" {
			// The rules check a namespace only when it differs from the
			// default; check it here whatever it is.
			if err := (tencentscf.InputRules{}).CheckList(&provconc.ListInput{FunctionName: e.FunctionName, Extension: &tencentscf.Scope{Namespace: e.Namespace}}); err != nil {
				return inputField(err), err
			}
		}
		if field, err := e.checkScaling(); err != nil {
			return field, err
		}
		err := tencentscf.InputRules{}.CheckPut(e.PutInput())
		return inputField(err), err
	}
}

// checkAWSOnly refuses the SCF-only fields on an AWS entry.
func checkAWSOnly(e *Entry) (string, error) {
	rule := "is a Tencent SCF setting; AWS Lambda has none"
	switch {
	case e.Namespace != "":
		return "Namespace", provconc.NewInputError("Namespace", e.Namespace, rule)
	case len(e.TriggerActions) > 0:
		return "TriggerActions", provconc.NewInputError("TriggerActions", "", rule)
	case e.ProvisionedType != "":
		return "ProvisionedType", provconc.NewInputError("ProvisionedType", e.ProvisionedType, rule)
	case e.TrackingTarget != 0:
		return "TrackingTarget", provconc.NewInputError("TrackingTarget", strconv.FormatFloat(e.TrackingTarget, 'g', -1, 64), rule)
	case e.MinCapacity != 0:
		return "MinCapacity", provconc.NewInputError("MinCapacity", strconv.Itoa(e.MinCapacity), rule)
	case e.MaxCapacity != 0:
		return "MaxCapacity", provconc.NewInputError("MaxCapacity", strconv.Itoa(e.MaxCapacity), rule)
	}
	return "", nil
}

// check applies the rules to one scope and returns the failing field.
func (s *Scope) check() (string, error) {
	if field, err := checkTarget(s.Cloud, s.Region); err != nil {
		return field, err
	}
	if s.Cloud == AWS {
		if s.Namespace != "" {
			return "Namespace", provconc.NewInputError("Namespace", s.Namespace, "is a Tencent SCF setting; AWS Lambda has none")
		}
		if err := checkBareName(s.FunctionName); err != nil {
			return "FunctionName", err
		}
		err := awslambda.InputRules{}.CheckList(&provconc.ListInput{FunctionName: s.FunctionName})
		return inputField(err), err
	}
	in := &provconc.ListInput{FunctionName: s.FunctionName}
	if s.Namespace != "" {
		in.Extension = &tencentscf.Scope{Namespace: s.Namespace}
	}
	err := tencentscf.InputRules{}.CheckList(in)
	return inputField(err), err
}

// checkTarget checks the cloud and the region of an entry or scope.
func checkTarget(cloud Cloud, region string) (string, error) {
	if cloud != AWS && cloud != Tencent {
		return "Cloud", provconc.NewInputError("Cloud", string(cloud), `must be "aws" or "tencent"`)
	}
	if region == "" {
		return "Region", provconc.NewInputError("Region", "", "is required")
	}
	for i := 0; i < len(region); i++ {
		if c := region[i]; !('a' <= c && c <= 'z') && !('0' <= c && c <= '9') && c != '-' {
			return "Region", provconc.NewInputError("Region", region, "must be a region name such as us-east-1 or ap-guangzhou: lower-case letters, digits and '-'")
		}
	}
	return "", nil
}

// checkBareName refuses the qualified and ARN forms of an AWS function name:
// a file names each config by its parts, so one config has one spelling.
func checkBareName(name string) error {
	ref, err := provconc.ParseFunctionRef(name)
	if err != nil {
		return err
	}
	if ref.Name != name {
		return provconc.NewInputError("FunctionName", name, "must be the bare function name: give the region as Region and the version or alias as Qualifier")
	}
	return nil
}

// inputField maps the field of an SDK input error to the file's key: the
// SCF options' fields are top-level keys in the file.
func inputField(err error) string {
	var in *provconc.InputError
	if !errors.As(err, &in) {
		return ""
	}
	return strings.TrimPrefix(in.Field, "PutParameters.")
}

// scfNamespace maps the empty namespace to SCF's default one.
func scfNamespace(ns string) string {
	if ns == "" {
		return tencentscf.DefaultNamespace
	}
	return ns
}

// unwrap returns the node an anchor or tag decorates.
func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
}

// collectLines records the line of every key under n, by path.
func collectLines(n ast.Node, prefix string, out fieldLines) {
	switch v := unwrap(n).(type) {
	case *ast.MappingNode:
		for _, kv := range v.Values {
			path := kv.Key.GetToken().Value
			if prefix != "" {
				path = prefix + "." + path
			}
			out[path] = kv.Key.GetToken().Position.Line
			collectLines(kv.Value, path, out)
		}
	case *ast.MappingValueNode:
		path := v.Key.GetToken().Value
		if prefix != "" {
			path = prefix + "." + path
		}
		out[path] = v.Key.GetToken().Position.Line
		collectLines(v.Value, path, out)
	case *ast.SequenceNode:
		for i, item := range v.Values {
			path := prefix + "[" + strconv.Itoa(i) + "]"
			out[path] = unwrap(item).GetToken().Position.Line
			collectLines(item, path, out)
		}
	}
}

// The keys of the file by the type of their value; a key means the same
// in every section that has it.
var (
	textKeys = map[string]bool{
		"Cloud": true, "Region": true, "Namespace": true, "FunctionName": true, "Qualifier": true, "ProvisionedType": true,
		"TriggerName": true, "TriggerCronConfig": true, "Name": true, "Expression": true, "TimeZone": true, "Start": true, "End": true,
	}
	wholeNumberKeys = map[string]bool{
		"ProvisionedConcurrentExecutions": true, "TriggerProvisionedConcurrencyNum": true, "MinCapacity": true, "MaxCapacity": true, "Executions": true,
	}
	numberKeys = map[string]bool{"TrackingTarget": true, "TargetUtilization": true}
)

// scalarChecker checks the scalars of one entry (index of section).
type scalarChecker struct {
	source, section string
	index           int
	// entry is the entry's label as validate gives it, from the values
	// as written; empty without a FunctionName.
	entry string
	// aliases maps each alias of the document to the node its anchor
	// holds (see resolveAliases).
	aliases map[*ast.AliasNode]ast.Node
}

// check refuses the values under n that the decoder would turn into
// another value: an unquoted scalar that YAML reads as a number or a
// boolean under a text key whose text it changes (alias 0x10 would become
// version 16, 010 would become 8), and under a number key anything but a
// number as written, since the decoder truncates 1.5 to 1 and reads "5"
// and 010 (8 in YAML 1.1, 10 in YAML 1.2) as it likes. The aws CLI refuses
// a string or a float for an integer parameter alike. An alias's value is
// checked against the key where the alias stands: Qualifier: &q "010" is
// text, and ProvisionedConcurrentExecutions: *q must not read it as 10.
func (c *scalarChecker) check(n ast.Node, prefix string) []error {
	var errs []error
	fail := func(field string, line int, rule string) {
		errs = append(errs, &EntryError{Source: c.source, Section: c.section, Index: c.index, Entry: c.entry, Field: field, Line: line, Err: errors.New(rule)})
	}
	check := func(key string, value ast.Node, field string) {
		line, aliased := 0, false
		if alias, ok := unwrap(value).(*ast.AliasNode); ok {
			anchored, known := c.aliases[alias]
			if !known {
				return // the decoder refuses an alias without an anchor
			}
			line, aliased, value = alias.GetToken().Position.Line, true, anchored
		}
		v := unwrap(value)
		if !aliased {
			line = v.GetToken().Position.Line
		}
		if listKeys[key] && taggedNonList(value) {
			fail(field, line, "must be a list")
			return
		}
		text := v.GetToken().Value
		switch v.(type) {
		case *ast.MappingNode, *ast.MappingValueNode, *ast.SequenceNode:
			if !aliased { // else checked where its anchor is
				errs = append(errs, c.check(v, field)...)
			}
			return
		case *ast.NullNode, *ast.AliasNode:
			return // a null is a missing value
		}
		_, isText := v.(*ast.StringNode)
		if _, literal := v.(*ast.LiteralNode); literal {
			isText = true
		}
		// A text tag makes any scalar text, read as written (see
		// explicitText).
		tag := textTag(value)
		isText = isText || tag != ""
		if tag != "" && (wholeNumberKeys[key] || numberKeys[key]) {
			rule := "must be a whole number written in decimal digits, such as 10"
			if numberKeys[key] {
				rule = "must be a number, not text"
			}
			fail(field, line, redact.Clip(tag)+" "+clippedValue(v)+": "+rule)
			return
		}
		switch {
		case textKeys[key] && !isText:
			var got string
			if err := yaml.NodeToValue(v, &got); err == nil && got != text {
				kind := "number"
				if _, ok := v.(*ast.BoolNode); ok {
					kind = "boolean"
				}
				fail(field, line, fmt.Sprintf("%s reads as the %s %s in YAML: quote it (%s) to mean the text", redact.Clip(text), kind, redact.Clip(got), redact.Quote(text)))
			}
		case wholeNumberKeys[key]:
			_, isInt := v.(*ast.IntegerNode)
			switch {
			case !isInt && !quoted(v) && isDecimal(text):
				fail(field, line, clippedValue(v)+": is too large")
			case !isInt || !isDecimal(text):
				fail(field, line, clippedValue(v)+": must be a whole number written in decimal digits, such as 10")
			}
		case numberKeys[key]:
			switch v.(type) {
			case *ast.IntegerNode, *ast.FloatNode:
			default:
				fail(field, line, clippedValue(v)+": must be a number, not quoted")
			}
		}
	}
	switch v := unwrap(n).(type) {
	case *ast.MappingNode:
		for _, kv := range v.Values {
			check(kv.Key.GetToken().Value, kv.Value, joinField(prefix, kv.Key.GetToken().Value))
		}
	case *ast.MappingValueNode:
		check(v.Key.GetToken().Value, v.Value, joinField(prefix, v.Key.GetToken().Value))
	case *ast.SequenceNode:
		for i, item := range v.Values {
			errs = append(errs, c.check(item, prefix+"["+strconv.Itoa(i)+"]")...)
		}
	}
	return errs
}

// entryName returns "function:qualifier" of the entry n (the function of
// a Prune scope) as written, through aliases and merge keys; empty when
// its FunctionName is not a scalar.
func (c *scalarChecker) entryName(n ast.Node) string {
	name := c.scalarText(c.lookup(n, "FunctionName", 0))
	if name == "" || c.section != "Configs" {
		return name
	}
	return name + ":" + c.scalarText(c.lookup(n, "Qualifier", 0))
}

// lookup returns the value of key in the mapping n: its own, else a
// merged one (<<: *x); nil when it has none.
func (c *scalarChecker) lookup(n ast.Node, key string, depth int) ast.Node {
	n = c.resolve(n)
	if depth > 8 || n == nil { // merges of merges: deep enough for any file
		return nil
	}
	var pairs []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		pairs = v.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{v}
	}
	var merged []ast.Node
	for _, kv := range pairs {
		switch kv.Key.GetToken().Value {
		case key:
			return kv.Value
		case "<<":
			merged = append(merged, kv.Value)
		}
	}
	for _, m := range merged {
		if seq, ok := c.resolve(m).(*ast.SequenceNode); ok {
			for _, item := range seq.Values {
				if v := c.lookup(item, key, depth+1); v != nil {
					return v
				}
			}
		} else if v := c.lookup(m, key, depth+1); v != nil {
			return v
		}
	}
	return nil
}

// resolve returns the node n stands for, past anchors, tags and an alias.
func (c *scalarChecker) resolve(n ast.Node) ast.Node {
	n = unwrap(n)
	if alias, ok := n.(*ast.AliasNode); ok {
		n = unwrap(c.aliases[alias])
	}
	return n
}

// scalarText returns the text of the scalar n as written; "" for anything
// else.
func (c *scalarChecker) scalarText(n ast.Node) string {
	switch v := c.resolve(n).(type) {
	case nil, *ast.NullNode, *ast.MappingNode, *ast.MappingValueNode, *ast.SequenceNode, *ast.AliasNode:
		return ""
	default:
		if tk := v.GetToken(); tk != nil {
			return tk.Value
		}
		return ""
	}
}

// textTag returns the tag that makes the scalar n text ("!!str", its
// long form, or the non-specific "!"), or "" when it has none.
func textTag(n ast.Node) string {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			if v.Start != nil {
				switch tag := v.Start.Value; tag {
				case string(token.StringTag), "!<tag:yaml.org,2002:str>", "!":
					return tag
				}
			}
			n = v.Value
		default:
			return ""
		}
	}
}

// explicitText makes every scalar tagged !!str under n read as written:
// the YAML library parses !!str 0x10 as the number 16 and decodes its
// text, "16", where YAML says the tag makes it the text 0x10.
func explicitText(n ast.Node) {
	switch v := n.(type) {
	case *ast.MappingNode:
		for _, kv := range v.Values {
			explicitText(kv)
		}
	case *ast.MappingValueNode:
		explicitText(v.Value)
	case *ast.SequenceNode:
		for _, item := range v.Values {
			explicitText(item)
		}
	case *ast.AnchorNode:
		explicitText(v.Value)
	case *ast.TagNode:
		if v.Start != nil && v.Start.Value == string(token.StringTag) {
			// The tag may stand before an anchor (!!str &q 0x10).
			scalar := &v.Value
			for a, ok := (*scalar).(*ast.AnchorNode); ok; a, ok = (*scalar).(*ast.AnchorNode) {
				scalar = &a.Value
			}
			switch (*scalar).(type) {
			case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
				if tk := (*scalar).GetToken(); tk != nil {
					*scalar = ast.String(tk)
				}
				return
			}
		}
		explicitText(v.Value)
	}
}

// resolveAliases walks n in document order and maps each alias to the node
// its anchor holds: the anchor of that name last defined before it, as
// YAML resolves an alias.
func resolveAliases(n ast.Node, anchors map[string]ast.Node, out map[*ast.AliasNode]ast.Node) {
	switch v := n.(type) {
	case *ast.MappingNode:
		for _, kv := range v.Values {
			resolveAliases(kv, anchors, out)
		}
	case *ast.MappingValueNode:
		resolveAliases(v.Key, anchors, out)
		resolveAliases(v.Value, anchors, out)
	case *ast.MappingKeyNode:
		resolveAliases(v.Value, anchors, out)
	case *ast.SequenceNode:
		for _, item := range v.Values {
			resolveAliases(item, anchors, out)
		}
	case *ast.TagNode:
		if a, ok := v.Value.(*ast.AnchorNode); ok && a.Name != nil && a.Name.GetToken() != nil {
			// A tag before the anchor is the anchored node's too
			// (!!str &q 0x10): its aliases are text.
			anchors[a.Name.GetToken().Value] = v
			resolveAliases(a.Value, anchors, out)
			return
		}
		resolveAliases(v.Value, anchors, out)
	case *ast.AnchorNode:
		if v.Name != nil && v.Name.GetToken() != nil {
			anchors[v.Name.GetToken().Value] = v.Value
		}
		resolveAliases(v.Value, anchors, out)
	case *ast.AliasNode:
		if v.Value != nil && v.Value.GetToken() != nil {
			if anchored, ok := anchors[v.Value.GetToken().Value]; ok && anchored != nil {
				out[v] = anchored
			}
		}
	}
}

// listKeys are the keys whose value is a list, below the top level.
var listKeys = map[string]bool{"TriggerActions": true, "Schedules": true}

// taggedNonList reports whether n, where a list is wanted, is a tag on
// something else ("Configs: !", "Schedules: !!null ~", "TriggerActions:
// ! 0"). The YAML library's decoder crashes on one (goccy/go-yaml
// v1.19.2) where it refuses the same value untagged.
func taggedNonList(n ast.Node) bool {
	tagged := false
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			tagged, n = true, v.Value
		default:
			_, list := n.(*ast.SequenceNode)
			return tagged && !list
		}
	}
}

// documentLine is the line a document of a file starts on: its "---",
// else its first token; 0 for an empty document without one.
func documentLine(doc *ast.DocumentNode) int {
	switch {
	case doc.Start != nil:
		return doc.Start.Position.Line
	case doc.Body != nil && doc.Body.GetToken() != nil:
		return doc.Body.GetToken().Position.Line
	}
	return 0
}

func joinField(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// isDecimal reports whether s is an optionally signed decimal integer with
// no leading zero: the spelling every YAML version and JSON read alike.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if s == "" || len(s) > 1 && s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clippedValue shows a scalar as written: quoted when it was quoted.
func clippedValue(v ast.Node) string {
	if s, ok := v.(*ast.StringNode); ok && quoted(s) {
		return redact.Quote(s.Value)
	}
	return redact.Clip(v.GetToken().Value)
}

// quoted reports whether the scalar v was written in quotes.
func quoted(v ast.Node) bool {
	t := v.GetToken().Type
	return t == token.SingleQuoteType || t == token.DoubleQuoteType
}

// yamlError turns an error of the YAML library into an *EntryError with
// its line and its message (without the library's source excerpt).
func yamlError(source, section string, index int, entry string, err error) *EntryError {
	e := &EntryError{Source: source, Section: section, Index: index, Entry: entry, Err: err}
	var ye yaml.Error
	if errors.As(err, &ye) {
		if tok := ye.GetToken(); tok != nil {
			e.Line = tok.Position.Line
		}
		e.Err = errors.New(ye.GetMessage())
	}
	return e
}

// jsonErrorLine returns the line of a JSON syntax error; 0 when unknown.
func jsonErrorLine(data []byte, err error) int {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return 0
	}
	off := min(int(se.Offset), len(data))
	return 1 + strings.Count(string(data[:off]), "\n")
}
