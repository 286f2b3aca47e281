// Command edge runs the way-in scenarios of tests/edge.rs for real: a Go server wired the way
// argocd-server wires its port 8080, optionally behind real nginx configured the way
// ingress-nginx configures each backend-protocol, and Go clients playing the browser, the argocd
// CLI (gRPC over HTTP/2, and --grpc-web) and an API client. It reads a JSON list of scenarios on
// stdin and writes a JSON list of observations on stdout. Standard library only.
//
// Everything here is written from Argo CD's and ingress-nginx's sources as read for facts (the
// behaviour reference §2.2, §3.5, §3.6; argo-cd server/server.go at v3.5.1: ArgoCDServer.Run's
// cmux wiring, newRedirectServer, handlerSwitcher; ingress-nginx internal/ingress/controller/
// template/template.go buildProxyPass: proxy_pass http:// or https://, grpc_pass grpc:// or
// grpcs://, to upstream_balancer; proxy_redirect off), never from the Rust engine.
//
// Where argocd-server's cmux closes a connection that no matcher takes, this stand-in does the
// same for the first bytes it can see (HTTP/1 method, HTTP/2 preface, TLS record); an HTTP/2
// stream without `content-type: application/grpc` inside an accepted HTTP/2 connection is reset
// (cmux closes the whole connection; a proxy answers 502 either way).
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
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
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Scenario is one way in to try.
type Scenario struct {
	Name string `json:"name"`
	// ServerTLS: argocd-server without --insecure (TLS on).
	ServerTLS bool `json:"serverTls"`
	// ServerCertPem/ServerKeyPem: argocd-server-tls; empty → the self-signed certificate
	// argocd-server generates (§2.2) for namespace argocd.
	ServerCertPem string `json:"serverCertPem"`
	ServerKeyPem  string `json:"serverKeyPem"`
	// Edge: "nginx" (ingress-nginx) or "direct" (passthrough / L4: the client dials argocd-server).
	Edge string `json:"edge"`
	// BackendProtocol: ingress-nginx's annotation value (HTTP, HTTPS, GRPC, GRPCS).
	BackendProtocol string `json:"backendProtocol"`
	// ProxySSLVerify: proxy-ssl-verify "on" with ProxySSLCaPem (proxy-ssl-secret's ca.crt) and
	// ProxySSLName (proxy-ssl-name; empty → nginx checks the upstream's name, upstream_balancer).
	ProxySSLVerify bool   `json:"proxySslVerify"`
	ProxySSLCaPem  string `json:"proxySslCaPem"`
	ProxySSLName   string `json:"proxySslName"`
	// ProxySSLServerName: nginx sends ProxySSLName as SNI (proxy_ssl_server_name on): a Gateway
	// honouring a BackendTLSPolicy sends its hostname as SNI and checks the certificate for it
	// (NGINX Gateway Fabric writes these directives; other implementations are not nginx).
	ProxySSLServerName bool `json:"proxySslServerName"`
	// NoPlainHTTP: the edge has no port 80 to play (a Gateway with only an HTTPS listener).
	NoPlainHTTP bool `json:"noPlainHttp"`
	// EdgeCertPem/EdgeKeyPem: the Ingress TLS Secret nginx serves.
	EdgeCertPem string `json:"edgeCertPem"`
	EdgeKeyPem  string `json:"edgeKeyPem"`
	// HasTLS: a spec.tls entry covers the host (else nginx serves ingress-nginx's default
	// "Kubernetes Ingress Controller Fake Certificate", valid for ingress.local).
	HasTLS bool `json:"hasTls"`
	// SSLRedirect / ForceSSLRedirect: the ssl-redirect annotation as written ("" when absent)
	// and force-ssl-redirect "true".
	SSLRedirect      string `json:"sslRedirect"`
	ForceSSLRedirect bool   `json:"forceSslRedirect"`
	// RootPath: argocd-server's --rootpath ("" for none). IngressPath: the Ingress rule's
	// Prefix path ("/" when empty). BrowserPath: the URL path the browser opens ("/" when
	// empty). GRPCWebRootPath: argocd --grpc-web-root-path for an extra gRPC-web client.
	RootPath        string `json:"rootPath"`
	IngressPath     string `json:"ingressPath"`
	BrowserPath     string `json:"browserPath"`
	GRPCWebRootPath string `json:"grpcWebRootPath"`
	// Host: what the clients dial; ClientCaPem: the clients' trusted roots.
	Host        string `json:"host"`
	ClientCaPem string `json:"clientCaPem"`
}

