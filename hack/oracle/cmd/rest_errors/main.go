// Command rest_errors runs client-go's RESTClient against canned HTTP answers and prints what the caller
// sees: the error text of Do().Error() and DoRaw(), and for a StatusError its metav1.Status as JSON.
//
// Input (stdin): a JSON list of cases {verb, resource, name, contentType, status, headers, body, maxRetries,
// then}; "then" lists further answers served on the following attempts (the last one repeats).
// Output (stdout): a JSON list of results {doError, doStatus, rawError, rawStatus, doAttempts, rawAttempts}.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

type testCase struct {
	Verb        string            `json:"verb"`
	Resource    string            `json:"resource"`
	Name        string            `json:"name"`
	ContentType string            `json:"contentType"`
	Status      int               `json:"status"`
	Headers     map[string]string `json:"headers"`
	Body        []byte            `json:"body"`
	MaxRetries  int               `json:"maxRetries"`
	Then        []answer          `json:"then"`
}

type answer struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    []byte            `json:"body"`
}

type result struct {
	DoError     string          `json:"doError"`
	DoStatus    json.RawMessage `json:"doStatus,omitempty"`
	RawError    string          `json:"rawError"`
	RawStatus   json.RawMessage `json:"rawStatus,omitempty"`
	DoAttempts  int             `json:"doAttempts"`
	RawAttempts int             `json:"rawAttempts"`
}

type canned struct {
	answers  []answer
	attempts *int
}

func (f canned) RoundTrip(req *http.Request) (*http.Response, error) {
	a := f.answers[len(f.answers)-1]
	if *f.attempts < len(f.answers) {
		a = f.answers[*f.attempts]
	}
	*f.attempts++
	h := http.Header{}
	for k, v := range a.Headers {
		h.Set(k, v)
	}
	return &http.Response{
		StatusCode: a.Status,
		Header:     h,
		Body:       io.NopCloser(bytes.NewReader(a.Body)),
		Request:    req,
	}, nil
}

func statusJSON(err error) json.RawMessage {
	var se *apierrors.StatusError
	if !errors.As(err, &se) {
		return nil
	}
	data, jerr := json.Marshal(se.ErrStatus)
	if jerr != nil {
		panic(jerr)
	}
	return data
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func run(c testCase) result {
	base, _ := url.Parse("http://localhost")
	gv := schema.GroupVersion{Version: "v1"}
	content := rest.ClientContentConfig{
		ContentType:  c.ContentType,
		GroupVersion: gv,
		Negotiator:   runtime.NewClientNegotiator(scheme.Codecs.WithoutConversion(), gv),
	}
	answers := append([]answer{{Status: c.Status, Headers: c.Headers, Body: c.Body}}, c.Then...)
	attempts := 0
	client, err := rest.NewRESTClient(base, "/api/v1", content, nil, &http.Client{Transport: canned{answers, &attempts}})
	if err != nil {
		panic(err)
	}
	build := func() *rest.Request {
		r := client.Verb(c.Verb).MaxRetries(c.MaxRetries)
		if c.Resource != "" {
			r = r.Resource(c.Resource)
		}
		if c.Name != "" {
			r = r.Name(c.Name)
		}
		return r
	}
	doErr := build().Do(context.Background()).Error()
	doAttempts := attempts
	attempts = 0
	_, rawErr := build().DoRaw(context.Background())
	return result{DoError: errText(doErr), DoStatus: statusJSON(doErr), RawError: errText(rawErr),
		RawStatus: statusJSON(rawErr), DoAttempts: doAttempts, RawAttempts: attempts}
}

func main() {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([]result, 0, len(cases))
	for _, c := range cases {
		out = append(out, run(c))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
