// Command verifyargocd is the oracle of tests/verify_argocd.rs: Go's x509.Certificate.Verify on
// Argo CD's own test certificates. Standard library only, offline.
//
// Input on stdin, one case per line, tab-separated:
//
//	label  leaf-file  roots (comma-separated files, may be empty)  DNS name  RFC 3339 time  key usage ("" or "clientAuth")
//
// Files are read from the directory given as the only argument. Output, one line per case:
//
//	label  TAB  "OK <n> chains len <m>"  or Go's error text
package main

import (
	"bufio"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func load(dir, name string) *x509.Certificate {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fail(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		fail(fmt.Errorf("%s: no PEM block", name))
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		fail(fmt.Errorf("%s: %w", name, err))
	}
	return cert
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 2 {
		fail(fmt.Errorf("usage: verifyargocd DIR < cases.tsv"))
	}
	dir := os.Args[1]
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		line := scanner.Text()
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			fail(fmt.Errorf("want 6 fields: %q", line))
		}
		at, err := time.Parse(time.RFC3339, f[4])
		if err != nil {
			fail(err)
		}
		roots := x509.NewCertPool()
		if f[2] != "" {
			for _, r := range strings.Split(f[2], ",") {
				roots.AddCert(load(dir, r))
			}
		}
		opts := x509.VerifyOptions{Roots: roots, DNSName: f[3], CurrentTime: at}
		if f[5] == "clientAuth" {
			opts.KeyUsages = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
		}
		chains, err := load(dir, f[1]).Verify(opts)
		if err != nil {
			fmt.Printf("%s\t%s\n", f[0], err.Error())
		} else {
			fmt.Printf("%s\tOK %d chains len %d\n", f[0], len(chains), len(chains[0]))
		}
	}
	if err := scanner.Err(); err != nil {
		fail(err)
	}
}
