/**
 * Which part of a declaration a stack deploys. One declaration can be split across stacks: an `identities`
 * stack owns every identity resource (the invitations, the Entra ID groups and the guests' memberships) and
 * exports each guest's and each group's object id; each `grants` stack owns the role assignments it selects
 * (a guest's or a group's, by subscription, management group or file of a declaration directory) and reads
 * the object ids through a `StackReference` of the identities stack. A stack with no such config (`all`) owns
 * everything: the single-stack setup, unchanged.
 *
 * This file is the one place that says which resources are identity resources (`IDENTITY_RESOURCE_TYPES`)
 * and which grants a stack selects (`selectsGrant`); the specs of a stack follow from it (`stack-specs.ts`),
 * and the check that every grant and invitation lands in exactly one stack reads it too (`stack-check.ts`).
 */

import { basename } from "node:path";
import type { GrantSpec } from "../access/model";
import { isGuid, parseScope } from "../azure/scope";
import { GROUP_MEMBER_TYPE, GROUP_TYPE, INVITATION_TYPE } from "../azure/tokens";

/**
 * The resource types an `identities` stack owns and a `grants` stack never registers. Identities are shared
 * by every grant of a guest or a group, whichever stack holds the grant, so they live once, in one stack: a
 * guest's invitation, a group's Entra ID group, and a guest's membership in a group (a membership is who the
 * group is, not what it may do: it carries every grant of the group, in whichever stacks they are).
 */
export const IDENTITY_RESOURCE_TYPES: readonly string[] = [
  INVITATION_TYPE,
  GROUP_TYPE,
  GROUP_MEMBER_TYPE,
];

/** Whether a resource type is an identity resource (owned by the identities stack). */
export function isIdentityResourceType(type: string): boolean {
  return IDENTITY_RESOURCE_TYPES.includes(type);
}

/** What a stack deploys of the declaration. */
export type StackRole = "all" | "identities" | "grants";

/** The stack roles, for messages. */
export const STACK_ROLES: readonly StackRole[] = ["all", "identities", "grants"];

/** The config keys (namespace `guest-access`) that choose a stack's part. */
export const STACK_PART_KEYS = {
  role: "guest-access:stackRole",
  subscriptions: "guest-access:subscriptions",
  managementGroups: "guest-access:managementGroups",
  files: "guest-access:files",
  identitiesStack: "guest-access:identitiesStack",
} as const;

/** The name of the stack output that holds each invited guest's object id, by email. */
export const PRINCIPAL_IDS_OUTPUT = "principalIds";

/** The name of the stack output that holds each declared group's object id, by group name. */
export const GROUP_IDS_OUTPUT = "groupIds";

/** The part of the declaration one stack deploys, as its config says. */
export interface StackPart {
  /** The stack's name. */
  readonly stack: string;
  /** What it owns. */
  readonly role: StackRole;
  /** Grants whose scope is in one of these subscriptions (lower-case GUIDs); a `grants` stack only. */
  readonly subscriptions: readonly string[];
  /** Grants at one of these management groups (lower-case names); a `grants` stack only. */
  readonly managementGroups: readonly string[];
  /** Grants declared in one of these files of the declaration directory (file names); a `grants` stack only. */
  readonly files: readonly string[];
  /**
   * The identities stack, fully qualified as `StackReference` takes it (`org/project/stack`); a `grants`
   * stack only.
   */
  readonly identitiesStack?: string;
}

/** The part of a stack without config: everything, as before stacks could be split. */
export function allInOne(stack: string): StackPart {
  return { stack, role: "all", subscriptions: [], managementGroups: [], files: [] };
}

/** A problem with one key of a stack's config, with the fix in the message. */
export interface StackPartProblem {
  /** The fully qualified key at fault. */
  readonly key: string;
  readonly message: string;
}

/** A stack's part, or why its config cannot say. */
export interface StackPartResult {
  readonly part: StackPart;
  readonly problems: readonly StackPartProblem[];
}

/**
 * A list value as config holds it: a YAML list arrives as JSON (`["a","b"]`, how the Pulumi CLI passes
 * objects), a plain string as comma-separated names. Empty entries are dropped.
 */
function listValue(raw: string | undefined): string[] | { readonly error: string } {
  if (raw === undefined || raw.trim() === "") return [];
  const text = raw.trim();
  if (text.startsWith("[")) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { error: "is not a list" };
    }
    if (!Array.isArray(data) || data.some((item) => typeof item !== "string"))
      return { error: "must be a list of names" };
    return (data as string[]).map((s) => s.trim()).filter((s) => s !== "");
  }
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The last segment of a `StackReference` name (`org/project/stack` → `stack`). */
export function stackNameOf(reference: string): string {
  return reference.split("/").pop() ?? reference;
}

/**
 * Reads a stack's part from its fully qualified config values. Every problem is reported (with the key and
 * the fix); the part returned then is the best reading of what is valid.
 */
