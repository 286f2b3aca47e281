// Command handshake runs real crypto/tls handshakes over 127.0.0.1 between a server configured
// the way Argo CD configures its TLS servers and a client configured the way Argo CD's gRPC (or
// Dex HTTP) client is, and reports what each side observes. It is the independent half of the
// engine's interop test (tests/interop.rs): it reads a JSON list of scenarios on stdin and writes
// a JSON list of results on stdout. Standard library only (and Debian's redis-server binary).
//
// Everything Argo- or grpc-go-specific here is re-implemented from the behaviour reference
// (/work/shared/reference/argocd-tls.md), never from the Rust engine:
//   - getTLSVersionByString, getTLSCipherSuitesByString and the TLS customizer (§1.2–§1.5);
//   - generate() for the self-signed certificate (§2.1) and LoadX509CertPool (§6.1);
//   - grpc-go credentials.NewTLS defaults and ClientHandshake (§0.0 item 7, §6.4);
//   - grpc-go's transport framing just far enough to observe the preface exchange;
//   - the Dex client's VerifyPeerCertificate pin (§7);
//   - util/cache's go-redis TLS configuration (§9), against a real redis-server (redis.go: the
//     one server that is not Go, run as the redis container runs it).
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Server is one Argo CD TLS server as configured.
type Server struct {
	// Kind: "grpc" (TLS gRPC, NextProtos h2), "grpc-plaintext" (h2c gRPC), "https" (Dex web),
	// "http" (Dex without TLS), "redis-server" (a real redis-server, redis.go).
	Kind string `json:"kind"`
	// Redis: the redis container (Kind "redis-server").
	Redis *RedisServer `json:"redis,omitempty"`
	// CertPem/KeyPem: the mounted tls.crt/tls.key; both empty → a self-signed certificate for GenerateHosts.
	CertPem string `json:"certPem"`
	// CertPath/KeyPath: where the server reads them (CreateServerTLSConfig's error names them).
	CertPath      string   `json:"certPath"`
	KeyPath       string   `json:"keyPath"`
	KeyPem        string   `json:"keyPem"`
	GenerateHosts []string `json:"generateHosts"`
	// Argo's TLS flags (nil: the server has no customizer, e.g. Dex: Go defaults with min 1.2).
	MinVersion *string `json:"minVersion"`
	MaxVersion *string `json:"maxVersion"`
	Ciphers    *string `json:"ciphers"`
	// ClientCaPem: the client-ca.crt (mTLS when non-empty).
	ClientCaPem string `json:"clientCaPem"`
	// GoBefore122Names: the release was built with Go ≤ 1.21, whose cipher-suite names also
	// include the TLS_RSA_* and 3DES suites Go 1.22 moved out of tls.CipherSuites() (§1.1, §12).
	GoBefore122Names bool `json:"goBefore122Names,omitempty"`
	// StartupError: a startup failure derived from the manifests before any TLS setup (e.g.
	// the v3.5 --disable-tls check, §4.3).
	StartupError string `json:"startupError,omitempty"`
}

// TrustFile is one file of a LoadX509CertPool call; Pem nil = the file does not exist.
type TrustFile struct {
	Path string  `json:"path"`
	Pem  *string `json:"pem"`
}

// Client is one Argo CD client as configured.
type Client struct {
	// Kind: "grpc" (credentials.NewTLS), "grpc-plaintext" (insecure credentials), "https" (Dex
	// http.Transport), "redis" / "go-redis-tls" (an Argo CD Redis client without / with
	// --redis-use-tls, redis.go).
	Kind string `json:"kind"`
	// Redis: the Redis client's TLS settings (Kind "go-redis-tls").
	Redis *RedisClient `json:"redis,omitempty"`
	// Address as configured, e.g. argocd-repo-server:8081 or https://argocd-dex-server:5556.
	Address string `json:"address"`
	// Strict: verify (RootCAs = the pool) rather than InsecureSkipVerify.
	Strict bool        `json:"strict"`
	Trust  []TrustFile `json:"trust"`
	// CaPath: the trust is --repo-server-ca-cert-path (3.5+), loaded by the flag helper in
	// util/tls/tls.go (v3.5.1), which wraps the pool's error as "error loading repo-server CA: %w".
	CaPath bool `json:"caPath"`
	// SystemRoots: Go's default client (RootCAs nil: the machine's system roots, full
	// verification): argocd-server's Dex client with an explicit https:// and no Dex TLS config.
	SystemRoots bool `json:"systemRoots"`
	// PinnedPem: Dex strict mode's /app/config/dex/tls/tls.crt.
	PinnedPem     string `json:"pinnedPem"`
	ClientCertPem string `json:"clientCertPem"`
	ClientKeyPem  string `json:"clientKeyPem"`
	// MaxVersion caps the client ("1.2"); empty = not capped (Argo's clients never cap).
	MaxVersion string `json:"maxVersion"`
	// StartupError: a startup failure derived from the manifests (e.g. Dex strict TLS without
	// tls.crt, §7) that no handshake needs to show.
	StartupError string `json:"startupError,omitempty"`
}

