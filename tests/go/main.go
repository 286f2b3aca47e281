// Command interop runs Go's own crypto/tls and crypto/x509 on inputs written by the Rust tests,
// so that the tests compare the planner's answers with real Go (the Go that Argo CD is built with).
//
// It reads one JSON request on stdin and writes one JSON response on stdout:
//
//	request:  {"keyPairs": [{"name", "certPem", "keyPem"}],
//	           "verifications": [{"name", "rootsPem", "chainPem", "dnsName", "time", "keyUsages"}],
//	           "dials": [address]}
//	response: {"goVersion", "keyPairs": [{"name", "ok", "error", "chainLen", "keyType"}],
//	           "verifications": [{"name", "ok", "error", "chains"}],
//	           "dials": [{"address", "error", "tlsError"}]}
//
// Standard library only, so it runs offline (GOTOOLCHAIN=local GOPROXY=off).
package main

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"runtime"
	"time"
)

type keyPairCase struct {
	Name    string `json:"name"`
	CertPEM string `json:"certPem"`
	KeyPEM  string `json:"keyPem"`
}

type keyPairResult struct {
	Name     string `json:"name"`
	OK       bool   `json:"ok"`
	Error    string `json:"error"`
	ChainLen int    `json:"chainLen"`
	KeyType  string `json:"keyType"`
}

type verifyCase struct {
	Name      string   `json:"name"`
	RootsPEM  string   `json:"rootsPem"`
	ChainPEM  string   `json:"chainPem"`
	DNSName   string   `json:"dnsName"`
	Time      string   `json:"time"`
	KeyUsages []string `json:"keyUsages"`
}

type verifyResult struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Error  string `json:"error"`
	Chains int    `json:"chains"`
}

type request struct {
	KeyPairs      []keyPairCase `json:"keyPairs"`
	Verifications []verifyCase  `json:"verifications"`
	// Addresses dialled as written, with net.Dial and with tls.DialWithDialer (as go-redis and
	// grpc's passthrough dial do): only addresses that fail before any packet is sent belong here.
	Dials []string `json:"dials"`
}

type dialResult struct {
	Address  string `json:"address"`
	Error    string `json:"error"`
	TLSError string `json:"tlsError"`
}

type response struct {
	GoVersion     string          `json:"goVersion"`
	KeyPairs      []keyPairResult `json:"keyPairs"`
	Verifications []verifyResult  `json:"verifications"`
	Dials         []dialResult    `json:"dials"`
}

func runDial(address string) dialResult {
	r := dialResult{Address: address}
	d := &net.Dialer{Timeout: time.Second}
	if c, err := d.Dial("tcp", address); err != nil {
		r.Error = err.Error()
	} else {
		c.Close()
	}
	if c, err := tls.DialWithDialer(d, "tcp", address, &tls.Config{InsecureSkipVerify: true}); err != nil {
		r.TLSError = err.Error()
	} else {
		c.Close()
	}
	return r
}

func keyType(k any) string {
	switch k := k.(type) {
	case *rsa.PrivateKey:
		return fmt.Sprintf("RSA-%d", k.N.BitLen())
	case *ecdsa.PrivateKey:
		return "ECDSA-" + k.Curve.Params().Name
	case ed25519.PrivateKey:
		return "Ed25519"
	default:
		return fmt.Sprintf("%T", k)
	}
}

func runKeyPair(c keyPairCase) keyPairResult {
	r := keyPairResult{Name: c.Name}
	cert, err := tls.X509KeyPair([]byte(c.CertPEM), []byte(c.KeyPEM))
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.OK = true
	r.ChainLen = len(cert.Certificate)
	r.KeyType = keyType(cert.PrivateKey)
	return r
}

func certs(text string) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	rest := []byte(text)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return out, nil
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
}

func runVerify(c verifyCase) verifyResult {
	r := verifyResult{Name: c.Name}
	roots, err := certs(c.RootsPEM)
	if err != nil {
		r.Error = "roots: " + err.Error()
		return r
	}
	chain, err := certs(c.ChainPEM)
	if err != nil || len(chain) == 0 {
		r.Error = fmt.Sprintf("chain: %v (%d certificates)", err, len(chain))
		return r
	}
	at, err := time.Parse(time.RFC3339, c.Time)
	if err != nil {
		r.Error = "time: " + err.Error()
		return r
	}
	opts := x509.VerifyOptions{
		Roots:         x509.NewCertPool(),
		Intermediates: x509.NewCertPool(),
		DNSName:       c.DNSName,
		CurrentTime:   at,
	}
	for _, root := range roots {
		opts.Roots.AddCert(root)
	}
	for _, inter := range chain[1:] {
		opts.Intermediates.AddCert(inter)
	}
	for _, u := range c.KeyUsages {
		switch u {
		case "serverAuth":
			opts.KeyUsages = append(opts.KeyUsages, x509.ExtKeyUsageServerAuth)
		case "clientAuth":
			opts.KeyUsages = append(opts.KeyUsages, x509.ExtKeyUsageClientAuth)
		case "any":
			opts.KeyUsages = append(opts.KeyUsages, x509.ExtKeyUsageAny)
		}
	}
	chains, err := chain[0].Verify(opts)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.OK = true
	r.Chains = len(chains)
	return r
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintln(os.Stderr, "interop: bad request:", err)
		os.Exit(2)
	}
	resp := response{GoVersion: runtime.Version()}
	for _, c := range req.KeyPairs {
		resp.KeyPairs = append(resp.KeyPairs, runKeyPair(c))
	}
	for _, c := range req.Verifications {
		resp.Verifications = append(resp.Verifications, runVerify(c))
	}
	for _, a := range req.Dials {
		resp.Dials = append(resp.Dials, runDial(a))
	}
	if err := json.NewEncoder(os.Stdout).Encode(resp); err != nil {
		fmt.Fprintln(os.Stderr, "interop:", err)
		os.Exit(2)
	}
}
