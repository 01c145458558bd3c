package awsproto

import "net/http"

// RequestID returns the service's request id from an answer's headers, where
// the official clients look for it (aws/middleware's RequestIDRetriever):
// X-Amzn-RequestId, else X-Amz-RequestId.
func RequestID(h http.Header) string {
	if id := h.Get("X-Amzn-Requestid"); id != "" {
		return id
	}
	return h.Get("X-Amz-Requestid")
}
