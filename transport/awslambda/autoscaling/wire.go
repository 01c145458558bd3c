package autoscaling

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/internal/awsproto"
	"github.com/provconc/provconc/internal/httpcall"
	"github.com/provconc/provconc/internal/redact"
)

// call sends one operation: its input as JSON, its answer decoded into out
// (nil for none). Errors are *provconc.APIError with the service's code.
func (p *Protocol) call(ctx context.Context, op string, in, out any) (provconc.Metadata, error) {
	ctx, tel := p.telemetry.Start(ctx, op)
	md, err := p.send(ctx, op, in, out)
	if tel != nil {
		tel.End(ctx, &md, err)
	}
	return md, err
}

func (p *Protocol) send(ctx context.Context, op string, in, out any) (provconc.Metadata, error) {
	body, err := encode(in)
	if err != nil {
		return provconc.Metadata{}, err
	}
	req := httpcall.Request{
		Method: http.MethodPost,
		URL:    p.baseURL + "/",
		Header: http.Header{
			"Content-Type": {contentType},
			"X-Amz-Target": {targetPrefix + op},
		},
		Body: body,
	}
	resp, err := p.httpClient.Do(ctx, req, ProviderName+" "+op)
	if err != nil {
		return provconc.Metadata{}, err
	}
	md := provconc.Metadata{RequestID: awsproto.RequestID(resp.Header), Attempts: resp.Attempts}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := decodeError(op, resp)
		if resp.GiveUpReason != "" && apiErr.Retryable() {
			return md, &provconc.RetryExhaustedError{Attempts: resp.Attempts, Reason: resp.GiveUpReason, Err: apiErr}
		}
		return md, apiErr
	}
	if out != nil && len(bytes.TrimSpace(resp.Body)) > 0 {
		if err := json.Unmarshal(resp.Body, out); err != nil {
			return md, httpcall.InvalidResponse(ProviderName+" "+op, md.RequestID, err)
		}
		if c, ok := out.(int32Answer); ok {
			if err := c.checkInt32s(); err != nil {
				return md, httpcall.InvalidResponse(ProviderName+" "+op, md.RequestID, err)
			}
		}
	}
	return md, nil
}

// maxInt32 is the largest of the model's Integers (capacities,
// cooldowns), which requests are held to; an int holds more on 64-bit
// platforms.
const maxInt32 = 1<<31 - 1

// int32Answer is an answer holding Integers of the service's model. The
// official client refuses an answer whose Integer does not fit in 32 bits,
// and so does provconc, rather than hand on a capacity the service cannot
// have meant.
type int32Answer interface {
	checkInt32s() error
}

// int32Field is one Integer of an answer: its name within the element at
// hand and its value (nil when absent).
type int32Field struct {
	name string
	n    *int
}

// checkInt32s refuses the first field outside the model's Integers, naming
// it by its path: the element's, which at builds only then, so an answer
// that fits costs no string, and the field's.
func checkInt32s(at func() string, fields ...int32Field) error {
	for _, f := range fields {
		if f.n != nil && !awsproto.FitsInt32(*f.n) {
			return awsproto.Int32Error(at()+f.name, *f.n)
		}
	}
	return nil
}

// encode writes the input as the official client does: members in
// alphabetical order (the structs declare them so), absent members left
// out, no HTML escaping.
func encode(in any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(in); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// wireError is an error body: {"__type": "...", "Message": "..."}.
// encoding/json matches keys regardless of case, so "message" lands too.
type wireError struct {
	TypeKey string `json:"__type"`
	Code    string `json:"code"`
	Message string `json:"Message"`
}

// decodeError builds the *APIError of a non-2xx answer: the code from
// X-Amzn-ErrorType, else __type, else code, less any namespace prefix or
// ":" suffix, as the official client reads it.
func decodeError(op string, resp *httpcall.Response) *provconc.APIError {
	var we wireError
	_ = json.Unmarshal(resp.Body, &we) // A body that is not JSON leaves we empty.
	code := resp.Header.Get("X-Amzn-Errortype")
	if code == "" {
		code = we.TypeKey
	}
	if code == "" {
		code = we.Code
	}
	code = awsproto.SanitizeCode(code)
	e := &provconc.APIError{
		Provider:   ProviderName,
		Operation:  op,
		Code:       code,
		Message:    redact.Secrets(we.Message),
		StatusCode: resp.StatusCode,
		RequestID:  awsproto.RequestID(resp.Header),
		RetryAfter: resp.RetryAfter(),
		Attempts:   resp.Attempts,
	}
	if code == "" && e.Message == "" {
		e.Message = resp.Describe()
	}
	e.Kind = kindOf(code, resp.StatusCode)
	return e
}

// kindOf maps the service's documented errors onto the provconc sentinels.
// LimitExceededException ("a per-account resource limit is exceeded") is a
// refused request like SCF's LimitExceeded.*, so it counts as an invalid
// parameter value.
func kindOf(code string, status int) error {
	switch code {
	case "ValidationException", "InvalidNextTokenException", "LimitExceededException", "TooManyTagsException", "SerializationException":
		return provconc.ErrInvalidParameterValue
	case "ObjectNotFoundException", "ResourceNotFoundException":
		return provconc.ErrResourceNotFound
	case "ConcurrentUpdateException":
		return provconc.ErrResourceConflict
	case "FailedResourceAccessException", "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
		"ExpiredTokenException", "InvalidClientTokenId", "IncompleteSignature", "MissingAuthenticationTokenException", "SignatureDoesNotMatch":
		return provconc.ErrAccessDenied
	case "InternalServiceException", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException":
		return provconc.ErrService
	case "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded":
		return provconc.ErrTooManyRequests
	case "":
		return httpcall.KindOfStatus(status)
	}
	if awsproto.IsThrottleCode(code) {
		// The official clients' other throttle codes (SlowDown,
		// EC2ThrottledException...), whatever the status.
		return provconc.ErrTooManyRequests
	}
	return nil
}

// EpochTime is a timestamp as JSON 1.1 sends it: seconds since the epoch,
// with milliseconds as a fraction (1700000000.5).
type EpochTime struct{ time.Time }

// MarshalJSON writes the seconds as the official client does.
func (t EpochTime) MarshalJSON() ([]byte, error) {
	ms := t.UnixNano() / int64(time.Millisecond)
	return json.Marshal(float64(ms) / 1e3)
}

// UnmarshalJSON reads seconds, whole or fractional, cut to whole
// milliseconds toward zero as the official client cuts them; null leaves
// the time as it is, as the official client reads null as no time.
func (t *EpochTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(f, 0) || math.Abs(f) > 1e13 {
		return fmt.Errorf("timestamp %.40q is not a number of seconds", b)
	}
	t.Time = time.UnixMilli(int64(f * 1e3)).UTC()
	return nil
}
