#!/bin/bash
# The tracing probe off costs nothing measurable: echo on epoll and io_uring served by the build
# just before the syscall probe came in (e2bde72^: the counters called directly) and by this
# build (every call through SyscallProbe, the trace off), interleaved, 5 rounds of 5 s, the same
# load generator (this build's) against both. results.txt holds one run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
JAVA_HOME=$("$root/bin/find-jdk"); export JAVA_HOME
git clone -q "$root" "$work/before" && git -C "$work/before" checkout -q e2bde72^
(cd "$work/before" && ./mvnw -q -B -ntp -DskipTests package) >&2
(cd "$root" && ./mvnw -q -B -ntp -DskipTests package) >&2
run() { # build-dir model -> msgs/s
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
    -cp "$1/cli/target/iomodels-cli.jar:$1/cli/target/lib/*" org.iomodels.cli.Main serve --model "$2" --port 18555 >/dev/null 2>&1 &
  local pid=$!
  sleep 2
  "$root/iomodels" load --port 18555 --conns 100 --duration 5 --warmup 2 --json | grep -o '"msgs_per_s":[0-9.]*' | cut -d: -f2
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for round in 1 2 3 4 5; do
  for model in epoll io_uring; do
    echo "round $round $model before $(run "$work/before" $model) after $(run "$root" $model)"
  done
done
