package emulator

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// TestClockSkewLimitOnByDefault: with Options.MaxClockSkew left zero, a
// signature more than five minutes from the emulator's (wall) clock is
// refused, either way, with each service's answer.
func TestClockSkewLimitOnByDefault(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s := New(Options{Credentials: &testCreds})
		must(t, s.CreateFunction("my-function"))
		c, base := m.dial(t, s)
		url := base + pcPathFor("my-function") + "?Qualifier=1"
		now := time.Now().UTC()
		for _, tc := range []struct {
			offset time.Duration
			prefix string
		}{
			{-10 * time.Minute, "Signature expired: " + now.Add(-10*time.Minute).Format(amzDateLayout) + " is now earlier than "},
			{10 * time.Minute, "Signature not yet current: " + now.Add(10*time.Minute).Format(amzDateLayout) + " is still later than "},
		} {
			r := send(t, c, signedRequest(t, url, putBody(1), testCreds, "us-east-1", now.Add(tc.offset)))
			e := asWireError(t, r)
			msg, _ := e.Body["message"].(string)
			suffix := " - 5 min.)"
			if tc.offset > 0 {
				suffix = " + 5 min.)"
			}
			if e.Status != http.StatusForbidden || e.Code != "InvalidSignatureException" || !strings.HasPrefix(msg, tc.prefix) || !strings.HasSuffix(msg, suffix) {
				t.Errorf("signed %v away: %d %s %q", tc.offset, e.Status, e.Code, msg)
			}
		}
		// Within the limit the request reaches the operation (the version
		// does not exist: 404, not 403).
		if r := send(t, c, signedRequest(t, url, putBody(1), testCreds, "us-east-1", now.Add(-4*time.Minute))); r.status != http.StatusNotFound {
			t.Errorf("signed 4 minutes ago: %d %s", r.status, r.body)
		}
	})

	// SCF: the official client signs with the wall clock; the emulator's
	// clock runs ten minutes ahead, with no MaxClockSkew set.
	for _, m := range officialModes {
		s := New(Options{Now: func() time.Time { return time.Now().Add(10 * time.Minute) }, SCF: SCFOptions{Credentials: &scfTestCreds}})
		must(t, s.CreateSCFFunction("", "my-function"))
		c := m.dial(t, s, common.NewCredential(scfTestCreds.SecretID, scfTestCreds.SecretKey), nil)
		if _, err := sendOfficial(t, c, scfActionGet, map[string]any{"FunctionName": "my-function"}); sdkCode(err) != "AuthFailure.SignatureExpire" {
			t.Errorf("%s: SCF signed 10 minutes behind: %v", m.name, err)
		}
	}
	if s := New(Options{}); s.maxSkew != DefaultMaxClockSkew {
		t.Errorf("default skew %v", s.maxSkew)
	}
	if s := New(Options{MaxClockSkew: NoClockSkewLimit}); s.maxSkew != 0 {
		t.Errorf("NoClockSkewLimit gives %v", s.maxSkew)
	}
}

