package main

// derive turns a scenario's manifests (what the user wrote: argocd-cmd-params-cm and argocd-cm
// data, Secret data, the Secret volumes of the workloads the scenario overrides) into the server
// and client configuration Argo CD builds from them, following the behaviour reference
// (/work/shared/reference/argocd-tls.md) section by section. It is written from the reference
// only, not from the Rust engine, so the engine's reading of the same manifests is checked
// against an independent one. The Rust test reads the YAML into plain maps (no resolution) and
// passes them here as Scenario.Manifest. In a plan's state (tests/plans_go.rs) the server's pods
// and the client's pods may have started with different revisions of the manifests: then the
// server side is derived from Scenario.ServerManifest and the client side from Scenario.Manifest.

import (
	"fmt"
	"strconv"
	"strings"
)

// Manifest is the scenario as the user wrote it, laid over the standard install of Version.
type Manifest struct {
	Version string `json:"version"`
	// Client and Server: the connection to observe (component names).
	Client string `json:"client"`
	Server string `json:"server"`
	// Params: argocd-cmd-params-cm data; ArgocdCm: argocd-cm data.
	Params   map[string]string `json:"params"`
	ArgocdCm map[string]string `json:"argocdCm"`
	// Secrets: name → decoded data.
	Secrets map[string]map[string]string `json:"secrets"`
	// Mounts: component → mountPath → Secret name, for workloads the scenario overrides (the
	// standard install's mounts, §11.2, apply to the others).
	Mounts map[string]map[string]string `json:"mounts"`
	// Items: component → mountPath → file name → Secret key, for mounts with `items` (a file
	// not listed there is absent); a mount without items projects every key under its name.
	Items map[string]map[string]map[string]string `json:"items,omitempty"`
	// Args: component → its main container's command and args, for workloads given in full.
	Args map[string][]string `json:"args,omitempty"`
}

type version struct{ major, minor, patch int }

func parseVersion(s string) (version, error) {
	var v version
	parts := strings.SplitN(strings.TrimPrefix(s, "v"), ".", 3)
	if len(parts) != 3 {
		return v, fmt.Errorf("version %q: want X.Y.Z", s)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return v, fmt.Errorf("version %q: %w", s, err)
		}
		*[]*int{&v.major, &v.minor, &v.patch}[i] = n
	}
	return v, nil
}

func (v version) atLeast(major, minor int) bool {
	return v.major > major || (v.major == major && v.minor >= minor)
}

// boolParam is how a cmd-params key reaches a boolean flag: through an env var read with
// strconv.ParseBool (§1.6, §10); a value it cannot parse leaves the default (false).
func boolParam(m *Manifest, key string) bool {
	b, err := strconv.ParseBool(m.Params[key])
	return err == nil && b
}

func param(m *Manifest, key, def string) string {
	if v, ok := m.Params[key]; ok && v != "" {
		return v
	}
	return def
}

func strp(s string) *string { return &s }

// file is what a component sees at mountPath/key: the key of the Secret mounted there, or nil
// when the Secret or the key is absent (every TLS volume is optional, §11.2).
func file(m *Manifest, component, mountPath, key string, standard map[string]string) *string {
	secret, ok := standard[mountPath]
	if mounts, overridden := m.Mounts[component]; overridden {
		secret, ok = mounts[mountPath]
	}
	if !ok {
		return nil
	}
	if items, listed := m.Items[component][mountPath]; listed {
		if key, ok = items[key]; !ok {
			return nil
		}
	}
	if v, ok := m.Secrets[secret][key]; ok {
		return strp(v)
	}
	return nil
}

// standardMounts: §11.2 (the mtls volumes only from 3.5).
func standardMounts(component string, v version) map[string]string {
	out := map[string]string{}
	switch component {
	case "argocd-server":
		out["/app/config/server/tls"] = "argocd-repo-server-tls"
		out["/app/config/dex/tls"] = "argocd-dex-server-tls"
	case "argocd-repo-server":
		out["/app/config/reposerver/tls"] = "argocd-repo-server-tls"
	case "argocd-application-controller":
		out["/app/config/controller/tls"] = "argocd-repo-server-tls"
	case "argocd-applicationset-controller", "argocd-notifications-controller":
		out["/app/config/reposerver/tls"] = "argocd-repo-server-tls"
	case "argocd-dex-server":
		out["/tls"] = "argocd-dex-server-tls"
	}
	if v.atLeast(3, 5) && component != "argocd-dex-server" {
		out["/app/config/reposerver/mtls"] = "argocd-repo-server-mtls"
	}
	return out
}

