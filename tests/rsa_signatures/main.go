// Prints RSA signature cases for tests/rsa_signatures.rs with Go's verdicts: for RSA keys of
// awkward sizes and exponents, a CA and leaves whose RSA signatures (PKCS #1 v1.5 and PSS, SHA-256,
// SHA-384, SHA-512) are valid or corrupted in one way each — wrong length, not below the modulus,
// every padding byte or field of the encoding changed, PSS salts of other lengths — made with raw
// RSA on hand-built encodings. One line per leaf:
//
//	name <TAB> CA DER (hex) <TAB> leaf DER (hex) <TAB> Go's leaf.Verify error text, or OK
//
// Run by the test at test time (go run .), so every Go it is run with is the oracle.
package main

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math/big"
	"os"
	"time"
)

var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

type key struct {
	n, d *big.Int
	e    int
}

func (k *key) size() int { return (k.n.BitLen() + 7) / 8 }

// newKey makes a two-prime key whose modulus has exactly `bits` bits and public exponent e.
func newKey(bits, e int) *key {
	for {
		p, err := rand.Prime(rand.Reader, (bits+1)/2)
		must(err)
		q, err := rand.Prime(rand.Reader, bits/2)
		must(err)
		n := new(big.Int).Mul(p, q)
		if p.Cmp(q) == 0 || n.BitLen() != bits {
			continue
		}
		one := big.NewInt(1)
		phi := new(big.Int).Mul(new(big.Int).Sub(p, one), new(big.Int).Sub(q, one))
		d := new(big.Int).ModInverse(big.NewInt(int64(e)), phi)
		if d == nil {
			continue
		}
		return &key{n: n, d: d, e: e}
	}
}

// raw is the RSA private operation on an encoded message, as k bytes; nil when em >= n.
func (k *key) raw(em []byte) []byte {
	m := new(big.Int).SetBytes(em)
	if m.Cmp(k.n) >= 0 {
		return nil
	}
	return new(big.Int).Exp(m, k.d, k.n).FillBytes(make([]byte, k.size()))
}

var prefixes = map[crypto.Hash][]byte{
	crypto.SHA256: {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20},
	crypto.SHA384: {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30},
	crypto.SHA512: {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40},
}

// pkcs1 builds 00 01 FF.. 00 prefix digest of k bytes.
func pkcs1(k int, prefix, digest []byte) []byte {
	em := make([]byte, k)
	em[1] = 1
	t := len(prefix) + len(digest)
	for i := 2; i < k-t-1; i++ {
		em[i] = 0xff
	}
	copy(em[k-t:], prefix)
	copy(em[k-len(digest):], digest)
	return em
}

func mgf1XOR(out []byte, h hash.Hash, seed []byte) {
	var counter [4]byte
	done := 0
	for done < len(out) {
		h.Reset()
		h.Write(seed)
		h.Write(counter[:])
		sum := h.Sum(nil)
		for i := 0; i < len(sum) && done < len(out); i++ {
			out[done] ^= sum[i]
			done++
		}
		for i := 3; i >= 0; i-- {
			counter[i]++
			if counter[i] != 0 {
				break
			}
		}
	}
}

// pss is RFC 8017's EMSA-PSS-ENCODE with a salt of sLen zero-based bytes, emBits = modBits-1,
// left-padded to k bytes; tweak may change DB (after masking is undone) or the final encoding.
func pss(modBits, k int, hf crypto.Hash, digest []byte, sLen int, tweakDB func(db []byte), tweakEM func(em []byte)) []byte {
	h := hf.New()
	hLen := h.Size()
	emBits := modBits - 1
	emLen := (emBits + 7) / 8
	if emLen < hLen+sLen+2 {
		return nil
	}
	salt := make([]byte, sLen)
	io.ReadFull(rand.Reader, salt)
	h.Write(make([]byte, 8))
	h.Write(digest)
	h.Write(salt)
	H := h.Sum(nil)
	db := make([]byte, emLen-hLen-1)
	db[emLen-sLen-hLen-2] = 0x01
	copy(db[emLen-sLen-hLen-1:], salt)
	if tweakDB != nil {
		tweakDB(db)
	}
	mgf1XOR(db, hf.New(), H)
	db[0] &= 0xff >> (8*emLen - emBits)
	em := make([]byte, k)
	copy(em[k-emLen:], db)
	copy(em[k-emLen+len(db):], H)
	em[k-1] = 0xbc
	if tweakEM != nil {
		tweakEM(em)
	}
	return em
}

