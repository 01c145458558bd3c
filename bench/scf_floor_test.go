// This file holds the floor of an SCF call: what any client must do for one
// GetProvisionedConcurrencyConfig, written out by hand with nothing else:
// marshal the parameters, sign with TC3-HMAC-SHA256, POST through net/http,
// read the answer and decode it with encoding/json.

package bench

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// floorSCFAnswer is the part of the answer the floor decodes.
type floorSCFAnswer struct {
	Response struct {
		Error *struct {
			Code    string
			Message string
		}
		Allocated []struct {
			AllocatedProvisionedConcurrencyNum int
			Qualifier                          string
		}
		RequestID string `json:"RequestId"`
	}
}

// newFloorSCFGet returns the floor's Get, through rt if it is not nil
// (else through a pool like provconc's).
func newFloorSCFGet(tb testing.TB, endpoint string, rt http.RoundTripper) getFunc {
	if rt == nil {
		rt = newPool(tb)
	}
	client := &http.Client{Transport: rt}
	u, err := url.Parse(endpoint)
	if err != nil {
		tb.Fatal(err)
	}
	host := u.Host
	params := struct {
		FunctionName string
		Namespace    string
		Qualifier    string
	}{functionName, "default", "1"}
	return func(ctx context.Context) (int, error) {
		body, err := json.Marshal(params)
		if err != nil {
			return 0, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/", bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		now := time.Now().UTC()
		req.Header["Content-Type"] = []string{"application/json"}
		req.Header["X-Tc-Action"] = []string{"GetProvisionedConcurrencyConfig"}
		req.Header["X-Tc-Version"] = []string{"2018-04-16"}
		req.Header["X-Tc-Region"] = []string{scfRegion}
		req.Header["X-Tc-Timestamp"] = []string{strconv.FormatInt(now.Unix(), 10)}
		req.Header["Authorization"] = []string{floorTC3(host, body, now)}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		if err != nil {
			return 0, err
		}
		var answer floorSCFAnswer
		if err := json.Unmarshal(data, &answer); err != nil {
			return 0, err
		}
		if e := answer.Response.Error; e != nil || resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("floor: HTTP %d: %s", resp.StatusCode, data)
		}
		for _, a := range answer.Response.Allocated {
			if a.Qualifier == "1" {
				return a.AllocatedProvisionedConcurrencyNum, nil
			}
		}
		return 0, nil
	}
}

// floorTC3 is the Authorization header of a POST of body to host at now.
func floorTC3(host string, body []byte, now time.Time) string {
	date := now.Format("2006-01-02")
	payload := sha256.Sum256(body)
	canonical := "POST\n/\n\ncontent-type:application/json\nhost:" + host + "\n\ncontent-type;host\n" + hex.EncodeToString(payload[:])
	hashed := sha256.Sum256([]byte(canonical))
	scope := date + "/scf/tc3_request"
	toSign := "TC3-HMAC-SHA256\n" + strconv.FormatInt(now.Unix(), 10) + "\n" + scope + "\n" + hex.EncodeToString(hashed[:])
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	key := mac(mac(mac([]byte("TC3"+scfSecretKey), date), "scf"), "tc3_request")
	return "TC3-HMAC-SHA256 Credential=" + scfSecretID + "/" + scope + ", SignedHeaders=content-type;host, Signature=" + hex.EncodeToString(mac(key, toSign))
}

// memorySCFTransport answers every request with scfGetAnswer, from memory.
type memorySCFTransport struct{}

func (memorySCFTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(scfAnswerBytes)),
		ContentLength: int64(len(scfAnswerBytes)),
		Request:       req,
	}, nil
}

var scfAnswerBytes = []byte(scfGetAnswer)
