package awslambda_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/provconc/provconc/transport/awslambda"
)

// NewFromConfig finds the endpoint where the official Lambda client finds
// it. These tests set process environment variables, so they do not run in
// parallel.
func TestNewFromConfigFindsTheConfiguredEndpoint(t *testing.T) {
	dir := t.TempDir()
	configFile := filepath.Join(dir, "config")
	const profiles = `[default]
region = us-east-1

[profile svc]
region = us-east-1
services = local
endpoint_url = http://127.0.0.1:1111

[services local]
lambda =
  endpoint_url = http://127.0.0.1:2222

[profile global]
region = us-east-1
endpoint_url = http://127.0.0.1:3333
`
	if err := os.WriteFile(configFile, []byte(profiles), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     map[string]string
		profile string
		want    string
	}{
		{"nothing configured", nil, "default", "https://lambda.us-east-1.amazonaws.com"},
		{"service variable", map[string]string{"AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:4444"}, "default", "http://127.0.0.1:4444"},
		{"global variable", map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:5555"}, "default", "http://127.0.0.1:5555"},
		{"service variable beats global", map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:5555", "AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:4444"}, "default", "http://127.0.0.1:4444"},
		{"services section beats profile endpoint_url", nil, "svc", "http://127.0.0.1:2222"},
		{"profile endpoint_url", nil, "global", "http://127.0.0.1:3333"},
		{"ignored", map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:4444"}, "svc", "https://lambda.us-east-1.amazonaws.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_LAMBDA", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"} {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			t.Setenv("AWS_CONFIG_FILE", configFile)
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
			t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
			t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cfg, err := config.LoadDefaultConfig(context.Background(), config.WithSharedConfigProfile(tt.profile))
			if err != nil {
				t.Fatal(err)
			}
			p, err := awslambda.NewFromConfig(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if p.Endpoint() != tt.want {
				t.Errorf("endpoint %q, want %q", p.Endpoint(), tt.want)
			}
		})
	}
}
