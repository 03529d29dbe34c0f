# natsplan: declarative NATS decentralized auth.
# `make demo` and `make test` are the two commands the README starts with.

GO      ?= go
BIN     := bin/natsplan
PKGS    := ./...

.PHONY: all build test test-access-more demo bench fuzz crash e2e-repeat vet fmt-check clean

all: build

build: $(BIN)

$(BIN): FORCE
	$(GO) build -o $(BIN) ./cmd/natsplan

FORCE:

# The whole suite: unit tests, CLI scripts, end-to-end tests on embedded
# nats-servers, plus gofmt and go vet.
test: vet fmt-check
	$(GO) test -count=1 $(PKGS)

# The access analysis' differential test at length: more generated
# configurations and questions than make test asks, each answered by the
# analysis and by an embedded nats-server (ACCESS_DIFF_SEED=N replays).
test-access-more:
	ACCESS_DIFF_CONFIGS=1000 ACCESS_DIFF_QUERIES=60 $(GO) test -count=1 -run TestAnalysisMatchesServer ./access

# Fleet-scale benchmarks (not in CI; the 10,000-account fleet takes
# minutes and over a gigabyte): prints a table. BENCH_SIZES picks fleets.
# Then the access analysis on the 1,000-account fleet in claims, per run.
BENCH_SIZES ?= 100,1000,10000
bench:
	$(GO) run ./bench -sizes=$(BENCH_SIZES)
	@echo; echo "access analysis, the 1,000-account fleet in claims (goals: every user's matrix under 2 s;"; \
	echo "a one-line change's Access changes under 0.3 s), seconds per run:"; \
	out=$$($(GO) test -run '^$$' -bench 'Matrix1000|OneLineChange1000' ./access 2>&1) || { echo "$$out"; exit 1; }; \
	echo "$$out" | awk '/^Benchmark/ { sub(/-[0-9]+$$/, "", $$1); printf "  %-28s %8.3fs\n", $$1, $$3/1e9 }'

# Fuzz the config loader, the fast parser (against hclsyntax), the state
# decoder and apply on mutated states (keys, kinds, JWTs swapped between
# entities), FUZZTIME each (not in CI); one line per target, FUZZFLAGS on
# each.
# Seed corpora: lang/testdata/fuzz, state/testdata/fuzz.
# FUZZMINIMIZETIME bounds how hard the fuzzer shrinks each new input. Go's
# default, up to a minute per input, fuzzes nothing meanwhile
# (golang/go#48820): FuzzDecode made 3,425 execs in a minute, then over
# 35,000 a second with 100x. FuzzLoadFiles's inputs are slower to run:
# it still stalled at 100x, and made 147,000 execs in 40 s at 5x.
FUZZTIME ?= 1m
FUZZMINIMIZETIME ?= 100x
FUZZFLAGS = -run='^$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZETIME)
fuzz:
	$(GO) test $(FUZZFLAGS) -fuzzminimizetime=5x -fuzz='^FuzzLoadFiles$$' ./lang
	$(GO) test $(FUZZFLAGS) -fuzz='^FuzzFastParse$$' ./lang
	$(GO) test $(FUZZFLAGS) -fuzz='^FuzzDecode$$' ./state
	$(GO) test $(FUZZFLAGS) -fuzz='^FuzzHasSecret$$' ./state
	$(GO) test $(FUZZFLAGS) -fuzz='^FuzzApplyMutatedState$$' ./apply
	$(GO) test $(FUZZFLAGS) -fuzzminimizetime=5x -fuzz='^FuzzHead$$' ./statekv

# The crash harness at length: CRASH_RUNS SIGKILLs during apply, each
# followed by checks and a recovery, with the state in a file and in a
# JetStream bucket (make test runs a short version of both).
CRASH_RUNS ?= 60
crash:
	CRASH_RUNS=$(CRASH_RUNS) $(GO) test -count=1 -run='^TestCrashRecovery(OnNATS)?$$' -v -timeout=60m ./cmd/natsplan

