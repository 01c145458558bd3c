// This file checks inputs against AWS Lambda's documented rules before
// anything is sent: the function reference grammar of the root package
// (name, name:qualifier, partial and full ARN), the ranges of the amounts,
// and no provider extension. Protocol and InputRules share these checks, so
// transport/mock refuses exactly what the service would.

package awslambda

import (
	"fmt"

	"github.com/provconc/provconc"
)

// InputRules checks inputs against AWS Lambda's documented rules exactly as
// Protocol does before sending anything, and refuses them with the same
// *provconc.InputError. transport/mock applies it by default
// (mock.Protocol.Rules), so code tested against the mock meets the same
// refusals it would meet from the service. Its zero value is ready to use.
type InputRules struct{}

// CheckPut checks the input of Put.
func (InputRules) CheckPut(in *provconc.PutInput) error {
	_, err := checkPut(in)
	return err
}

// CheckGet checks the input of Get.
func (InputRules) CheckGet(in *provconc.GetInput) error {
	if in == nil {
		return provconc.NewInputError("GetInput", "", "must not be nil")
	}
	_, err := checkVersion(in.FunctionName, in.Qualifier, in.Extension)
	return err
}

// CheckList checks the input of List.
func (InputRules) CheckList(in *provconc.ListInput) error {
	_, err := checkList(in)
	return err
}

// CheckDelete checks the input of Delete.
func (InputRules) CheckDelete(in *provconc.DeleteInput) error {
	if in == nil {
		return provconc.NewInputError("DeleteInput", "", "must not be nil")
	}
	_, err := checkVersion(in.FunctionName, in.Qualifier, in.Extension)
	return err
}

// checkPut checks a Put and returns the version or alias it names.
func checkPut(in *provconc.PutInput) (provconc.FunctionRef, error) {
	if in == nil {
		return provconc.FunctionRef{}, provconc.NewInputError("PutInput", "", "must not be nil")
	}
	ref, err := checkVersion(in.FunctionName, in.Qualifier, in.Extension)
	if err != nil {
		return provconc.FunctionRef{}, err
	}
	if n := in.ProvisionedConcurrentExecutions; n < 1 || n > maxInt32 {
		return provconc.FunctionRef{}, provconc.NewInputError("ProvisionedConcurrentExecutions", itoa(n), "must be between 1 and 2147483647")
	}
	return ref, nil
}

// checkVersion checks the function and qualifier of a Put, Get or Delete,
// which must name a version or alias, and refuses any extension.
func checkVersion(functionName, qualifier string, ext provconc.Extension) (provconc.FunctionRef, error) {
	ref, err := provconc.ResolveQualifier(functionName, qualifier, true)
	if err != nil {
		return provconc.FunctionRef{}, err
	}
	if err := checkNoExtension(ext); err != nil {
		return provconc.FunctionRef{}, err
	}
	return ref, nil
}

// checkList checks a List and returns the function it names.
func checkList(in *provconc.ListInput) (provconc.FunctionRef, error) {
	if in == nil {
		return provconc.FunctionRef{}, provconc.NewInputError("ListInput", "", "must not be nil")
	}
	ref, err := provconc.ParseFunctionRef(in.FunctionName)
	if err != nil {
		return provconc.FunctionRef{}, err
	}
	if err := checkNoExtension(in.Extension); err != nil {
		return provconc.FunctionRef{}, err
	}
	if in.MaxItems < 0 || in.MaxItems > 50 {
		return provconc.FunctionRef{}, provconc.NewInputError("MaxItems", itoa(in.MaxItems), "must be between 1 and 50 (or 0 for the service default)")
	}
	return ref, nil
}

// checkNoExtension refuses provider extensions: AWS Lambda has none.
func checkNoExtension(ext provconc.Extension) error {
	if ext == nil {
		return nil
	}
	// %T, not ext.Provider(): a typed nil must not panic here.
	return provconc.NewInputError("Extension", fmt.Sprintf("%T", ext), "aws-lambda takes no provider extension")
}
