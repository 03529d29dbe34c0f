#!/usr/bin/env bash
# Builds an nsc store with signing keys and the features the Services
# fixture lacks, with nsc v2 (an nsc binary on PATH). Run: make-features.sh OUTDIR
# The store under OUTDIR/store and the keys under OUTDIR/keys are what this
# folder holds; the seeds are throwaway.
set -euo pipefail
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
S=$(mktemp -d)
export HOME=$S/home XDG_CONFIG_HOME=$S/config XDG_DATA_HOME=$S/data NSC_HOME=$S/nsc NKEYS_PATH=$OUT/keys NSC_NO_GIT_IGNORE=1
mkdir -p "$HOME"
nsc env -s "$OUT/store" >/dev/null 2>&1
key() { nsc generate nkey "$1" --store 2>/dev/null | head -1; }
nsc add operator --name Acme --sys
OSK=$(key --operator)
nsc edit operator --sk "$OSK" --service-url nats://localhost:4222 --tag prod
# An account signed by the operator's signing key, with a signing key and
# a scoped role, users issued by each, and one revoked user.
nsc add account --name Platform -K "$OSK"
ASK=$(key --account)
ROLE=$(key --account)
nsc edit account --name Platform -K "$OSK" --sk "$ASK" --sk "$ROLE" --description "the platform" --tag team:core \
  --conns 50 --payload 1MiB --js-tier 1 --js-mem-storage 1MiB --js-streams 5
nsc edit account --name Platform -K "$OSK" --js-tier 3 --js-disk-storage 1G --js-consumer 10
nsc edit signing-key --account Platform --sk "$ROLE" --role dev --allow-pub "dev.>" --allow-sub "_INBOX.>" --subs 10
nsc add user --account Platform --name web -K "$ASK" --allow-pub "billing.>" --deny-pub "billing.admin"
nsc add user --account Platform --name dev1 -K "$ROLE"
nsc add user --account Platform --name bot --allow-pub-response=2 --response-ttl 5s --tag robot
nsc edit user --account Platform --name bot --source-network 10.0.0.0/8 --time 08:00:00-17:00:00 --locale Europe/Berlin \
  --conn-type STANDARD --subs 10 --data 1MiB --payload 1KiB
nsc add user --account Platform --name gone
nsc revocations add-user --account Platform --name gone -K "$OSK"
# Exports named after their subjects, as nsc names them by default.
nsc add export --account Platform -K "$OSK" --subject "billing.>" --service --private --response-type Stream --response-threshold 2s
nsc add export --account Platform -K "$OSK" --subject "feed.*" --account-token-position 2
nsc add mapping --account Platform -K "$OSK" --from "orders.*" --to "orders.v1.\$1"
nsc add mapping --account Platform -K "$OSK" --from "search" --to "search.v1" --weight 90
nsc add mapping --account Platform -K "$OSK" --from "search" --to "search.v2" --weight 10
# An importer with imports named after their subjects; its activation is
# issued by Platform's signing key.
nsc add account --name Shop
nsc add user --account Shop --name clerk
SHOP=$(nsc describe account Shop --field sub | tr -d '"')
PLAT=$(nsc describe account Platform --field sub | tr -d '"')
nsc generate activation --account Platform --target-account "$SHOP" --subject "billing.$SHOP" -K "$ASK" -o "$S/act.jwt"
nsc add import --account Shop --token "$S/act.jwt"
nsc add import --account Shop --src-account "$PLAT" --remote-subject "feed.$SHOP"
rm -rf "$S"
