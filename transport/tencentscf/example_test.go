// Runnable examples: a client against a stubbed SCF endpoint, the error
// mapping, and credentials that do not print their secrets.

package tencentscf_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/jarcoal/httpmock"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/tencentscf"
)

// Example sets a version's provisioned concurrency with a scheduled action,
// reads it back and shows an input refused before sending. The SCF endpoint
// is stubbed with httpmock, so the example runs offline.
func Example() {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, tencentscf.DefaultEndpoint+"/", func(req *http.Request) (*http.Response, error) {
		switch req.Header.Get("X-TC-Action") {
		case "PutProvisionedConcurrencyConfig":
			return httpmock.NewStringResponse(200, `{"Response":{"RequestId":"eac6b301-a322-493a-8e36-83b295459397"}}`), nil
		case "GetProvisionedConcurrencyConfig":
			return httpmock.NewStringResponse(200, `{"Response":{"UnallocatedConcurrencyNum":170,"Allocated":[{
				"AllocatedProvisionedConcurrencyNum":10,"AvailableProvisionedConcurrencyNum":10,"Status":"Done","StatusReason":"","Qualifier":"1",
				"TriggerActions":[{"TriggerName":"morning-peak","TriggerProvisionedConcurrencyNum":20,"TriggerCronConfig":"0 30 8 * * * *","ProvisionedType":"Default"}]}],
				"RequestId":"b5b41468-520d-4192-b42f-595cc34b6c1c"}}`), nil
		}
		return httpmock.NewStringResponse(200, `{"Response":{"Error":{"Code":"InvalidAction","Message":"no such action"},"RequestId":"x"}}`), nil
	})

	creds := tencentscf.NewCredentials("AKIDEXAMPLE", "secret-key-example", "") // or CredentialsFromEnv()
	client, err := tencentscf.NewClient(creds, "ap-guangzhou", func(o *tencentscf.Options) {
		o.HTTPClient = &http.Client{Transport: mt}
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	put, err := client.Put(ctx, &provconc.PutInput{
		FunctionName:                    "my-function",
		Qualifier:                       "1",
		ProvisionedConcurrentExecutions: 10,
		Extension: &tencentscf.PutParameters{TriggerActions: []tencentscf.TriggerAction{
			{TriggerName: "morning-peak", TriggerProvisionedConcurrencyNum: 20, TriggerCronConfig: "0 30 8 * * * *"},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("put:", put.Status, put.Requested, put.Metadata.RequestID)

	got, err := client.Get(ctx, &provconc.GetInput{FunctionName: "my-function:1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	details := got.Extension.(*tencentscf.ConfigDetails)
	fmt.Println("get:", got.Status, got.Requested, got.Available)
	fmt.Println("unallocated:", *details.UnallocatedConcurrency, "scheduled:", details.TriggerActions[0].TriggerName)

	// $LATEST cannot take provisioned concurrency: refused, nothing sent.
	_, err = client.Get(ctx, &provconc.GetInput{FunctionName: "my-function", Qualifier: "$LATEST"})
	var inErr *provconc.InputError
	if errors.As(err, &inErr) {
		fmt.Println("refused:", inErr.Field)
	}
	fmt.Println("requests sent:", mt.GetTotalCallCount())
	// Output:
	// put: IN_PROGRESS 10 eac6b301-a322-493a-8e36-83b295459397
	// get: READY 10 10
	// unallocated: 170 scheduled: morning-peak
	// refused: Qualifier
	// requests sent: 2
}

func ExampleKindOf() {
	for _, code := range []string{
		"ResourceNotFound.FunctionVersion",
		"FailedOperation.ProvisionedInProgress",
		"RequestLimitExceeded.UinLimitExceeded",
		"LimitExceeded.FunctionTotalProvisionedConcurrencyNum",
	} {
		fmt.Println(code, "->", tencentscf.KindOf(code))
	}
	// Output:
	// ResourceNotFound.FunctionVersion -> provconc: resource not found
	// FailedOperation.ProvisionedInProgress -> provconc: resource conflict
	// RequestLimitExceeded.UinLimitExceeded -> provconc: too many requests
	// LimitExceeded.FunctionTotalProvisionedConcurrencyNum -> provconc: invalid parameter value
}

func ExampleCredentials() {
	creds := tencentscf.NewCredentials("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "")
	fmt.Println(creds)
	fmt.Printf("%#v\n", creds)
	// Output:
	// tencentscf.Credentials{SecretId: AKID****, SecretKey: [REDACTED], SessionToken: none}
	// tencentscf.Credentials{SecretId: AKID****, SecretKey: [REDACTED], SessionToken: none}
}