// signer signs with raw RSA on correct encodings (for CreateCertificate).
type signer struct{ k *key }

func (s signer) Public() crypto.PublicKey { return &rsa.PublicKey{N: s.k.n, E: s.k.e} }
func (s signer) Sign(_ io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if _, ok := opts.(*rsa.PSSOptions); ok {
		return s.k.raw(pss(s.k.n.BitLen(), s.k.size(), opts.HashFunc(), digest, opts.HashFunc().Size(), nil, nil)), nil
	}
	return s.k.raw(pkcs1(s.k.size(), prefixes[opts.HashFunc()], digest)), nil
}

type certificate struct {
	TBS       asn1.RawValue
	Algorithm pkix.AlgorithmIdentifier
	Signature asn1.BitString
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func main() {
	algs := []struct {
		alg x509.SignatureAlgorithm
		h   crypto.Hash
		pss bool
	}{
		{x509.SHA256WithRSA, crypto.SHA256, false},
		{x509.SHA384WithRSA, crypto.SHA384, false},
		{x509.SHA512WithRSA, crypto.SHA512, false},
		{x509.SHA256WithRSAPSS, crypto.SHA256, true},
		{x509.SHA384WithRSAPSS, crypto.SHA384, true},
		{x509.SHA512WithRSAPSS, crypto.SHA512, true},
	}
	keys := []struct{ bits, e int }{
		{1024, 65537}, {1025, 3}, {1031, 65537}, {1032, 17}, {2047, 65537}, {2048, 65537},
		{2049, 2147483647}, {3072, 3},
	}
	serial := int64(1)
	for _, kc := range keys {
		k := newKey(kc.bits, kc.e)
		s := signer{k}
		caTemplate := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: fmt.Sprintf("ca-%d-%d", kc.bits, kc.e)},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
			KeyUsage: x509.KeyUsageCertSign, SignatureAlgorithm: x509.SHA256WithRSA,
		}
		caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, s.Public(), s)
		must(err)
		ca, err := x509.ParseCertificate(caDER)
		must(err)
		roots := x509.NewCertPool()
		roots.AddCert(ca)
		modBits, size := k.n.BitLen(), k.size()
		for _, a := range algs {
			if a.pss && (modBits-1+7)/8 < 2*a.h.Size()+2 {
				continue // too small for PSS with this hash: Go cannot sign the leaf
			}
			serial++
			leafTemplate := &x509.Certificate{
				SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "leaf"},
				NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
				ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, SignatureAlgorithm: a.alg,
			}
			leafKey := newKey(1024, 65537)
			leafDER, err := x509.CreateCertificate(rand.Reader, leafTemplate, ca, &rsa.PublicKey{N: leafKey.n, E: leafKey.e}, s)
			must(err)
			var parsed certificate
			_, err = asn1.Unmarshal(leafDER, &parsed)
			must(err)
			h := a.h.New()
			h.Write(parsed.TBS.FullBytes)
			digest := h.Sum(nil)
			hLen := len(digest)
			prefix := prefixes[a.h]
			other := prefixes[crypto.SHA256]
			if a.h == crypto.SHA256 {
				other = prefixes[crypto.SHA512]
			}
			sigs := map[string][]byte{}
			add := func(name string, em []byte) {
				if em == nil {
					return
				}
				if sig := k.raw(em); sig != nil {
					sigs[name] = sig
				}
			}
			if !a.pss {
				add("valid", pkcs1(size, prefix, digest))
				add("other-digestinfo", pkcs1(size, other, digest[:min(hLen, int(other[len(other)-1]))]))
				noNull := append([]byte{prefix[0] - 2, prefix[1], prefix[2], prefix[3] - 2}, prefix[4:len(prefix)-4]...)
				noNull = append(noNull, prefix[len(prefix)-2:]...)
				add("digestinfo-without-null", pkcs1(size, noNull, digest))
				em := pkcs1(size, prefix, digest)
				em[1] = 2
				add("block-type-2", em)
				em = pkcs1(size, prefix, digest)
				em[0] = 1
				add("leading-byte-1", em)
				em = pkcs1(size, prefix, digest)
				em[5] = 0xfe
				add("padding-byte-fe", em)
				em = pkcs1(size, prefix, digest)
				em[size-len(prefix)-hLen-1] = 0xff
				add("no-separator", em)
				em = pkcs1(size, prefix, digest)
				em[size-1] ^= 1
				add("digest-bit", em)
				add("digest-of-other-bytes", pkcs1(size, prefix, make([]byte, hLen)))
				em = append(pkcs1(size-1, prefix, digest), 0)
				add("shifted-encoding", em)
			} else {
				add("valid", pss(modBits, size, a.h, digest, hLen, nil, nil))
				add("salt-0", pss(modBits, size, a.h, digest, 0, nil, nil))
				add("salt-hlen-1", pss(modBits, size, a.h, digest, hLen-1, nil, nil))
				add("salt-hlen+1", pss(modBits, size, a.h, digest, hLen+1, nil, nil))
				maxSalt := (modBits-1+7)/8 - hLen - 2
				add("salt-max", pss(modBits, size, a.h, digest, maxSalt, nil, nil))
				add("trailer-bd", pss(modBits, size, a.h, digest, hLen, nil, func(em []byte) { em[len(em)-1] = 0xbd }))
				add("top-bits-set", pss(modBits, size, a.h, digest, hLen, nil, func(em []byte) {
					emLen := (modBits - 1 + 7) / 8
					em[len(em)-emLen] |= 0x80
				}))
				add("extra-leading-byte", pss(modBits, size, a.h, digest, hLen, nil, func(em []byte) {
					if emLen := (modBits - 1 + 7) / 8; emLen < len(em) {
						em[0] = 1
					}
				}))
				add("ps-nonzero", pss(modBits, size, a.h, digest, hLen, func(db []byte) { db[1] = 1 }, nil))
				add("separator-02", pss(modBits, size, a.h, digest, hLen, func(db []byte) {
					db[len(db)-hLen-1] = 2
				}, nil))
				add("h-bit", pss(modBits, size, a.h, digest, hLen, nil, func(em []byte) { em[len(em)-2] ^= 1 }))
				add("digest-of-other-bytes", pss(modBits, size, a.h, make([]byte, hLen), hLen, nil, nil))
			}
			if v := sigs["valid"]; v != nil {
				flipped := append([]byte{}, v...)
				flipped[len(flipped)/2] ^= 0x10
				sigs["signature-bit"] = flipped
				sigs["signature-short"] = v[1:]
				sigs["signature-long"] = append([]byte{0}, v...)
				sigs["signature-long-nonzero"] = append([]byte{1}, v...)
			}
			sigs["signature-zero"] = make([]byte, size)
			sigs["signature-one"] = big.NewInt(1).FillBytes(make([]byte, size))
			sigs["signature-n"] = k.n.FillBytes(make([]byte, size))
			sigs["signature-n-minus-1"] = new(big.Int).Sub(k.n, big.NewInt(1)).FillBytes(make([]byte, size))
			sigs["signature-all-ff"] = func() []byte {
				b := make([]byte, size)
				for i := range b {
					b[i] = 0xff
				}
				return b
			}()
			sigs["signature-empty"] = []byte{}
			for name, sig := range sigs {
				parsed.Signature = asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}
				der, err := asn1.Marshal(parsed)
				must(err)
				leaf, err := x509.ParseCertificate(der)
				must(err)
				verdict := "OK"
				if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, CurrentTime: now}); err != nil {
					verdict = err.Error()
				}
				fmt.Printf("%d-%d %s %s\t%s\t%s\t%s\n", kc.bits, kc.e, a.alg, name, hex.EncodeToString(caDER), hex.EncodeToString(der), verdict)
			}
		}
	}
	os.Stdout.Sync()
}
