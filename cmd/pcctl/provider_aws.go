// This file is the AWS Lambda provider: it builds an aws.Config the way the
// official SDK and the aws CLI do (config.LoadDefaultConfig: environment,
// shared config and credentials files, the credential chain), lets the flags
// override it, and hands it to transport/awslambda.

package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"

	"github.com/provconc/provconc"
	"github.com/provconc/provconc/transport/awslambda"
)

// awsProvider speaks to AWS Lambda, or to the emulator with --emulator.
var awsProvider = provider{
	check:       checkAWSSettings,
	newProtocol: newAWSProtocol,
	target: func(function, qualifier string) (string, string) {
		ref, err := provconc.ResolveQualifier(function, qualifier, false)
		if err != nil {
			return function, qualifier
		}
		return ref.Name, ref.Qualifier
	},
	checkList: func(function string) error {
		ref, err := provconc.ParseFunctionRef(function)
		if err != nil {
			return err
		}
		if ref.Qualifier != "" {
			return provconc.NewInputError("FunctionName", function, "list takes a function without a qualifier: every version and alias is listed")
		}
		return nil
	},
}

func checkAWSSettings(s *settings) error {
	switch {
	case s.namespace != "":
		return globalUsagef("--namespace applies to --provider tencent only")
	case (s.emulator || s.emulatorState != "") && s.endpoint != "":
		return globalUsagef("--emulator and --endpoint exclude each other: --emulator serves in process")
	case (s.emulator || s.emulatorState != "") && s.profile != "":
		return globalUsagef("--emulator and --profile exclude each other: --emulator needs no account")
	}
	return nil
}

// newAWSProtocol builds the AWS Lambda protocol: from the in-process
// emulator with --emulator, else from the shared AWS configuration with the
// flags on top.
func newAWSProtocol(ctx context.Context, s *settings, hc *http.Client) (provconc.Protocol, error) {
	if emu := s.inProcess; emu != nil {
		return awslambda.New(awslambda.Options{
			Region:      emu.Region(),
			Credentials: aws.AnonymousCredentials{},
			HTTPClient:  hc, // over the emulator's in-process transport: no socket
		})
	}
	// The SDK's own log (a WARN when the EC2 metadata service refuses
	// IMDSv2, for one) is not the aws CLI's output: --debug shows the
	// requests instead.
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
	if s.region != "" {
		opts = append(opts, config.WithRegion(s.region))
	}
	if s.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(s.profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("no region: set --region, AWS_REGION, or the region of your profile")
	}
	if !s.noSign {
		if err := checkCredentials(ctx, cfg.Credentials); err != nil {
			return nil, err
		}
	}
	resolveMaxAttempts(s, &cfg)
	// NewFromConfig finds the configured endpoint (AWS_ENDPOINT_URL_LAMBDA,
	// the profile's services section, ...); --endpoint overrides it.
	return awslambda.NewFromConfig(cfg, func(o *awslambda.Options) {
		o.HTTPClient = hc
		if s.endpoint != "" {
			o.Endpoint = s.endpoint
		}
		if s.noSign {
			o.Credentials = aws.AnonymousCredentials{}
		}
	})
}

// resolveMaxAttempts applies the aws CLI's attempt limit to cfg when the
// settings ask for it and the environment and profile set none (the config
// package has read AWS_MAX_ATTEMPTS and max_attempts into
// cfg.RetryMaxAttempts), and records the limit in force.
func resolveMaxAttempts(s *settings, cfg *aws.Config) {
	if cfg.RetryMaxAttempts == 0 && s.cliFamily {
		cfg.RetryMaxAttempts = cliDefaultMaxAttempts
	}
	s.maxAttempts = cfg.RetryMaxAttempts
}

// credentialsError is AWS credentials that could not be found or
// retrieved: a configuration error (253) for the aws CLI, which looks its
// credentials up before sending anything.
type credentialsError struct {
	err error
	// none says the credential chain found no source at all (it fell
	// through to the instance metadata service, which had none), which
	// the aws CLI reports as "Unable to locate credentials".
	none bool
}

// Error returns the cause's message.
func (e *credentialsError) Error() string { return "retrieving AWS credentials: " + e.err.Error() }

// Unwrap returns the cause.
func (e *credentialsError) Unwrap() error { return e.err }

// noCredentialsMessage is the aws CLI's message when no credentials are
// found.
const noCredentialsMessage = `Unable to locate credentials. You can configure credentials by running "aws configure".`

// checkCredentials retrieves the credentials once before anything is sent,
// as the aws CLI does, so that missing credentials are a configuration
// error and not a failure of the first request. creds caches them (the
// config package's providers are cached), so signing reuses them.
func checkCredentials(ctx context.Context, creds aws.CredentialsProvider) error {
	if creds == nil {
		return &credentialsError{err: errors.New("no credentials provider"), none: true}
	}
	if aws.IsCredentialsProvider(creds, aws.AnonymousCredentials{}) {
		return nil
	}
	if _, err := creds.Retrieve(ctx); err != nil {
		// The default chain's last resort is the EC2 instance role; its
		// failure means no other source was configured. The SDK gives it
		// no error type, only these words.
		return &credentialsError{err: err, none: strings.Contains(err.Error(), "EC2 IMDS")}
	}
	return nil
}