// Scenario is one connection to try.
type Scenario struct {
	Name   string `json:"name"`
	Now    string `json:"now"`
	Server Server `json:"server"`
	Client Client `json:"client"`
	// Manifest: when set, Server and Client are derived from it (derive.go) and must be empty.
	Manifest *Manifest `json:"manifest,omitempty"`
	// ServerManifest: when set, the server is derived from it and the client from Manifest —
	// a plan's state, where each pod group runs the manifests it started with (reference §17).
	ServerManifest *Manifest `json:"serverManifest,omitempty"`
}

// Result is what was observed.
type Result struct {
	Name string `json:"name"`
	// ServerStartupError: the customizer / key-pair error that stops the server process.
	ServerStartupError *string `json:"serverStartupError"`
	// ClientStartupError: e.g. invalid cert data in <path>.
	ClientStartupError *string `json:"clientStartupError"`
	ClientError        *string `json:"clientError"`
	ServerError        *string `json:"serverError"`
	// ServerInfo: what the server notices but logs only at info level (grpc-go's channelz.Info
	// for a bogus HTTP/2 greeting), so nothing an operator sees by default.
	ServerInfo  *string `json:"serverInfo"`
	Version     *string `json:"version"`
	CipherSuite *string `json:"cipherSuite"`
	Alpn        *string `json:"alpn"`
	// HarnessError: the scenario could not be derived or run; never an observation.
	HarnessError *string `json:"harnessError"`
	// Derived: the server and client configuration derived from the manifests (for reading).
	Derived *Scenario `json:"derived,omitempty"`
}

func str(s string) *string { return &s }

// ---- Argo CD util/tls parsing (§1.2–§1.5) ----

var tlsVersionByString = map[string]uint16{
	"1.0": tls.VersionTLS10, "1.1": tls.VersionTLS11, "1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13,
}

const defaultTLSCipherSuite = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"

func getTLSVersionByString(version string) (uint16, error) {
	if version == "" {
		return 0, nil
	}
	if v, ok := tlsVersionByString[version]; ok {
		return v, nil
	}
	return 0, fmt.Errorf("%s is not valid TLS version", version)
}

func getTLSCipherSuitesByString(cipherSuites string, before122 bool) ([]uint16, error) {
	byName := map[string]uint16{}
	for _, s := range tls.CipherSuites() {
		byName[s.Name] = s.ID
	}
	if before122 {
		for _, s := range tls.InsecureCipherSuites() {
			if strings.HasPrefix(s.Name, "TLS_RSA_WITH_") || strings.Contains(s.Name, "_3DES_") {
				byName[s.Name] = s.ID
			}
		}
	}
	out := make([]uint16, 0)
	for _, elem := range strings.Split(cipherSuites, ":") {
		id, ok := byName[strings.TrimSpace(elem)]
		if !ok {
			return nil, fmt.Errorf("invalid cipher suite specified: %s", elem)
		}
		out = append(out, id)
	}
	return out, nil
}

// customize applies Argo's getTLSConfigCustomizer to cfg.
func customize(minS, maxS, ciphers string, before122 bool, cfg *tls.Config) error {
	minV, err := getTLSVersionByString(minS)
	if err != nil {
		return fmt.Errorf("error retrieving TLS version by min version %q: %w", minS, err)
	}
	maxV, err := getTLSVersionByString(maxS)
	if err != nil {
		return fmt.Errorf("error retrieving TLS version by max version %q: %w", maxS, err)
	}
	if minV > maxV {
		return fmt.Errorf("minimum TLS version %s must not be higher than maximum TLS version %s", minS, maxS)
	}
	if minV == tls.VersionTLS13 {
		ciphers = ""
	}
	if ciphers == "list" {
		return errors.New("Supported TLS ciphers: … (the process exits with status 0)")
	}
	suites := make([]uint16, 0)
	if ciphers != "" {
		suites, err = getTLSCipherSuitesByString(ciphers, before122)
		if err != nil {
			return fmt.Errorf("error retrieving TLS cipher suites: %w", err)
		}
	}
	cfg.MinVersion, cfg.MaxVersion, cfg.CipherSuites = minV, maxV, suites
	return nil
}

