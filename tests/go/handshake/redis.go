package main

// Redis (reference §9): the server is a real redis-server (Debian's, built with OpenSSL), started
// with the redis container's own arguments — only the container ports are mapped to free local
// ports, absolute paths moved under a directory holding the mounted Secret files, and
// `--requirepass` dropped (the client sends no AUTH; authentication is not TLS). The client is
// configured as util/cache/cache.go (v3.5.1, v2.14.21) configures go-redis, and dials as
// go-redis's NewDialer does (tls.DialWithDialer with the tls.Config; ServerName from the
// address's host), then sends one PING (go-redis sends HELLO first: the same bytes reach the same
// listener, and every error observed here comes before any reply is parsed). The dial timeout is
// 2 s instead of go-redis's 5 s; the text of a timed-out handshake does not depend on it.
// Addresses in Go's errors and ports in Redis's log lines are mapped back to the ones the client
// dials in the cluster (`<ClusterIP>:<port>`, `<client address>`).

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// RedisServer: the redis container as written (Kind "redis-server").
type RedisServer struct {
	// Args: the container's args.
	Args []string `json:"args"`
	// Files: absolute path in the container → content (the mounted Secret keys).
	Files map[string]string `json:"files"`
}

// RedisClient: an Argo CD Redis client (Kind "redis" without TLS, "go-redis-tls" with it).
type RedisClient struct {
	// CaPem: the --redis-ca-certificate file's content (certutil.GetCertPoolFromPEMData of
	// ParseTLSCertificatesFromPath: no certificate is an empty pool, not an error).
	CaPem *string `json:"caPem,omitempty"`
	// Insecure: --redis-insecure-skip-tls-verify.
	Insecure bool `json:"insecure,omitempty"`
}

// deriveRedis: redis-server from sm's redis container, one of its Argo CD clients from m (§9;
// util/cache/cache.go AddCacheFlagsToCmd: flags only, no cmd-params key apart from
// `redis.server` → REDIS_SERVER).
func deriveRedis(sc *Scenario, m, sm *Manifest, v version) error {
	srv := &sc.Server
	srv.Kind = "redis-server"
	srv.Redis = &RedisServer{Args: sm.Args["argocd-redis"], Files: map[string]string{}}
	for mountPath, secret := range sm.Mounts["argocd-redis"] {
		items, listed := sm.Items["argocd-redis"][mountPath]
		for key, content := range sm.Secrets[secret] {
			name := key
			if listed {
				name = ""
				for file, k := range items {
					if k == key {
						name = file
					}
				}
				if name == "" {
					continue
				}
			}
			srv.Redis.Files[mountPath+"/"+name] = content
		}
	}
	args := m.Args[m.Client]
	cl := &sc.Client
	cl.Address = param(m, "redis.server", "argocd-redis:6379")
	if a, ok := argValue(args, "--redis"); ok {
		cl.Address = a
	}
	cl.Redis = &RedisClient{}
	useTLS, _ := argBool(args, "--redis-use-tls")
	if !useTLS {
		cl.Kind = "redis"
		return nil
	}
	cl.Kind = "go-redis-tls"
	open := func(path string) string { return "open " + path + ": no such file or directory" }
	if cert, _ := argValue(args, "--redis-client-certificate"); cert != "" {
		key, _ := argValue(args, "--redis-client-key")
		c, k := fileAt(m, m.Client, cert, v), fileAt(m, m.Client, key, v)
		switch {
		case c == nil:
			cl.StartupError = open(cert)
			return nil
		case k == nil:
			cl.StartupError = open(key)
			return nil
		}
		cl.ClientCertPem, cl.ClientKeyPem = *c, *k
	}
	insecure, _ := argBool(args, "--redis-insecure-skip-tls-verify")
	ca, _ := argValue(args, "--redis-ca-certificate")
	switch {
	case insecure:
		cl.Redis.Insecure = true
	case ca != "":
		pem := fileAt(m, m.Client, ca, v)
		if pem == nil {
			cl.StartupError = open(ca)
			return nil
		}
		cl.Strict, cl.Redis.CaPem = true, pem
	default:
		cl.Strict, cl.SystemRoots = true, true
	}
	return nil
}

// freePort: a local port nothing listens on (just released).
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// reservePort keeps 127.0.0.1:port bound but not listening until release: a connection to it
// is refused, as to a port nothing serves, and no other probe's redis-server can bind it.
// Without it, a port redis-server leaves unbound (`--port 0`: plaintext off) is free, and a
// probe running beside this one may take it, so a client expected to be refused reaches that
// other server instead.
func reservePort(port int) (release func(), err error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return func() { syscall.Close(fd) }, nil
}

