// The two transports look alike: a reader who knows one knows the other.

package reliability

import (
	"encoding/json"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/provconc/provconc/transport/awslambda"
	"github.com/provconc/provconc/transport/tencentscf"
)

// Every field of awslambda.Options is a field of tencentscf.Options, under
// the same name; Tencent adds only what AWS has no idea of.
func TestOptionsHaveTheSameFields(t *testing.T) {
	t.Parallel()
	names := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := 0; i < rt.NumField(); i++ {
			out = append(out, rt.Field(i).Name)
		}
		return out
	}
	aws, scf := names(awslambda.Options{}), names(tencentscf.Options{})
	for _, n := range aws {
		if !slices.Contains(scf, n) {
			t.Errorf("awslambda.Options.%s has no twin in tencentscf.Options", n)
		}
	}
	var extra []string
	for _, n := range scf {
		if !slices.Contains(aws, n) {
			extra = append(extra, n)
		}
	}
	if want := []string{"Namespace", "International", "Language"}; !slices.Equal(extra, want) {
		t.Errorf("tencentscf.Options adds %v, want only %v", extra, want)
	}
}

// Both Options print, log and encode with the same methods, and show the
// same fields under the same names.
func TestOptionsRedactTheSameWay(t *testing.T) {
	t.Parallel()
	type redacting interface {
		String() string
		GoString() string
		LogValue() slog.Value
		MarshalJSON() ([]byte, error)
	}
	keys := func(o redacting) []string {
		var m map[string]any
		data, err := o.MarshalJSON()
		if err != nil || json.Unmarshal(data, &m) != nil {
			t.Fatalf("%T: MarshalJSON = %s, %v", o, data, err)
		}
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	aws, scf := keys(awslambda.Options{}), keys(tencentscf.Options{})
	for _, k := range aws {
		if !slices.Contains(scf, k) {
			t.Errorf("awslambda.Options shows %s, tencentscf.Options does not", k)
		}
	}
	for _, o := range []redacting{awslambda.Options{}, tencentscf.Options{}} {
		if s := o.String(); !strings.Contains(s, "Timeout: 0s") || !strings.Contains(s, "TracerProvider: nil") || o.GoString() != s {
			t.Errorf("%T prints %s", o, s)
		}
	}
}