// ---- generate() (§2.1) ----

// generatedCerts: one self-signed certificate per hosts and instant, generated on first use.
// A server without a certificate makes its own at start; which of two such certificates a
// client meets changes nothing, since no client can trust or pin one (none is in any file),
// so the pairs of a run share it rather than each paying for an RSA key.
var generatedCerts = map[string]tls.Certificate{}

func generated(hosts []string, now time.Time) (tls.Certificate, error) {
	k := strings.Join(hosts, ",") + "@" + now.Format(time.RFC3339)
	if c, ok := generatedCerts[k]; ok {
		return c, nil
	}
	c, err := generate(hosts, now)
	if err == nil {
		generatedCerts[k] = c
	}
	return c, err
}

func generate(hosts []string, now time.Time) (tls.Certificate, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"Argo CD"}},
		NotBefore:             now,
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// loadX509CertPool is Argo's LoadX509CertPool (§6.1): missing files are skipped.
func loadX509CertPool(files []TrustFile) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	for _, f := range files {
		if f.Pem == nil {
			continue
		}
		if !pool.AppendCertsFromPEM([]byte(*f.Pem)) {
			return nil, fmt.Errorf("invalid cert data in %s", f.Path)
		}
	}
	return pool, nil
}

// ---- grpc-go credentials.NewTLS (§0.0 item 7) ----

var tls12ForbiddenCipherSuites = map[uint16]bool{
	tls.TLS_RSA_WITH_AES_128_CBC_SHA: true, tls.TLS_RSA_WITH_AES_256_CBC_SHA: true,
	tls.TLS_RSA_WITH_AES_128_GCM_SHA256: true, tls.TLS_RSA_WITH_AES_256_GCM_SHA384: true,
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: true, tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: true,
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: true, tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: true,
}

