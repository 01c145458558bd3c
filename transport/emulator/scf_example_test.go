package emulator_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/provconc/provconc/transport/emulator"
)

// The emulator speaking Tencent Cloud SCF in process: seed a function and a
// version, set provisioned concurrency, read it back once allocated.
func Example_tencentSCF() {
	clock := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	s := emulator.New(emulator.Options{
		Now:        func() time.Time { return clock },
		ReadyAfter: time.Minute,
	})
	_ = s.CreateSCFFunction("default", "my-function")
	v, _ := s.PublishSCFVersion("default", "my-function")

	call := func(action, params string) {
		req, _ := http.NewRequest(http.MethodPost, "https://scf.tencentcloudapi.com/", strings.NewReader(params))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-TC-Action", action)
		req.Header.Set("X-TC-Version", "2018-04-16")
		req.Header.Set("X-TC-Region", "ap-guangzhou")
		resp, err := s.Client().Do(req)
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		fmt.Println(resp.StatusCode, string(body))
	}

	call("PutProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Qualifier":"`+v+`","VersionProvisionedConcurrencyNum":10}`)
	call("PutProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Qualifier":"$LATEST","VersionProvisionedConcurrencyNum":10}`)
	clock = clock.Add(time.Minute)
	call("GetProvisionedConcurrencyConfig", `{"FunctionName":"my-function","Qualifier":"`+v+`"}`)
	// Output:
	// 200 {"Response":{"RequestId":"7c3ccd10-bb7e-437b-86d3-7926ae627426"}}
	// 200 {"Response":{"Error":{"Code":"InvalidParameterValue.Qualifier","Message":"Unsupported function version."},"RequestId":"692865c9-a376-41a8-ad16-1b0f95785955"}}
	// 200 {"Response":{"UnallocatedConcurrencyNum":890,"Allocated":[{"AllocatedProvisionedConcurrencyNum":10,"AvailableProvisionedConcurrencyNum":10,"Status":"Done","StatusReason":"","Qualifier":"1","TriggerActions":[]}],"RequestId":"8b1ae42f-c4b1-4726-906d-647de9f43a6f"}}
}
