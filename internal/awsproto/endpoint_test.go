package awsproto

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Each service's own variable is named from its SDK id, spaces as '_', as
// the official clients name it: with it set, the service's configured
// endpoint is looked up; with only the global one set, the global wins.
func TestConfiguredEndpointServiceVariable(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "http://global.example")
	t.Setenv("AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING", "http://aas.example")
	base := "http://global.example"
	cfg := aws.Config{BaseEndpoint: &base, ConfigSources: []any{serviceSource{}}}
	if got := ConfiguredEndpoint(context.Background(), cfg, "Application Auto Scaling"); got != "http://aas.example" {
		t.Errorf("Application Auto Scaling, its variable set: %q", got)
	}
	if got := ConfiguredEndpoint(context.Background(), cfg, "Lambda"); got != "http://global.example" {
		t.Errorf("Lambda, only the global variable set: %q", got)
	}
}

// serviceSource answers as the config loader's environment source does:
// the service's variable, looked up by SDK id.
type serviceSource struct{}

func (serviceSource) GetServiceBaseEndpoint(_ context.Context, sdkID string) (string, bool, error) {
	if sdkID == "Application Auto Scaling" {
		return "http://aas.example", true, nil
	}
	return "", false, nil
}

// A region's endpoint takes its partition's DNS suffix, for every service.
func TestResolveEndpointPartitions(t *testing.T) {
	for region, want := range map[string]string{
		"eu-central-1":  "https://application-autoscaling.eu-central-1.amazonaws.com",
		"cn-north-1":    "https://application-autoscaling.cn-north-1.amazonaws.com.cn",
		"us-iso-east-1": "https://application-autoscaling.us-iso-east-1.c2s.ic.gov",
	} {
		if got, err := ResolveEndpoint("autoscaling", "application-autoscaling", region, ""); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", region, got, err, want)
		}
	}
	if _, err := ResolveEndpoint("autoscaling", "application-autoscaling", "eu-central-1", "ftp://x"); err == nil || !strings.HasPrefix(err.Error(), "autoscaling: Endpoint") {
		t.Errorf("bad endpoint: %v; want an error prefixed by the package", err)
	}
	if err := ValidateRegion("autoscaling", "EU"); err == nil || !strings.HasPrefix(err.Error(), "autoscaling: Region") {
		t.Errorf("bad region: %v", err)
	}
}