func grpcApplyDefaults(c *tls.Config) *tls.Config {
	cfg := c.Clone()
	if !contains(cfg.NextProtos, "h2") {
		cfg.NextProtos = append(cfg.NextProtos, "h2")
	}
	if cfg.MinVersion == 0 && (cfg.MaxVersion == 0 || cfg.MaxVersion >= tls.VersionTLS12) {
		cfg.MinVersion = tls.VersionTLS12
	}
	if cfg.CipherSuites == nil {
		for _, cs := range tls.CipherSuites() {
			if !tls12ForbiddenCipherSuites[cs.ID] {
				cfg.CipherSuites = append(cfg.CipherSuites, cs.ID)
			}
		}
	}
	return cfg
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hostOf is grpc-go's authority → ServerName: net.SplitHostPort's host, or the whole authority.
func hostOf(authority string) string {
	if h, _, err := net.SplitHostPort(authority); err == nil {
		return h
	}
	return authority
}

// grpcError is how a failed dial surfaces in an RPC: status Unavailable wrapping the
// transport's ConnectionError (whose Error() uses %q).
func grpcError(desc string) string {
	return fmt.Sprintf("rpc error: code = Unavailable desc = connection error: desc = %q", desc)
}

// HTTP/2 client connection preface and a SETTINGS frame (what each gRPC side writes first).
const clientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

var emptySettings = []byte{0, 0, 0, 4, 0, 0, 0, 0, 0}

// ---- the run ----

type serverOutcome struct {
	err   error
	info  error
	state *tls.ConnectionState
}

func run(sc Scenario) Result {
	res := Result{Name: sc.Name}
	now, err := time.Parse(time.RFC3339, sc.Now)
	if err != nil {
		res.ServerStartupError = str("bad now: " + err.Error())
		return res
	}
	clock := func() time.Time { return now }
	if sc.ServerManifest != nil && sc.Manifest == nil {
		res.HarnessError = str("a server manifest needs the client's manifest beside it")
		return res
	}
	if sc.Manifest != nil {
		if sc.Server.Kind != "" || sc.Client.Kind != "" {
			res.HarnessError = str("a scenario is either derived from its manifests or written out, not both")
			return res
		}
		if err := derive(&sc); err != nil {
			res.HarnessError = str(err.Error())
			return res
		}
		derived := sc
		derived.Manifest, derived.ServerManifest = nil, nil
		res.Derived = &derived
	}

	if sc.Server.Kind == "redis-server" {
		runRedis(sc, &res, now)
		return res
	}

	// Server config.
	var scfg *tls.Config
	if sc.Server.StartupError != "" {
		res.ServerStartupError = str(sc.Server.StartupError)
		return res
	}
	if sc.Server.Kind != "grpc-plaintext" && sc.Server.Kind != "http" {
		scfg = &tls.Config{Time: clock}
		if sc.Server.Kind == "https" {
			// Dex web: Go's defaults with Dex's minimum TLS 1.2; net/http offers h2 and http/1.1.
			scfg.MinVersion = tls.VersionTLS12
			scfg.NextProtos = []string{"h2", "http/1.1"}
		}
		// The repo-server's command validates the TLS flags (tlsConfigCustomizerSrc, fatal on
		// error) before reposerver.NewServer loads the certificate.
		if sc.Server.MinVersion != nil {
			if err := customize(*sc.Server.MinVersion, *sc.Server.MaxVersion, *sc.Server.Ciphers, sc.Server.GoBefore122Names, scfg); err != nil {
				res.ServerStartupError = str(err.Error())
				return res
			}
		}
		var cert tls.Certificate
		if sc.Server.CertPem == "" || sc.Server.KeyPem == "" {
			cert, err = generated(sc.Server.GenerateHosts, now)
		} else {
			cert, err = tls.X509KeyPair([]byte(sc.Server.CertPem), []byte(sc.Server.KeyPem))
			if err != nil && sc.Server.CertPath != "" {
				// util/tls CreateServerTLSConfig, wrapped by reposerver.NewServer
				err = fmt.Errorf("unable to initialize TLS configuration with cert=%s and key=%s: %w", sc.Server.CertPath, sc.Server.KeyPath, err)
				err = fmt.Errorf("error creating server TLS config: %w", err)
			}
		}
		if err != nil {
			res.ServerStartupError = str(err.Error())
			return res
		}
		scfg.Certificates = []tls.Certificate{cert}
		if sc.Server.ClientCaPem != "" {
			pool, err := loadX509CertPool([]TrustFile{{Path: "client-ca.crt", Pem: &sc.Server.ClientCaPem}})
			if err != nil {
				res.ServerStartupError = str(err.Error())
				return res
			}
			scfg.ClientCAs = pool
			scfg.ClientAuth = tls.RequireAndVerifyClientCert
		}
		if sc.Server.Kind == "grpc" {
			scfg = grpcApplyDefaults(scfg)
		}
	}

	// Client config.
	var ccfg *tls.Config
	if sc.Client.StartupError != "" {
		res.ClientStartupError = str(sc.Client.StartupError)
		return res
	}
	if sc.Client.Kind != "grpc-plaintext" {
		ccfg = &tls.Config{Time: clock}
		if sc.Client.SystemRoots {
			ccfg.RootCAs = nil
		} else if sc.Client.Strict {
			pool, err := loadX509CertPool(sc.Client.Trust)
			if err != nil && sc.Client.CaPath {
				err = fmt.Errorf("error loading repo-server CA: %w", err)
			}
			if err != nil {
				res.ClientStartupError = str(err.Error())
				return res
			}
			ccfg.RootCAs = pool
		} else {
			ccfg.InsecureSkipVerify = true
		}
		if sc.Client.PinnedPem != "" {
			pinned, err := loadX509Cert(sc.Client.PinnedPem)
			if err != nil {
				res.ClientStartupError = str(err.Error())
				return res
			}
			// util/dex: compare the first presented certificate with tls.crt, byte for byte.
			ccfg.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
				if len(raw) == 0 || string(raw[0]) != string(pinned.Raw) {
					return errors.New("dex server certificate does not match")
				}
				return nil
			}
		}
		if sc.Client.ClientCertPem != "" {
			pair, err := tls.X509KeyPair([]byte(sc.Client.ClientCertPem), []byte(sc.Client.ClientKeyPem))
			if err != nil {
				res.ClientStartupError = str("failed to load initial client certificate: " + err.Error())
				return res
			}
			ccfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &pair, nil }
		}
		if sc.Client.MaxVersion != "" {
			v, err := getTLSVersionByString(sc.Client.MaxVersion)
			if err != nil {
				res.ClientStartupError = str(err.Error())
				return res
			}
			ccfg.MaxVersion = v
		}
		if sc.Client.Kind == "grpc" {
			ccfg = grpcApplyDefaults(ccfg)
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		res.ServerStartupError = str("listen: " + err.Error())
		return res
	}
	defer ln.Close()
	serverDone := make(chan serverOutcome, 1)
	if sc.Server.Kind == "http" {
		// Dex with TLS disabled: a real net/http server; what it logs goes to ErrorLog.
		logged := &logBuffer{}
		srv := &http.Server{
			Handler:  http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "{}") }),
			ErrorLog: log.New(logged, "", 0),
		}
		go srv.Serve(ln)
		defer srv.Close()
		go func() {
			time.Sleep(500 * time.Millisecond)
			var err error
			if text := strings.TrimSpace(logged.String()); text != "" {
				err = errors.New(text)
			}
			serverDone <- serverOutcome{err: err}
		}()
	} else {
		go func() { serverDone <- serve(ln, sc.Server.Kind, scfg) }()
	}

	var clientErr error
	var state *tls.ConnectionState
	switch sc.Client.Kind {
	case "grpc":
		state, clientErr = grpcDial(ln.Addr().String(), sc.Client.Address, ccfg)
	case "grpc-plaintext":
		clientErr = grpcPlainDial(ln.Addr().String())
	case "https":
		state, clientErr = httpsGet(ln.Addr().String(), sc.Client.Address, ccfg)
	default:
		clientErr = fmt.Errorf("unknown client kind %q", sc.Client.Kind)
	}
	var so serverOutcome
	select {
	case so = <-serverDone:
	case <-time.After(10 * time.Second):
		so = serverOutcome{err: errors.New("harness: server timed out")}
	}
	if clientErr != nil {
		res.ClientError = str(clientErr.Error())
	}
	if so.err != nil {
		res.ServerError = str(so.err.Error())
	}
	if so.info != nil {
		res.ServerInfo = str(so.info.Error())
	}
	if state == nil {
		state = so.state
	}
	if state != nil && state.Version != 0 {
		res.Version = str(map[uint16]string{tls.VersionTLS10: "1.0", tls.VersionTLS11: "1.1", tls.VersionTLS12: "1.2", tls.VersionTLS13: "1.3"}[state.Version])
		res.CipherSuite = str(tls.CipherSuiteName(state.CipherSuite))
		if state.NegotiatedProtocol != "" {
			res.Alpn = str(state.NegotiatedProtocol)
		}
	}
	return res
}