// Observation is what one client saw.
type Observation struct {
	Client string `json:"client"`
	// Statuses: every HTTP status received, in order (a followed redirect adds one).
	Statuses []int `json:"statuses"`
	// ContentType: of the last response; nil when the header is absent.
	ContentType *string `json:"contentType"`
	// GrpcStatus: grpc-status of the last response (trailer, or grpc-web trailer frame).
	GrpcStatus *string `json:"grpcStatus"`
	// Proto: HTTP version of the last response.
	Proto string `json:"proto"`
	// Error: the Go client's error; for the gRPC client, grpc-go's text for what it saw.
	Error *string `json:"error"`
}

// Result is one scenario's observations.
type Result struct {
	Name         string        `json:"name"`
	Observations []Observation `json:"observations"`
	HarnessError *string       `json:"harnessError"`
	NginxLog     string        `json:"nginxLog,omitempty"`
}

func str(s string) *string { return &s }

// ---- argocd-server's self-signed certificate (§2.1, §2.2) ----

func generate(hosts []string) (tls.Certificate, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	now := time.Now()
	tmpl := x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"Argo CD"}},
		NotBefore:             now,
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              hosts,
	}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// ---- the argocd-server stand-in ----

// peekConn replays the bytes a matcher looked at.
type peekConn struct {
	net.Conn
	r *bufio.Reader
}

func (c peekConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// oneConn is a listener that yields one connection (http.Server.Serve on a matched connection).
type oneConn struct {
	c    chan net.Conn
	addr net.Addr
}

func newOneConn(c net.Conn) *oneConn {
	l := &oneConn{c: make(chan net.Conn, 1), addr: c.LocalAddr()}
	l.c <- c
	return l
}
func (l *oneConn) Accept() (net.Conn, error) {
	c, ok := <-l.c
	if !ok {
		return nil, net.ErrClosed
	}
	return c, nil
}
func (l *oneConn) Close() error   { return nil }
func (l *oneConn) Addr() net.Addr { return l.addr }

// cmux's HTTP1Fast("PATCH"): the request line starts with a known method.
var http1Methods = []string{"GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "CONNECT ", "TRACE ", "PATCH "}

func isHTTP1(b []byte) bool {
	for _, m := range http1Methods {
		if bytes.HasPrefix(b, []byte(m)) {
			return true
		}
	}
	return false
}

const h2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// redirectTo is newRedirectServer's handler (v3.5.1): 307 to https://<Host>[/<root>]<path>[?query],
// the root not added again when the path already starts with it.
func redirectTo(rootPath string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		target := "https://" + r.Host
		if root := strings.Trim(rootPath, "/"); root != "" && !strings.HasPrefix(r.URL.Path, "/"+root) {
			target += "/" + root
		}
		target += r.URL.Path
		if len(r.URL.RawQuery) > 0 {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusTemporaryRedirect)
	}
}

// withRootPath is argocd-server's wrapping of its HTTP handler under --rootpath: a ServeMux
// serving only /<root>/ (prefix stripped); /<root> gets the mux's 301, the rest its 404.
func withRootPath(h http.Handler, rootPath string) http.Handler {
	root := strings.Trim(rootPath, "/")
	if root == "" {
		return h
	}
	mux := http.NewServeMux()
	mux.Handle("/"+root+"/", http.StripPrefix("/"+root, h))
	return mux
}

// grpcWebOK is a gRPC-web answer: an empty message frame and the trailer frame.
func grpcWebOK(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/grpc-web+proto")
	w.WriteHeader(200)
	_, _ = w.Write([]byte{0, 0, 0, 0, 0})
	trailer := []byte("grpc-status:0\r\ngrpc-message:\r\n")
	head := make([]byte, 5)
	head[0] = 0x80
	binary.BigEndian.PutUint32(head[1:], uint32(len(trailer)))
	_, _ = w.Write(append(head, trailer...))
}

// httpHandler is the HTTP server's handlerSwitcher: gRPC-web by content type, the REST API under
// /api/, the UI's files (index.html for a page load, 404 otherwise).
func httpHandler(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("content-type") == "application/grpc-web+proto" {
		grpcWebOK(w)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
		return
	}
	accept := false
	for _, t := range strings.Split(r.Header.Get("Accept"), ",") {
		if t == "text/html" || t == "html" {
			accept = true
		}
	}
	if accept && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<!doctype html><title>Argo CD</title>")
		return
	}
	http.NotFound(w, r)
}

