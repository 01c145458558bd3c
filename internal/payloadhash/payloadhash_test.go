package payloadhash

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	if sum := sha256.Sum256(nil); hex.EncodeToString(sum[:]) != Empty {
		t.Fatalf("Empty is not the hash of nothing")
	}
	body := []byte(`{"FunctionName":"f"}`)
	req, err := http.NewRequest(http.MethodPost, "http://x.test/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	got, err := Of(req)
	if err != nil || got != hex.EncodeToString(sum[:]) {
		t.Fatalf("Of = %q, %v; want %x", got, err, sum)
	}
	// The body itself stays unread for the attempt that sends it.
	if sent, _ := io.ReadAll(req.Body); !bytes.Equal(sent, body) {
		t.Errorf("the request body was consumed: %q left", sent)
	}
	empty, _ := http.NewRequest(http.MethodGet, "http://x.test/", nil)
	if got, err := Of(empty); err != nil || got != Empty {
		t.Errorf("Of(no body) = %q, %v", got, err)
	}
	// A body that cannot be read again cannot be signed.
	unrewindable, _ := http.NewRequest(http.MethodPost, "http://x.test/", io.NopCloser(strings.NewReader("x")))
	unrewindable.ContentLength = 1
	if _, err := Of(unrewindable); err == nil {
		t.Error("a body without GetBody was hashed")
	}
}
