// This file records the reference outputs of the real aws CLI against the
// canned service. It runs only when asked (CI needs no aws CLI):
//
//	PCCTL_RECORD_AWSCLI=/usr/bin/aws go test -run TestRecordAWSCLI ./cmd/pcctl
//
// and writes testdata/awscli/<case>.{stdout,stderr,code} plus VERSION, the
// output of "aws --version".

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// awsCLIDir holds the recorded outputs of the aws CLI.
var awsCLIDir = filepath.Join("testdata", "awscli")

func TestRecordAWSCLI(t *testing.T) {
	aws := os.Getenv("PCCTL_RECORD_AWSCLI")
	if aws == "" {
		t.Skip("set PCCTL_RECORD_AWSCLI to the aws binary to record its outputs")
	}
	srv := newCannedLambda(t)
	home := t.TempDir()
	env := append(sealedEnv(home), "AWS_PAGER=", "PATH="+os.Getenv("PATH"))
	for _, name := range []string{"config", "credentials"} {
		writeFile(t, filepath.Join(home, name), "")
	}
	if err := os.MkdirAll(awsCLIDir, 0o755); err != nil {
		t.Fatal(err)
	}
	version, err := exec.Command(aws, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(awsCLIDir, "VERSION"), string(version))
	for _, c := range lambdaGoldenCases {
		args := append(append([]string{}, c.args...), cannedTarget(srv.URL)...)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, aws, args...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		var exitErr *exec.ExitError
		if err != nil && !errors.As(err, &exitErr) {
			t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
		}
		base := filepath.Join(awsCLIDir, c.name)
		writeFile(t, base+".stdout", stdout.String())
		writeFile(t, base+".stderr", stderr.String())
		writeFile(t, base+".code", strconv.Itoa(cmd.ProcessState.ExitCode())+"\n")
	}
}

// cannedTarget are the arguments that point either tool at the canned
// service, unsigned.
func cannedTarget(url string) []string {
	return []string{"--endpoint-url", url, "--region", "us-east-1", "--no-sign-request"}
}