// loadX509Cert is Argo's LoadX509Cert/ParseX509Cert on an existing file's content: the first
// PEM block, parsed as a certificate.
func loadX509Cert(pemText string) (*x509.Certificate, error) {
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return nil, errors.New("could not decode PEM")
	}
	return x509.ParseCertificate(block.Bytes)
}

// serve accepts one connection and behaves as the server kind does; it returns the error the
// server observes (the TLS handshake error, or gRPC's preface error) and the connection state.
func serve(ln net.Listener, kind string, cfg *tls.Config) serverOutcome {
	ln.(*net.TCPListener).SetDeadline(time.Now().Add(8 * time.Second))
	raw, err := ln.Accept()
	if err != nil {
		return serverOutcome{err: fmt.Errorf("harness: accept: %w", err)}
	}
	defer raw.Close()
	raw.SetDeadline(time.Now().Add(5 * time.Second))
	if kind == "grpc-plaintext" {
		// grpc-go's http2Server writes its SETTINGS first, then reads the client preface.
		raw.Write(emptySettings)
		buf := make([]byte, len(clientPreface))
		if _, err := io.ReadFull(raw, buf); err != nil {
			return serverOutcome{err: err}
		}
		if string(buf) != clientPreface {
			// grpc-go: NewServerTransport fails and Server.handleRawConn reports it through
			// channelz.Info (info level) only.
			return serverOutcome{info: fmt.Errorf("transport: http2Server.HandleStreams received bogus greeting from client: %q", buf)}
		}
		return serverOutcome{}
	}
	conn := tls.Server(raw, cfg)
	if err := conn.HandshakeContext(context.Background()); err != nil {
		return serverOutcome{err: err}
	}
	st := conn.ConnectionState()
	if kind == "https" {
		// Answer one HTTP/1.1 request.
		req, err := http.ReadRequest(bufio.NewReader(conn))
		if err != nil {
			return serverOutcome{err: err, state: &st}
		}
		req.Body.Close()
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
		return serverOutcome{state: &st}
	}
	// gRPC server: SETTINGS first, then read the client preface.
	if _, err := conn.Write(emptySettings); err != nil {
		return serverOutcome{err: err, state: &st}
	}
	buf := make([]byte, len(clientPreface))
	if _, err := io.ReadFull(conn, buf); err != nil {
		return serverOutcome{err: err, state: &st}
	}
	if string(buf) != clientPreface {
		return serverOutcome{err: fmt.Errorf("transport: http2Server.HandleStreams received bogus greeting from client: %q", buf), state: &st}
	}
	return serverOutcome{state: &st}
}