# The end-to-end tests, those that start nats-servers, E2E_COUNT times in a
# row: a race that fails one run in ten shows here (not in CI, not in make
# test). A new test that starts a server belongs in E2E_TESTS.
E2E_COUNT ?= 20
E2E_TESTS := TestServicesPageEndToEnd|TestFeaturesOnServer|TestStrictSigningKeys|TestExternalImportAndGrant|TestFullExample|TestServe|TestCluster.*|TestPushStrictSigningKeys|TestDriftShowsUnmanagedAccounts|TestRetargetedGrantRevokesTheOldTarget|TestRemovedGrantOfASigningKeyIsRevoked|TestStateKeySwapOnServer|TestServeRefusesStateThatCannotBeTrusted|TestImportByManagedKeyOnServer|TestAdoptServicesStore|TestAdoptFromResolver|TestAdoptSigningKeysStore|TestScripts/cli_messages|TestReplaceUserKey|TestReplaceAccountKey|TestAdoptRevokedActivationWarns|TestSignerHoldsEverySeed|TestOperatorKeyOrderPush|TestPlanServerCountsJWTsStillSignedByDroppedKeys|TestRotateAccountSigningKey|TestRotateCompromisedAccountSigningKey|TestRotateOperatorSigningKey
e2e-repeat:
	$(GO) test -count=$(E2E_COUNT) -timeout=60m -run='^($(E2E_TESTS))$$' ./cmd/natsplan
	$(GO) test -count=$(E2E_COUNT) -timeout=60m ./live
	$(GO) test -count=$(E2E_COUNT) -timeout=60m -run='^TestAnalysisMatchesServer$$' ./access
	$(GO) test -count=$(E2E_COUNT) -timeout=60m -run='^(TestWriteSurvivesALeaderStepDown|TestJetStreamClusterPlacesAnR3BucketAtOnce)$$' ./statekv ./internal/natstest
	$(GO) test -count=$(E2E_COUNT) -timeout=60m -run='^TestNATSState' ./cmd/natsplan

# What natsplan signs and pushes, on the nats-server versions teams still
# run (make test embeds v2.15): installs each of COMPAT_VERSIONS with go
# install from the module proxy into .compat/, then runs the Services page
# (apply, push to a full resolver, flows allowed and refused, a revoked
# user, a clean drift check, a signing key rotated in two steps, push
# refusing accounts under a key the server's operator JWT lacks) against
# each binary, and the state on NATS:
# refused with a clear message before anything is written on 2.10 (the
# lock needs per-key TTL, 2.11), the whole cycle on 2.11. Not in make test.
COMPAT_VERSIONS ?= v2.10.29 v2.11.9
compat:
	@set -e; bins=""; for v in $(COMPAT_VERSIONS); do \
		GOBIN=$(CURDIR)/.compat/$$v GOFLAGS=-mod=mod $(GO) install github.com/nats-io/nats-server/v2@$$v; \
		bins="$$bins$${bins:+,}$(CURDIR)/.compat/$$v/nats-server"; \
	done; \
	NATSPLAN_COMPAT_SERVERS=$$bins $(GO) test -tags compat -count=1 -run '^(TestCompatOlderServers|TestCompatStateOnNATS)$$' -v ./cmd/natsplan

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# Apply examples/services in a temporary directory, check its tests/
# expectations (natsplan test), start an embedded nats-server with the
# result and run the page's request/reply flows.
demo: build
	@set -e; dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	cp examples/services/*.hcl "$$dir"/; \
	mkdir "$$dir/tests"; cp examples/services/tests/*.test.hcl "$$dir/tests"/; \
	echo "== natsplan plan (in $$dir)"; \
	$(BIN) -chdir="$$dir" plan; \
	echo; echo "== natsplan apply -auto-approve"; \
	$(BIN) -chdir="$$dir" apply -auto-approve | tail -n 3; \
	echo; echo "== natsplan test (tests/services.test.hcl: by the analysis and on a nats-server)"; \
	$(BIN) -chdir="$$dir" test; \
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