// fileAt splits an absolute path into a mount path and key and looks it up.
func fileAt(m *Manifest, component, path string, v version) *string {
	i := strings.LastIndex(path, "/")
	if i <= 0 {
		return nil
	}
	return file(m, component, path[:i], path[i+1:], standardMounts(component, v))
}

// repoClientPrefix: the cmd-params prefix of each repo-server client (§6.3, §10.1).
var repoClientPrefix = map[string]string{
	"argocd-server":                    "server",
	"argocd-application-controller":    "controller",
	"argocd-applicationset-controller": "applicationsetcontroller",
	"argocd-notifications-controller":  "notificationscontroller",
}

// legacyTrustDir: the legacy strict-TLS trust store of each client (§6.5).
var legacyTrustDir = map[string]string{
	"argocd-server":                    "/app/config/server/tls",
	"argocd-application-controller":    "/app/config/controller/tls",
	"argocd-applicationset-controller": "/app/config/reposerver/tls",
	"argocd-notifications-controller":  "/app/config/reposerver/tls",
}

// argValue: the value args give a string flag (`--flag=v` or `--flag v`; the last occurrence
// wins, as with pflag); ok is false when the flag is not there.
func argValue(args []string, flag string) (string, bool) {
	val, ok := "", false
	for i, a := range args {
		switch {
		case strings.HasPrefix(a, flag+"="):
			val, ok = strings.TrimPrefix(a, flag+"="), true
		case a == flag && i+1 < len(args):
			val, ok = args[i+1], true
		}
	}
	return val, ok
}

// argBool: the value args give a boolean flag (`--flag` is true, `--flag=v` is
// strconv.ParseBool(v); pflag never takes the next argument for a boolean).
func argBool(args []string, flag string) (bool, bool) {
	val, ok := false, false
	for _, a := range args {
		switch {
		case a == flag:
			val, ok = true, true
		case strings.HasPrefix(a, flag+"="):
			if b, err := strconv.ParseBool(strings.TrimPrefix(a, flag+"=")); err == nil {
				val, ok = b, true
			}
		}
	}
	return val, ok
}

// emptyArg: whether args set flag to the empty string (`--flag=` or `--flag ""`); the last
// occurrence wins, as with pflag.
func emptyArg(args []string, flag string) bool {
	empty := false
	for i, a := range args {
		switch {
		case a == flag+"=":
			empty = true
		case strings.HasPrefix(a, flag+"="):
			empty = false
		case a == flag && i+1 < len(args):
			empty = args[i+1] == ""
		}
	}
	return empty
}

// derive fills sc.Server and sc.Client from sc.Manifest (and the server from
// sc.ServerManifest when given).
func derive(sc *Scenario) error {
	m, sm := sc.Manifest, sc.Manifest
	if sc.ServerManifest != nil {
		sm = sc.ServerManifest
		if sm.Version != m.Version || sm.Client != m.Client || sm.Server != m.Server {
			return fmt.Errorf("derive: the server's and the client's manifests name different versions or components")
		}
	}
	v, err := parseVersion(m.Version)
	if err != nil {
		return err
	}
	switch m.Server {
	case "argocd-repo-server":
		return deriveRepo(sc, m, sm, v)
	case "argocd-dex-server":
		return deriveDex(sc, m, sm, v)
	case "argocd-redis":
		return deriveRedis(sc, m, sm, v)
	case "argocd-commit-server":
		// §8: plaintext gRPC on 8086, and the controller's client always insecure; no TLS
		// flags at all.
		if m.Client != "argocd-application-controller" {
			return fmt.Errorf("derive: %s does not call the commit server", m.Client)
		}
		sc.Server.Kind, sc.Client.Kind, sc.Client.Address = "grpc-plaintext", "grpc-plaintext", "argocd-commit-server:8086"
		return nil
	}
	return fmt.Errorf("derive: no rule for a connection to %s", m.Server)
}

