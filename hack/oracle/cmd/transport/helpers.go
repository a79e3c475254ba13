package main

import (
	"net/http"
	"net/url"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/transport"
)

type urlURL = url.URL

func parseURL(s string) (*url.URL, error) { return url.Parse(s) }

func newTransport(c *transport.Config) (http.RoundTripper, error) { return transport.New(c) }

// extension wraps the cluster's exec extension as clientcmd stores it after decoding a kubeconfig.
func extension(raw []byte) runtime.Object {
	return &runtime.Unknown{Raw: raw, ContentType: runtime.ContentTypeJSON}
}
