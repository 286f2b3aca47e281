#!/usr/bin/env python3
"""Writes the fuzz seed corpora under fuzz/corpus/<target>/ from ../shared/corpora (uncommitted)."""
import base64, glob, hashlib, os, re, struct, sys

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "shared")
corpus = os.path.join(here, "corpus")


def put(target, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def pem_blocks(text):
    for m in re.finditer(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", text, re.S):
        body = "".join(l for l in m.group(2).splitlines() if ":" not in l)
        try:
            yield m.group(1), base64.b64decode(body)
        except Exception:
            pass


pems = sorted(glob.glob(os.path.join(shared, "corpora/argocd-test-certs/*")))
pems += sorted(glob.glob(os.path.join(shared, "corpora/parse-differential/go-x509/*.pem")))[:40]
pems += sorted(glob.glob(os.path.join(here, "..", "src/example/*")))
certs, keys = [], []
for p in pems:
    raw = open(p, "rb").read()
    put("pem", raw)
    for kind, der in pem_blocks(raw.decode("utf-8", "replace")):
        if kind == "CERTIFICATE":
            certs.append(der)
            put("der", der)
        elif "PRIVATE KEY" in kind:
            keys.append(der)
            put("keys", der)

# keys: [split byte][cert PEM][key PEM] for matching example pairs
ex = os.path.join(here, "..", "src/example")
for name in ("server", "repo-server"):
    c = open(os.path.join(ex, name + ".crt"), "rb").read()
    k = open(os.path.join(ex, name + ".key"), "rb").read()
    total = len(c) + len(k)
    put("keys", bytes([min(255, (len(c) * 255 + total - 1) // total)]) + c + k)

# verify: length-prefixed DER certificates
def chain(*ders):
    return b"".join(struct.pack(">H", len(d)) + d for d in ders if len(d) < 65536)

for i, leaf in enumerate(certs):
    put("verify", chain(leaf))
    for root in certs[max(0, i - 3): i + 4]:
        put("verify", chain(leaf, root))
for i in range(len(certs) - 2):
    put("verify", chain(certs[i], certs[i + 1], certs[i + 2]))

# manifests: small YAML documents and secrets with the example certificates
put("manifests", open(os.path.join(here, "..", "src/example/server.crt"), "rb").read())
doc = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-server
spec:
  template:
    spec:
      containers:
      - name: argocd-server
        image: quay.io/argoproj/argocd:v3.5.1
        args: [/usr/local/bin/argocd-server, --insecure]
        env:
        - name: ARGOCD_SERVER_INSECURE
          valueFrom: {configMapKeyRef: {name: argocd-cmd-params-cm, key: server.insecure}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-cmd-params-cm}
data: {server.insecure: "false", controller.repo.server.strict.tls: "true"}
"""
put("manifests", doc.encode())
crt = base64.b64encode(open(os.path.join(ex, "server.crt"), "rb").read()).decode()
key = base64.b64encode(open(os.path.join(ex, "server.key"), "rb").read()).decode()
put("manifests", (doc + f"---\napiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: argocd-server-tls\ndata:\n  tls.crt: {crt}\n  tls.key: {key}\n").encode())
put("manifests", b'{"apiVersion":"v1","kind":"Secret","metadata":{"name":"argocd-secret"},"stringData":{"tls.crt":"x"}}')
for f in sorted(glob.glob(os.path.join(shared, "fixtures/**/*.y*ml"), recursive=True)):
    if os.path.getsize(f) < 64 * 1024:
        put("manifests", open(f, "rb").read())

for t in ("pem", "der", "keys", "verify", "manifests"):
    print(t, len(os.listdir(os.path.join(corpus, t))))