// deriveRepo: the repo-server (§4) from sm and one of its clients (§6) from m.
func deriveRepo(sc *Scenario, m, sm *Manifest, v version) error {
	// Server, §4.1–§4.3. The default cipher string changed in 2.12.0 (§1.1); releases before it
	// were built with Go ≤ 1.21, whose cipher-suite names include TLS_RSA_* and 3DES (§12).
	ciphers := "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
	if !v.atLeast(2, 12) {
		ciphers = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_RSA_WITH_AES_256_GCM_SHA384"
		sc.Server.GoBefore122Names = true
	}
	srv := &sc.Server
	if boolParam(sm, "reposerver.disable.tls") {
		srv.Kind = "grpc-plaintext"
		// §4.3: the v3.5 regression, --client-ca-path keeps its non-empty default (an empty
		// env or cmd-params value falls back to it); only an explicit empty argument clears it.
		if v.atLeast(3, 5) && !emptyArg(sm.Args["argocd-repo-server"], "--client-ca-path") {
			srv.StartupError = "Error: --client-ca-path cannot be used when --disable-tls is enabled" // cobra prints the returned error so
		}
	} else {
		srv.Kind = "grpc"
		srv.MinVersion = strp(param(sm, "reposerver.tls.minversion", "1.2"))
		srv.MaxVersion = strp(param(sm, "reposerver.tls.maxversion", "1.3"))
		srv.Ciphers = strp(param(sm, "reposerver.tls.ciphers", ciphers))
		// §4.2 / §2.4: both files present → that pair; otherwise a self-signed certificate.
		std := standardMounts("argocd-repo-server", v)
		crt := file(sm, "argocd-repo-server", "/app/config/reposerver/tls", "tls.crt", std)
		key := file(sm, "argocd-repo-server", "/app/config/reposerver/tls", "tls.key", std)
		srv.CertPath, srv.KeyPath = "/app/config/reposerver/tls/tls.crt", "/app/config/reposerver/tls/tls.key"
		if crt != nil && key != nil {
			srv.CertPem, srv.KeyPem = *crt, *key
		} else {
			srv.GenerateHosts = []string{"localhost", "reposerver"}
		}
		// §4.3: mTLS switches on when client-ca.crt exists (3.5+).
		if v.atLeast(3, 5) {
			if ca := file(sm, "argocd-repo-server", "/app/config/reposerver/mtls", "client-ca.crt", std); ca != nil {
				srv.ClientCaPem = *ca
			}
		}
	}

	// Client, §6.2–§6.8.
	prefix, ok := repoClientPrefix[m.Client]
	if !ok {
		return fmt.Errorf("derive: %s is not a repo-server client", m.Client)
	}
	// An explicit flag in the container's args beats the env default from cmd-params (§1.6);
	// the appset and notifications controllers name some flags differently (§6.3).
	args := m.Args[m.Client]
	addrFlag, plainFlag, strictFlag := "--repo-server", "--repo-server-plaintext", "--repo-server-strict-tls"
	switch m.Client {
	case "argocd-applicationset-controller":
		addrFlag = "--argocd-repo-server"
	case "argocd-notifications-controller":
		addrFlag, plainFlag, strictFlag = "--argocd-repo-server", "--argocd-repo-server-plaintext", "--argocd-repo-server-strict-tls"
	}
	cl := &sc.Client
	cl.Address = "argocd-repo-server:8081"
	if m.Client != "argocd-notifications-controller" {
		cl.Address = param(m, "repo.server", cl.Address) // notifications: no env binding (§6.3)
	}
	if a, ok := argValue(args, addrFlag); ok {
		cl.Address = a
	}
	plaintext := boolParam(m, prefix+".repo.server.plaintext")
	if b, ok := argBool(args, plainFlag); ok {
		plaintext = b
	}
	if plaintext {
		cl.Kind = "grpc-plaintext"
		return nil
	}
	cl.Kind = "grpc"
	caPath := ""
	if v.atLeast(3, 5) {
		caPath = m.Params[prefix+".repo.server.ca.cert.path"]
		if a, ok := argValue(args, "--repo-server-ca-cert-path"); ok {
			caPath = a
		}
	}
	// The notifications controller's legacy strict flag has no env binding (§6.3).
	legacy := m.Client != "argocd-notifications-controller" && boolParam(m, prefix+".repo.server.strict.tls")
	if b, ok := argBool(args, strictFlag); ok {
		legacy = b
	}
	switch {
	case caPath != "":
		cl.Strict = true
		cl.CaPath = true
		cl.Trust = []TrustFile{{Path: caPath, Pem: fileAt(m, m.Client, caPath, v)}}
	case legacy:
		dir := legacyTrustDir[m.Client]
		cl.Strict = true
		cl.Trust = []TrustFile{
			{Path: dir + "/tls.crt", Pem: fileAt(m, m.Client, dir+"/tls.crt", v)},
			{Path: dir + "/ca.crt", Pem: fileAt(m, m.Client, dir+"/ca.crt", v)},
		}
	}
	// §6.7: the client certificate when client.crt exists (3.5+).
	if v.atLeast(3, 5) {
		if crt := fileAt(m, m.Client, "/app/config/reposerver/mtls/client.crt", v); crt != nil {
			cl.ClientCertPem = *crt
			if key := fileAt(m, m.Client, "/app/config/reposerver/mtls/client.key", v); key != nil {
				cl.ClientKeyPem = *key
			}
		}
	}
	return nil
}

