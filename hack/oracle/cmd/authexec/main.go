// Command authexec is the differential oracle for kubernetes_py.tools.auth.exec.
//
// Each line of stdin is a JSON string holding the bytes of one KUBERNETES_EXEC_INFO value; for each,
// one line of JSON is printed with what client-go's exec.LoadExecCredential made of it: the error text,
// or the decoded ExecCredential (its Go type and JSON), the bytes of spec.cluster.config, and the
// rest.Config's host, TLS settings, proxy URL and compression setting.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	v1 "k8s.io/client-go/pkg/apis/clientauthentication/v1"
	"k8s.io/client-go/pkg/apis/clientauthentication/v1beta1"
	"k8s.io/client-go/tools/auth/exec"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var in string
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			panic(err)
		}
		out := map[string]interface{}{}
		obj, cfg, err := exec.LoadExecCredential([]byte(in))
		if err != nil {
			out["error"] = err.Error()
		} else {
			out["type"] = fmt.Sprintf("%T", obj)
			b, _ := json.Marshal(obj)
			out["obj"] = string(b)
			var raw runtime.RawExtension
			switch o := obj.(type) {
			case *v1.ExecCredential:
				if o.Spec.Cluster != nil {
					raw = o.Spec.Cluster.Config
				}
			case *v1beta1.ExecCredential:
				if o.Spec.Cluster != nil {
					raw = o.Spec.Cluster.Config
				}
			}
			if raw.Raw != nil {
				out["raw"] = string(raw.Raw)
			}
			out["host"] = cfg.Host
			out["insecure"] = cfg.Insecure
			out["server_name"] = cfg.ServerName
			if cfg.CAData != nil {
				out["ca_data"] = base64.StdEncoding.EncodeToString(cfg.CAData)
			}
			if cfg.Proxy != nil {
				u, _ := cfg.Proxy(&http.Request{})
				out["proxy"] = u.String()
			}
			out["disable_compression"] = cfg.DisableCompression
		}
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
	}
}
