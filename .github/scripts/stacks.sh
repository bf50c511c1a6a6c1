#!/usr/bin/env bash
# The stacks CI runs one job each for: every Pulumi.<stack>.yaml in the project, as a JSON list for a job
# matrix (`stacks=["dev","prod"]` in $GITHUB_OUTPUT). Adding a stack file is all it takes to add a stack.
#
# Refused, so no job runs on a guess: a stack name that is not a plain Pulumi stack name (it becomes part
# of paths, concurrency groups and environment names), and a stack without its guardrails configuration
# policy/config/<stack>.json (a preview or update without it would judge the stack by the pack's defaults).
set -euo pipefail
export LC_ALL=C # a stable order, whatever the runner's locale

stacks=()
shopt -s nullglob
for file in Pulumi.*.yaml; do
  name=${file#Pulumi.}
  name=${name%.yaml}
  if [[ ! $name =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]]; then
    echo "::error file=$file::\"$name\" is not a stack name CI accepts: use letters, digits, '-', '_' and '.'" >&2
    exit 1
  fi
  if [[ ! -f policy/config/$name.json ]]; then
    echo "::error file=$file::stack \"$name\" has no guardrails configuration: create policy/config/$name.json" >&2
    exit 1
  fi
  stacks+=("$name")
done

json=$(node -e 'process.stdout.write(JSON.stringify(process.argv.slice(1)))' -- "${stacks[@]}")
echo "stacks=$json" >>"${GITHUB_OUTPUT:-/dev/stdout}"
if [[ ${#stacks[@]} -eq 0 ]]; then
  echo "::warning::no Pulumi.<stack>.yaml in $(pwd): nothing to do" >&2
fi
echo "stacks: $json"
