// This file is the network layer the aws CLI's global flags tune:
// --cli-connect-timeout, --cli-read-timeout and --ca-bundle (or
// AWS_CA_BUNDLE), on a transport of pcctl's own when any is given.

package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

// envCABundle is the aws CLI's variable for --ca-bundle.
const envCABundle = "AWS_CA_BUNDLE"

// network are the aws CLI's connection settings. Negative timeouts are
// unset; 0 means none, as in the aws CLI.
type network struct {
	connectTimeout int // seconds
	readTimeout    int // seconds
	caBundle       string
}

// checkNetwork validates the aws CLI's global flags that take a value.
func (s *settings) checkNetwork(binaryFormat string) error {
	for name, v := range map[string]int{"--cli-connect-timeout": s.net.connectTimeout, "--cli-read-timeout": s.net.readTimeout} {
		if v < 0 && v != unsetTimeout {
			return globalUsagef("invalid %s %d: must be 0 (no timeout) or more seconds", name, v)
		}
	}
	switch binaryFormat {
	case "", "base64", "raw-in-base64-out":
	default:
		return globalUsagef("invalid --cli-binary-format %q: must be base64 or raw-in-base64-out", binaryFormat)
	}
	return nil
}

// unsetTimeout marks a timeout flag not given.
const unsetTimeout = -1

// transport returns the RoundTripper under pcctl's clients: nil (net/http's
// default, which httpmock and the like may replace) unless a flag or
// AWS_CA_BUNDLE asks for something else. A CA bundle that cannot be read
// or holds no certificate is a configuration error: nothing is sent.
func (n network) transport() (http.RoundTripper, error) {
	bundle := n.caBundle
	if bundle == "" {
		bundle = os.Getenv(envCABundle)
	}
	if bundle == "" && n.connectTimeout == unsetTimeout && n.readTimeout == unsetTimeout {
		return nil, nil
	}
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		base = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	t := base.Clone()
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	if n.connectTimeout != unsetTimeout {
		dialer.Timeout = time.Duration(n.connectTimeout) * time.Second // 0: none
	}
	read := time.Duration(max(n.readTimeout, 0)) * time.Second
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dialer.DialContext(ctx, network, addr)
		if err != nil || read == 0 {
			return conn, err
		}
		return readTimeoutConn{Conn: conn, timeout: read}, nil
	}
	if bundle != "" {
		pem, err := os.ReadFile(bundle)
		if err != nil {
			return nil, &configError{fmt.Errorf("reading the CA bundle: %w", err)}
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, &configError{fmt.Errorf("the CA bundle %s holds no PEM certificate", bundle)}
		}
		if t.TLSClientConfig == nil {
			t.TLSClientConfig = &tls.Config{}
		}
		t.TLSClientConfig.RootCAs = pool
	}
	return t, nil
}

// readTimeoutConn bounds each read, as the aws CLI's socket timeout does:
// a server silent for longer fails the attempt, which is retried.
type readTimeoutConn struct {
	net.Conn
	timeout time.Duration
}

// Read reads with a deadline of timeout from now.
func (c readTimeoutConn) Read(p []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}
