#!/usr/bin/env bash
# Validates action.yml and every workflow file against the published schemas (action-validator).
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml examples/workflows/*.yml)
for f in "${workflows[@]}"; do
  npx --no-install action-validator "$f"
  echo "valid: $f"
done

# action-validator 0.6.0 bundles a schema from before GitHub added node24, so it rejects `using: node24`.
# Validate everything else with node20 in its place, and check node24 itself here.
grep -Eq '^  using: node24$' action.yml || { echo "action.yml must run on node24" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's/^  using: node24$/  using: node20/' action.yml > "$tmp/action.yml"
npx --no-install action-validator "$tmp/action.yml"
echo "valid: action.yml (runs.using node24)"
