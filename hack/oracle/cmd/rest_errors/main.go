// Command rest_errors runs client-go's RESTClient against canned HTTP answers and prints what the caller
// sees: the error text of Do().Error() and DoRaw(), and for a StatusError its metav1.Status as JSON.
//
// Input (stdin): a JSON list of cases {verb, resource, name, contentType, status, headers, body}.
// Output (stdout): a JSON list of results {doError, doStatus, rawError, rawStatus} in the same order.
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
}

type result struct {
	DoError   string          `json:"doError"`
	DoStatus  json.RawMessage `json:"doStatus,omitempty"`
	RawError  string          `json:"rawError"`
	RawStatus json.RawMessage `json:"rawStatus,omitempty"`
}

type canned struct{ c testCase }

func (f canned) RoundTrip(req *http.Request) (*http.Response, error) {
	h := http.Header{}
	for k, v := range f.c.Headers {
		h.Set(k, v)
	}
	return &http.Response{
		StatusCode: f.c.Status,
		Header:     h,
		Body:       io.NopCloser(bytes.NewReader(f.c.Body)),
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
	client, err := rest.NewRESTClient(base, "/api/v1", content, nil, &http.Client{Transport: canned{c}})
	if err != nil {
		panic(err)
	}
	build := func() *rest.Request {
		r := client.Verb(c.Verb).MaxRetries(0)
		if c.Resource != "" {
			r = r.Resource(c.Resource)
		}
		if c.Name != "" {
			r = r.Name(c.Name)
		}
		return r
	}
	doErr := build().Do(context.Background()).Error()
	_, rawErr := build().DoRaw(context.Background())
	return result{DoError: errText(doErr), DoStatus: statusJSON(doErr), RawError: errText(rawErr), RawStatus: statusJSON(rawErr)}
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
