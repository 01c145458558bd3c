// Package payloadhash hashes a request body for a signature. SigV4 and TC3
// both sign the hex SHA-256 of the body, and both signers sit inside the
// retry transport, so the body is read through GetBody and the request
// itself stays unread for the attempt that sends it.
package payloadhash

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"sync"
)

// Empty is the hex SHA-256 of an empty body.
const Empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// Of returns the hex SHA-256 of req's body. Its errors carry no package
// prefix: the signer that calls it adds its own.
func Of(req *http.Request) (string, error) {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength == 0 {
		return Empty, nil
	}
	if req.GetBody == nil {
		return "", errors.New("cannot sign a request body without GetBody")
	}
	body, err := req.GetBody()
	if err != nil {
		return "", fmt.Errorf("reading request body to sign: %w", err)
	}
	defer body.Close()
	h := hashers.Get().(hash.Hash)
	defer hashers.Put(h)
	h.Reset()
	if _, err := io.Copy(h, body); err != nil {
		return "", fmt.Errorf("reading request body to sign: %w", err)
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])), nil
}

// hashers keeps SHA-256 states for reuse: every attempt of every call
// hashes its body.
var hashers = sync.Pool{New: func() any { return sha256.New() }}
