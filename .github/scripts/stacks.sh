#!/usr/bin/env bash
# The stacks CI runs one job each for: every Pulumi.<stack>.yaml in the project, as a JSON list for a job
# matrix (`stacks=["dev","prod"]` in $GITHUB_OUTPUT). Adding a stack file is all it takes to add a stack.
#
# Deploying orders them by what their config says (README, "Many stacks"): `identities` lists the stacks
# with `guest-access:stackRole: identities` (they invite the guests and export their object ids), and
# `dependents` every other stack (grants stacks read those ids, so they deploy after, in parallel).
#
# Refused, so no job runs on a guess: a stack name that is not a plain Pulumi stack name (it becomes part
# of paths, concurrency groups and environment names), and a stack without its guardrails configuration
# policy/config/<stack>.json (a preview or update without it would judge the stack by the pack's defaults).
set -euo pipefail
export LC_ALL=C # a stable order, whatever the runner's locale

# A stack's guest-access:stackRole (or the bare stackRole of the project's namespace) from its file, read
# without YAML tooling (this job installs nothing): an indented `key: value` line under config.
role_of() {
  sed -nE "/^[[:space:]]+(guest-access:)?stackRole:[[:space:]]*[\"']?([A-Za-z]+)[\"']?[[:space:]]*(#.*)?\$/{s//\2/p;q;}" "$1"
}

stacks=()
identities=()
dependents=()
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
  if [[ $(role_of "$file") == identities ]]; then identities+=("$name"); else dependents+=("$name"); fi
done

list() { node -e 'process.stdout.write(JSON.stringify(process.argv.slice(1)))' -- "$@"; }
json=$(list "${stacks[@]}")
{
  echo "stacks=$json"
  echo "identities=$(list "${identities[@]}")"
  echo "dependents=$(list "${dependents[@]}")"
} >>"${GITHUB_OUTPUT:-/dev/stdout}"
if [[ ${#stacks[@]} -eq 0 ]]; then
  echo "::warning::no Pulumi.<stack>.yaml in $(pwd): nothing to do" >&2
fi
echo "stacks: $json"
