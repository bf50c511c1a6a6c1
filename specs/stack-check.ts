/**
 * The check that splitting a declaration across stacks loses nothing and doubles nothing: every grant (a
 * guest's or a group's) is owned by exactly one stack, every invitation and every group by exactly one (the
 * identities stack, or the single all-in-one stack), every stack's config says something valid and selects
 * something that exists, and every grants stack reads its object ids from a real identities stack. `guest-access validate` runs it over every
 * `Pulumi.<stack>.yaml` that deploys the declaration; the program runs the part of it that one stack can see
 * (its own config against the declaration) before it registers anything.
 */

import { basename } from "node:path";
import type { Diagnostic } from "../access/diagnostics";
import type { AccessModel, GrantSpec } from "../access/model";
import type { SourceLocation } from "../access/diagnostics";
import { parseScope } from "../azure/scope";
import {
  ownsIdentities,
  readStackPart,
  selectsGrant,
  stackNameOf,
  STACK_PART_KEYS,
  type StackPart,
} from "./stack-part";

/** One stack's config, as the check reads it. */
export interface StackConfigInput {
  /** The stack's name. */
  readonly stack: string;
  /** Its `Pulumi.<stack>.yaml` (where config problems are reported). */
  readonly file: string;
  /** Fully qualified config values. */
  readonly config: Readonly<Record<string, string>>;
  /** Where each key is written in `file`, when known. */
  readonly keyLocations?: Readonly<
    Record<string, { readonly line: number; readonly column: number }>
  >;
}

