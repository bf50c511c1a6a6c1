#!/usr/bin/env bash
# Fails the review job when a check failed, naming each one (the reports are in the comment and the job
# summary). Runs last, so every check and the preview have had their say first.
set -euo pipefail
dir=${RUNNER_TEMP:?RUNNER_TEMP must be set, as GitHub does}/checks
failed=0
for check in validate diff plan; do
  code=$(cat "$dir/$check.exit" 2>/dev/null || echo "missing")
  if [[ $code != 0 ]]; then
    echo "::error title=guest-access $check::exit code $code for stack ${STACK:-?}; see the job summary"
    failed=1
  fi
done
exit "$failed"