// grpcHandler serves HTTP/2 requests the gRPC matcher took (content-type exactly
// application/grpc); others are reset, as cmux would drop the connection.
func grpcHandler(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("content-type") != "application/grpc" {
		panic(http.ErrAbortHandler)
	}
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/grpc")
	w.Header().Set("Trailer", "Grpc-Status, Grpc-Message")
	w.WriteHeader(200)
	_, _ = w.Write([]byte{0, 0, 0, 0, 0})
	w.Header().Set("Grpc-Status", "0")
	w.Header().Set("Grpc-Message", "")
}

func serveHTTP1(c net.Conn, h http.Handler) {
	s := &http.Server{Handler: h, ErrorLog: log.New(io.Discard, "", 0)}
	_ = s.Serve(newOneConn(c))
}

func serveH2c(c net.Conn) {
	p := new(http.Protocols)
	p.SetUnencryptedHTTP2(true)
	s := &http.Server{Handler: http.HandlerFunc(grpcHandler), Protocols: p, ErrorLog: log.New(io.Discard, "", 0)}
	_ = s.Serve(newOneConn(c))
}

// serveArgo accepts connections as ArgoCDServer.Run's listeners do.
func serveArgo(ln net.Listener, tlsOn bool, cert *tls.Certificate, rootPath string, done chan struct{}) {
	handler := withRootPath(http.HandlerFunc(httpHandler), rootPath)
	for {
		c, err := ln.Accept()
		if err != nil {
			close(done)
			return
		}
		go func(c net.Conn) {
			r := bufio.NewReader(c)
			_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
			first, _ := r.Peek(8)
			_ = c.SetReadDeadline(time.Time{})
			pc := peekConn{c, r}
			switch {
			case isHTTP1(first) && tlsOn:
				serveHTTP1(pc, redirectTo(rootPath))
			case isHTTP1(first):
				serveHTTP1(pc, handler)
			case !tlsOn:
				full, _ := r.Peek(len(h2Preface))
				if string(full) == h2Preface {
					serveH2c(pc)
					return
				}
				c.Close() // no matcher: cmux closes
			default:
				cfg := &tls.Config{
					NextProtos: []string{"http/1.1", "h2"},
					GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
						return cert, nil
					},
					MinVersion:   tls.VersionTLS12,
					CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
				}
				tc := tls.Server(pc, cfg)
				if err := tc.Handshake(); err != nil {
					c.Close()
					return
				}
				// The inner cmux matches the decrypted bytes (not the ALPN): HTTP/1 to the
				// HTTPS server, an HTTP/2 preface to gRPC, anything else is closed.
				tr := bufio.NewReader(tc)
				inner, _ := tr.Peek(len(h2Preface))
				tpc := peekConn{tc, tr}
				switch {
				case isHTTP1(inner):
					serveHTTP1(tpc, handler)
				case string(inner) == h2Preface:
					serveH2c(tpc)
				default:
					tc.Close()
				}
			}
		}(c)
	}
}

// ---- nginx configured as ingress-nginx configures one Ingress ----

// redirectsToHTTPS is ingress-nginx's redirect_to_https for a request on port 80: always with
// force-ssl-redirect, else with ssl-redirect (default true) when the host has TLS.
func redirectsToHTTPS(sc Scenario) bool {
	return sc.ForceSSLRedirect || (sc.SSLRedirect != "false" && sc.HasTLS)
}

