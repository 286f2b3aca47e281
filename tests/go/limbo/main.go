// Command limbo asks this Go toolchain's crypto/x509 what it says about every x509-limbo case,
// so tests/limbo_generations.rs can compare the engine, verifying as this toolchain's
// generation, with the real thing. Standard library only; it builds with Go 1.21 and newer.
//
// Usage: limbo <limbo.json.gz> <RFC 3339 instant standing in for time.Now()>
//
// It writes one JSON object: {"go": runtime.Version(), "cases": {id: [verdict, error text]}},
// verdict SUCCESS, FAILURE or SKIPPED. The mapping from a case to x509.VerifyOptions is the one
// examples/limbo/harness.rs documents (and tests/limbo.rs relies on): cases with CRLs, a maximum
// chain depth, signature-algorithm lists, or key usages other than digitalSignature are skipped;
// an IP peer name is passed bracketed as DNSName; a leaf that does not decode or parse is a
// failure with the parser's text; a client case checks each expected name with VerifyHostname
// after Verify. Written for this project from the limbo schema, not taken from x509-limbo.
package main

import (
	"compress/gzip"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"runtime"
	"time"
)

type name struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

type testcase struct {
	ID                     string   `json:"id"`
	Features               []string `json:"features"`
	ValidationKind         string   `json:"validation_kind"`
	TrustedCerts           []string `json:"trusted_certs"`
	UntrustedIntermediates []string `json:"untrusted_intermediates"`
	PeerCertificate        string   `json:"peer_certificate"`
	ValidationTime         *string  `json:"validation_time"`
	SignatureAlgorithms    []string `json:"signature_algorithms"`
	KeyUsage               []string `json:"key_usage"`
	ExtendedKeyUsage       []string `json:"extended_key_usage"`
	ExpectedPeerName       *name    `json:"expected_peer_name"`
	ExpectedPeerNames      []name   `json:"expected_peer_names"`
	MaxChainDepth          *int     `json:"max_chain_depth"`
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// certPool is CertPool.AppendCertsFromPEM over every PEM text of the list.
func certPool(pems []string) *x509.CertPool {
	p := x509.NewCertPool()
	for _, text := range pems {
		p.AppendCertsFromPEM([]byte(text))
	}
	return p
}

var extKeyUsages = map[string]x509.ExtKeyUsage{
	"anyExtendedKeyUsage": x509.ExtKeyUsageAny,
	"serverAuth":          x509.ExtKeyUsageServerAuth,
	"clientAuth":          x509.ExtKeyUsageClientAuth,
	"codeSigning":         x509.ExtKeyUsageCodeSigning,
	"emailProtection":     x509.ExtKeyUsageEmailProtection,
	"timeStamping":        x509.ExtKeyUsageTimeStamping,
	"OCSPSigning":         x509.ExtKeyUsageOCSPSigning,
}

const (
	success = "SUCCESS"
	failure = "FAILURE"
	skipped = "SKIPPED"
)

func evaluate(tc testcase, now time.Time) (string, string) {
	switch {
	case contains(tc.Features, "has-crl"):
		return skipped, "CRLs not supported"
	case tc.MaxChainDepth != nil:
		return skipped, "max chain depth not supported"
	case len(tc.SignatureAlgorithms) != 0:
		return skipped, "signature_algorithms not supported"
	case len(tc.KeyUsage) != 0 && !contains(tc.KeyUsage, "digitalSignature"):
		return skipped, "key usage checks other than digitalSignature not supported"
	}
	server := tc.ValidationKind == "SERVER"
	opts := x509.VerifyOptions{
		Roots:         certPool(tc.TrustedCerts),
		Intermediates: certPool(tc.UntrustedIntermediates),
		CurrentTime:   now,
	}
	if server && tc.ExpectedPeerName != nil {
		switch tc.ExpectedPeerName.Kind {
		case "DNS":
			opts.DNSName = tc.ExpectedPeerName.Value
		case "IP":
			opts.DNSName = "[" + tc.ExpectedPeerName.Value + "]"
		default:
			return skipped, "unsupported peer name kind: " + tc.ExpectedPeerName.Kind
		}
	}
	block, _ := pem.Decode([]byte(tc.PeerCertificate))
	if block == nil || block.Type != "CERTIFICATE" {
		return failure, "unable to PEM decode peer certificate"
	}
	leaf, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return failure, err.Error()
	}
	if tc.ValidationTime != nil {
		t, err := time.Parse(time.RFC3339Nano, *tc.ValidationTime)
		if err != nil {
			return skipped, "invalid validation time " + *tc.ValidationTime
		}
		opts.CurrentTime = t
	}
	for _, e := range tc.ExtendedKeyUsage {
		u, ok := extKeyUsages[e]
		if !ok {
			return skipped, "unsupported extended key usage: " + e
		}
		opts.KeyUsages = append(opts.KeyUsages, u)
	}
	if _, err := leaf.Verify(opts); err != nil {
		return failure, err.Error()
	}
	if server {
		return success, ""
	}
	for _, n := range tc.ExpectedPeerNames {
		if n.Kind != "DNS" && n.Kind != "IP" {
			return skipped, "unsupported peer name kind: " + n.Kind
		}
		host := n.Value
		if ip := net.ParseIP(host); n.Kind == "IP" && ip != nil {
			host = ip.String()
		}
		if err := leaf.VerifyHostname(host); err != nil {
			return failure, err.Error()
		}
	}
	return success, ""
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: limbo <limbo.json.gz> <RFC 3339 now>")
		os.Exit(2)
	}
	now, err := time.Parse(time.RFC3339, os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var corpus struct {
		Testcases []testcase `json:"testcases"`
	}
	if err := json.NewDecoder(gz).Decode(&corpus); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cases := make(map[string][2]string, len(corpus.Testcases))
	for _, tc := range corpus.Testcases {
		verdict, text := evaluate(tc, now)
		cases[tc.ID] = [2]string{verdict, text}
	}
	out := map[string]interface{}{"go": runtime.Version(), "cases": cases}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
