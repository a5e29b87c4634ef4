#!/usr/bin/env bash
# Sync server against the reference Yjs servers (y-websocket, Hocuspocus) with the shared load harness
# (../shared/bench), in one suite run: `npm run bench:sync [-- extra suite.mjs options]`.
#
# Copies the harness to /tmp/galley-bench (../shared may be read-only), installs it and the two
# reference servers in /tmp/bench as the harness README says (once), starts DynamoDB Local + s3rver
# (sync-server/src/bench/benchStack.ts), mints a bench token and runs suite.mjs with our server
# (auth + DynamoDB/S3 persistence, sync-server/src/bench/benchServer.ts). Results: the path printed at
# the end (results/<stamp>/summary.md, runs.jsonl; server-*.log hold the receive→persisted quantiles).
#
# Env: BENCH_REPS [2], BENCH_WORKLOADS [W1,W2,W3,W4], BENCH_W4_STEPS [1,10,…,200],
#      BENCH_SERVERS [y-websocket,hocuspocus; empty = ours only], BENCH_RUN_TIMEOUT_S [300] (the suite's 120 s is too short
#      for W2 on a busy 2-core machine), BENCH_OUT (results directory), BENCH_SNAPSHOT=1 runs our
#      server from a copy of the checkout taken at start, so edits made during the run do not leak in.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=/tmp/galley-bench
REFS=/tmp/bench
REPS=${BENCH_REPS:-2}
WORKLOADS=${BENCH_WORKLOADS:-W1,W2,W3,W4}
W4_STEPS=${BENCH_W4_STEPS:-1,10,20,30,40,50,75,100,150,200}
SERVERS=${BENCH_SERVERS-y-websocket,hocuspocus}

if [ ! -f "$HARNESS/node_modules/yjs/package.json" ]; then
  rm -rf "$HARNESS"
  cp -r "$ROOT/../shared/bench" "$HARNESS"
  chmod -R u+w "$HARNESS"
  (cd "$HARNESS" && npm i --no-audit --no-fund)
fi
if [ ! -f "$REFS/a-ywss/node_modules/@y/websocket-server/package.json" ]; then
  mkdir -p "$REFS/a-ywss"
  (cd "$REFS/a-ywss" && npm init -y >/dev/null && npm i --no-audit --no-fund @y/websocket-server@0.1.1 yjs@13.6.33)
fi
if [ ! -f "$REFS/b-hp/node_modules/@hocuspocus/server/package.json" ]; then
  mkdir -p "$REFS/b-hp"
  (cd "$REFS/b-hp" && npm init -y >/dev/null &&
    npm i --no-audit --no-fund @hocuspocus/server@4.7.0 @hocuspocus/extension-sqlite@4.7.0)
fi

# Our server's code: the checkout itself, or a copy of it (node_modules shared through a symlink).
SERVER_ROOT=$ROOT
if [ "${BENCH_SNAPSHOT:-0}" = 1 ]; then
  SERVER_ROOT=$(mktemp -d /tmp/galley-bench-snapshot-XXXXXX)
  (cd "$ROOT" && tar --exclude=./node_modules --exclude=./.git --exclude='./*/node_modules' -cf - .) |
    (cd "$SERVER_ROOT" && tar -xf -)
  ln -s "$ROOT/node_modules" "$SERVER_ROOT/node_modules"
fi

# DynamoDB Local + s3rver on 18000/18001, unless something already serves them (a stack left running).
STACK_PID=
if ! (exec 3<>/dev/tcp/127.0.0.1/18000) 2>/dev/null; then
  (cd "$ROOT" && exec node --import tsx sync-server/src/bench/benchStack.ts) >/tmp/galley-bench-stack.log 2>&1 &
  STACK_PID=$!
  trap '[ -n "$STACK_PID" ] && kill "$STACK_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    grep -q dynamoEndpoint /tmp/galley-bench-stack.log 2>/dev/null && break
    sleep 1
  done
else
  # A stack left running keeps its data and may still be busy with an earlier run: fine for a quick
  # look, not for figures to publish (stop it and let this script start a fresh one).
  echo "bench-sync: reusing the DynamoDB Local/s3rver already on :18000/:18001" >&2
fi

# Our server runs as it is deployed: the bundle (sync-server/src/bundle.ts), plain node, no tsx.
(cd "$SERVER_ROOT" && npx tsx sync-server/src/bundle.ts "$SERVER_ROOT/sync-server/dist")
TOKEN=$(cd "$SERVER_ROOT" && AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
  node sync-server/dist/benchServer.mjs --mint)
OUT=${BENCH_OUT:-$HARNESS/results/sync-$(date -u +%Y-%m-%dT%H-%M-%SZ)}

mkdir -p "$OUT"
# Other work on the machine skews absolute figures (ratios within one run stay comparable): keep its load.
(while :; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done) >"$OUT/load.log" &
LOAD_PID=$!
trap 'kill "$LOAD_PID" 2>/dev/null; [ -n "$STACK_PID" ] && kill "$STACK_PID" 2>/dev/null || true' EXIT
# Two suite invocations in one run, ours first (the suite always runs its built-in servers before the
# others, and ours is the one that must not be cut short); benchReport.ts renders them as one summary.
# The suite starts our server with the cwd it runs in, so it runs from the server's root.
(cd "$SERVER_ROOT" && AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true node "$HARNESS/suite.mjs" \
  --server "galley|y-websocket|node sync-server/dist/benchServer.mjs" \
  --url-suffix "/sync/book/bench/chapter?token=$TOKEN" \
  --workloads "$WORKLOADS" --reps "$REPS" --w4-steps "$W4_STEPS" --run-timeout-s "${BENCH_RUN_TIMEOUT_S:-300}" \
  --out "$OUT/galley" "$@")
if [ -n "$SERVERS" ]; then
  node "$HARNESS/suite.mjs" --servers "$SERVERS" --base-port 23600 \
    --workloads "$WORKLOADS" --reps "$REPS" --w4-steps "$W4_STEPS" --run-timeout-s "${BENCH_RUN_TIMEOUT_S:-300}" \
    --deps-ywebsocket "$REFS/a-ywss" --deps-hocuspocus "$REFS/b-hp" --out "$OUT/references" "$@"
fi
(cd "$ROOT" && node --import tsx sync-server/src/bench/benchReport.ts "$OUT" "$HARNESS") >"$OUT/summary.md"
echo "$OUT/summary.md"
