package emulator_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/provconc/provconc/transport/emulator"
)

// The emulator as an http.RoundTripper: no socket, a clock the example
// moves. An allocation takes emulator.DefaultReadyAfter on that clock.
func Example() {
	now := time.Date(2019, 11, 21, 19, 32, 12, 0, time.UTC)
	s := emulator.New(emulator.Options{Now: func() time.Time { return now }})
	_ = s.CreateFunction("my-function")
	v, _ := s.PublishVersion("my-function")
	_ = s.CreateAlias("my-function", "BLUE", v)

	url := "https://lambda.us-east-1.amazonaws.com/2019-09-30/functions/my-function/provisioned-concurrency?Qualifier=BLUE"
	req, _ := http.NewRequest(http.MethodPut, url, strings.NewReader(`{"ProvisionedConcurrentExecutions": 100}`))
	resp, err := s.Client().Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))

	cfg, _ := s.ProvisionedConfig("my-function", "BLUE")
	fmt.Println(cfg.Status, cfg.Available)

	now = now.Add(emulator.DefaultReadyAfter)
	cfg, _ = s.ProvisionedConfig("my-function", "BLUE")
	fmt.Println(cfg.Status, cfg.Available)
	// Output:
	// 202 {"AllocatedProvisionedConcurrentExecutions":0,"AvailableProvisionedConcurrentExecutions":0,"LastModified":"2019-11-21T19:32:12+0000","RequestedProvisionedConcurrentExecutions":100,"Status":"IN_PROGRESS"}
	// IN_PROGRESS 0
	// READY 100
}