func nginxConf(dir string, port, httpPort, upstream int, sc Scenario) string {
	var loc strings.Builder
	switch sc.BackendProtocol {
	case "GRPC":
		loc.WriteString("      grpc_pass grpc://upstream_balancer;\n")
	case "GRPCS":
		loc.WriteString("      grpc_pass grpcs://upstream_balancer;\n")
	case "HTTPS":
		loc.WriteString("      proxy_pass https://upstream_balancer;\n")
	default:
		loc.WriteString("      proxy_pass http://upstream_balancer;\n")
	}
	if sc.ProxySSLVerify {
		prefix := "proxy"
		if strings.HasPrefix(sc.BackendProtocol, "GRPC") {
			prefix = "grpc"
		}
		fmt.Fprintf(&loc, "      %s_ssl_verify on;\n      %s_ssl_trusted_certificate %s;\n      %s_ssl_verify_depth 1;\n",
			prefix, prefix, filepath.Join(dir, "proxy-ca.crt"), prefix)
		if sc.ProxySSLName != "" {
			fmt.Fprintf(&loc, "      %s_ssl_name %s;\n", prefix, sc.ProxySSLName)
		}
		if sc.ProxySSLServerName {
			fmt.Fprintf(&loc, "      %s_ssl_server_name on;\n", prefix)
		}
	}
	// Port 80: ingress-nginx's default http-redirect-code is 308, to https://<host><request_uri>.
	plain := loc.String()
	if redirectsToHTTPS(sc) {
		plain = "      return 308 https://$host$request_uri;\n"
	}
	// A Prefix path: ingress-nginx writes `location <path>/` and `location = <path>`; every other
	// path of the host goes to its default backend (`return 404`).
	locations := func(body string) string {
		const proxy = "      proxy_http_version 1.1;\n      proxy_redirect off;\n      proxy_set_header Host $host;\n"
		p := strings.TrimRight(sc.IngressPath, "/")
		if p == "" {
			return "    location / {\n" + proxy + body + "    }\n"
		}
		return fmt.Sprintf("    location %[1]s/ {\n%[2]s%[3]s    }\n    location = %[1]s {\n%[2]s%[3]s    }\n    location / {\n      return 404;\n    }\n", p, proxy, body)
	}
	return fmt.Sprintf(`worker_processes 1;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log info;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  upstream upstream_balancer { server 127.0.0.1:%[3]d; }
  server {
    listen 127.0.0.1:%[2]d ssl http2;
    server_name %[4]s;
    ssl_certificate %[1]s/edge.crt;
    ssl_certificate_key %[1]s/edge.key;
%[5]s  }
  server {
    listen 127.0.0.1:%[6]d;
    server_name %[4]s;
%[7]s  }
}
`, dir, port, upstream, sc.Host, locations(loc.String()), httpPort, locations(plain))
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startNginx(dir string, port, httpPort, upstream int, sc Scenario) (*exec.Cmd, error) {
	for _, d := range []string{"body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return nil, err
		}
	}
	edgeCrt, edgeKey := sc.EdgeCertPem, sc.EdgeKeyPem
	if !sc.HasTLS {
		// ingress-nginx's default certificate: self-signed, valid for ingress.local.
		c, err := generate([]string{"ingress.local"})
		if err != nil {
			return nil, err
		}
		edgeCrt = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Certificate[0]}))
		der, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
		if err != nil {
			return nil, err
		}
		edgeKey = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}
	files := map[string]string{"edge.crt": edgeCrt, "edge.key": edgeKey, "proxy-ca.crt": sc.ProxySSLCaPem,
		"nginx.conf": nginxConf(dir, port, httpPort, upstream, sc)}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			return nil, err
		}
	}
	bin := os.Getenv("NGINX")
	if bin == "" {
		bin = "nginx"
	}
	cmd := exec.Command(bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"))
	cmd.Stderr = io.Discard
	pidFile := filepath.Join(dir, "nginx.pid")
	_ = os.Remove(pidFile)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	// nginx writes its pid file after it has bound every listen socket. A port that another
	// process took between freePort and nginx's bind answers a dial too, so readiness is the pid
	// file, and an nginx that exits (it gives up binding after five tries) is errPortTaken.
	for i := 0; i < 200; i++ {
		select {
		case <-exited:
			return nil, errPortTaken
		default:
		}
		if _, err := os.Stat(pidFile); err == nil {
			if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
				c.Close()
				return cmd, nil
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	<-exited
	return nil, errors.New("nginx did not listen")
}

// errPortTaken: nginx exited before it listened, because a port freePort chose was taken by
// another process (tests run in parallel) before nginx bound it.
var errPortTaken = errors.New("nginx exited before listening (a port was taken)")

// ---- the clients ----

// grpcGoText is what grpc-go (internal/transport/http2_client.go operateHeaders, v1.81) makes of
// an answer that is not gRPC: HTTPStatusConvTab, the status error, the content-type error.
func grpcGoText(status int, contentType *string) string {
	code := map[int]string{400: "Internal", 401: "Unauthenticated", 403: "PermissionDenied", 404: "Unimplemented",
		429: "Unavailable", 502: "Unavailable", 503: "Unavailable", 504: "Unavailable"}[status]
	if code == "" {
		code = "Unknown"
	}
	var errs []string
	if status != 200 {
		errs = append(errs, fmt.Sprintf("unexpected HTTP status code received from server: %d (%s)", status, http.StatusText(status)))
	}
	if contentType == nil {
		errs = append(errs, "malformed header: missing HTTP content-type")
	} else {
		errs = append(errs, fmt.Sprintf("transport: received unexpected content-type %q", *contentType))
	}
	return fmt.Sprintf("rpc error: code = %s desc = %s", code, strings.Join(errs, "; "))
}

func contentType(h http.Header) *string {
	if v, ok := h["Content-Type"]; ok && len(v) > 0 {
		return str(v[0])
	}
	return nil
}

// runClients plays the clients against addr (the host's port 443) and httpAddr (its port 80;
// empty: not served).
func runClients(sc Scenario, addr, httpAddr string) []Observation {
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM([]byte(sc.ClientCaPem))
	dial := func(ctx context.Context, network, to string) (net.Conn, error) {
		var d net.Dialer
		if strings.HasSuffix(to, ":80") {
			return d.DialContext(ctx, network, httpAddr)
		}
		return d.DialContext(ctx, network, addr)
	}
	transport := func(h2 bool, alpn []string) *http.Transport {
		return &http.Transport{
			DialContext:       dial,
			TLSClientConfig:   &tls.Config{RootCAs: roots, ServerName: sc.Host, NextProtos: alpn},
			ForceAttemptHTTP2: h2,
			DisableKeepAlives: true,
		}
	}
	page := sc.BrowserPath
	if page == "" {
		page = "/"
	}
	url := "https://" + sc.Host + page
	var out []Observation

	// Browser: HTTP/2 when offered, follows redirects as Chromium does: 20, then
	// ERR_TOO_MANY_REDIRECTS on the 21st; typed as https:// and, where port 80 is served, http://.
	browser := func(name, url string) Observation {
		o := Observation{Client: name}
		client := &http.Client{Transport: transport(true, nil), Timeout: 10 * time.Second,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) > 20 {
					return errors.New("ERR_TOO_MANY_REDIRECTS")
				}
				return nil
			}}
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Accept", "text/html")
		var statuses []int
		client.Transport = recordStatuses(client.Transport, &statuses)
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			o.ContentType, o.Proto = contentType(resp.Header), resp.Proto
		} else {
			o.Error = str(unwrapURL(err))
		}
		o.Statuses = statuses
		return o
	}
	out = append(out, browser("browser", url))
	if httpAddr != "" {
		out = append(out, browser("browser http://", "http://"+sc.Host+page))
	}
	// API client (webhook sender): HTTP/1.1, follows no redirect.
	{
		o := Observation{Client: "api-client"}
		client := &http.Client{Transport: transport(false, nil), Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		// An API client calls paths below the base URL.
		apiURL := url
		if !strings.HasSuffix(apiURL, "/") {
			apiURL += "/"
		}
		req, _ := http.NewRequest("GET", apiURL, nil)
		req.Header.Set("Accept", "text/html")
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			o.Statuses, o.ContentType, o.Proto = []int{resp.StatusCode}, contentType(resp.Header), resp.Proto
		} else {
			o.Error = str(unwrapURL(err))
		}
		out = append(out, o)
	}
	// The CLI's gRPC: HTTP/2 only (ALPN h2), POST with content-type application/grpc, no redirect;
	// with --insecure the certificate is not checked.
	for _, v := range []struct {
		name       string
		skipVerify bool
	}{{"argocd-cli", false}, {"argocd-cli --insecure", true}} {
		name, skipVerify := v.name, v.skipVerify
		o := Observation{Client: name}
		// grpc-go offers ALPN h2 only (credentials.NewTLS, reference §0.0 item 7).
		t := transport(true, nil)
		t.TLSClientConfig.InsecureSkipVerify = skipVerify
		p := new(http.Protocols)
		p.SetHTTP2(true)
		t.Protocols = p
		client := &http.Client{Transport: t, Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		req, _ := http.NewRequest("POST", "https://"+sc.Host+"/version.VersionService/Version", bytes.NewReader([]byte{0, 0, 0, 0, 0}))
		req.Header.Set("Content-Type", "application/grpc")
		req.Header.Set("TE", "trailers")
		resp, err := client.Do(req)
		if err != nil {
			// grpc-go wraps a failed handshake as a connection error.
			var e string
			ue := unwrapURL(err)
			if strings.Contains(ue, "tls: ") || ue == "EOF" {
				e = fmt.Sprintf("rpc error: code = Unavailable desc = connection error: desc = \"transport: authentication handshake failed: %s\"", ue)
			} else {
				e = ue
			}
			o.Error = str(e)
		} else {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			o.Statuses, o.ContentType, o.Proto = []int{resp.StatusCode}, contentType(resp.Header), resp.Proto
			gs := resp.Trailer.Get("Grpc-Status")
			if gs == "" {
				gs = resp.Header.Get("Grpc-Status")
			}
			if gs != "" {
				o.GrpcStatus = str(gs)
			}
			ct := ""
			if o.ContentType != nil {
				ct = *o.ContentType
			}
			isGRPC := ct == "application/grpc" || strings.HasPrefix(ct, "application/grpc+") || strings.HasPrefix(ct, "application/grpc;")
			if !isGRPC || resp.StatusCode != 200 {
				o.Error = str(grpcGoText(resp.StatusCode, o.ContentType))
			}
		}
		out = append(out, o)
	}
	// The CLI with --grpc-web (and, under a --rootpath, with --grpc-web-root-path): POST
	// application/grpc-web+proto over HTTP/1.1, Go's redirect policy. The argocd CLI's gRPC-web
	// proxy (pkg/apiclient/grpcproxy.go executeRequest) fails the call with Go's error or
	// "POST <url> failed with status code <n>", which its local gRPC server returns as Unknown.
	grpcWeb := func(name, root string) Observation {
		o := Observation{Client: name}
		var statuses []int
		client := &http.Client{Transport: recordStatuses(transport(false, nil), &statuses), Timeout: 10 * time.Second}
		path := "/version.VersionService/Version"
		if r := strings.Trim(root, "/"); r != "" {
			path = "/" + r + path
		}
		req, _ := http.NewRequest("POST", "https://"+sc.Host+path, bytes.NewReader([]byte{0, 0, 0, 0, 0}))
		req.Header.Set("Content-Type", "application/grpc-web+proto")
		resp, err := client.Do(req)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			o.ContentType, o.Proto = contentType(resp.Header), resp.Proto
			if resp.StatusCode != http.StatusOK {
				o.Error = str(fmt.Sprintf("rpc error: code = Unknown desc = %s %s failed with status code %d", req.Method, req.URL, resp.StatusCode))
			}
			if i := bytes.Index(body, []byte("grpc-status:")); i >= 0 {
				rest := string(body[i+len("grpc-status:"):])
				o.GrpcStatus = str(strings.TrimSpace(strings.SplitN(rest, "\r\n", 2)[0]))
			}
		} else {
			o.Error = str("rpc error: code = Unknown desc = " + err.Error())
		}
		o.Statuses = statuses
		return o
	}
	out = append(out, grpcWeb("argocd-cli --grpc-web", ""))
	if sc.GRPCWebRootPath != "" {
		out = append(out, grpcWeb("argocd-cli --grpc-web --grpc-web-root-path "+sc.GRPCWebRootPath, sc.GRPCWebRootPath))
	}
	return out
}

