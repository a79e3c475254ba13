// Command certutil runs client-go's util/cert and util/keyutil parsers on cases read as JSON from stdin
// ([{"op": ..., "data": <base64>}...]) and prints one JSON result per case: the error text, or what was parsed.
//
// Ops: "certs" (cert.ParseCertsPEM), "privkey" (keyutil.ParsePrivateKeyPEM), "pubkeys" (keyutil.ParsePublicKeysPEM),
// "csr" (a PEM CSR as client-go's csr package parses it, with its signature checked), "cert" (the first certificate
// of a PEM chain with the fields client-go's self-signed certificates set).
package main

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"sort"

	"k8s.io/client-go/util/cert"
	"k8s.io/client-go/util/keyutil"
)

type input struct {
	Op   string `json:"op"`
	Data []byte `json:"data"`
}

type result struct {
	Err    string         `json:"err,omitempty"`
	Result map[string]any `json:"result,omitempty"`
}

func keyType(k any) string {
	switch k.(type) {
	case *rsa.PrivateKey:
		return "rsa-private"
	case *ecdsa.PrivateKey:
		return "ecdsa-private"
	case *rsa.PublicKey:
		return "rsa-public"
	case *ecdsa.PublicKey:
		return "ecdsa-public"
	}
	return fmt.Sprintf("%T", k)
}

func certFields(c *x509.Certificate) map[string]any {
	ips := []string{}
	for _, ip := range c.IPAddresses {
		ips = append(ips, ip.String())
	}
	eku := []int{}
	for _, u := range c.ExtKeyUsage {
		eku = append(eku, int(u))
	}
	sort.Ints(eku)
	return map[string]any{
		"subject": c.Subject.String(), "issuer": c.Issuer.String(), "isCA": c.IsCA,
		"basicConstraintsValid": c.BasicConstraintsValid, "maxPathLen": c.MaxPathLen, "keyUsage": int(c.KeyUsage),
		"extKeyUsage": eku, "dnsNames": c.DNSNames, "ips": ips, "subjectKeyIdLen": len(c.SubjectKeyId),
		"authorityKeyIdLen": len(c.AuthorityKeyId), "signatureAlgorithm": c.SignatureAlgorithm.String(),
		"serialPositive": c.SerialNumber.Sign() > 0, "serialBits": c.SerialNumber.BitLen() <= 63,
		"validSeconds": int64(c.NotAfter.Sub(c.NotBefore).Seconds()),
	}
}

func run(in input) result {
	switch in.Op {
	case "certs":
		certs, err := cert.ParseCertsPEM(in.Data)
		if err != nil {
			return result{Err: err.Error(), Result: map[string]any{"count": len(certs)}}
		}
		subjects := []string{}
		for _, c := range certs {
			subjects = append(subjects, c.Subject.String())
		}
		return result{Result: map[string]any{"count": len(certs), "subjects": subjects}}
	case "privkey":
		k, err := keyutil.ParsePrivateKeyPEM(in.Data)
		if err != nil {
			return result{Err: err.Error()}
		}
		return result{Result: map[string]any{"type": keyType(k)}}
	case "pubkeys":
		keys, err := keyutil.ParsePublicKeysPEM(in.Data)
		if err != nil {
			return result{Err: err.Error()}
		}
		types := []string{}
		for _, k := range keys {
			types = append(types, keyType(k))
		}
		return result{Result: map[string]any{"types": types}}
	case "csr":
		block, _ := pem.Decode(in.Data)
		if block == nil || block.Type != "CERTIFICATE REQUEST" {
			return result{Err: "PEM block type must be CERTIFICATE REQUEST"}
		}
		csr, err := x509.ParseCertificateRequest(block.Bytes)
		if err != nil {
			return result{Err: err.Error()}
		}
		ips := []string{}
		for _, ip := range csr.IPAddresses {
			ips = append(ips, ip.String())
		}
		return result{Result: map[string]any{"subject": csr.Subject.String(), "dnsNames": csr.DNSNames, "ips": ips,
			"signatureAlgorithm": csr.SignatureAlgorithm.String(), "signatureValid": csr.CheckSignature() == nil}}
	case "cert":
		certs, err := cert.ParseCertsPEM(in.Data)
		if err != nil {
			return result{Err: err.Error()}
		}
		fields := certFields(certs[0])
		if len(certs) > 1 {
			fields["verifiedByNext"] = certs[0].CheckSignatureFrom(certs[1]) == nil
		} else {
			fields["selfSigned"] = certs[0].CheckSignatureFrom(certs[0]) == nil
		}
		return result{Result: fields}
	}
	return result{Err: "unknown op " + in.Op}
}

func main() {
	var ins []input
	if err := json.NewDecoder(os.Stdin).Decode(&ins); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := make([]result, 0, len(ins))
	for _, in := range ins {
		out = append(out, run(in))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
