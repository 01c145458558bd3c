package awslambda_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/retry"
)

// fixedAnswer is a RoundTripper that answers every request with one canned
// response, built afresh each time.
type fixedAnswer struct {
	status      int
	errorType   string
	retryAfter  string
	contentType string
	body        []byte
}

func (f fixedAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	h := http.Header{}
	if f.errorType != "" {
		h.Set("X-Amzn-ErrorType", f.errorType)
	}
	if f.retryAfter != "" {
		h.Set("Retry-After", f.retryAfter)
	}
	if f.contentType != "" {
		h.Set("Content-Type", f.contentType)
	}
	h.Set("X-Amzn-RequestId", "fuzz-request")
	return &http.Response{
		StatusCode:    f.status,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(f.body)),
		ContentLength: int64(len(f.body)),
		Request:       req,
	}, nil
}

// FuzzAnswerDecoding feeds arbitrary answers (status, error-type header,
// Retry-After, body) to every operation. Whatever the server sends, the
// protocol must not panic, must return a result or an error and never both
// empty, and an error for a non-2xx answer must be an *APIError carrying
// that status.
func FuzzAnswerDecoding(f *testing.F) {
	seeds := []struct {
		status             int
		errorType, after   string
		body               string
		op                 uint8
		contentTypeOmitted bool
	}{
		{200, "", "", `{"AllocatedProvisionedConcurrentExecutions":100,"AvailableProvisionedConcurrentExecutions":100,"LastModified":"2019-12-31T20:28:49+0000","RequestedProvisionedConcurrentExecutions":100,"Status":"READY"}`, 1, false},
		{202, "", "", `{"RequestedProvisionedConcurrentExecutions":1,"Status":"IN_PROGRESS","LastModified":"2019-11-21T19:32:12.123+0000"}`, 0, false},
		{200, "", "", `{"ProvisionedConcurrencyConfigs":[{"FunctionArn":"arn:aws:lambda:us-east-2:123456789012:function:f:GREEN","Status":"READY"}],"NextMarker":"x"}`, 2, false},
		{200, "", "", `{"ProvisionedConcurrencyConfigs":[{"FunctionArn":"garbage::::"}]}`, 2, false},
		{204, "", "", ``, 3, true},
		{404, "ResourceNotFoundException:http://internal.amazon.com/", "", `{"Type":"User","Message":"Function not found"}`, 1, false},
		{429, "TooManyRequestsException", "99999999999999999999", `{"Reason":"CallerRateLimitExceeded","message":"Rate exceeded"}`, 1, false},
		{429, "", "Wed, 21 Oct 2015 07:28:00 GMT", `not json`, 0, false},
		{400, "", "-5", `{"__type":"com.amazonaws#X","code":"Y","message":7}`, 3, false},
		{500, "", "", `<html>oops</html>`, 2, true},
		{200, "", "", `{"LastModified":"tomorrow"}`, 1, false},
		{200, "", "", `[1,2,3]`, 2, false},
		{200, "", "", ``, 1, false},
		{302, "", "", ``, 1, false},
		{200, "", "", `{"RequestedProvisionedConcurrentExecutions":1e400}`, 1, false},
	}
	for _, s := range seeds {
		f.Add(s.status, s.errorType, s.after, []byte(s.body), s.op)
	}
	f.Fuzz(func(t *testing.T, status int, errorType, after string, body []byte, op uint8) {
		if status < 100 || status > 999 {
			t.Skip() // net/http itself refuses such status codes
		}
		p, err := awslambda.New(awslambda.Options{
			Region:      "us-east-1",
			Credentials: testCreds,
			HTTPClient:  &http.Client{Transport: fixedAnswer{status: status, errorType: sanitizeHeader(errorType), retryAfter: sanitizeHeader(after), body: body}},
			Retry:       retry.Options{MaxAttempts: 1},
		})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		var out any
		switch op % 4 {
		case 0:
			out, err = p.Put(ctx, &provconc.PutInput{FunctionName: "f", Qualifier: "1", ProvisionedConcurrentExecutions: 1})
		case 1:
			out, err = p.Get(ctx, &provconc.GetInput{FunctionName: "f", Qualifier: "1"})
		case 2:
			out, err = p.List(ctx, &provconc.ListInput{FunctionName: "f"})
		case 3:
			out, err = p.Delete(ctx, &provconc.DeleteInput{FunctionName: "f", Qualifier: "1"})
		}
		if err == nil {
			if out == nil {
				t.Fatal("neither a result nor an error")
			}
			if status < 200 || status > 299 {
				t.Fatalf("status %d gave a result", status)
			}
			return
		}
		if status >= 200 && status <= 299 {
			if !errors.Is(err, provconc.ErrInvalidResponse) {
				t.Fatalf("a 2xx answer failed with %v, want ErrInvalidResponse", err)
			}
			return
		}
		var apiErr *provconc.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("status %d: error %v (%T) is not an *APIError", status, err, err)
		}
		if apiErr.StatusCode != status || apiErr.RequestID != "fuzz-request" || apiErr.RetryAfter < 0 {
			t.Fatalf("APIError %+v does not carry the answer's status, request id and a sane Retry-After", apiErr)
		}
	})
}

// sanitizeHeader keeps fuzzed header values to what net/http can carry.
func sanitizeHeader(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r > 0x7e {
			return -1
		}
		return r
	}, s)
}