/** The parts the stacks deploy, and every problem found. */
export interface StackCheck {
  /** Each stack's part, in the order given. */
  readonly parts: readonly StackPart[];
  /** Sorted by the caller; empty when the split is sound. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Where a config key is written, or the top of the file when it is not. */
function at(input: StackConfigInput, key: string): SourceLocation {
  const where = input.keyLocations?.[key];
  return {
    file: input.file,
    line: where?.line ?? 1,
    column: where?.column ?? 1,
    path: `/config/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`,
  };
}

/** A declared grant (active or expired), whose it is (`guest <email>`, `group <name>`) and where it is written. */
interface DeclaredGrant {
  readonly holder: string;
  readonly grant: GrantSpec;
  readonly location: SourceLocation;
}

/** Every grant of the declaration, the guests' then the groups': all are selected by stacks alike. */
function declaredGrants(model: AccessModel): DeclaredGrant[] {
  const holders = [
    ...model.guests.map((guest) => ({ holder: guest.spec.email, resolved: guest })),
    ...model.groups.map((group) => ({ holder: `group ${group.spec.name}`, resolved: group })),
  ];
  return holders.flatMap(({ holder, resolved }) => [
    ...resolved.spec.grants.map((grant) => ({
      holder,
      grant,
      location: resolved.grantLocations[grant.key] ?? resolved.location,
    })),
    ...resolved.expiredGrants.map(({ grant, location }) => ({ holder, grant, location })),
  ]);
}

/**
 * Checks one stack's config against the declaration: its keys, and that each selector matches something
 * (a subscription or management group some grant is in, a file of the declaration) and the whole selects
 * at least one grant.
 */
export function checkStackPart(
  model: AccessModel,
  input: StackConfigInput,
): { readonly part: StackPart; readonly diagnostics: Diagnostic[] } {
  const { part, problems } = readStackPart(input.stack, input.config);
  const diagnostics: Diagnostic[] = problems.map((p) => ({
    ...at(input, p.key),
    code: "stack-config-invalid",
    severity: "error",
    message: p.message,
  }));
  if (part.role !== "grants") return { part, diagnostics };
  const grants = declaredGrants(model);
  const subscriptions = new Set<string>();
  const managementGroups = new Set<string>();
  for (const { grant } of grants) {
    const parsed = parseScope(grant.scope);
    if (!parsed.ok) continue;
    if (parsed.scope.subscriptionId) subscriptions.add(parsed.scope.subscriptionId);
    if (parsed.scope.managementGroup) managementGroups.add(parsed.scope.managementGroup);
  }
  const list = (values: Iterable<string>): string => [...values].sort().join(", ") || "(none)";
  for (const s of part.subscriptions) {
    if (!subscriptions.has(s))
      diagnostics.push({
        ...at(input, STACK_PART_KEYS.subscriptions),
        code: "stack-unknown-scope",
        severity: "error",
        message: `stack ${input.stack} selects subscription ${s}, in which the declaration grants nothing; the declaration's subscriptions are ${list(subscriptions)}: correct it, or remove it from ${STACK_PART_KEYS.subscriptions}`,
      });
  }
  for (const m of part.managementGroups) {
    if (!managementGroups.has(m))
      diagnostics.push({
        ...at(input, STACK_PART_KEYS.managementGroups),
        code: "stack-unknown-scope",
        severity: "error",
        message: `stack ${input.stack} selects management group ${m}, at which the declaration grants nothing; the declaration's management groups are ${list(managementGroups)}: correct it, or remove it from ${STACK_PART_KEYS.managementGroups}`,
      });
  }
  const files = new Set(model.files.map((f) => basename(f)));
  for (const f of part.files) {
    if (!files.has(f))
      diagnostics.push({
        ...at(input, STACK_PART_KEYS.files),
        code: "stack-unknown-file",
        severity: "error",
        message: `stack ${input.stack} selects file ${f}, which is not part of the declaration; its files are ${list(files)}: correct the name, or remove it from ${STACK_PART_KEYS.files}`,
      });
  }
  const selected = grants.some(({ grant, location }) =>
    selectsGrant(part, { grant, file: location.file }),
  );
  const selector = part.files.length
    ? STACK_PART_KEYS.files
    : part.subscriptions.length
      ? STACK_PART_KEYS.subscriptions
      : part.managementGroups.length
        ? STACK_PART_KEYS.managementGroups
        : STACK_PART_KEYS.role;
  if (!selected && diagnostics.length === 0)
    diagnostics.push({
      ...at(input, selector),
      code: "stack-selects-nothing",
      severity: "error",
      message: `grants stack ${input.stack} selects no grant of the declaration: a stack that deploys nothing would delete every grant it holds; select its grants (${STACK_PART_KEYS.subscriptions}, ${STACK_PART_KEYS.managementGroups}, ${STACK_PART_KEYS.files}), or remove the stack once its grants have moved`,
    });
  return { part, diagnostics };
}

/** `a`, `a and b`, `a, b and c`. */
function names(stacks: readonly string[]): string {
  if (stacks.length <= 1) return stacks.join("");
  return `${stacks.slice(0, -1).join(", ")} and ${stacks[stacks.length - 1] ?? ""}`;
}

/**
 * Checks every stack that deploys the declaration: each one's part (`checkStackPart`), that each grants
 * stack names an identities stack among them, and that every grant and every invitation is owned by exactly
 * one stack. An error names the grant's or guest's place and the stacks involved.
 */
export function checkStacks(model: AccessModel, inputs: readonly StackConfigInput[]): StackCheck {
  const diagnostics: Diagnostic[] = [];
  const parts: StackPart[] = [];
  for (const input of inputs) {
    const checked = checkStackPart(model, input);
    parts.push(checked.part);
    diagnostics.push(...checked.diagnostics);
  }
  const identities = parts.filter((p) => p.role === "identities").map((p) => p.stack);
  inputs.forEach((input, i) => {
    const part = parts[i];
    if (part?.role !== "grants" || part.identitiesStack === undefined) return;
    const named = stackNameOf(part.identitiesStack);
    if (!identities.includes(named))
      diagnostics.push({
        ...at(input, STACK_PART_KEYS.identitiesStack),
        code: "stack-identities-unknown",
        severity: "error",
        message: `grants stack ${part.stack} reads object ids from ${part.identitiesStack}, but no stack named ${named} of this project has ${STACK_PART_KEYS.role}: identities${identities.length ? ` (the identities stack is ${names(identities)})` : ""}; name the identities stack as org/project/stack`,
      });
  });

  for (const { holder, grant, location } of declaredGrants(model)) {
    const owners = parts
      .filter((p) => selectsGrant(p, { grant, file: location.file }))
      .map((p) => p.stack);
    if (owners.length === 1) continue;
    const what = `grant of "${grant.role.name}" on ${grant.scope} to ${holder}`;
    diagnostics.push(
      owners.length === 0
        ? {
            ...location,
            code: "grant-owned-by-no-stack",
            severity: "error",
            message: `the ${what} is deployed by no stack (stacks: ${names(parts.map((p) => p.stack))}); select its subscription or file in one grants stack's config`,
          }
        : {
            ...location,
            code: "grant-owned-by-several-stacks",
            severity: "error",
            message: `the ${what} is selected by stacks ${names(owners)}; each would create the same role assignment (ARM refuses the second): select it in one stack only`,
          },
    );
  }

  // No stack owning the invitations and groups cannot happen unreported: then every stack is a grants stack,
  // and each one's identitiesStack names no identities stack of the project (stack-identities-unknown).
  const identityOwners = parts.filter(ownsIdentities).map((p) => p.stack);
  if (identityOwners.length > 1) {
    for (const group of model.groups) {
      diagnostics.push({
        ...group.location,
        code: "group-owned-by-several-stacks",
        severity: "error",
        message: `group ${group.spec.name} is deployed by stacks ${names(identityOwners)}; each would create its own Entra ID group of the same name (the second is refused as a duplicate name): keep one identities stack (or one all-in-one stack) and make the others ${STACK_PART_KEYS.role}: grants`,
      });
    }
    for (const guest of model.guests) {
      if (guest.spec.invitation === undefined) continue;
      diagnostics.push({
        ...guest.location,
        code: "invitation-owned-by-several-stacks",
        severity: "error",
        message: `the invitation of ${guest.spec.email} is deployed by stacks ${names(identityOwners)}; a guest is invited once: keep one identities stack (or one all-in-one stack) and make the others ${STACK_PART_KEYS.role}: grants`,
      });
    }
  }
  return { parts, diagnostics };
}
