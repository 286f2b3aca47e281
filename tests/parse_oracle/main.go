// Command parseoracle writes the Go oracle for tests/parse_fields_differential.rs.
//
// It reads every certificate of x509-limbo (limbo.json.gz: trusted_certs, untrusted_intermediates,
// peer_certificate), parses each distinct DER with Go's x509.ParseCertificate and prints, per
// bucket (first byte of sha256(DER)), the number of certificates and a hash over their canonical
// field lines. The canonical line (see canonical below and its Rust twin) lists the verdict or
// error text and the fields the planner's Certificate mirrors.
//
// Usage (Go 1.27 toolchain, this go.mod says go 1.26.4 like Argo CD):
//
//	GOTOOLCHAIN=local GOPROXY=off go run . ../../../shared/corpora/x509-limbo/limbo.json.gz > ../parse-fields-oracle.tsv
//
// (run from tests/parse_oracle; paths are relative to it)
//
// Debug a bucket with -dump <bucket-hex>: prints the canonical lines of that bucket.
//
// With -mutations it does the same for 20,000 deterministic mutations of those certificates
// (bit flips, byte changes, insertions, deletions, truncations chosen by a xorshift64 generator;
// the Rust test derives the same inputs) and writes ../parse-mutations-oracle.tsv:
//
//	go run . ../../../shared/corpora/x509-limbo/limbo.json.gz -mutations > ../parse-mutations-oracle.tsv
package main

import (
	"compress/gzip"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"sort"
	"strings"
)

type testcase struct {
	Trusted       []string `json:"trusted_certs"`
	Intermediates []string `json:"untrusted_intermediates"`
	Peer          string   `json:"peer_certificate"`
}

func canonical(der []byte) string {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return "error=" + err.Error()
	}
	j := func(xs []string) string { return strings.Join(xs, "\x1e") }
	var f []string
	add := func(k, v string) { f = append(f, k+"="+v) }
	add("version", fmt.Sprint(c.Version))
	add("subject", c.Subject.String())
	add("issuer", c.Issuer.String())
	add("serial", c.SerialNumber.String())
	add("validity", fmt.Sprint(c.NotBefore.Unix(), " ", c.NotAfter.Unix()))
	add("pk", c.PublicKeyAlgorithm.String())
	add("sig", c.SignatureAlgorithm.String())
	add("sigbytes", hex.EncodeToString(c.Signature))
	add("ku", fmt.Sprint(int(c.KeyUsage)))
	var ekus []string
	for _, e := range c.ExtKeyUsage {
		ekus = append(ekus, fmt.Sprint(int(e)))
	}
	add("eku", j(ekus))
	var ueku []string
	for _, e := range c.UnknownExtKeyUsage {
		ueku = append(ueku, e.String())
	}
	add("ueku", j(ueku))
	mpl := "-"
	if c.BasicConstraintsValid {
		mpl = fmt.Sprint(c.IsCA, " ", c.MaxPathLen, " ", c.MaxPathLenZero)
	}
	add("bc", mpl)
	add("ski", hex.EncodeToString(c.SubjectKeyId))
	add("aki", hex.EncodeToString(c.AuthorityKeyId))
	add("dns", j(c.DNSNames))
	add("email", j(c.EmailAddresses))
	var ips []string
	for _, ip := range c.IPAddresses {
		ips = append(ips, hex.EncodeToString(ip))
	}
	add("ip", j(ips))
	var uris []string
	for _, u := range c.URIs {
		uris = append(uris, u.String())
	}
	add("uri", j(uris))
	add("ncc", fmt.Sprint(c.PermittedDNSDomainsCritical))
	add("pdns", j(c.PermittedDNSDomains))
	add("xdns", j(c.ExcludedDNSDomains))
	var pip, xip []string
	for _, n := range c.PermittedIPRanges {
		pip = append(pip, hex.EncodeToString(n.IP)+"/"+hex.EncodeToString(n.Mask))
	}
	for _, n := range c.ExcludedIPRanges {
		xip = append(xip, hex.EncodeToString(n.IP)+"/"+hex.EncodeToString(n.Mask))
	}
	add("pip", j(pip))
	add("xip", j(xip))
	add("pemail", j(c.PermittedEmailAddresses))
	add("xemail", j(c.ExcludedEmailAddresses))
	add("puri", j(c.PermittedURIDomains))
	add("xuri", j(c.ExcludedURIDomains))
	var pol []string
	for _, p := range c.Policies {
		pol = append(pol, p.String())
	}
	add("pol", j(pol))
	var pm []string
	for _, p := range c.PolicyMappings {
		pm = append(pm, p.IssuerDomainPolicy.String()+">"+p.SubjectDomainPolicy.String())
	}
	add("pm", j(pm))
	add("iap", fmt.Sprint(c.InhibitAnyPolicy, " ", c.InhibitAnyPolicyZero))
	add("rep", fmt.Sprint(c.RequireExplicitPolicy, " ", c.RequireExplicitPolicyZero))
	add("ipm", fmt.Sprint(c.InhibitPolicyMapping, " ", c.InhibitPolicyMappingZero))
	var uce []string
	for _, o := range c.UnhandledCriticalExtensions {
		uce = append(uce, o.String())
	}
	add("uce", j(uce))
	add("crl", j(c.CRLDistributionPoints))
	add("ocsp", j(c.OCSPServer))
	add("aia", j(c.IssuingCertificateURL))
	var exts []string
	for _, e := range c.Extensions {
		exts = append(exts, fmt.Sprint(e.Id.String(), " ", e.Critical, " ", hex.EncodeToString(e.Value)))
	}
	add("ext", j(exts))
	return strings.Join(f, "\x1f")
}

