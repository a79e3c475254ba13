// Command rest_urls builds client-go Requests from a list of builder steps and prints the resulting URL or
// the builder's error, and parses Warning header values with apimachinery's net.ParseWarningHeaders.
//
// Input (stdin): {"requests": [{base, apiPath, verb, steps: [[op, args...]...]}], "warnings": [[header values]]}.
// Output (stdout): {"requests": [{url, error}], "warnings": [{parsed: [{code, agent, text}], errors: [text]}]}.
package main

import (
	"encoding/json"
	"net/url"
	"os"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

type requestCase struct {
	Base    string     `json:"base"`
	APIPath string     `json:"apiPath"`
	Verb    string     `json:"verb"`
	Steps   [][]string `json:"steps"`
}

type requestResult struct {
	URL   string `json:"url"`
	Error string `json:"error"`
}

type warning struct {
	Code  int    `json:"code"`
	Agent string `json:"agent"`
	Text  string `json:"text"`
}

type warningResult struct {
	Parsed []warning `json:"parsed"`
	Errors []string  `json:"errors"`
}

type input struct {
	Requests []requestCase `json:"requests"`
	Warnings [][]string    `json:"warnings"`
}

type output struct {
	Requests []requestResult `json:"requests"`
	Warnings []warningResult `json:"warnings"`
}

func build(c requestCase) requestResult {
	base, err := url.Parse(c.Base)
	if err != nil {
		panic(err)
	}
	gv := schema.GroupVersion{Version: "v1"}
	content := rest.ClientContentConfig{GroupVersion: gv, Negotiator: runtime.NewClientNegotiator(scheme.Codecs, gv)}
	client, err := rest.NewRESTClient(base, c.APIPath, content, nil, nil)
	if err != nil {
		panic(err)
	}
	r := client.Verb(c.Verb)
	for _, step := range c.Steps {
		switch step[0] {
		case "namespace":
			r = r.Namespace(step[1])
		case "resource":
			r = r.Resource(step[1])
		case "name":
			r = r.Name(step[1])
		case "subresource":
			r = r.SubResource(step[1:]...)
		case "suffix":
			r = r.Suffix(step[1:]...)
		case "prefix":
			r = r.Prefix(step[1:]...)
		case "absPath":
			r = r.AbsPath(step[1:]...)
		case "requestURI":
			r = r.RequestURI(step[1])
		case "param":
			r = r.Param(step[1], step[2])
		case "timeoutNanos":
			n, perr := strconv.ParseInt(step[1], 10, 64)
			if perr != nil {
				panic(perr)
			}
			r = r.Timeout(time.Duration(n))
		case "listOptions":
			var opts metav1.ListOptions
			if jerr := json.Unmarshal([]byte(step[1]), &opts); jerr != nil {
				panic(jerr)
			}
			r = r.VersionedParams(&opts, scheme.ParameterCodec)
		case "options":
			var opts runtime.Object
			switch step[1] {
			case "GetOptions":
				opts = &metav1.GetOptions{}
			case "DeleteOptions":
				opts = &metav1.DeleteOptions{}
			case "CreateOptions":
				opts = &metav1.CreateOptions{}
			case "UpdateOptions":
				opts = &metav1.UpdateOptions{}
			case "PatchOptions":
				opts = &metav1.PatchOptions{}
			default:
				panic("unknown options kind " + step[1])
			}
			if jerr := json.Unmarshal([]byte(step[2]), opts); jerr != nil {
				panic(jerr)
			}
			r = r.VersionedParams(opts, scheme.ParameterCodec)
		default:
			panic("unknown step " + step[0])
		}
	}
	res := requestResult{URL: r.URL().String()}
	if err := r.Error(); err != nil {
		res.Error = err.Error()
	}
	return res
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	var out output
	for _, c := range in.Requests {
		out.Requests = append(out.Requests, build(c))
	}
	for _, headers := range in.Warnings {
		parsed, errs := utilnet.ParseWarningHeaders(headers)
		res := warningResult{Parsed: []warning{}, Errors: []string{}}
		for _, w := range parsed {
			res.Parsed = append(res.Parsed, warning{Code: w.Code, Agent: w.Agent, Text: w.Text})
		}
		for _, e := range errs {
			res.Errors = append(res.Errors, e.Error())
		}
		out.Warnings = append(out.Warnings, res)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
