#!/usr/bin/env bash
# Cold and warm figures of a grpc route, and grpc-java's two Netty transports compared
# (docs/benchmarks.md, "gRPC routes"). Every sample is a fresh JVM with the router's JIT flags that
# builds RouterHandler from its environment (routes from a YAML file, the service's descriptors
# from the item or by server reflection), then invokes a REST event for GET /orders/o-5?quantity=3
# twice, then 500 times warm, against a real gRPC server on loopback.
#
#   bench/grpc-coldstart.sh [RUNS]     after: mvn -B -pl functions/router-grpc -am package -DskipTests
#                                             mvn -B -pl functions/router-grpc test-compile
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bin/jdk.sh
runs=${1:-5}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

module=functions/router-grpc
mvn -B -q ${MAVEN_OFFLINE:+-o} dependency:build-classpath -pl $module -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null
tests="$root/$module/target/test-classes"
full="$(cat "$work/cp.txt")"
# grpc-java over the Netty it shades into its own jar, with netty-tcnative's BoringSSL builds ...
shaded_cp="$tests:$full"
# ... or over plain Netty (grpc-netty and io.netty's jars), with the JDK's TLS.
mkdir -p "$work/netty" && cat > "$work/netty/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>netty</artifactId><version>1</version>
<dependencies><dependency><groupId>io.grpc</groupId><artifactId>grpc-netty</artifactId><version>1.85.1</version></dependency></dependencies></project>
POM
(cd "$work/netty" && mvn -B -q ${MAVEN_OFFLINE:+-o} dependency:build-classpath -Dmdep.outputFile="$work/netty-cp.txt" >/dev/null)
netty_cp="$tests:$(tr ':' '\n' < "$work/cp.txt" | grep -v grpc-netty-shaded | paste -sd:):$(cat "$work/netty-cp.txt")"
jar_cp="$tests:$root/$module/target/lambassador-router-grpc.jar"

java -cp "$tests:$full" dev.lambassador.grpc.OrdersServerMain "$work" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do [ -f "$work/ready" ] && break; sleep 0.1; done

sample() { # name classpath routes
  env -u AWS_ENDPOINT_URL ROUTES_FILE="$work/routes-$3.yaml" AWS_REGION=us-east-1 \
      JAVA_TOOL_OPTIONS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1" \
      java -cp "$2" dev.lambassador.grpc.smoke.ColdStartMain "$work/event.json" 2>/dev/null | grep -E "^(jvm|ERROR)" | sed "s/^/$1 /"
}
for run in $(seq "$runs"); do
  sample "jar-netty-shaded-set" "$jar_cp" set
  sample "netty-shaded-set" "$shaded_cp" set
  sample "netty-set" "$netty_cp" set
  sample "jar-netty-shaded-reflection" "$jar_cp" reflection
done | tee "$work/samples.txt"
echo
echo "medians of $runs runs, ms (init: handler built, routes and descriptors read; first/second: invocations; warm: of 500)"
python3 - "$work/samples.txt" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *pairs = line.split()
    for pair in pairs:
        key, value = pair.split("=")
        rows.setdefault(name, {}).setdefault(key, []).append(float(value))
for name in sorted(rows):
    print(name, " ".join(f"{key}={statistics.median(values):g}" for key, values in rows[name].items()))
PY
