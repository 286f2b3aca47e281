// Records Go's (*x509.Certificate).CheckSignatureFrom verdict for every self-issued certificate
// of the shared corpora (the certificate checked against itself), keyed by the SHA-256 of its DER.
//
//	cd tests/signature_oracle && GOTOOLCHAIN=local GOPROXY=off go run . > ../signature-oracle.tsv
package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	root := "../../../shared/corpora"
	seen := map[string]string{}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		var ders [][]byte
		if strings.HasSuffix(path, ".der") {
			ders = append(ders, data)
		} else {
			for {
				var b *pem.Block
				b, data = pem.Decode(data)
				if b == nil {
					break
				}
				if b.Type == "CERTIFICATE" {
					ders = append(ders, b.Bytes)
				}
			}
		}
		for _, der := range ders {
			c, err := x509.ParseCertificate(der)
			if err != nil || !bytes.Equal(c.RawIssuer, c.RawSubject) {
				continue
			}
			sum := sha256.Sum256(der)
			verdict := "OK"
			if err := c.CheckSignatureFrom(c); err != nil {
				verdict = err.Error()
			}
			seen[hex.EncodeToString(sum[:])] = verdict
		}
		return nil
	})
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%s\t%s\n", k, strings.ReplaceAll(seen[k], "\n", " "))
	}
}
