#!/usr/bin/env bash
# Entry point of the README's two commands (`npm run demo`, `npm test`): installs what is missing
# (pnpm, node modules, the Starknet toolchain), then runs the job.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.8
job=${1:?usage: run.sh demo|test [args]}
shift || true

step() { printf '\n==> %s\n' "$*"; }
elapsed() { printf '%ss' $(( $(date +%s) - $1 )); }
t0=$(date +%s)

if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  step "installing pnpm $PNPM_VERSION"
  npm install --global --silent "pnpm@$PNPM_VERSION" >/dev/null 2>&1 \
    || { corepack enable && corepack prepare "pnpm@$PNPM_VERSION" --activate; }
fi

step "installing node modules"
pnpm install --frozen-lockfile --reporter=silent

step "Starknet toolchain"
bash scripts/toolchain.sh

step "building the packages"
pnpm exec turbo run build --filter='./packages/*' --output-logs=errors-only

case "$job" in
  demo)
    step "demo"
    pnpm --filter @chipi-sessions/integration run demo "$@"
    ;;
  test)
    step "lint and types"
    pnpm run lint
    pnpm run typecheck
    step "contract artifacts are reproducible"
    pnpm run contracts:check
    step "golden vectors are current"
    pnpm run vectors:check
    step "Cairo tests"
    pnpm run cairo:test
    step "unit tests"
    pnpm run test:scripts
    pnpm exec turbo run test --filter='./packages/*' --filter=./contracts --output-logs=new-only
    step "integration tests on starknet-devnet"
    pnpm run test:integration
    step "web example in headless Chromium on starknet-devnet (installs Debian chromium if missing)"
    pnpm --filter @chipi-sessions/example-web run test:e2e

    # What an npm user installs: packed tarballs, npm install outside the workspace, publint, attw,
    # import/require, node16 + bundler type-check, browser bundles, devnet examples, publish dry runs.
    step "consumer check on the packed packages"
    pnpm run consumer:check
    ;;
  *)
    echo "unknown job: $job (demo|test)" >&2
    exit 2
    ;;
esac
step "done in $(elapsed "$t0")"
