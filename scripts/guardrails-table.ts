/**
 * Renders the guardrails table from the policies' own metadata, so what reviewers read is what the pack
 * enforces: into `docs/guardrails.md` and between `<!-- guardrails:start -->` and `<!-- guardrails:end -->`
 * in README.md.
 *
 *   ts-node scripts/guardrails-table.ts --write   rewrite both
 *   ts-node scripts/guardrails-table.ts --check   exit 1 when either is stale
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Policies } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import {
  PACK_ENFORCEMENT_LEVEL,
  PACK_NAME,
  policies as packPolicies,
} from "../policy/policies/index";

/** The marker in README.md after which the table starts. */
export const README_START = "<!-- guardrails:start -->";
/** The marker in README.md before which the table ends. */
export const README_END = "<!-- guardrails:end -->";

const ROOT = join(__dirname, "..");

/** The generated guardrails document. */
export const GUARDRAILS_DOC = join(ROOT, "docs", "guardrails.md");
/** The README, of which only the text between the markers is written. */
export const README = join(ROOT, "README.md");

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function showDefault(value: unknown): string {
  if (Array.isArray(value))
    return value.length === 0 ? "[]" : value.map((v) => String(v)).join(", ");
  if (typeof value === "string") return value === "" ? '""' : value;
  return JSON.stringify(value);
}

function schemaProperties(policy: Policies[number]): [string, PolicyConfigJSONSchema][] {
  return Object.entries(policy.configSchema?.properties ?? {}).filter(
    (entry): entry is [string, PolicyConfigJSONSchema] => typeof entry[1] === "object",
  );
}