// headersOnly sends a request's head over a raw connection, announcing a
// body of length bytes it never sends, and returns the answer the server
// gives without it. A server that waits for the body gives none: the
// deadline only keeps a broken emulator from hanging the test.
func headersOnly(t *testing.T, srvURL, head string, length int) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srvURL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := fmt.Fprintf(conn, "%sContent-Length: %d\r\n\r\n", head, length); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body was sent: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// TestAuthenticationBeforeBody: a request whose headers fail
// authentication is answered without its body being read.
func TestAuthenticationBeforeBody(t *testing.T) {
	t.Parallel()
	s, _ := seeded(t, Options{
		Now:         time.Now,
		Credentials: &testCreds,
		SCF:         SCFOptions{Credentials: &scfTestCreds},
	})
	must(t, s.CreateSCFFunction("", "my-function"))
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")
	now := time.Now().UTC()
	amzDate := now.Format(amzDateLayout)
	scope := now.Format("20060102") + "/us-east-1/lambda/aws4_request"
	lambdaHead := func(keyID, date string) string {
		return "PUT /2019-09-30/functions/my-function/provisioned-concurrency?Qualifier=1 HTTP/1.1\r\nHost: " + host + "\r\n" +
			"X-Amz-Date: " + date + "\r\nContent-Type: application/json\r\n" +
			"Authorization: AWS4-HMAC-SHA256 Credential=" + keyID + "/" + scope + ", SignedHeaders=host;x-amz-date, Signature=00\r\n"
	}
	tc3Head := func(secretID string, ts int64) string {
		return "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n" +
			"X-TC-Action: GetProvisionedConcurrencyConfig\r\nX-TC-Version: 2018-04-16\r\nX-TC-Timestamp: " + strconv.FormatInt(ts, 10) + "\r\n" +
			"Authorization: TC3-HMAC-SHA256 Credential=" + secretID + "/" + time.Unix(ts, 0).UTC().Format("2006-01-02") + "/scf/tc3_request, SignedHeaders=content-type;host, Signature=00\r\n"
	}
	for _, tc := range []struct {
		name, head string
		status     int
		want       string // X-Amzn-ErrorType, or the SCF code
	}{
		{"unknown access key", lambdaHead("AKIDSOMEONEELSE", amzDate), 403, "UnrecognizedClientException"},
		{"expired X-Amz-Date", lambdaHead(testCreds.AccessKeyID, now.Add(-time.Hour).Format(amzDateLayout)), 403, "InvalidSignatureException"},
		{"no Authorization", "PUT /2019-09-30/functions/my-function/provisioned-concurrency?Qualifier=1 HTTP/1.1\r\nHost: " + host + "\r\n", 403, "MissingAuthenticationTokenException"},
		{"unknown SecretId", tc3Head("AKIDSOMEONEELSE", now.Unix()), 200, "AuthFailure.SecretIdNotFound"},
		{"expired X-TC-Timestamp", tc3Head(scfTestCreds.SecretID, now.Add(-time.Hour).Unix()), 200, "AuthFailure.SignatureExpire"},
	} {
		resp, body := headersOnly(t, srv.URL, tc.head, 1<<20)
		got := resp.Header.Get("X-Amzn-ErrorType")
		if resp.StatusCode == http.StatusOK {
			got = scfErrorOf(t, reply{status: resp.StatusCode, header: resp.Header, body: body}).Code
		}
		if resp.StatusCode != tc.status || got != tc.want {
			t.Errorf("%s: %d %s, want %d %s", tc.name, resp.StatusCode, got, tc.status, tc.want)
		}
	}

	// In process too: the body of a refused request is not read.
	for _, tc := range []struct {
		name string
		req  func() *http.Request
	}{
		{"lambda", func() *http.Request {
			req := signedRequest(t, "https://lambda.us-east-1.amazonaws.com"+pcPathFor("my-function")+"?Qualifier=1", putBody(1),
				aws.Credentials{AccessKeyID: "AKIDSOMEONEELSE", SecretAccessKey: "x"}, "us-east-1", now)
			return req
		}},
		{"scf", func() *http.Request {
			req := scfRequest(t, "https://scf.tencentcloudapi.com/", scfActionGet, obj{"FunctionName": "my-function"})
			req.Header.Set("X-TC-Timestamp", strconv.FormatInt(now.Unix(), 10))
			req.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential=AKIDSOMEONEELSE/"+now.Format("2006-01-02")+"/scf/tc3_request, SignedHeaders=content-type;host, Signature=00")
			return req
		}},
	} {
		req := tc.req()
		body := &countingReader{r: req.Body}
		req.Body = body
		r := send(t, s.Client(), req)
		if r.status != http.StatusForbidden && r.status != http.StatusOK {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
		}
		if n := body.n.Load(); n != 0 {
			t.Errorf("%s: %d body bytes read before authentication failed", tc.name, n)
		}
		if !body.closed.Load() {
			t.Errorf("%s: body not closed", tc.name)
		}
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r      io.Reader
	n      atomic.Int64
	closed atomic.Bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) Close() error { c.closed.Store(true); return nil }

// zeros is an endless source of '0' bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}

// TestBodySizeCap: a body over the cap is refused with the service's
// answer, without reading past the cap: by its declared length before any
// byte is read, and while reading when the length is not declared.
func TestBodySizeCap(t *testing.T) {
	t.Parallel()
	s, _ := seeded(t, Options{Now: time.Now, Credentials: &testCreds})
	must(t, s.CreateSCFFunction("", "my-function"))
	lambdaURL := func(base string) string { return base + pcPathFor("my-function") + "?Qualifier=1" }
	tooLarge := wireError{413, "RequestEntityTooLargeException", map[string]any{
		"message": "Request must be smaller than 6291456 bytes for the PutProvisionedConcurrencyConfig operation"}}

	// A signed Put whose payload is not hashed into the signature
	// (UNSIGNED-PAYLOAD), so the signature holds whatever the body is.
	unsignedPut := func(t *testing.T, url string, body io.Reader, length int64) *http.Request {
		req, err := http.NewRequest(http.MethodPut, url, body)
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = length
		req.Header.Set("X-Amz-Content-Sha256", unsignedPayload)
		if err := v4.NewSigner().SignHTTP(context.Background(), testCreds, req, unsignedPayload, "lambda", "us-east-1", time.Now()); err != nil {
			t.Fatal(err)
		}
		return req
	}
	forEachMode(t, func(t *testing.T, m transportMode) {
		c, base := m.dial(t, s)
		// Declared too long: refused before reading.
		body := &countingReader{r: io.LimitReader(zeros{}, maxLambdaBody+1)}
		r := send(t, c, unsignedPut(t, lambdaURL(base), body, maxLambdaBody+1))
		if d := cmp.Diff(tooLarge, asWireError(t, r)); d != "" {
			t.Errorf("declared length (-want +got):\n%s", d)
		}
		// Not declared (chunked): refused once the cap is passed.
		body = &countingReader{r: io.LimitReader(zeros{}, 3*maxLambdaBody)}
		r = send(t, c, unsignedPut(t, lambdaURL(base), body, -1))
		if d := cmp.Diff(tooLarge, asWireError(t, r)); d != "" {
			t.Errorf("chunked (-want +got):\n%s", d)
		}
		if m.name == "roundtripper" && body.n.Load() > maxLambdaBody+1 {
			t.Errorf("read %d bytes of a body capped at %d", body.n.Load(), maxLambdaBody)
		}
		// At the cap a body is read (and, not being JSON, refused as such).
		r = send(t, c, unsignedPut(t, lambdaURL(base), io.LimitReader(zeros{}, maxLambdaBody), maxLambdaBody))
		if r.status == http.StatusRequestEntityTooLarge {
			t.Errorf("a body at the cap was refused as too large")
		}
	})
	forEachSCFMode(t, func(t *testing.T, m scfMode) {
		c, url := m.dial(t, s)
		// TC3 POST: 10 MB.
		req := scfRequest(t, url, scfActionGet, "")
		req.Body, req.ContentLength = io.NopCloser(io.LimitReader(zeros{}, maxSCFBodyTC3+1)), -1
		if got := scfErrorOf(t, send(t, c, req)); got.Code != "RequestSizeLimitExceeded" {
			t.Errorf("TC3 body over 10 MB: %+v", got)
		}
		// v1 form POST: 1 MB.
		req, err := http.NewRequest(http.MethodPost, url, io.LimitReader(strings.NewReader("Action=GetProvisionedConcurrencyConfig&Version=2018-04-16&FunctionName="+strings.Repeat("f", maxSCFBodyV1)), maxSCFBodyV1+1))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if got := scfErrorOf(t, send(t, c, req)); got.Code != "RequestSizeLimitExceeded" {
			t.Errorf("form body over 1 MB: %+v", got)
		}
		// GET: a 32 KB query.
		req, err = http.NewRequest(http.MethodGet, url+"?Action=GetProvisionedConcurrencyConfig&Version=2018-04-16&FunctionName="+strings.Repeat("f", maxSCFQuery), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := scfErrorOf(t, send(t, c, req)); got.Code != "RequestSizeLimitExceeded" {
			t.Errorf("query over 32 KB: %+v", got)
		}
	})
}

// TestBodyReadError: a body that fails while being read ends the round
// trip with an error that keeps its cause, as a transport's would; on a
// socket the request is answered 400 (the client has usually gone).
func TestBodyReadError(t *testing.T) {
	t.Parallel()
	s, _ := seeded(t, Options{})
	errBroken := errors.New("broken pipe")
	req, err := http.NewRequest(http.MethodPut, "https://lambda.us-east-1.amazonaws.com"+pcPathFor("my-function")+"?Qualifier=1",
		io.MultiReader(strings.NewReader("{"), errReader{errBroken}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.RoundTrip(req)
	if !errors.Is(err, errBroken) || resp != nil {
		t.Errorf("RoundTrip = %v, %v; want an error wrapping %v", resp, err, errBroken)
	}
	// SCF too.
	req = scfRequest(t, "https://scf.tencentcloudapi.com/", scfActionGet, "")
	req.Body = io.NopCloser(errReader{errBroken})
	if _, err := s.RoundTrip(req); !errors.Is(err, errBroken) {
		t.Errorf("SCF RoundTrip = %v", err)
	}

	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second)) // guard only
	// A chunked body whose chunk header is not hex fails while read.
	fmt.Fprint(conn, "PUT "+pcPathFor("my-function")+"?Qualifier=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
	resp, err = http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("X-Amzn-ErrorType") != "InvalidRequestContentException" || !resp.Close {
		t.Errorf("socket: %d %s (close %v)", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), resp.Close)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestClockSkewWithOfficialSDK holds the skew answer against aws-sdk-go-v2:
// with no retries it reports the emulator's InvalidSignatureException as a
// probable clock-skew error; with its standard retryer it reads the skew
// off the answer's Date header (the emulator's clock), re-signs and
// succeeds, as it does against AWS.
func TestClockSkewWithOfficialSDK(t *testing.T) {
	t.Parallel()
	forEachMode(t, func(t *testing.T, m transportMode) {
		s := New(Options{Now: func() time.Time { return time.Now().Add(30 * time.Minute) }, Credentials: &testCreds})
		must(t, s.CreateFunction("my-function"))
		if _, err := s.PublishVersion("my-function"); err != nil {
			t.Fatal(err)
		}
		c, base := m.dial(t, s)
		in := &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("my-function"), Qualifier: aws.String("1")}

		_, err := sdkClient(c, base, testCreds).GetProvisionedConcurrencyConfig(context.Background(), in)
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidSignatureException" ||
			!strings.HasPrefix(apiErr.ErrorMessage(), "Signature expired: ") || !strings.Contains(err.Error(), "clock skew") {
			t.Errorf("no retries: %v", err)
		}

		retrying := lambda.New(lambda.Options{
			Region: "us-east-1", BaseEndpoint: aws.String(base), HTTPClient: c,
			Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return testCreds, nil }),
		})
		_, err = retrying.GetProvisionedConcurrencyConfig(context.Background(), in)
		var notFound *types.ProvisionedConcurrencyConfigNotFoundException
		if !errors.As(err, &notFound) {
			t.Errorf("with the SDK's skew correction: %v, want the operation's own answer", err)
		}
	})
}
