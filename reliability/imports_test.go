// A service that imports the SDK links only what the SDK needs: no CLI,
// YAML, JMESPath, emulator or OpenTelemetry SDK code, only the
// OpenTelemetry API.

package reliability

import (
	"os/exec"
	"strings"
	"testing"
)

func TestLibraryPackagesStayLight(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	libraries := []string{
		"github.com/provconc/provconc",
		"github.com/provconc/provconc/transport/awslambda",
		"github.com/provconc/provconc/transport/awslambda/autoscaling",
		"github.com/provconc/provconc/transport/tencentscf",
		"github.com/provconc/provconc/transport/retry",
		"github.com/provconc/provconc/transport/mock",
	}
	forbidden := []string{
		"github.com/provconc/provconc/cmd/",
		"github.com/provconc/provconc/transport/emulator",
		"github.com/spf13/",
		"github.com/goccy/go-yaml",
		"gopkg.in/yaml",
		"jmespath",
		"go.opentelemetry.io/otel/sdk",
		"go.opentelemetry.io/otel/exporters",
		"github.com/tencentcloud/tencentcloud-sdk-go",
		"github.com/aws/aws-sdk-go-v2/service/",
		"github.com/aws/aws-sdk-go-v2/config",
		"github.com/jarcoal/httpmock",
		"github.com/google/go-cmp",
	}
	for _, pkg := range libraries {
		out, err := exec.Command(goTool, "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		var otelAPI bool
		for _, dep := range deps {
			for _, f := range forbidden {
				if strings.Contains(dep, f) {
					t.Errorf("%s links %s", pkg, dep)
				}
			}
			otelAPI = otelAPI || dep == "go.opentelemetry.io/otel/trace"
		}
		if strings.HasPrefix(pkg, "github.com/provconc/provconc/transport/awslambda") && !otelAPI {
			t.Errorf("%s does not link the OpenTelemetry API; the check above may be looking at the wrong list", pkg)
		}
	}
}
