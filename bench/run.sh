#!/usr/bin/env bash
# Runs every Lambassador benchmark and prints one table; docs/benchmarks.md explains the figures.
#
#   bench/run.sh           the full run (about 9 to 10 minutes on 2 cores, the build included)
#   bench/run.sh --quick   fewer and shorter samples, to try a change; its figures are not for quoting
#
# Needs a JDK 21+ and Maven. Steps that need more start and stop it themselves, and are skipped
# with a message when it is missing: moto_server (pip install 'moto[server]') for the cold start,
# DynamoDB and freshness steps, wrk and nginx (apt-get install wrk nginx-light) for the load step.
# Each step's output is in bench/target/results/<step>.log; the table is also in table.md there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bin/jdk.sh
started=$(date +%s)
results=bench/target/results

if [ "${1:-}" = "--quick" ]; then
  jmh_options=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  cold_runs=3
  load_options=(--seconds 3 --warmup 1 --rounds 1)
  requests=1000
  freshness_options=(--edits 12 --steady-seconds 4)
elif [ -z "${1:-}" ]; then
  jmh_options=()   # as the benchmark classes' annotations say
  cold_runs=10
  load_options=()
  requests=5000
  freshness_options=()
else
  echo "usage: bench/run.sh [--quick]" >&2
  exit 2
fi

# The load average in each step's header says how busy the shared machine was while it ran.
step() {
  printf '\n== %s (at %d s, load average %s)\n' "$1" $(( $(date +%s) - started )) "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# Runs one step with its output in results/<name>.log; a failing step is reported and the next one runs.
run() {
  local name=$1
  shift
  if ! "$@" > >(grep -v '^SLF4J:' | tee "$results/$name.log") 2>&1; then
    echo "   step '$name' failed: see $results/$name.log"
    rm -f "$results/$name.tsv"
  fi
  wait
}

# The first line a tool prints about itself, or that it is not installed.
version() {
  if command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; then
    { PATH="$PATH:/usr/sbin" "${@:2}" 2>&1 || true; } | head -1
  else
    echo "$1 not installed"
  fi
}

step "build"
# package, never install: the benchmarks must run this worktree's code, not snapshot jars in ~/.m2.
mvn -B -q -DskipTests -pl bench,functions/authorizer -am package
if tr ':' '\n' < bench/target/classpath.txt | grep -q '/.m2/repository/dev/lambassador/'; then
  echo "bench/target/classpath.txt names Lambassador jars from ~/.m2; build with -am so it names this worktree's" >&2
  exit 1
fi
rm -rf "$results"
mkdir -p "$results"
classpath="bench/target/classes:$(cat bench/target/classpath.txt)"
java="$JAVA_HOME/bin/java"

{
  echo "CPU: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(nproc) cores"
  echo "RAM: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "JDK: $("$java" -version 2>&1 | head -2 | tail -1)"
  echo "OS:  $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "Tools: $(version wrk wrk --version | cut -d' ' -f1-2); $(version nginx nginx -v); moto_server from moto \
$(version moto_server python3 -c 'import importlib.metadata as m; print(m.version("moto"))')"
  echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt"

step "JMH: route matching, conditions and versions, transforms, the router handler against a direct call, logging and metrics, retries and breakers"
run jmh "$java" -cp "$classpath" org.openjdk.jmh.Main RouteMatchBenchmark ConditionalRoutingBenchmark TransformBenchmark RouterHandlerBenchmark \
  ObservabilityBenchmark ResilienceBenchmark -rf json -rff "$results/jmh.json" "${jmh_options[@]}"

step "JMH: JWT verification and the authorizer handler, keys cached"
# With the authorizer's flags, C1 and C2 (the benchmark's @Fork); a JWKS on loopback, fetched once per verifier.
run jwt "$java" -cp "$classpath" org.openjdk.jmh.Main JwtVerifierBenchmark \
  -rf json -rff "$results/jwt.json" "${jmh_options[@]}"
# The verifier alone once more with C1 only, the router's flags: why the authorizer runs with C2 too,
# which compiles signature verification's hot loops to the CPU's multiply intrinsics.
run jwt-c1 "$java" -cp "$classpath" org.openjdk.jmh.Main 'JwtVerifierBenchmark\.verify' -jvmArgsAppend -XX:TieredStopAtLevel=1 \
  -rf json -rff "$results/jwt-c1.json" "${jmh_options[@]}"

step "cold start: fresh JVMs through the Lambda runtime interface client (router, authorizer, hello)"
run coldstart "$java" -cp "$classpath" dev.lambassador.bench.coldstart.ColdStartBench --runs "$cold_runs" \
  --out "$results/coldstart.tsv" --details "$results/coldstart-details.txt"

step "EMF at cold start: an EMF library against the functions' own writer, fresh JVMs"
run emf-coldstart "$java" -cp "$classpath" dev.lambassador.bench.coldstart.EmfColdStartBench --runs "$cold_runs" \
  --out "$results/emf-coldstart.tsv"

step "DynamoDB reads per request"
run dynamodb "$java" -cp "$classpath" dev.lambassador.bench.DynamoDbReadsBench --requests "$requests" \
  --out "$results/dynamodb.tsv"

step "freshness: edits through lambassador dev --table against moto, and the router's reads"
run freshness "$java" -XX:TieredStopAtLevel=1 -cp "$classpath" dev.lambassador.bench.FreshnessBench "${freshness_options[@]}" \
  --out "$results/freshness.tsv"

step "load: wrk direct, through nginx, through the local gateway"
# The flags bin/lambassador runs the local gateway with.
run load "$java" -XX:TieredStopAtLevel=1 -cp "$classpath" dev.lambassador.bench.load.LoadBench "${load_options[@]}" \
  --out "$results/load.tsv"

step "table"
echo
"$java" -cp "$classpath" dev.lambassador.bench.Report "$results" $(( $(date +%s) - started ))
