package typednil

import (
	"net/http"
	"testing"
)

func TestIs(t *testing.T) {
	var client *http.Client
	var header http.Header
	var fn http.HandlerFunc
	for _, v := range []any{nil, client, header, fn} {
		if !Is(v) {
			t.Errorf("Is(%T nil) = false", v)
		}
	}
	for _, v := range []any{&http.Client{}, http.Header{}, 0, "", struct{}{}} {
		if Is(v) {
			t.Errorf("Is(%#v) = true", v)
		}
	}
}
