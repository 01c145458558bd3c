// This file is the "scf" command family: tccli's provisioned concurrency
// actions with its parameter flags (every parameter of the SCF API
// document, --TriggerActions as JSON, as tccli takes structured
// parameters) and its output: the fields of the answer's Response object,
// so that a script written for "tccli scf" runs with "pcctl scf".

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// scfFlags are the parameter flags of one scf command.
type scfFlags struct {
	FunctionName    string
	Qualifier       string
	Namespace       string
	Count           int
	TriggerActions  string
	ProvisionedType string
	TrackingTarget  float64
	MinCapacity     int
	MaxCapacity     int
	Filter          string
}

func (a *app) scfCommand() *cobra.Command {
	family := familyCommand("scf", "Tencent Cloud SCF provisioned concurrency, as tccli's scf actions")
	action := func(name, short string, run func(ctx context.Context, cmd *cobra.Command, f *scfFlags) error) (*cobra.Command, *scfFlags) {
		f := &scfFlags{}
		c := &cobra.Command{
			Use:   name,
			Short: short,
			Args:  cobra.NoArgs,
			RunE: a.runE(func(ctx context.Context, cmd *cobra.Command, _ []string) error {
				if cmd.Flags().Changed("provider") && a.set.provider != "tencent" {
					return usagef("", "the scf commands speak Tencent Cloud SCF: --provider %s does not apply", a.set.provider)
				}
				a.set.provider = "tencent"
				if f.Filter != "" {
					if a.set.queryExpr != "" {
						return usagef("", "--filter and --query are the same option: give one")
					}
					q, err := compileQuery(f.Filter)
					if err != nil {
						return err
					}
					a.query = q
				}
				if f.FunctionName == "" {
					return usagef("", "the following arguments are required: --FunctionName")
				}
				a.set.cliFamily = true
				return run(ctx, cmd, f)
			}),
		}
		c.Flags().StringVar(&f.FunctionName, "FunctionName", "", "the function's name")
		c.Flags().StringVar(&f.Namespace, "Namespace", "", "the function's namespace (default: default)")
		c.Flags().StringVar(&f.Filter, "filter", "", "JMESPath query applied to the output (tccli's name for --query)")
		return c, f
	}
	put, pf := action("PutProvisionedConcurrencyConfig", "Sets the provisioned concurrency of a function version", a.scfPut)
	put.Flags().StringVar(&pf.Qualifier, "Qualifier", "", "the version number ($LATEST is not allowed)")
	put.Flags().IntVar(&pf.Count, "VersionProvisionedConcurrencyNum", 0, "the amount of provisioned concurrency")
	put.Flags().StringVar(&pf.TriggerActions, "TriggerActions", "", `scheduled actions, a JSON list of {"TriggerName", "TriggerProvisionedConcurrencyNum", "TriggerCronConfig", "ProvisionedType"}`)
	put.Flags().StringVar(&pf.ProvisionedType, "ProvisionedType", "", "Default or ConcurrencyUtilizationTracking")
	put.Flags().Float64Var(&pf.TrackingTarget, "TrackingTarget", 0, "utilization tracking: the utilization to keep, in (0, 1)")
	put.Flags().IntVar(&pf.MinCapacity, "MinCapacity", 0, "utilization tracking: the fewest instances")
	put.Flags().IntVar(&pf.MaxCapacity, "MaxCapacity", 0, "utilization tracking: the most instances")
	_ = put.RegisterFlagCompletionFunc("ProvisionedType", fixedCompletion(string(tencentscf.ProvisionedTypeDefault), string(tencentscf.ProvisionedTypeConcurrencyUtilizationTracking)))

	get, gf := action("GetProvisionedConcurrencyConfig", "Reads the provisioned concurrency of a function's versions", a.scfGet)
	get.Flags().StringVar(&gf.Qualifier, "Qualifier", "", "the version number; every version when not given")

	del, df := action("DeleteProvisionedConcurrencyConfig", "Removes the provisioned concurrency of a function version", a.scfDelete)
	del.Flags().StringVar(&df.Qualifier, "Qualifier", "", "the version number")
	family.AddCommand(put, get, del)
	return family
}

func (a *app) scfPut(ctx context.Context, cmd *cobra.Command, f *scfFlags) error {
	var missing []string
	for _, name := range []string{"Qualifier", "VersionProvisionedConcurrencyNum"} {
		if !cmd.Flags().Changed(name) {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) > 0 {
		return usagef("", "the following arguments are required: %s", strings.Join(missing, ", "))
	}
	opts := &tencentscf.PutParameters{
		Namespace:       f.Namespace,
		ProvisionedType: tencentscf.ProvisionedType(f.ProvisionedType),
		TrackingTarget:  f.TrackingTarget,
		MinCapacity:     f.MinCapacity,
		MaxCapacity:     f.MaxCapacity,
	}
	if f.TriggerActions != "" {
		dec := json.NewDecoder(bytes.NewReader([]byte(f.TriggerActions)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&opts.TriggerActions); err != nil {
			return usagef("", "invalid --TriggerActions: %s (want a JSON list of objects with TriggerName, TriggerProvisionedConcurrencyNum, TriggerCronConfig and ProvisionedType)", oneLine(err.Error()))
		}
	}
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	out, err := client.Put(ctx, &provconc.PutInput{
		FunctionName: f.FunctionName, Qualifier: f.Qualifier,
		ProvisionedConcurrentExecutions: f.Count, Extension: opts,
	})
	if err != nil {
		return err
	}
	return a.emit(&answer{op: opPut, doc: scfRequestIDDoc(out.Metadata.RequestID), tccli: true}, a.set.format(outputJSON))
}

func (a *app) scfGet(ctx context.Context, _ *cobra.Command, f *scfFlags) error {
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	if f.Qualifier == "" {
		_, err = client.List(ctx, &provconc.ListInput{FunctionName: f.FunctionName, Extension: scfScope(f.Namespace)})
	} else {
		_, err = client.Get(ctx, &provconc.GetInput{FunctionName: f.FunctionName, Qualifier: f.Qualifier, Extension: scfScope(f.Namespace)})
	}
	var apiErr *provconc.APIError
	if errors.As(err, &apiErr) && apiErr.Code == "" && errors.Is(err, provconc.ErrProvisionedConcurrencyConfigNotFound) {
		// SCF answered an empty list, which the SDK reports as not found;
		// tccli prints the answer.
		err = nil
	}
	if err != nil {
		return err
	}
	doc, err := scfGetDoc(a.capture.body(opGet))
	if err != nil {
		return err
	}
	return a.emit(&answer{op: opGet, doc: doc, tccli: true}, a.set.format(outputJSON))
}

func (a *app) scfDelete(ctx context.Context, cmd *cobra.Command, f *scfFlags) error {
	if !cmd.Flags().Changed("Qualifier") {
		return usagef("", "the following arguments are required: --Qualifier")
	}
	client, _, err := a.newClient(ctx)
	if err != nil {
		return err
	}
	out, err := client.Delete(ctx, &provconc.DeleteInput{FunctionName: f.FunctionName, Qualifier: f.Qualifier, Extension: scfScope(f.Namespace)})
	if err != nil {
		return err
	}
	return a.emit(&answer{op: opDelete, doc: scfRequestIDDoc(out.Metadata.RequestID), tccli: true}, a.set.format(outputJSON))
}