// unwrapURL drops net/http's `Get "url": ` wrapping (the URL is the harness's, not the user's).
func unwrapURL(err error) string {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			return inner.Error()
		}
	}
	return err.Error()
}

type statusRecorder struct {
	inner    http.RoundTripper
	statuses *[]int
	mu       sync.Mutex
}

func (s *statusRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.inner.RoundTrip(r)
	if err == nil {
		s.mu.Lock()
		*s.statuses = append(*s.statuses, resp.StatusCode)
		s.mu.Unlock()
	}
	return resp, err
}

func recordStatuses(t http.RoundTripper, statuses *[]int) http.RoundTripper {
	return &statusRecorder{inner: t, statuses: statuses}
}

func run(sc Scenario) Result {
	res := Result{Name: sc.Name}
	fail := func(e error) Result { res.HarnessError = str(e.Error()); return res }
	var cert tls.Certificate
	var err error
	if sc.ServerCertPem != "" {
		cert, err = tls.X509KeyPair([]byte(sc.ServerCertPem), []byte(sc.ServerKeyPem))
	} else {
		cert, err = generate([]string{"localhost", "argocd-server", "argocd-server.argocd", "argocd-server.argocd.svc", "argocd-server.argocd.svc.cluster.local"})
	}
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	done := make(chan struct{})
	go serveArgo(ln, sc.ServerTLS, &cert, sc.RootPath, done)
	defer func() { ln.Close(); <-done }()
	argo := ln.Addr().(*net.TCPAddr).Port
	addr := fmt.Sprintf("127.0.0.1:%d", argo)
	httpAddr, httpPort := "", 0
	switch sc.Edge {
	case "direct":
	case "nginx":
		dir, err := os.MkdirTemp("", "argocd-tls-edge-")
		if err != nil {
			return fail(err)
		}
		defer os.RemoveAll(dir)
		var port int
		var cmd *exec.Cmd
		err = errPortTaken
		for try := 0; try < 5 && errors.Is(err, errPortTaken); try++ {
			if port, err = freePort(); err != nil {
				return fail(err)
			}
			if httpPort, err = freePort(); err != nil {
				return fail(err)
			}
			cmd, err = startNginx(dir, port, httpPort, argo, sc)
		}
		if err != nil {
			return fail(err)
		}
		defer func() {
			_ = cmd.Process.Kill()
			_, _ = cmd.Process.Wait()
			if b, err := os.ReadFile(filepath.Join(dir, "error.log")); err == nil {
				var keep []string
				for _, l := range strings.Split(string(b), "\n") {
					if strings.Contains(l, "[error]") {
						keep = append(keep, l)
					}
				}
				res.NginxLog = strings.Join(keep, "\n")
			}
		}()
		addr = fmt.Sprintf("127.0.0.1:%d", port)
		if !sc.NoPlainHTTP {
			httpAddr = fmt.Sprintf("127.0.0.1:%d", httpPort)
		}
	default:
		return fail(fmt.Errorf("unknown edge %q", sc.Edge))
	}
	res.Observations = runClients(sc, addr, httpAddr)
	return res
}

func main() {
	var scenarios []Scenario
	if err := json.NewDecoder(os.Stdin).Decode(&scenarios); err != nil {
		log.Fatal(err)
	}
	out := make([]Result, 0, len(scenarios))
	for _, sc := range scenarios {
		out = append(out, run(sc))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		log.Fatal(err)
	}
}
