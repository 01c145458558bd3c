// Command record re-records recorded.json: it serves a capturing endpoint on
// 127.0.0.1, runs scf_calls.js (the official Node.js SDK) once per request
// form against it, and prints what the SDK sent. See record.md.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

type rec struct {
	Form      string            `json:"form"`
	Method    string            `json:"method"`
	Host      string            `json:"host"`
	URI       string            `json:"uri"`
	Header    map[string]string `json:"header"`
	Body      string            `json:"body"`
	Timestamp int64             `json:"timestamp"`
}

func main() {
	var mu sync.Mutex
	var got []rec
	form := ""
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h := map[string]string{}
		for k, v := range r.Header {
			switch k {
			case "Content-Length", "Connection", "Accept-Encoding", "User-Agent", "Accept":
				continue
			}
			h[k] = strings.Join(v, ",")
		}
		ts, _ := strconv.ParseInt(r.Header.Get("X-Tc-Timestamp"), 10, 64)
		if ts == 0 {
			q, _ := url.ParseQuery(r.URL.RawQuery)
			if r.Method == "POST" {
				q, _ = url.ParseQuery(string(b))
			}
			ts, _ = strconv.ParseInt(q.Get("Timestamp"), 10, 64)
		}
		mu.Lock()
		got = append(got, rec{form, r.Method, r.Host, r.RequestURI, h, string(b), ts})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"Response":{"RequestId":"x"}}`)
	}))
	forms := [][3]string{{"POST TC3", "POST", "TC3-HMAC-SHA256"}, {"GET TC3", "GET", "TC3-HMAC-SHA256"}, {"POST HmacSHA1", "POST", "HmacSHA1"},
		{"POST HmacSHA256", "POST", "HmacSHA256"}, {"GET HmacSHA1", "GET", "HmacSHA1"}, {"GET HmacSHA256", "GET", "HmacSHA256"}}
	for _, f := range forms {
		form = f[0]
		in, _ := json.Marshal(map[string]any{"endpoint": ln.Addr().String(), "secretId": "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "secretKey": "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
			"reqMethod": f[1], "signMethod": f[2], "calls": []any{map[string]any{"action": "GetProvisionedConcurrencyConfig", "params": map[string]any{"FunctionName": "my-function", "Qualifier": "1"}}}})
		cmd := exec.Command("node", os.Args[1])
		cmd.Env = append(os.Environ(), "NODE_PATH="+os.Getenv("PROVCONC_NODE_MODULES"))
		cmd.Stdin = strings.NewReader(string(in))
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			panic(err)
		}
		fmt.Fprint(os.Stderr, string(out))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(got)
}