// deriveDex: the Dex wrapper (§5) from sm and argocd-server's Dex client (§7) from m.
func deriveDex(sc *Scenario, m, sm *Manifest, v version) error {
	if m.Client != "argocd-server" {
		return fmt.Errorf("derive: %s does not call Dex", m.Client)
	}
	// §0.0 item 8: Dex runs only with argocd-cm url and a dex.config (the scenarios' dex.config
	// is a non-empty map; checking that needs a YAML parser the standard library lacks).
	if sm.ArgocdCm["url"] == "" || strings.TrimSpace(sm.ArgocdCm["dex.config"]) == "" {
		return fmt.Errorf("derive: Dex is not configured (argocd-cm url and dex.config, §0.0 item 8): nothing listens")
	}
	srv := &sc.Server
	// §5.1/§5.2, §12: Dex TLS exists since 2.5.0; --disable-tls serves HTTP.
	if !v.atLeast(2, 5) || boolParam(sm, "dexserver.disable.tls") {
		srv.Kind = "http"
	} else {
		srv.Kind = "https"
		std := standardMounts("argocd-dex-server", v)
		crt := file(sm, "argocd-dex-server", "/tls", "tls.crt", std)
		key := file(sm, "argocd-dex-server", "/tls", "tls.key", std)
		if crt != nil && key != nil {
			srv.CertPem, srv.KeyPem = *crt, *key
		} else {
			srv.GenerateHosts = []string{"localhost", "dexserver"}
		}
	}
	// §7: the address and its scheme; before 2.5 the default address carried http://.
	cl := &sc.Client
	addr := param(m, "server.dex.server", "argocd-dex-server:5556")
	if !v.atLeast(2, 5) {
		addr = param(m, "server.dex.server", "http://argocd-dex-server:5556")
		cl.Kind, cl.Address = "https", addr
		return nil
	}
	plaintext := boolParam(m, "server.dex.server.plaintext")
	strict := boolParam(m, "server.dex.server.strict.tls")
	switch {
	case strings.Contains(addr, "://"):
		// §7 scheme selection: an explicit scheme is used as written. With https:// and
		// --dex-server-plaintext there is no Dex TLS config: Go's default client verifies
		// against the system roots (§0.0 item 10).
		cl.Address = addr
		if plaintext && strings.HasPrefix(addr, "https://") {
			cl.Kind, cl.Strict, cl.SystemRoots = "https", true, true
			return nil
		}
	case plaintext:
		cl.Address = "http://" + addr
	default:
		cl.Address = "https://" + addr
	}
	cl.Kind = "https"
	if !plaintext && strict {
		cl.Strict = true
		cl.Trust = []TrustFile{{Path: "/app/config/dex/tls/ca.crt", Pem: fileAt(m, "argocd-server", "/app/config/dex/tls/ca.crt", v)}}
		pinned := fileAt(m, "argocd-server", "/app/config/dex/tls/tls.crt", v)
		if pinned == nil {
			sc.Client.StartupError = "could not read certificate file: open /app/config/dex/tls/tls.crt: no such file or directory"
		} else {
			cl.PinnedPem = *pinned
		}
	}
	return nil
}
