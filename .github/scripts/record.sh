#!/usr/bin/env bash
# record.sh NAME COMMAND [ARG...]: runs one check and keeps what it said, whatever its exit code, so every
# check runs and a reader sees all of them at once (a later step judges the exit codes and fails the job).
# In $RUNNER_TEMP/checks: NAME.out (stdout: the report), NAME.err (stderr: warnings and usage errors) and
# NAME.exit (the exit code). stderr is echoed to the log too, and the exit code is the step's output
# `exit-code`.
set -euo pipefail
name=${1:?usage: record.sh NAME COMMAND [ARG...]}
shift
dir=${RUNNER_TEMP:?RUNNER_TEMP must be set, as GitHub does}/checks
mkdir -p "$dir"

status=0
"$@" >"$dir/$name.out" 2>"$dir/$name.err" || status=$?
echo "$status" >"$dir/$name.exit"
cat "$dir/$name.err" >&2
echo "exit-code=$status" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "$name: exit code $status"
