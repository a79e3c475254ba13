// Command clientcmd is the differential oracle for kubernetes_py.tools.clientcmd.
//
// It reads one JSON request on stdin, runs client-go's kubeconfig loading, merging,
// validation and rest.Config construction on it, and prints one JSON document with
// what client-go produced (or the error text of each step). The environment
// (KUBECONFIG, HOME) is the caller's, so the Python tests control it.
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"

	"k8s.io/apimachinery/pkg/runtime"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

type clusterIn struct {
	Server                string `json:"server"`
	TLSServerName         string `json:"tls_server_name"`
	InsecureSkipTLSVerify bool   `json:"insecure_skip_tls_verify"`
	CertificateAuthority  string `json:"certificate_authority"`
	ProxyURL              string `json:"proxy_url"`
	DisableCompression    bool   `json:"disable_compression"`
}

type authIn struct {
	ClientCertificate string   `json:"client_certificate"`
	ClientKey         string   `json:"client_key"`
	Token             string   `json:"token"`
	TokenFile         string   `json:"token_file"`
	Impersonate       string   `json:"impersonate"`
	ImpersonateUID    string   `json:"impersonate_uid"`
	ImpersonateGroups []string `json:"impersonate_groups"`
	Username          string   `json:"username"`
	Password          string   `json:"password"`
}

type contextIn struct {
	Cluster   string `json:"cluster"`
	AuthInfo  string `json:"auth_info"`
	Namespace string `json:"namespace"`
}

type overridesIn struct {
	ClusterInfo    clusterIn `json:"cluster_info"`
	AuthInfo       authIn    `json:"auth_info"`
	Context        contextIn `json:"context"`
	CurrentContext string    `json:"current_context"`
	Timeout        string    `json:"timeout"`
}

// mutation is a change applied to the loaded config before clientcmd.ModifyConfig writes it back.
type mutation struct {
	CurrentContext *string `json:"current_context"`
	ClusterName    string  `json:"cluster_name"`
	ClusterServer  string  `json:"cluster_server"`
	DeleteUser     string  `json:"delete_user"`
	DeleteContext  string  `json:"delete_context"`
	AddContext     string  `json:"add_context"`
	AddCluster     string  `json:"add_cluster"`
	CAFile         string  `json:"ca_file"`
	Colors         bool    `json:"colors"`
}

type request struct {
	// Op: "loading_rules" (default loading rules from the environment, or ExplicitPath),
	// "load_bytes" (clientcmd.Load on Data), "build_config_from_flags".
	Op           string       `json:"op"`
	ExplicitPath string       `json:"explicit_path"`
	Data         string       `json:"data"`
	MasterURL    string       `json:"master_url"`
	Overrides    *overridesIn `json:"overrides"`
	// For "modify": the mutation, whether paths are relativized, and the files to print afterwards.
	Mutation   *mutation `json:"mutation"`
	Relativize bool      `json:"relativize"`
	Files      []string  `json:"files"`
}

func modify(req request) map[string]interface{} {
	out := map[string]interface{}{}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = req.ExplicitPath
	start, err := rules.GetStartingConfig()
	if err != nil {
		out["error"] = err.Error()
		return out
	}
	cfg := start.DeepCopy()
	m := req.Mutation
	if m.CurrentContext != nil {
		cfg.CurrentContext = *m.CurrentContext
	}
	if m.ClusterName != "" {
		if c, ok := cfg.Clusters[m.ClusterName]; ok {
			c.Server = m.ClusterServer
		}
	}
	if m.DeleteUser != "" {
		delete(cfg.AuthInfos, m.DeleteUser)
	}
	if m.DeleteContext != "" {
		delete(cfg.Contexts, m.DeleteContext)
	}
	if m.AddContext != "" {
		ctx := clientcmdapi.NewContext()
		ctx.Cluster, ctx.AuthInfo = "c-new", "u-new"
		cfg.Contexts[m.AddContext] = ctx
	}
	if m.AddCluster != "" {
		c := clientcmdapi.NewCluster()
		c.Server, c.CertificateAuthority = "https://new.example", m.CAFile
		cfg.Clusters[m.AddCluster] = c
	}
	if m.Colors {
		cfg.Preferences.Colors = true
	}
	out["error"] = errText(clientcmd.ModifyConfig(rules, *cfg, req.Relativize))
	files := map[string]interface{}{}
	for _, f := range req.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			files[f] = nil
			continue
		}
		files[f] = string(data)
	}
	out["files"] = files
	return out
}

func errText(err error) interface{} {
	if err == nil {
		return nil
	}
	return err.Error()
}

func b64(b []byte) interface{} {
	if b == nil {
		return nil
	}
	return base64.StdEncoding.EncodeToString(b)
}

func object(o runtime.Object) interface{} {
	if o == nil {
		return nil
	}
	if u, ok := o.(*runtime.Unknown); ok {
		if u.Raw == nil {
			return nil
		}
		return map[string]interface{}{"raw": string(u.Raw), "contentType": u.ContentType}
	}
	return fmt.Sprintf("%T", o)
}

