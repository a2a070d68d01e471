#!/usr/bin/env bash
# Deploys the CDK stack into a local moto_server, the way `cdk deploy` deploys into AWS:
# bootstrap, then `cdk deploy --method=direct` (moto has CloudFormation stacks but no change sets).
#
#   mvn -B package -DskipTests        # once: the router jar and the CDK app jar
#   infra/deploy-moto.sh              # starts moto, deploys, checks, stops moto
#   infra/deploy-moto.sh --keep       # leaves moto running for `aws --endpoint-url ...` pokes
#
# moto serves the control plane only: it creates the routes table, the IAM role and policy, the
# router function (with its uploaded jar) and the REST API's resources and methods, but never runs
# code, and it has no CloudFormation support for Lambda aliases or API Gateway stages. The stack is
# therefore deployed with -c snapStart=false (the alias exists for SnapStart only) and stage dev.
#
# Needs: java 21+ on PATH, moto_server (pip install 'moto[server]'), the aws CLI, and node/npm for
# the CDK CLI (taken from $LAMBASSADOR_CDK, else a cdk on PATH, else `npx aws-cdk@2`; the variable is
# not named CDK*, as the CDK CLI reads every CDK* variable as one of its options).
set -euo pipefail

cd "$(dirname "$0")/.."

port="${MOTO_PORT:-5055}"
keep=false
extra=()
for arg in "$@"; do
  case "$arg" in
    --keep) keep=true ;;
    *) extra+=("$arg") ;;
  esac
done

for jar in functions/router/target/lambassador-router.jar infra/target/lambassador-infra.jar; do
  if [[ ! -f "$jar" ]]; then
    echo "missing $jar: run 'mvn -B package -DskipTests' in the repository root first" >&2
    exit 1
  fi
done
command -v moto_server >/dev/null || { echo "moto_server not found: pip install 'moto[server]'" >&2; exit 1; }
command -v aws >/dev/null || { echo "aws CLI not found: pip install awscli" >&2; exit 1; }

if [[ -n "${LAMBASSADOR_CDK:-}" ]]; then
  read -r -a cdk <<<"$LAMBASSADOR_CDK"
elif command -v cdk >/dev/null; then
  cdk=(cdk)
else
  cdk=(npx --yes aws-cdk@2)
fi

work="$(mktemp -d)"
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
stop_moto() {
  if [[ "$keep" == false ]]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
}
trap stop_moto EXIT

for _ in $(seq 1 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/moto-api/" && break
  kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log" >&2; exit 1; }
  sleep 0.2
done

# localhost, not 127.0.0.1: asset uploads address the bucket as BUCKET.localhost, which resolves
# to loopback, while BUCKET.127.0.0.1 is no host name at all.
export AWS_ENDPOINT_URL="http://localhost:$port"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export CDK_DISABLE_CLI_TELEMETRY=true JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1

stage=dev
out="$work/cdk.out"
"${cdk[@]}" bootstrap --output "$out" -c stage="$stage" -c snapStart=false "${extra[@]}"
"${cdk[@]}" deploy --method=direct --require-approval never --output "$out" \
  -c stage="$stage" -c snapStart=false "${extra[@]}"

stack="lambassador-$stage"
output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
table="$(output RoutesTableName)"
function_name="$(output RouterFunctionName)"

echo "--- routes table"
aws dynamodb describe-table --table-name "$table" \
  --query 'Table.[TableName,TableStatus,BillingModeSummary.BillingMode]' --output text
echo "--- router function"
aws lambda get-function-configuration --function-name "$function_name" \
  --query '[FunctionName,Runtime,Handler,MemorySize,CodeSize]' --output text
echo "--- first route, read back the way the router loads routes"
aws dynamodb put-item --table-name "$table" --item '{"kind":{"S":"route"},"id":{"S":"echo"},"path":{"S":"/echo/{proxy+}"},"methods":{"L":[{"S":"GET"}]},"backend":{"S":"https://httpbin.org/anything/{proxy}"},"timeoutMs":{"N":"5000"}}'
aws dynamodb query --table-name "$table" --key-condition-expression '#k = :route' \
  --expression-attribute-names '{"#k":"kind"}' --expression-attribute-values '{":route":{"S":"route"}}' \
  --query 'Items[].[id.S,path.S,backend.S]' --output text

if [[ "$keep" == true ]]; then
  echo "moto_server keeps running on port $port (pid $moto_pid); AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL"
fi
