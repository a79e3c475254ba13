// Command transport runs client-go's flowcontrol rate limiter and back-off, the transport's request headers
// and the exec plugin's KUBERNETES_EXEC_INFO on inputs read from stdin, so the Python port can be compared.
//
// Input: {"kind": "<area>", "cases": [...]}. Output: a JSON list with one result per case.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/client-go/util/flowcontrol"
	testingclock "k8s.io/utils/clock/testing"
)

type request struct {
	Kind  string            `json:"kind"`
	Cases []json.RawMessage `json:"cases"`
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var req request
	if err := json.Unmarshal(data, &req); err != nil {
		fail(err)
	}
	handlers := map[string]func(json.RawMessage) any{
		"ratelimiter": rateLimiter,
		"backoff":     backoff,
		"headers":     headers,
		"execinfo":    execInfo,
	}
	handle, ok := handlers[req.Kind]
	if !ok {
		fail(fmt.Errorf("unknown kind %q", req.Kind))
	}
	out := make([]any, 0, len(req.Cases))
	for _, c := range req.Cases {
		out = append(out, handle(c))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}

func must(raw json.RawMessage, v any) {
	if err := json.Unmarshal(raw, v); err != nil {
		fail(err)
	}
}

// fakeClock advances only when stepped or slept on; Sleep records the requested delay.
type fakeClock struct{ now time.Time }

func (f *fakeClock) Now() time.Time                  { return f.now }
func (f *fakeClock) Since(t time.Time) time.Duration { return f.now.Sub(t) }
func (f *fakeClock) Sleep(d time.Duration)           { f.now = f.now.Add(d) }

// rateLimiter: {"qps": float32, "burst": int, "ops": [{"op": "try"|"accept"|"step", "ns": int}]}
// -> one entry per op: try -> bool, accept -> nanoseconds slept, step -> null.
func rateLimiter(raw json.RawMessage) any {
	var c struct {
		QPS   float32 `json:"qps"`
		Burst int     `json:"burst"`
		Ops   []struct {
			Op string `json:"op"`
			NS int64  `json:"ns"`
		} `json:"ops"`
	}
	must(raw, &c)
	clock := &fakeClock{now: time.Unix(1700000000, 0)}
	rl := flowcontrol.NewTokenBucketRateLimiterWithClock(c.QPS, c.Burst, clock)
	out := []any{}
	for _, op := range c.Ops {
		switch op.Op {
		case "try":
			out = append(out, rl.TryAccept())
		case "accept":
			before := clock.now
			rl.Accept()
			out = append(out, clock.now.Sub(before).Nanoseconds())
		case "step":
			clock.now = clock.now.Add(time.Duration(op.NS))
			out = append(out, nil)
		default:
			fail(fmt.Errorf("unknown op %q", op.Op))
		}
	}
	return out
}

// backoff: {"initial_ns", "max_ns", "ops": [{"op": "next"|"get"|"in_backoff_since"|"gc"|"reset"|"step", "id", "ns"}]}
// ("ns" of in_backoff_since is how far before now the event happened).
func backoff(raw json.RawMessage) any {
	var c struct {
		Initial int64 `json:"initial_ns"`
		Max     int64 `json:"max_ns"`
		Ops     []struct {
			Op string `json:"op"`
			ID string `json:"id"`
			NS int64  `json:"ns"`
		} `json:"ops"`
	}
	must(raw, &c)
	clock := testingclock.NewFakeClock(time.Unix(1700000000, 0))
	b := flowcontrol.NewFakeBackOff(time.Duration(c.Initial), time.Duration(c.Max), clock)
	out := []any{}
	for _, op := range c.Ops {
		switch op.Op {
		case "next":
			b.Next(op.ID, clock.Now())
			out = append(out, nil)
		case "get":
			out = append(out, b.Get(op.ID).Nanoseconds())
		case "in_backoff_since":
			out = append(out, b.IsInBackOffSince(op.ID, clock.Now().Add(-time.Duration(op.NS))))
		case "gc":
			b.GC()
			out = append(out, nil)
		case "reset":
			b.Reset(op.ID)
			out = append(out, nil)
		case "step":
			clock.Step(time.Duration(op.NS))
			out = append(out, nil)
		default:
			fail(fmt.Errorf("unknown op %q", op.Op))
		}
	}
	return out
}

type configCase struct {
	BearerToken string              `json:"bearer_token"`
	Username    string              `json:"username"`
	Password    string              `json:"password"`
	UserAgent   string              `json:"user_agent"`
	ImpUser     string              `json:"impersonate_user"`
	ImpUID      string              `json:"impersonate_uid"`
	ImpGroups   []string            `json:"impersonate_groups"`
	ImpExtra    map[string][]string `json:"impersonate_extra"`
	Request     map[string]string   `json:"request_headers"`
}

// headers: a rest.Config's authentication/identity settings -> the headers the server received
// (map of canonical name to values), or {"error": "..."}.
func headers(raw json.RawMessage) any {
	var c configCase
	must(raw, &c)
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
	}))
	defer srv.Close()
	cfg := &rest.Config{
		Host: srv.URL, BearerToken: c.BearerToken, Username: c.Username, Password: c.Password, UserAgent: c.UserAgent,
		Impersonate: rest.ImpersonationConfig{UserName: c.ImpUser, UID: c.ImpUID, Groups: c.ImpGroups, Extra: c.ImpExtra},
	}
	client, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	req, _ := http.NewRequest("GET", srv.URL+"/x", nil)
	for k, v := range c.Request {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	resp.Body.Close()
	return got
}