/** The markdown table: policy, what it forbids, default level, severity, configuration with defaults. */
export function renderGuardrailsTable(policies: Policies = packPolicies): string {
  const rows = policies.map((p) => {
    const config = schemaProperties(p)
      .map(([key, schema]) => `\`${key}\` (default \`${showDefault(schema.default)}\`)`)
      .join("<br>");
    return `| \`${p.name}\` | ${cell(p.description)} | ${p.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL} | ${p.severity ?? ""} | ${cell(config) || "—"} |`;
  });
  return [
    "| Policy | What it enforces | Default level | Severity | Configuration |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** How the pack decides, written once here because it holds for every policy above. */
const HOW_IT_DECIDES = `## How the pack decides

- **Every spelling of a role assignment.** \`azure-native:authorization:RoleAssignment\` and its versioned tokens
  (\`azure-native:authorization/v20220401:RoleAssignment\`, …) are all role assignments, for every rule and count.
- **Whose assignment is it?** A role assignment is a guest's when its parent is a \`guest-access:index:Guest\`
  component (from the resource's parent, known in every \`Analyze\` request) or when its \`principalId\` depends on
  an Invitation (property dependencies, known to stack policies). The value of \`principalId\` is never needed: a
  new guest's object id is unknown during a preview, and a policy that read it would be skipped with an advisory.
  A known value is used only as extra evidence (a guest referenced by \`objectId\`, or an invited user's id after
  an update).
- **Both places a guest's grant can come from.** The role, privilege, scope and principal-type rules run per
  resource on a Guest's own assignments, before they are created, and over the stack on any other assignment whose
  principal is a guest. Such a bypass is also refused on its own by \`guest-grant-only-in-guest-component\`, as is
  any other resource outside a Guest (a PIM eligibility, a directory role, a group membership, …) whose inputs
  depend on a guest's Invitation or name a guest's known object id. Stack policies run at the end of a preview
  (which CI runs on every pull request) and after an update.
- **A Guest is what it declares.** Anything can register a component of type \`guest-access:index:Guest\`, so
  \`guest-grant-declared-by-guest\` checks over the stack that each of its role assignments is one of its grants
  (role and normalised scope), for the guest's own principal (its own invitation, or its \`objectId\`), and that
  its only other child is one invitation for its email. The engine's stack view of a component is the outputs it
  registered, not its inputs, so a Guest registers its declaration as its outputs (email, \`invited\` or
  \`objectId\`, grants, \`principalId\`) and the rule reads only that: it keeps nothing between requests. A Guest
  whose outputs hold no declaration (deployed by an older program, or registered by hand) fails closed.
- **Unknown on a Guest's own assignment.** A Guest's role, scope and principal type are literal values from
  access.yaml; if one is unknown during a preview, the rule that reads it reports a mandatory "cannot be
  verified" instead of the engine's advisory skip. Elsewhere an unknown value skips the rule, as the engine does.
- **Failing closed.** A configuration that names an unknown role, the root scope, the tenant root group or a
  management group without \`allowManagementGroups\` stops the run with the offending entry, rather than allowing
  or refusing nothing. A privileged role in \`allowedRoles\` is such an error, and \`guest-role-allow-listed\` refuses
  privileged roles on its own as well as \`guest-role-not-privileged\`: a guest receives one without a mandatory
  violation only if both policies are disabled or advisory.
- **Expiry as of a date.** \`guest-grant-expiry-bounded\` judges expiries against \`today\` when set (reviews and
  tests ask "as of" a day and always get the same answer), else against the current UTC date.

## Azure itself as the last guardrail

\`guest-access condition --policy-config policy/config/dev.json\` prints the ABAC condition (version 2.0) that
restricts the deploying identity's "Role Based Access Control Administrator" assignment to writing and deleting
role assignments of exactly the roles that pass \`guest-role-allow-listed\` and \`guest-role-not-privileged\`, for
principal type User. It refuses (exit 1) when the condition would exceed Azure's limit, documented as "8 KB" and
taken as 8,000 bytes to be safe.

The delete clause is limited to the allow-list as well, so the identity cannot delete other role assignments.
The consequence: once a role leaves \`allowedRoles\`, the identity can no longer revoke existing grants of it
(AuthorizationFailed). To retire a role, first revoke every guest's grants of it (remove them from access.yaml and
deploy), then remove it from \`allowedRoles\`, then regenerate the condition and update the identity's role
assignment with it.
`;

/** The whole `docs/guardrails.md`: the table, then each policy's remediation and configuration. */
export function renderGuardrailsDoc(policies: Policies = packPolicies): string {
  const sections = policies.map((p) => {
    const properties = schemaProperties(p).map(
      ([key, schema]) =>
        `- \`${key}\` (${String(schema.type ?? "any")}, default \`${showDefault(schema.default)}\`): ${schema.description ?? ""}`,
    );
    return [
      `## \`${p.name}\``,
      "",
      p.description,
      "",
      `Default level: **${p.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL}**. Severity: **${p.severity ?? "unspecified"}**.`,
      "",
      `To fix a violation: ${p.remediationSteps ?? ""}`,
      "",
      ...(properties.length > 0
        ? ["Configuration:", "", ...properties]
        : ["No configuration besides `enforcementLevel`."]),
    ].join("\n");
  });
  return [
    "# Guardrails",
    "",
    "<!-- Generated by scripts/guardrails-table.ts from the policies' metadata; do not edit by hand. -->",
    "",
    `The \`${PACK_NAME}\` policy pack in \`policy/\`. Run it with`,
    "`pulumi preview --policy-pack policy --policy-pack-config policy/config/dev.json`.",
    'Every level and property can be set per stack: `{ "all": "<level>", "<policy>": { "enforcementLevel": "<level>", ... } }`.',
    "",
    renderGuardrailsTable(policies),
    "",
    ...sections.flatMap((s) => [s, ""]),
    HOW_IT_DECIDES,
  ].join("\n");
}

/** README.md with the table between the markers; throws when the markers are missing. */
export function withReadmeTable(readme: string, table: string = renderGuardrailsTable()): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start)
    throw new Error(`README.md has no ${README_START} … ${README_END} markers`);
  return `${readme.slice(0, start + README_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** Which generated files differ from what the policies say. */
export function staleFiles(): string[] {
  const stale: string[] = [];
  let doc = "";
  try {
    doc = readFileSync(GUARDRAILS_DOC, "utf8");
  } catch {
    // A missing file is stale.
  }
  if (doc !== renderGuardrailsDoc()) stale.push(GUARDRAILS_DOC);
  const readme = readFileSync(README, "utf8");
  if (readme !== withReadmeTable(readme)) stale.push(README);
  return stale;
}

function main(argv: readonly string[]): number {
  if (argv.includes("--write")) {
    writeFileSync(GUARDRAILS_DOC, renderGuardrailsDoc());
    writeFileSync(README, withReadmeTable(readFileSync(README, "utf8")));
    return 0;
  }
  if (argv.includes("--check")) {
    const stale = staleFiles();
    for (const file of stale)
      process.stderr.write(`${file} is stale: run ts-node scripts/guardrails-table.ts --write\n`);
    return stale.length > 0 ? 1 : 0;
  }
  process.stdout.write(`${renderGuardrailsTable()}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