// redisLogLine: a redis-server log line without its `pid:role date time level ` prefix.
var redisLogPrefix = regexp.MustCompile(`^\d+:[A-Z] \d+ \w+ \d+ [\d:.]+ [#*.-] `)

// lockedBuffer collects a process's output.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, l := range strings.Split(b.buf.String(), "\n") {
		if redisLogPrefix.MatchString(l) {
			out = append(out, redisLogPrefix.ReplaceAllString(l, ""))
		}
	}
	return out
}

// runRedis starts redis-server as derived, runs the client against it and fills res. Two
// timing artefacts of running both ends on one loaded machine are run again (at most 5 times):
// a free port taken by another process before redis-server binds it (`Address already in use`;
// a configuration that binds one port twice fails the same way every time), and a reset that
// overtakes the client's first write after a completed TLS 1.3 handshake — redis-server
// rejects the client on its Certificate message and closes with the client's Finished unread,
// so its alert and a reset leave together; in a cluster the client's first write leaves
// before they arrive and it reads the alert, here under load the reset can come first.
func runRedis(sc Scenario, res *Result, now time.Time) {
	base := *res
	for attempt := 0; attempt < 5; attempt++ {
		r := base
		again := runRedisOnce(sc, &r, now)
		*res = r
		if !again {
			return
		}
	}
}

