package httpserve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// Run serves until its context ends, then shuts down cleanly: no error, the
// callback run once, the listener closed.
func TestRunServesAndShutsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	shutdowns := 0
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }), Timeouts{}, func() { shutdowns++ })
	}()
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" {
		t.Errorf("served %q", body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v after a clean shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if shutdowns != 1 {
		t.Errorf("onShutdown ran %d times", shutdowns)
	}
	if c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Error("the listener still accepts after Run returned")
	}
}

// A listener that fails is reported, not hidden.
func TestRunReportsAServeError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if err := Run(context.Background(), ln, http.NotFoundHandler(), Timeouts{}, nil); err == nil {
		t.Error("Run on a closed listener returned nil")
	}
}

// NewServer sets every timeout, taking the defaults for zero fields, and
// bounds the request head.
func TestNewServerSetsEveryTimeout(t *testing.T) {
	d := DefaultTimeouts()
	srv := NewServer(http.NotFoundHandler(), Timeouts{Read: time.Second})
	got := Timeouts{ReadHeader: srv.ReadHeaderTimeout, Read: srv.ReadTimeout, Write: srv.WriteTimeout, Idle: srv.IdleTimeout}
	want := Timeouts{ReadHeader: d.ReadHeader, Read: time.Second, Write: d.Write, Idle: d.Idle}
	if got != want {
		t.Errorf("timeouts %+v, want %+v", got, want)
	}
	for name, v := range map[string]time.Duration{"ReadHeader": d.ReadHeader, "Read": d.Read, "Write": d.Write, "Idle": d.Idle} {
		if v <= 0 {
			t.Errorf("default %s timeout is %v", name, v)
		}
	}
	if d.Write <= d.Read {
		t.Errorf("default write timeout %v does not outlast the read timeout %v (it runs from the end of the headers)", d.Write, d.Read)
	}
	if srv.MaxHeaderBytes != maxHeaderBytes {
		t.Errorf("MaxHeaderBytes = %d", srv.MaxHeaderBytes)
	}
}

// serveForTest runs Run with short timeouts on a loopback port until the
// test ends; the handler reads the whole body before answering.
func serveForTest(t *testing.T, to Timeouts) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			_, _ = io.WriteString(w, "ok")
		}), to, nil)
	}()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr().String()
}

// trickle opens a connection, sends head and then up to n bytes of body one
// at a time, every interval, while watching for the server to close the
// connection. It returns how many body bytes it sent before the close, or
// -1 if the server never closed it.
func trickle(t *testing.T, addr, head string, n int, interval time.Duration) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	closed := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, conn) // returns once the server closes
		close(closed)
	}()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		select {
		case <-closed:
			return i
		case <-time.After(interval):
		}
		if _, err := conn.Write([]byte{'x'}); err != nil {
			return i
		}
	}
	select {
	case <-closed:
		return n
	default:
		return -1
	}
}

// A client sending its body one byte at a time is cut off by the read
// timeout, long before it has sent what it announced; one sending its
// headers that way by the header timeout.
func TestSlowClientsAreCutOff(t *testing.T) {
	t.Parallel()
	to := Timeouts{ReadHeader: 200 * time.Millisecond, Read: 300 * time.Millisecond, Write: 2 * time.Second, Idle: 200 * time.Millisecond}
	addr := serveForTest(t, to)
	const n = 400 // 400 bytes at one per 10ms: well past every timeout
	head := "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
	if sent := trickle(t, addr, head, n, 10*time.Millisecond); sent < 0 || sent >= n {
		t.Errorf("slow body: the server kept the connection (%d bytes sent)", sent)
	}
	if sent := trickle(t, addr, "POST / HTTP/1.1\r\nHost: x\r\n", n, 10*time.Millisecond); sent < 0 || sent >= n {
		t.Errorf("slow headers: the server kept the connection (%d bytes sent)", sent)
	}
}

// An idle kept-alive connection is closed by the idle timeout.
func TestIdleConnectionsAreClosed(t *testing.T) {
	t.Parallel()
	addr := serveForTest(t, Timeouts{Idle: 100 * time.Millisecond})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Guard only: a server without an idle timeout never closes it.
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" || resp.Close {
		t.Fatalf("first answer %q (close %v)", body, resp.Close)
	}
	var one [1]byte
	if _, err := conn.Read(one[:]); err != io.EOF {
		t.Errorf("idle connection: read %v, want the server's EOF", err)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:9350": true, "127.0.0.2:0": true, "[::1]:0": true, "localhost:0": true, "LOCALHOST:1": true,
		"0.0.0.0:9350": false, ":9350": false, "[::]:0": false, "192.168.1.10:0": false, "example.com:0": false,
	} {
		got, err := IsLoopback(addr)
		if err != nil || got != want {
			t.Errorf("IsLoopback(%q) = %v, %v; want %v", addr, got, err, want)
		}
	}
	if _, err := IsLoopback("127.0.0.1"); err == nil {
		t.Error("an address without a port is accepted")
	}
}
