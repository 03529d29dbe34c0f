# natsplan: declarative NATS decentralized auth.
# `make demo` and `make test` are the two commands the README starts with.

GO      ?= go
BIN     := bin/natsplan
PKGS    := ./...

.PHONY: all build test demo bench fuzz crash vet fmt-check clean

all: build

build: $(BIN)

$(BIN): FORCE
	$(GO) build -o $(BIN) ./cmd/natsplan

FORCE:

# The whole suite: unit tests, CLI scripts, end-to-end tests on embedded
# nats-servers, plus gofmt and go vet.
test: vet fmt-check
	$(GO) test -count=1 $(PKGS)

# Fleet-scale benchmarks (not in CI; the 10,000-account fleet takes
# minutes and over a gigabyte): prints a table. BENCH_SIZES picks fleets.
BENCH_SIZES ?= 100,1000,10000
bench:
	$(GO) run ./bench -sizes=$(BENCH_SIZES)

# Fuzz the config loader, the fast parser (against hclsyntax) and the state
# decoder, FUZZTIME each (not in CI).
# Seed corpora: lang/testdata/fuzz, state/testdata/fuzz.
FUZZTIME ?= 1m
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzLoadFiles$$' -fuzztime=$(FUZZTIME) ./lang
	$(GO) test -run='^$$' -fuzz='^FuzzFastParse$$' -fuzztime=$(FUZZTIME) ./lang
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=$(FUZZTIME) ./state
	$(GO) test -run='^$$' -fuzz='^FuzzHasSecret$$' -fuzztime=$(FUZZTIME) ./state

# The crash harness at length: CRASH_RUNS SIGKILLs during apply, each
# followed by checks and a recovery (make test runs a short version).
CRASH_RUNS ?= 60
crash:
	CRASH_RUNS=$(CRASH_RUNS) $(GO) test -count=1 -run='^TestCrashRecovery$$' -v -timeout=60m ./cmd/natsplan

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# Apply examples/services in a temporary directory, start an embedded
# nats-server with the result and run the page's request/reply flows.
demo: build
	@set -e; dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	cp examples/services/*.hcl "$$dir"/; \
	echo "== natsplan plan (in $$dir)"; \
	$(BIN) -chdir="$$dir" plan; \
	echo; echo "== natsplan apply -auto-approve"; \
	$(BIN) -chdir="$$dir" apply -auto-approve | tail -n 3; \
	for u in TestAccount/TestUser AccountB/userb AccountC/userc; do \
		$(BIN) -chdir="$$dir" creds "$${u%/*}" "$${u#*/}" -o "$${u%/*}.$${u#*/}.creds" 2>/dev/null; \
	done; \
	$(BIN) -chdir="$$dir" server-config > "$$dir/server.conf"; \
	echo; echo "== natsplan plan (again)"; \
	$(BIN) -chdir="$$dir" plan; \
	echo; echo "== the Services page, on a real nats-server"; \
	$(GO) run ./examples/services/demo -dir "$$dir"

clean:
	rm -rf bin
