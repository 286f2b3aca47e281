// Command ecdsa_signatures prints ECDSA-signed leaves for tests/ecdsa_signatures.rs, one a line:
//
//	name <TAB> CA DER (hex) <TAB> leaf DER (hex) <TAB> Go's leaf.Verify error text, or OK
//
// CAs on P-256, P-384 and P-521 sign leaves with ECDSA over SHA-256/384/512; each signature is
// valid or corrupted in one place (r, s, the digest, the CA's key).
package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"os"
	"time"
)

var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

type certificate struct {
	TBS       asn1.RawValue
	Alg       asn1.RawValue
	Signature asn1.BitString
}

type sig struct{ R, S *big.Int }

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func main() {
	curves := []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()}
	algs := []struct {
		alg x509.SignatureAlgorithm
		h   crypto.Hash
	}{{x509.ECDSAWithSHA256, crypto.SHA256}, {x509.ECDSAWithSHA384, crypto.SHA384}, {x509.ECDSAWithSHA512, crypto.SHA512}}
	serial := int64(1)
	for _, c := range curves {
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		must(err)
		other, err := ecdsa.GenerateKey(c, rand.Reader)
		must(err)
		caTemplate := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "ca-" + c.Params().Name},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign,
		}
		caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &k.PublicKey, k)
		must(err)
		ca, err := x509.ParseCertificate(caDER)
		must(err)
		roots := x509.NewCertPool()
		roots.AddCert(ca)
		n := c.Params().N
		for _, a := range algs {
			serial++
			leafTemplate := &x509.Certificate{
				SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "leaf"},
				NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
				ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, SignatureAlgorithm: a.alg,
			}
			leafDER, err := x509.CreateCertificate(rand.Reader, leafTemplate, ca, &other.PublicKey, k)
			must(err)
			var parsed certificate
			_, err = asn1.Unmarshal(leafDER, &parsed)
			must(err)
			h := a.h.New()
			h.Write(parsed.TBS.FullBytes)
			digest := h.Sum(nil)
			r, s, err := ecdsa.Sign(rand.Reader, k, digest)
			must(err)
			bad := append([]byte{}, digest...)
			bad[len(bad)-1] ^= 1
			rb, sb, err := ecdsa.Sign(rand.Reader, k, bad)
			must(err)
			ro, so, err := ecdsa.Sign(rand.Reader, other, digest)
			must(err)
			add := func(x *big.Int, d int64) *big.Int { return new(big.Int).Add(x, big.NewInt(d)) }
			sigs := map[string]sig{
				"valid":        {r, s},
				"valid-neg-s":  {r, new(big.Int).Sub(n, s)},
				"r-plus-1":     {add(r, 1), s},
				"s-plus-1":     {r, add(s, 1)},
				"r-zero":       {big.NewInt(0), s},
				"s-zero":       {r, big.NewInt(0)},
				"r-n":          {n, s},
				"s-n":          {r, n},
				"r-plus-n":     {new(big.Int).Add(r, n), s},
				"swapped":      {s, r},
				"other-digest": {rb, sb},
				"other-key":    {ro, so},
			}
			for name, v := range sigs {
				sigDER, err := asn1.Marshal(v)
				must(err)
				parsed.Signature = asn1.BitString{Bytes: sigDER, BitLength: 8 * len(sigDER)}
				der, err := asn1.Marshal(parsed)
				must(err)
				leaf, err := x509.ParseCertificate(der)
				must(err)
				verdict := "OK"
				if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, CurrentTime: now}); err != nil {
					verdict = err.Error()
				}
				fmt.Printf("%s %s %s\t%s\t%s\t%s\n", c.Params().Name, a.alg, name, hex.EncodeToString(caDER), hex.EncodeToString(der), verdict)
			}
		}
	}
	os.Stdout.Sync()
}
