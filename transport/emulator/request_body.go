// This file reads request bodies for both protocols. A protocol calls
// exchange.readBody only after it has checked what the headers carry (the
// key id, the token, the credential scope and the signing time), so an
// unauthenticated client cannot make the emulator read, let alone buffer,
// a body. The size cap is applied while reading: a declared Content-Length
// above it is refused without reading a byte, and a body that runs past it
// (chunked, or longer than declared) stops at the cap.

package emulator

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Request size caps.
const (
	// maxLambdaBody is the largest Lambda request body read: 6 MiB, the
	// Lambda front end's documented request limit ("Request must be smaller
	// than 6291456 bytes for the InvokeFunction operation"), applied by the
	// emulator to every operation.
	maxLambdaBody = 6 << 20
	// maxSCFBodyTC3 is the largest SCF POST body signed with TC3-HMAC-SHA256
	// ("POST 请求使用签名方法 v3（TC3-HMAC-SHA256）时最大支持10MB", Request
	// Structure of every API 3.0 product).
	maxSCFBodyTC3 = 10 << 20
	// maxSCFBodyV1 is the largest form-encoded POST body, signed with
	// HmacSHA1 or HmacSHA256 ("不得超过1MB", same page).
	maxSCFBodyV1 = 1 << 20
	// maxSCFQuery is the largest query string of an SCF GET ("GET 请求的请求包
	// 大小不得超过32KB", same page; the emulator counts the query only).
	maxSCFQuery = 32 << 10
)

// errBodyTooLarge is what readBody returns for a body over the cap.
type errBodyTooLarge struct{ limit int64 }

func (e *errBodyTooLarge) Error() string {
	return "emulator: request body larger than " + strconv.FormatInt(e.limit, 10) + " bytes"
}

// readBody reads the request body into x.body, at most limit bytes. It runs
// once per request; a request without a body reads as empty. Over the cap
// it returns *errBodyTooLarge and, on a socket, makes the server close the
// connection after the answer, so the rest of the body is never read.
func (x *exchange) readBody(limit int64) error {
	src := x.src
	x.src = nil
	if src == nil {
		return nil
	}
	if x.r.ContentLength > limit {
		x.closeAfterAnswer()
		return &errBodyTooLarge{limit: limit}
	}
	var (
		b   []byte
		err error
	)
	if x.rw != nil {
		// MaxBytesReader also tells the server to close the connection
		// once the cap is reached.
		b, err = io.ReadAll(http.MaxBytesReader(x.rw, io.NopCloser(src), limit))
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			x.closeAfterAnswer()
			return &errBodyTooLarge{limit: limit}
		}
	} else {
		b, err = io.ReadAll(io.LimitReader(src, limit+1))
		if err == nil && int64(len(b)) > limit {
			return &errBodyTooLarge{limit: limit}
		}
	}
	if err != nil {
		x.closeAfterAnswer()
		x.readErr = fmt.Errorf("emulator: reading the request body: %w", err)
		return x.readErr
	}
	x.body = b
	return nil
}

// closeAfterAnswer asks the server to close the connection once the answer
// is written, instead of reading what is left of the body.
func (x *exchange) closeAfterAnswer() {
	if x.rw != nil {
		x.w.Header().Set("Connection", "close")
	}
}

// errLambdaBody is the answer for a body that could not be read: 413
// RequestEntityTooLargeException over the cap, with the front end's text
// (motdotla/node-lambda#123, apex/up#222 quote it for CreateFunction and
// InvokeFunction), else 400 (the emulator's own choice; the client has
// usually gone by then).
func errLambdaBody(r *http.Request, err error) *awsError {
	var tooLarge *errBodyTooLarge
	if errors.As(err, &tooLarge) {
		msg := "Request must be smaller than " + strconv.FormatInt(tooLarge.limit, 10) + " bytes"
		if op := lambdaOperation(r); op != "" {
			msg += " for the " + op + " operation"
		}
		return &awsError{
			status: http.StatusRequestEntityTooLarge,
			code:   "RequestEntityTooLargeException",
			body:   map[string]any{"message": msg},
		}
	}
	return &awsError{
		status: http.StatusBadRequest,
		code:   "InvalidRequestContentException",
		body:   map[string]any{"message": "The request body could not be read."},
	}
}

// lambdaOperation names the operation a Lambda request is for, "" when it
// is none of the four.
func lambdaOperation(r *http.Request) string {
	if !pcPath.MatchString(r.URL.EscapedPath()) {
		return ""
	}
	switch r.Method {
	case http.MethodPut:
		return "PutProvisionedConcurrencyConfig"
	case http.MethodDelete:
		return "DeleteProvisionedConcurrencyConfig"
	case http.MethodGet:
		if r.URL.Query().Get("List") == "ALL" {
			return "ListProvisionedConcurrencyConfigs"
		}
		return "GetProvisionedConcurrencyConfig"
	}
	return ""
}

// errSCFBody is the SCF answer for a body that could not be read:
// RequestSizeLimitExceeded over the cap (the common code, with its
// description), else InvalidParameter (the emulator's own choice).
func errSCFBody(err error) *scfError {
	var tooLarge *errBodyTooLarge
	if errors.As(err, &tooLarge) {
		return errSCFRequestSizeLimit()
	}
	return &scfError{"InvalidParameter", "The request body could not be read."}
}

// errSCFRequestSizeLimit: the common error code RequestSizeLimitExceeded
// ("请求包超过限制大小。"); the English text is the common-code description.
func errSCFRequestSizeLimit() *scfError {
	return &scfError{"RequestSizeLimitExceeded", "The request size exceeds the upper limit."}
}