// runRedisOnce is one run of runRedis; it says whether the run met a timing artefact.
func runRedisOnce(sc Scenario, res *Result, now time.Time) bool {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		res.HarnessError = str("redis-server is not installed (Debian's redis-server: make setup-test)")
		return false
	}
	dir, err := os.MkdirTemp("", "argocd-redis-")
	if err != nil {
		res.HarnessError = str(err.Error())
		return false
	}
	defer os.RemoveAll(dir)
	for path, content := range sc.Server.Redis.Files {
		p := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			res.HarnessError = str(err.Error())
			return false
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			res.HarnessError = str(err.Error())
			return false
		}
	}
	// Container port → local port; redis-server's default port is 6379.
	local := map[int]int{}
	mapPort := func(p string) (string, error) {
		n, err := strconv.Atoi(p)
		if err != nil || n == 0 {
			return p, nil
		}
		if _, ok := local[n]; !ok {
			l, err := freePort()
			if err != nil {
				return "", err
			}
			local[n] = l
		}
		return strconv.Itoa(local[n]), nil
	}
	def, err := mapPort("6379")
	if err != nil {
		res.HarnessError = str(err.Error())
		return false
	}
	args := []string{"--bind", "127.0.0.1", "--protected-mode", "no", "--port", def}
	option := ""
	for _, a := range sc.Server.Redis.Args {
		if strings.HasPrefix(a, "--") {
			option = strings.Fields(strings.TrimPrefix(a, "--") + " ")[0]
			if option == "requirepass" {
				continue
			}
			args = append(args, a)
			continue
		}
		switch {
		case option == "requirepass":
			continue
		case option == "port" || option == "tls-port":
			p, err := mapPort(a)
			if err != nil {
				res.HarnessError = str(err.Error())
				return false
			}
			a = p
		case strings.HasPrefix(a, "/"):
			a = filepath.Join(dir, a)
		}
		args = append(args, a)
	}
	// The last --port wins in redis-server; 0 leaves the default port unbound.
	for i := len(args) - 2; i >= 0; i-- {
		if args[i] == "--port" {
			if args[i+1] == "0" {
				n, _ := strconv.Atoi(def)
				release, err := reservePort(n)
				if err != nil {
					return true // taken meanwhile: a timing artefact, run again
				}
				defer release()
			}
			break
		}
	}
	out := &lockedBuffer{}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		res.HarnessError = str(err.Error())
		return false
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	defer func() {
		select {
		case <-exited:
		default:
			cmd.Process.Kill()
			<-exited
		}
	}()
	// Container-side texts: the directory and the local ports mapped back.
	unmap := func(s string) string {
		s = strings.ReplaceAll(s, dir, "")
		for c, l := range local {
			s = strings.ReplaceAll(s, "127.0.0.1:"+strconv.Itoa(l), "<ClusterIP>:"+strconv.Itoa(c))
			s = strings.ReplaceAll(s, "port "+strconv.Itoa(l)+" ", "port "+strconv.Itoa(c)+" ")
			s = strings.ReplaceAll(s, "*:"+strconv.Itoa(l)+":", "*:"+strconv.Itoa(c)+":")
		}
		return s
	}
	ready := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !ready; {
		select {
		case <-exited:
			deadline = time.Now()
		case <-time.After(20 * time.Millisecond):
		}
		for _, l := range out.lines() {
			if strings.HasPrefix(l, "Ready to accept connections") {
				ready = true
			}
		}
	}
	if !ready {
		lines := out.lines()
		if len(lines) == 0 {
			res.HarnessError = str("redis-server printed nothing: " + out.buf.String())
			return false
		}
		last := lines[len(lines)-1]
		if last == "Failed to configure TLS. Check logs for more info." && len(lines) > 1 {
			last = lines[len(lines)-2]
		}
		res.ServerStartupError = str(unmap(last))
		return strings.Contains(strings.Join(lines, "\n"), "Address already in use")
	}
	if sc.Client.StartupError != "" {
		res.ClientStartupError = str(sc.Client.StartupError)
		return false
	}

	// The client, as util/cache builds its tls.Config.
	host, portText, err := net.SplitHostPort(sc.Client.Address)
	if err != nil {
		res.HarnessError = str("client address: " + err.Error())
		return false
	}
	port, _ := strconv.Atoi(portText)
	target, ok := local[port]
	if !ok {
		if target, err = freePort(); err != nil {
			res.HarnessError = str(err.Error())
			return false
		}
		local[port] = target
	}
	addr := "127.0.0.1:" + strconv.Itoa(target)
	var cfg *tls.Config
	if sc.Client.Kind == "go-redis-tls" {
		cfg = &tls.Config{Time: func() time.Time { return now }}
		if sc.Client.ClientCertPem != "" {
			pair, err := tls.X509KeyPair([]byte(sc.Client.ClientCertPem), []byte(sc.Client.ClientKeyPem))
			if err != nil {
				res.ClientStartupError = str(err.Error())
				return false
			}
			cfg.Certificates = []tls.Certificate{pair}
		}
		switch {
		case sc.Client.Redis.Insecure:
			cfg.InsecureSkipVerify = true
		case sc.Client.Redis.CaPem != nil:
			pool := x509.NewCertPool()
			pool.AppendCertsFromPEM([]byte(*sc.Client.Redis.CaPem))
			cfg.RootCAs = pool
		default:
			// x509.SystemCertPool(): the harness's machine roots stand in for the image's; no
			// public CA signs the certificates of a scenario.
			pool, err := x509.SystemCertPool()
			if err != nil {
				res.ClientStartupError = str(err.Error())
				return false
			}
			cfg.RootCAs = pool
		}
		// tls.DialWithDialer takes ServerName from the address it dials: here the cluster's.
		cfg.ServerName = host
	}
	clientErr := redisProbe(addr, cfg, res)
	if clientErr != nil {
		text := regexp.MustCompile(`tcp 127\.0\.0\.1:\d+->`).ReplaceAllString(clientErr.Error(), "tcp <client address>->")
		res.ClientError = str(unmap(text))
	}
	// What redis-server logs about the connection (OpenSSL's reason), if anything.
	wait := 50 * time.Millisecond
	if clientErr != nil {
		wait = 300 * time.Millisecond
	}
	time.Sleep(wait)
	for _, l := range out.lines() {
		if strings.HasPrefix(l, "Error accepting a client connection") {
			l = regexp.MustCompile(` \(conn: [^)]*\)$`).ReplaceAllString(l, "")
			res.ServerError = str(unmap(l))
		}
	}
	return res.Version != nil && res.ClientError != nil && strings.Contains(*res.ClientError, "connection reset by peer")
}

// redisProbe dials as go-redis's NewDialer does and sends one PING.
func redisProbe(addr string, cfg *tls.Config, res *Result) error {
	d := &net.Dialer{Timeout: 2 * time.Second}
	var conn net.Conn
	var err error
	if cfg == nil {
		conn, err = d.Dial("tcp", addr)
	} else {
		conn, err = tls.DialWithDialer(d, "tcp", addr, cfg)
	}
	if err != nil {
		return err
	}
	defer conn.Close()
	if tc, ok := conn.(*tls.Conn); ok {
		st := tc.ConnectionState()
		res.Version = str(map[uint16]string{tls.VersionTLS12: "1.2", tls.VersionTLS13: "1.3"}[st.Version])
		res.CipherSuite = str(tls.CipherSuiteName(st.CipherSuite))
	}
	conn.SetDeadline(time.Now().Add(3 * time.Second))
	if _, err := conn.Write([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
		return err
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if reply != "+PONG\r\n" {
		return fmt.Errorf("harness: unexpected Redis reply %q", reply)
	}
	return nil
}