func extensions(m map[string]runtime.Object) interface{} {
	if m == nil {
		return nil
	}
	out := map[string]interface{}{}
	for k, v := range m {
		out[k] = object(v)
	}
	return out
}

func strs(s []string) interface{} {
	if s == nil {
		return nil
	}
	return s
}

func extra(m map[string][]string) interface{} {
	if m == nil {
		return nil
	}
	out := map[string]interface{}{}
	for k, v := range m {
		out[k] = strs(v)
	}
	return out
}

func authProvider(p *clientcmdapi.AuthProviderConfig) interface{} {
	if p == nil {
		return nil
	}
	var cfg interface{}
	if p.Config != nil {
		cfg = p.Config
	}
	return map[string]interface{}{"name": p.Name, "config": cfg}
}

func execConfig(e *clientcmdapi.ExecConfig) interface{} {
	if e == nil {
		return nil
	}
	var env interface{}
	if e.Env != nil {
		list := []interface{}{}
		for _, v := range e.Env {
			list = append(list, map[string]interface{}{"name": v.Name, "value": v.Value})
		}
		env = list
	}
	return map[string]interface{}{
		"command": e.Command, "args": strs(e.Args), "env": env, "api_version": e.APIVersion,
		"install_hint": e.InstallHint, "provide_cluster_info": e.ProvideClusterInfo,
		"config": object(e.Config), "interactive_mode": string(e.InteractiveMode),
	}
}

func cluster(c *clientcmdapi.Cluster) interface{} {
	if c == nil {
		return nil
	}
	return map[string]interface{}{
		"location_of_origin": c.LocationOfOrigin, "server": c.Server, "tls_server_name": c.TLSServerName,
		"insecure_skip_tls_verify": c.InsecureSkipTLSVerify, "certificate_authority": c.CertificateAuthority,
		"certificate_authority_data": b64(c.CertificateAuthorityData), "proxy_url": c.ProxyURL,
		"disable_compression": c.DisableCompression, "extensions": extensions(c.Extensions),
	}
}

func authInfo(a *clientcmdapi.AuthInfo) interface{} {
	if a == nil {
		return nil
	}
	return map[string]interface{}{
		"location_of_origin": a.LocationOfOrigin, "client_certificate": a.ClientCertificate,
		"client_certificate_data": b64(a.ClientCertificateData), "client_key": a.ClientKey,
		"client_key_data": b64(a.ClientKeyData), "token": a.Token, "token_file": a.TokenFile,
		"impersonate": a.Impersonate, "impersonate_uid": a.ImpersonateUID,
		"impersonate_groups": strs(a.ImpersonateGroups), "impersonate_user_extra": extra(a.ImpersonateUserExtra),
		"username": a.Username, "password": a.Password, "auth_provider": authProvider(a.AuthProvider),
		"exec": execConfig(a.Exec), "extensions": extensions(a.Extensions),
	}
}

func context(c *clientcmdapi.Context) interface{} {
	if c == nil {
		return nil
	}
	return map[string]interface{}{
		"location_of_origin": c.LocationOfOrigin, "cluster": c.Cluster, "auth_info": c.AuthInfo,
		"namespace": c.Namespace, "extensions": extensions(c.Extensions),
	}
}

func config(c *clientcmdapi.Config) interface{} {
	if c == nil {
		return nil
	}
	out := map[string]interface{}{
		"kind": c.Kind, "api_version": c.APIVersion, "current_context": c.CurrentContext,
		"preferences": map[string]interface{}{"colors": c.Preferences.Colors, "extensions": extensions(c.Preferences.Extensions)},
		"extensions": extensions(c.Extensions),
	}
	if c.Clusters != nil {
		m := map[string]interface{}{}
		for k, v := range c.Clusters {
			m[k] = cluster(v)
		}
		out["clusters"] = m
	} else {
		out["clusters"] = nil
	}
	if c.AuthInfos != nil {
		m := map[string]interface{}{}
		for k, v := range c.AuthInfos {
			m[k] = authInfo(v)
		}
		out["auth_infos"] = m
	} else {
		out["auth_infos"] = nil
	}
	if c.Contexts != nil {
		m := map[string]interface{}{}
		for k, v := range c.Contexts {
			m[k] = context(v)
		}
		out["contexts"] = m
	} else {
		out["contexts"] = nil
	}
	return out
}