export function readStackPart(
  stack: string,
  config: Readonly<Record<string, string>>,
): StackPartResult {
  const problems: StackPartProblem[] = [];
  const problem = (key: string, message: string): void => {
    problems.push({ key, message });
  };
  const lists: Record<"subscriptions" | "managementGroups" | "files", string[]> = {
    subscriptions: [],
    managementGroups: [],
    files: [],
  };
  for (const name of ["subscriptions", "managementGroups", "files"] as const) {
    const key = STACK_PART_KEYS[name];
    const value = listValue(config[key]);
    if ("error" in value) problem(key, `${key} ${value.error}; write a YAML list, e.g. [a, b]`);
    else lists[name] = value;
  }
  const subscriptions = lists.subscriptions.map((s) => s.toLowerCase());
  for (const s of subscriptions) {
    if (!isGuid(s))
      problem(
        STACK_PART_KEYS.subscriptions,
        `${STACK_PART_KEYS.subscriptions} lists ${JSON.stringify(s)}, which is not a subscription id; write the subscription's GUID`,
      );
  }
  const managementGroups = lists.managementGroups.map((m) => m.toLowerCase());
  for (const file of lists.files) {
    if (basename(file) !== file || !/\.ya?ml$/i.test(file))
      problem(
        STACK_PART_KEYS.files,
        `${STACK_PART_KEYS.files} lists ${JSON.stringify(file)}; name a *.yaml file of the declaration directory by its file name alone`,
      );
  }
  const selects = subscriptions.length + managementGroups.length + lists.files.length > 0;
  const identitiesRaw = config[STACK_PART_KEYS.identitiesStack]?.trim();
  const identitiesStack = identitiesRaw === "" ? undefined : identitiesRaw;

  const roleRaw = config[STACK_PART_KEYS.role]?.trim();
  let role: StackRole = "all";
  if (roleRaw !== undefined && roleRaw !== "") {
    if ((STACK_ROLES as readonly string[]).includes(roleRaw)) role = roleRaw as StackRole;
    else
      problem(
        STACK_PART_KEYS.role,
        `${STACK_PART_KEYS.role} is ${JSON.stringify(roleRaw)}; write one of ${STACK_ROLES.join(", ")}`,
      );
  }
  if (role !== "grants" && selects) {
    const key = lists.files.length
      ? STACK_PART_KEYS.files
      : subscriptions.length
        ? STACK_PART_KEYS.subscriptions
        : STACK_PART_KEYS.managementGroups;
    problem(
      key,
      role === "identities"
        ? `stack ${stack} is the identities stack: it owns every invitation, group and membership and no grant, so it selects none; remove ${key}`
        : `stack ${stack} selects grants with ${key} but has no ${STACK_PART_KEYS.role}; set ${STACK_PART_KEYS.role}: grants (and ${STACK_PART_KEYS.identitiesStack}), or remove ${key}`,
    );
  }
  if (role !== "grants" && identitiesStack !== undefined) {
    problem(
      STACK_PART_KEYS.identitiesStack,
      `stack ${stack} reads no identities: only a grants stack does; set ${STACK_PART_KEYS.role}: grants, or remove ${STACK_PART_KEYS.identitiesStack}`,
    );
  }
  if (role === "grants" && identitiesStack === undefined) {
    problem(
      STACK_PART_KEYS.role,
      `grants stack ${stack} needs ${STACK_PART_KEYS.identitiesStack}: the identities stack whose guests' object ids it grants to, as org/project/stack`,
    );
  }
  if (identitiesStack !== undefined && stackNameOf(identitiesStack) === stack) {
    problem(
      STACK_PART_KEYS.identitiesStack,
      `stack ${stack} names itself as its identities stack; name the identities stack (stackRole: identities)`,
    );
  }
  return {
    part: {
      stack,
      role,
      subscriptions: role === "grants" ? subscriptions.filter(isGuid) : [],
      managementGroups: role === "grants" ? managementGroups : [],
      files: role === "grants" ? lists.files : [],
      ...(role === "grants" && identitiesStack !== undefined ? { identitiesStack } : {}),
    },
    problems,
  };
}

/** Whether a stack owns the identity resources of the declaration (invitations, groups, memberships). */
export function ownsIdentities(part: StackPart): boolean {
  return part.role !== "grants";
}

/** A grant and the file it was declared in (a guest's or a group's): all a selection looks at. */
export interface GrantPlace {
  readonly grant: Pick<GrantSpec, "scope">;
  /** The declaration file of the grant (as loaded; only its file name counts). */
  readonly file: string;
}

/**
 * Whether a stack owns a grant. An `all` stack owns every grant, an `identities` stack none. A `grants` stack
 * with no selector owns every grant; with selectors, a grant it matches by any of them: its scope's
 * subscription, its scope being one of the management groups (exactly: the hierarchy is not known offline),
 * or the file it was declared in. A group's grants are selected exactly as a guest's.
 */
export function selectsGrant(part: StackPart, place: GrantPlace): boolean {
  if (part.role === "all") return true;
  if (part.role === "identities") return false;
  const selectors = part.subscriptions.length + part.managementGroups.length + part.files.length;
  if (selectors === 0) return true;
  const parsed = parseScope(place.grant.scope);
  if (parsed.ok) {
    const { subscriptionId, managementGroup } = parsed.scope;
    if (subscriptionId !== undefined && part.subscriptions.includes(subscriptionId)) return true;
    if (managementGroup !== undefined && part.managementGroups.includes(managementGroup))
      return true;
  }
  return part.files.includes(basename(place.file));
}

/** One line saying what a part holds, for the headers of plan, diff and drift. */
export function describePart(part: StackPart): string {
  switch (part.role) {
    case "all":
      return `stack ${part.stack}: the whole declaration (invitations and grants)`;
    case "identities":
      return `stack ${part.stack}: identities (every invitation, group and membership), no grants`;
    case "grants": {
      const by = [
        ...(part.subscriptions.length ? [`subscriptions ${part.subscriptions.join(", ")}`] : []),
        ...(part.managementGroups.length
          ? [`management groups ${part.managementGroups.join(", ")}`]
          : []),
        ...(part.files.length ? [`files ${part.files.join(", ")}`] : []),
      ];
      return `stack ${part.stack}: grants in ${by.length ? by.join("; ") : "the whole declaration"}, object ids from ${part.identitiesStack ?? "?"}`;
    }
  }
}