// grpcDial is grpc-go's newHTTP2Client over credentials.NewTLS: handshake (ServerName = host of
// the target), ALPN check, client preface, then the server's preface (its first frame).
func grpcDial(listen, target string, cfg *tls.Config) (*tls.ConnectionState, error) {
	raw, err := net.DialTimeout("tcp", listen, 5*time.Second)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	raw.SetDeadline(time.Now().Add(5 * time.Second))
	c := cfg.Clone()
	if c.ServerName == "" {
		c.ServerName = hostOf(target)
	}
	conn := tls.Client(raw, c)
	if err := conn.HandshakeContext(context.Background()); err != nil {
		st := conn.ConnectionState()
		return &st, errors.New(grpcError("transport: authentication handshake failed: " + err.Error()))
	}
	st := conn.ConnectionState()
	if st.NegotiatedProtocol == "" {
		return &st, errors.New(grpcError("transport: authentication handshake failed: credentials: cannot check peer: missing selected ALPN property"))
	}
	if _, err := conn.Write(append([]byte(clientPreface), emptySettings...)); err != nil {
		return &st, errors.New(grpcError("transport: failed to write client preface: " + err.Error()))
	}
	hdr := make([]byte, 9)
	if _, err := io.ReadFull(conn, hdr); err != nil {
		return &st, errors.New(grpcError("error reading server preface: " + err.Error()))
	}
	if hdr[3] != 4 {
		return &st, errors.New(grpcError("first frame received is not a setting frame"))
	}
	return &st, nil
}

// grpcPlainDial is grpc-go's h2c client: write the preface, read the server's first frame.
func grpcPlainDial(listen string) error {
	raw, err := net.DialTimeout("tcp", listen, 5*time.Second)
	if err != nil {
		return err
	}
	defer raw.Close()
	raw.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := raw.Write(append([]byte(clientPreface), emptySettings...)); err != nil {
		return errors.New(grpcError("transport: failed to write client preface: " + err.Error()))
	}
	hdr := make([]byte, 9)
	if _, err := io.ReadFull(raw, hdr); err != nil {
		return errors.New(grpcError("error reading server preface: " + err.Error()))
	}
	if hdr[3] != 4 {
		return errors.New(grpcError("first frame received is not a setting frame"))
	}
	return nil
}

// httpsGet is argocd-server's Dex client: an http.Transport with Argo's TLS config (no ALPN
// configured, so HTTP/1.1), fetching OIDC discovery from the configured URL; the dial goes to
// the local listener.
func httpsGet(listen, base string, cfg *tls.Config) (*tls.ConnectionState, error) {
	var st *tls.ConnectionState
	tr := &http.Transport{
		TLSClientConfig: cfg,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, listen)
		},
		// The handshake the Transport would do (ServerName = the URL's host), done here only to
		// keep the connection state, which a failed request does not return.
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			var d net.Dialer
			raw, err := d.DialContext(ctx, network, listen)
			if err != nil {
				return nil, err
			}
			c := cfg.Clone()
			if c.ServerName == "" {
				c.ServerName = hostOf(addr)
			}
			conn := tls.Client(raw, c)
			err = conn.HandshakeContext(ctx)
			s := conn.ConnectionState()
			st = &s
			if err != nil {
				raw.Close()
				return nil, err
			}
			return conn, nil
		},
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	resp, err := client.Get(strings.TrimSuffix(base, "/") + "/api/dex/.well-known/openid-configuration")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return st, nil
}

// logBuffer collects a server's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func main() {
	var scenarios []Scenario
	if err := json.NewDecoder(os.Stdin).Decode(&scenarios); err != nil {
		fmt.Fprintln(os.Stderr, "handshake: bad input:", err)
		os.Exit(2)
	}
	out := make([]Result, 0, len(scenarios))
	for _, sc := range scenarios {
		out = append(out, run(sc))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		os.Exit(2)
	}
}