func restConfig(c *restclient.Config) interface{} {
	if c == nil {
		return nil
	}
	var proxy interface{}
	if c.Proxy != nil {
		req, _ := http.NewRequest("GET", "https://example.invalid/api", nil)
		u, err := c.Proxy(req)
		switch {
		case err != nil:
			proxy = "error: " + err.Error()
		case u != nil:
			proxy = u.String()
		}
	}
	return map[string]interface{}{
		"host": c.Host, "api_path": c.APIPath, "username": c.Username, "password": c.Password,
		"bearer_token": c.BearerToken, "bearer_token_file": c.BearerTokenFile,
		"impersonate": map[string]interface{}{
			"user_name": c.Impersonate.UserName, "uid": c.Impersonate.UID,
			"groups": strs(c.Impersonate.Groups), "extra": extra(c.Impersonate.Extra),
		},
		"auth_provider":             authProvider(c.AuthProvider),
		"has_auth_config_persister": c.AuthConfigPersister != nil,
		"exec_provider":             execConfig(c.ExecProvider),
		"tls_client_config": map[string]interface{}{
			"insecure": c.Insecure, "server_name": c.ServerName, "cert_file": c.CertFile,
			"key_file": c.KeyFile, "ca_file": c.CAFile, "cert_data": b64(c.CertData),
			"key_data": b64(c.KeyData), "ca_data": b64(c.CAData), "next_protos": strs(c.NextProtos),
		},
		"user_agent": c.UserAgent, "disable_compression": c.DisableCompression,
		"qps": c.QPS, "burst": c.Burst, "timeout": c.Timeout.Seconds(), "proxy": proxy,
	}
}

func overrides(in *overridesIn) *clientcmd.ConfigOverrides {
	if in == nil {
		return &clientcmd.ConfigOverrides{}
	}
	return &clientcmd.ConfigOverrides{
		ClusterInfo: clientcmdapi.Cluster{
			Server: in.ClusterInfo.Server, TLSServerName: in.ClusterInfo.TLSServerName,
			InsecureSkipTLSVerify: in.ClusterInfo.InsecureSkipTLSVerify,
			CertificateAuthority:  in.ClusterInfo.CertificateAuthority, ProxyURL: in.ClusterInfo.ProxyURL,
			DisableCompression: in.ClusterInfo.DisableCompression,
		},
		AuthInfo: clientcmdapi.AuthInfo{
			ClientCertificate: in.AuthInfo.ClientCertificate, ClientKey: in.AuthInfo.ClientKey,
			Token: in.AuthInfo.Token, TokenFile: in.AuthInfo.TokenFile, Impersonate: in.AuthInfo.Impersonate,
			ImpersonateUID: in.AuthInfo.ImpersonateUID, ImpersonateGroups: in.AuthInfo.ImpersonateGroups,
			Username: in.AuthInfo.Username, Password: in.AuthInfo.Password,
		},
		Context: clientcmdapi.Context{
			Cluster: in.Context.Cluster, AuthInfo: in.Context.AuthInfo, Namespace: in.Context.Namespace,
		},
		CurrentContext: in.CurrentContext,
		Timeout:        in.Timeout,
	}
}

func written(c *clientcmdapi.Config) (interface{}, interface{}) {
	if c == nil {
		return nil, nil
	}
	data, err := clientcmd.Write(*c)
	if err != nil {
		return nil, err.Error()
	}
	return string(data), nil
}

func main() {
	body, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	var req request
	if err := json.Unmarshal(body, &req); err != nil {
		panic(err)
	}
	out := map[string]interface{}{}
	switch req.Op {
	case "load_bytes":
		cfg, err := clientcmd.Load([]byte(req.Data))
		out["raw"], out["raw_error"] = config(cfg), errText(err)
		out["written"], out["write_error"] = written(cfg)
	case "modify":
		out = modify(req)
	case "build_config_from_flags":
		rc, err := clientcmd.BuildConfigFromFlags(req.MasterURL, req.ExplicitPath)
		out["rest"], out["rest_error"] = restConfig(rc), errText(err)
	default:
		rules := clientcmd.NewDefaultClientConfigLoadingRules()
		rules.ExplicitPath = req.ExplicitPath
		var warnings []string
		rules.Warner = func(err error) { warnings = append(warnings, err.Error()) }
		ov := overrides(req.Overrides)

		loaded, loadErr := rules.Load()
		out["load"], out["load_error"] = config(loaded), errText(loadErr)
		out["written"], out["write_error"] = written(loaded)
		if loaded != nil {
			out["validate_error"] = errText(clientcmd.Validate(*loaded))
			out["confirm_usable_error"] = errText(clientcmd.ConfirmUsable(*loaded, ov.CurrentContext))
		}

		cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, ov)
		raw, err := cc.RawConfig()
		out["raw_error"] = errText(err)
		if err == nil {
			out["raw"] = config(&raw)
			direct := clientcmd.NewNonInteractiveClientConfig(raw, ov.CurrentContext, ov, rules)
			merged, err := direct.MergedRawConfig()
			out["merged_raw_error"] = errText(err)
			if err == nil {
				out["merged_raw"] = config(&merged)
			}
		}
		rc, err := cc.ClientConfig()
		out["rest"], out["rest_error"] = restConfig(rc), errText(err)
		ns, overridden, err := cc.Namespace()
		out["namespace"], out["namespace_overridden"], out["namespace_error"] = ns, overridden, errText(err)
		sort.Strings(warnings)
		out["warnings"] = warnings
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