// execinfo: {"plugin": path, "api_version", "provide_cluster_info", "host" (path appended to the test server URL
// is not used: the server URL itself is the host), "server_name", "insecure", "ca_file", "proxy_url",
// "extension" (raw JSON)} -> the KUBERNETES_EXEC_INFO the plugin saw (it writes it to $PLUGIN_OUT).
func execInfo(raw json.RawMessage) any {
	var c struct {
		Plugin             string          `json:"plugin"`
		Out                string          `json:"out"`
		APIVersion         string          `json:"api_version"`
		ProvideClusterInfo bool            `json:"provide_cluster_info"`
		Host               string          `json:"host"`
		ServerName         string          `json:"server_name"`
		Insecure           bool            `json:"insecure"`
		CAFile             string          `json:"ca_file"`
		ProxyURL           string          `json:"proxy_url"`
		DisableCompression bool            `json:"disable_compression"`
		Extension          json.RawMessage `json:"extension"`
	}
	must(raw, &c)
	exec := &clientcmdapi.ExecConfig{
		Command: c.Plugin, APIVersion: c.APIVersion, ProvideClusterInfo: c.ProvideClusterInfo,
		InteractiveMode: clientcmdapi.NeverExecInteractiveMode,
		Env:             []clientcmdapi.ExecEnvVar{{Name: "PLUGIN_OUT", Value: c.Out}},
	}
	if len(c.Extension) > 0 {
		exec.Config = extension(c.Extension)
	}
	cfg := &rest.Config{Host: c.Host, ExecProvider: exec, DisableCompression: c.DisableCompression}
	cfg.ServerName = c.ServerName
	cfg.Insecure = c.Insecure
	cfg.CAFile = c.CAFile
	if c.ProxyURL != "" {
		cfg.Proxy = func(*http.Request) (*urlURL, error) { return parseURL(c.ProxyURL) }
	}
	tc, err := cfg.TransportConfig()
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	rt, err := newTransport(tc)
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	req, _ := http.NewRequest("GET", "http://127.0.0.1:1/", nil)
	_, _ = rt.RoundTrip(req) // runs the plugin; the connection itself fails
	data, err := os.ReadFile(c.Out)
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	return string(data)
}