func main() {
	fh, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	gz, err := gzip.NewReader(fh)
	if err != nil {
		panic(err)
	}
	var limbo struct {
		Testcases []testcase `json:"testcases"`
	}
	if err := json.NewDecoder(gz).Decode(&limbo); err != nil {
		panic(err)
	}
	ders := map[[32]byte][]byte{}
	for _, t := range limbo.Testcases {
		all := append(append(append([]string{}, t.Trusted...), t.Intermediates...), t.Peer)
		for _, p := range all {
			rest := []byte(p)
			for {
				var b *pem.Block
				b, rest = pem.Decode(rest)
				if b == nil {
					break
				}
				if b.Type == "CERTIFICATE" {
					ders[sha256.Sum256(b.Bytes)] = b.Bytes
				}
			}
		}
	}
	if len(os.Args) > 2 && os.Args[2] == "-mutations" {
		ders = mutate(ders)
	}
	type entry struct{ id, line [32]byte }
	buckets := make([][]entry, 256)
	dump := ""
	for i := 2; i+1 < len(os.Args); i++ {
		if os.Args[i] == "-dump" {
			dump = os.Args[i+1]
		}
	}
	for id, der := range ders {
		line := canonical(der)
		if dump != "" && hex.EncodeToString(id[:1]) == dump {
			fmt.Printf("%x\t%q\n", id, line)
		}
		buckets[id[0]] = append(buckets[id[0]], entry{id, sha256.Sum256([]byte(line))})
	}
	if dump != "" {
		return
	}
	fmt.Println("# bucket (first byte of sha256(DER))\tcertificates\tsha256 over (sha256(DER) || sha256(canonical line)) in DER-hash order")
	for i, b := range buckets {
		sort.Slice(b, func(x, y int) bool { return string(b[x].id[:]) < string(b[y].id[:]) })
		h := sha256.New()
		for _, e := range b {
			h.Write(e.id[:])
			h.Write(e.line[:])
		}
		fmt.Printf("%02x\t%d\t%x\n", i, len(b), h.Sum(nil))
	}
}

// mutate derives the mutated inputs: the same algorithm as `mutations` in
// tests/parse_differential.rs.
func mutate(ders map[[32]byte][]byte) map[[32]byte][]byte {
	var ids [][32]byte
	for id := range ders {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(a, b int) bool { return string(ids[a][:]) < string(ids[b][:]) })
	state := uint64(0x243f6a8885a308d3)
	next := func() uint64 {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		return state
	}
	out := map[[32]byte][]byte{}
	for n := 0; n < 20000; n++ {
		src := ders[ids[next()%uint64(len(ids))]]
		b := append([]byte{}, src...)
		count := 1 + next()%3
		for k := uint64(0); k < count && len(b) > 0; k++ {
			kind := next() % 5
			pos := int(next() % uint64(len(b)))
			switch kind {
			case 0:
				b[pos] ^= 1 << (next() % 8)
			case 1:
				b[pos] = byte(next())
			case 2:
				v := byte(next())
				b = append(b[:pos], append([]byte{v}, b[pos:]...)...)
			case 3:
				b = append(b[:pos], b[pos+1:]...)
			case 4:
				b = b[:pos]
			}
		}
		out[sha256.Sum256(b)] = b
	}
	return out
}
