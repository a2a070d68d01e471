#!/usr/bin/env bash
# Deploys the CDK stack into a local moto_server, the way `cdk deploy` deploys into AWS:
# bootstrap, then `cdk deploy --method=direct` (moto has CloudFormation stacks but no change sets).
# Then it checks what was deployed, writes and reads the first route, and runs `cdk destroy`.
#
#   mvn -B package -DskipTests        # once: the router and authorizer jars and the CDK app jar
#   infra/deploy-moto.sh              # starts moto, deploys, checks, destroys, stops moto
#   infra/deploy-moto.sh --keep       # skips the destroy and leaves moto running for `aws --endpoint-url ...` pokes
#   infra/deploy-moto.sh -c apiType=http    # other arguments go to every cdk command
#
# moto serves the control plane only: it creates the routes table, the IAM roles and policies, the
# router and authorizer functions (with their uploaded jars) and the REST API's resources and methods, but never runs
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

for jar in functions/router/target/lambassador-router.jar functions/authorizer/target/lambassador-authorizer.jar \
    infra/target/lambassador-infra.jar; do
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
# With --keep, moto keeps running and writes its log into $work, so both stay; else both go.
cleanup() {
  if [[ "$keep" == false ]]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT

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

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

stage=dev
out="$work/cdk.out"
# ${extra[@]+...}: bash before 4.4 calls an empty array unbound under `set -u`.
cdk_args=(--output "$out" -c stage="$stage" -c snapStart=false ${extra[@]+"${extra[@]}"})
"${cdk[@]}" bootstrap "${cdk_args[@]}"
"${cdk[@]}" deploy --method=direct --require-approval never "${cdk_args[@]}"

stack="lambassador-$stage"
output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
table="$(output RoutesTableName)"
function_name="$(output RouterFunctionName)"
authorizer_name="$(output AuthorizerFunctionName)"
[[ -n "$table" && "$table" != None ]] || fail "stack $stack has no RoutesTableName output"
[[ -n "$function_name" && "$function_name" != None ]] || fail "stack $stack has no RouterFunctionName output"
[[ -n "$authorizer_name" && "$authorizer_name" != None ]] || fail "stack $stack has no AuthorizerFunctionName output"

echo "--- routes table"
table_status="$(aws dynamodb describe-table --table-name "$table" --query 'Table.TableStatus' --output text 2>/dev/null)" \
  || fail "routes table $table does not exist"
[[ "$table_status" == ACTIVE ]] || fail "routes table $table is $table_status, not ACTIVE"
aws dynamodb describe-table --table-name "$table" \
  --query 'Table.[TableName,TableStatus,BillingModeSummary.BillingMode]' --output text
echo "--- router function"
handler="$(aws lambda get-function-configuration --function-name "$function_name" --query Handler --output text 2>/dev/null)" \
  || fail "router function $function_name does not exist"
[[ "$handler" == dev.lambassador.router.RouterHandler::handleRequest ]] || fail "router function has handler $handler"
aws lambda get-function-configuration --function-name "$function_name" \
  --query '[FunctionName,Runtime,Handler,MemorySize,CodeSize]' --output text
echo "--- authorizer function"
handler="$(aws lambda get-function-configuration --function-name "$authorizer_name" --query Handler --output text 2>/dev/null)" \
  || fail "authorizer function $authorizer_name does not exist"
[[ "$handler" == dev.lambassador.authorizer.AuthorizerHandler::handleRequest ]] || fail "authorizer function has handler $handler"
aws lambda get-function-configuration --function-name "$authorizer_name" \
  --query '[FunctionName,Runtime,Handler,MemorySize,Timeout,Environment.Variables.ANONYMOUS_ACCESS]' --output text
echo "--- first route, read back the way the router loads routes"
aws dynamodb put-item --table-name "$table" --item '{"kind":{"S":"route"},"id":{"S":"echo"},"path":{"S":"/echo/{proxy+}"},"methods":{"L":[{"S":"GET"}]},"backend":{"S":"https://httpbin.org/anything/{proxy}"},"timeoutMs":{"N":"5000"}}'
routes="$(aws dynamodb query --table-name "$table" --key-condition-expression '#k = :route' \
  --expression-attribute-names '{"#k":"kind"}' --expression-attribute-values '{":route":{"S":"route"}}' \
  --query 'Items[].[id.S,path.S,backend.S]' --output text)"
echo "$routes"
[[ "$routes" == echo* ]] || fail "the route just written did not come back from a Query of the route partition"

if [[ "$keep" == true ]]; then
  echo "stack $stack stays; moto_server keeps running on port $port (pid $moto_pid, log $work/moto.log);"
  echo "AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL"
  exit 0
fi

echo "--- cdk destroy"
"${cdk[@]}" destroy --force "${cdk_args[@]}"
if aws cloudformation describe-stacks --stack-name "$stack" >/dev/null 2>&1; then
  fail "stack $stack still exists after cdk destroy"
fi
if aws lambda get-function --function-name "$function_name" >/dev/null 2>&1; then
  fail "router function $function_name still exists after cdk destroy"
fi
if aws lambda get-function --function-name "$authorizer_name" >/dev/null 2>&1; then
  fail "authorizer function $authorizer_name still exists after cdk destroy"
fi
if aws dynamodb describe-table --table-name "$table" >/dev/null 2>&1; then
  echo "routes table $table outlives the stack (deletion protection or a retained table)"
else
  echo "routes table $table went with the stack"
fi
echo "OK"
