/**
 * What an update would do to a deployed stack: the planned resources (captured from the program in preview)
 * compared with a `pulumi stack export`, per URN, the way the engine and the providers decide it, and what in
 * the export needs attention before the next update. Sources: docs/providers.md.
 *
 * Why each rule:
 * - Only the inputs the program sets are compared. Providers add their own to the recorded inputs
 *   (azure-native 3.x defaults `azureApiVersion` in Check; the bridge adds `__defaults` at every level), and
 *   they add them to the next update's inputs too, so they never make a difference the program causes.
 * - `azuread:index/invitation:Invitation` is a bridged Terraform resource whose every input forces
 *   replacement; inputs under `ignoreChanges` (the cosmetic ones and the email) are not diffed. Deleting it
 *   deletes the invited user object, unless the resource is `retainOnDelete` in the state: then the engine
 *   never calls Delete. Replacing it is destructive either way: a new user object is invited and the guest's
 *   grants move to it.
 * - `azure-native:authorization:RoleAssignment`: `scope` and `roleAssignmentName` are URL path parameters and
 *   `principalId` is in azure-native's force-new table: they replace. Everything else, `roleDefinitionId`
 *   included, is an update in place. Role definition IDs compare by GUID and scopes without case.
 * - A new invitation's `userId` is unknown in preview, so a role assignment's `principalId` is unknown. The
 *   engine knows the old outputs: when the invitation itself is kept, the principal is the one in the state.
 * - The engine's marks: an entry with `delete: true` is the old copy of a replaced resource, sharing the live
 *   resource's URN, deleted by the next update; `taint` replaces; `initErrors` updates (the engine retries);
 *   `pendingReplacement` re-creates what a delete-before-replace already deleted.
 * - Components have no cloud effect; their input changes are reported as updates for completeness.
 */

import { compareText } from "../azure/compare";
import { deletedUserMessage, INVITATION_INPUTS } from "../azure/invitation";
import { roleGuidOf } from "../azure/roles";
import { roleAssignmentName } from "../azure/names";
import {
  roleAssignmentId,
  ROLE_ASSIGNMENT_INPUTS,
  ROLE_ASSIGNMENT_REPLACE_INPUTS,
} from "../azure/role-assignment";
import {
  GROUP_MEMBER_TYPE,
  GROUP_TYPE,
  INVITATION_TYPE,
  ROLE_ASSIGNMENT_TYPE,
} from "../azure/tokens";
import { UNKNOWN } from "../azure/unknown";
import { parseUrn } from "../azure/urn";
import { ENCRYPTED, type DeployedResource, type DeployedStack } from "./state-file";

/** The parts of a planned (captured) resource the comparison reads. */
export interface PlannedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly options: { readonly ignoreChanges: readonly string[] };
}

/** What an update does to one resource. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "same";

/** The verdict for one URN. */
export interface ResourceChange {
  readonly urn: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Top-level inputs that differ from the state, sorted. */
  readonly changedInputs: readonly string[];
  /** Those among them that force the replacement, sorted. */
  readonly replaceReasons: readonly string[];
  /** True when the change costs a guest their account: an invitation replaced, or deleted without retainOnDelete. */
  readonly destructive: boolean;
  /** One sentence on consequences worth a reviewer's attention, when there are any. */
  readonly note?: string;
  /**
   * The deletion of the old copy of a replaced resource (`delete: true` in the state), which shares its URN
   * with the live resource; present only then.
   */
  readonly pendingDeletion?: true;
}

/** Something in the deployed stack that needs attention before the next update. */
export interface StateNotice {
  /** `error`: the next update fails for it; `warning`: it needs a decision or a command. */
  readonly severity: "error" | "warning";
  /** A stable code: `user-deleted`, `pending-operation`, `encrypted-input`. */
  readonly code: "user-deleted" | "pending-operation" | "encrypted-input";
  /** The resource concerned. */
  readonly urn: string;
  /** What it means and what to run. */
  readonly message: string;
}

/** The comparison: every URN's fate, and what needs attention. */
export interface StateComparison {
  /** Sorted by URN; a pending deletion follows the change of the live resource it shares its URN with. */
  readonly changes: readonly ResourceChange[];
  /** Sorted by URN, then code. */
  readonly notices: readonly StateNotice[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The engine's own resources (the stack, providers) are never declared by the program: not compared. */
function isEngineResource(type: string): boolean {
  return type.startsWith("pulumi:");
}

/** Keys the bridge adds at every level of an object (`__defaults`) and never a difference. */
function isBookkeeping(key: string): boolean {
  return key.startsWith("__");
}

/** JSON with sorted keys and without the bridge's bookkeeping: equality of plain data regardless of order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined && !isBookkeeping(k))
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A membership's inputs: both force a new membership (azuread_group_member has no update). */
const GROUP_MEMBER_INPUTS = ["groupObjectId", "memberObjectId"] as const;

/** The inputs the program sets on each provider type; for its own components, every input counts. */
const PROGRAM_INPUTS: Readonly<Record<string, readonly string[]>> = {
  [INVITATION_TYPE]: INVITATION_INPUTS,
  [ROLE_ASSIGNMENT_TYPE]: ROLE_ASSIGNMENT_INPUTS,
  [GROUP_TYPE]: [
    "description",
    "displayName",
    "mailEnabled",
    "preventDuplicateNames",
    "securityEnabled",
  ],
  [GROUP_MEMBER_TYPE]: GROUP_MEMBER_INPUTS,
};

/**
 * The planned inputs of a membership with preview's unknowns filled in from the state where the engine would
 * know them: an object id whose source (the group, the invitation) is kept is the deployed one.
 */
function knownMembershipInputs(
  planned: PlannedResource,
  deployed: DeployedResource,
  kept: (urn: string) => boolean,
): Readonly<Record<string, unknown>> {
  const inputs: Record<string, unknown> = { ...planned.inputs };
  for (const key of GROUP_MEMBER_INPUTS) {
    const sources = planned.propertyDependencies[key] ?? [];
    if (inputs[key] === UNKNOWN && sources.length > 0 && sources.every(kept))
      inputs[key] = deployed.inputs[key];
  }
  return inputs;
}

/** Input names to compare: those the program sets, on either side, without bookkeeping. */
function inputNames(
  type: string,
  planned: Readonly<Record<string, unknown>>,
  deployed: Readonly<Record<string, unknown>>,
): string[] {
  const own = PROGRAM_INPUTS[type];
  const keys = [...new Set([...Object.keys(planned), ...Object.keys(deployed)])];
  return keys
    .filter((k) => !isBookkeeping(k) && (own === undefined || own.includes(k)))
    .sort(compareText);
}

function lower(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : value;
}

/** The comparison each role assignment input uses: ARM returns scopes and role IDs in varying forms. */
const ROLE_ASSIGNMENT_EQUALITY: Readonly<Record<string, (a: unknown, b: unknown) => boolean>> = {
  scope: (a, b) => lower(a) === lower(b),
  principalId: (a, b) => lower(a) === lower(b),
  roleAssignmentName: (a, b) => lower(a) === lower(b),
  roleDefinitionId: (a, b) =>
    typeof a === "string" && typeof b === "string"
      ? roleGuidOf(a) !== undefined && roleGuidOf(a) === roleGuidOf(b)
      : a === b,
};

function equalInput(type: string, key: string, planned: unknown, deployed: unknown): boolean {
  const special = type === ROLE_ASSIGNMENT_TYPE ? ROLE_ASSIGNMENT_EQUALITY[key] : undefined;
  return special ? special(planned, deployed) : canonical(planned) === canonical(deployed);
}

/**
 * The planned inputs of a role assignment with preview's unknowns filled in from the state where the engine
 * would know them: when the invitation its principal comes from is kept, the principal (and the assignment
 * name derived from it) are the deployed ones.
 */
function knownRoleAssignmentInputs(
  planned: PlannedResource,
  deployed: DeployedResource,
  invitationKept: (urn: string) => boolean,
): Readonly<Record<string, unknown>> {
  if (planned.inputs.principalId !== UNKNOWN) return planned.inputs;
  const sources = planned.propertyDependencies.principalId ?? [];
  if (sources.length === 0 || !sources.every(invitationKept)) return planned.inputs;
  const principalId = deployed.inputs.principalId;
  if (typeof principalId !== "string") return planned.inputs;
  const scope = planned.inputs.scope;
  const roleId =
    typeof planned.inputs.roleDefinitionId === "string"
      ? roleGuidOf(planned.inputs.roleDefinitionId)
      : undefined;
  const name =
    planned.inputs.roleAssignmentName === UNKNOWN && typeof scope === "string" && roleId
      ? roleAssignmentName(scope, principalId, roleId)
      : planned.inputs.roleAssignmentName;
  return { ...planned.inputs, principalId, roleAssignmentName: name };
}

const ACCOUNT_DELETED =
  "deletes the guest's user account; they must be invited again and lose every grant";
const ACCOUNT_RETAINED =
  "the account is retained (retainOnDelete); only the stack stops managing it";

/** Why the engine replaces or updates a resource whatever its inputs say, from its marks in the state. */
function markNote(deployed: DeployedResource): string | undefined {
  if (deployed.taint) return "marked tainted in the state: the next update replaces it";
  if (deployed.pendingReplacement)
    return "already deleted by an interrupted replacement: the next update creates it again";
  if (deployed.initErrors.length > 0)
    return `the last update created it but could not finish (${deployed.initErrors.length} initialisation ${deployed.initErrors.length === 1 ? "error" : "errors"} in the state): the next update tries again`;
  return undefined;
}

function joinNotes(...notes: (string | undefined)[]): string | undefined {
  const present = notes.filter((n): n is string => n !== undefined);
  return present.length > 0 ? present.join("; ") : undefined;
}

function compareOne(
  planned: PlannedResource,
  deployed: DeployedResource,
  invitationKept: (urn: string) => boolean,
): ResourceChange {
  const inputs =
    planned.type === ROLE_ASSIGNMENT_TYPE
      ? knownRoleAssignmentInputs(planned, deployed, invitationKept)
      : planned.type === GROUP_MEMBER_TYPE
        ? knownMembershipInputs(planned, deployed, invitationKept)
        : planned.inputs;
  const ignored = new Set(planned.options.ignoreChanges);
  const changedInputs = inputNames(planned.type, inputs, deployed.inputs).filter(
    (key) =>
      !ignored.has(key) &&
      deployed.inputs[key] !== ENCRYPTED &&
      !equalInput(planned.type, key, inputs[key], deployed.inputs[key]),
  );
  const base = { urn: planned.urn, type: planned.type, changedInputs };
  const mark = markNote(deployed);
  // The engine replaces a tainted resource, and re-creates one a delete-before-replace already deleted.
  const forcedReplace = deployed.taint || deployed.pendingReplacement;

  if (planned.type === INVITATION_TYPE && (changedInputs.length > 0 || forcedReplace)) {
    // Every input of the bridged azuread_invitation forces a new resource.
    return {
      ...base,
      kind: "replace",
      replaceReasons: changedInputs,
      // Destructive even when retained: the guest gets a new user object, every grant moves to it, and the
      // account they use today is left behind without access until they redeem the new invitation.
      destructive: true,
      note: joinNotes(
        mark,
        deployed.retainOnDelete
          ? `re-invites the guest as a new account and moves every grant to it; the old account is retained (retainOnDelete) but loses its access`
          : `${ACCOUNT_DELETED}, then a new invitation creates a new account`,
      ),
    };
  }
  const replaceReasons =
    planned.type === ROLE_ASSIGNMENT_TYPE
      ? changedInputs.filter((k) =>
          (ROLE_ASSIGNMENT_REPLACE_INPUTS as readonly string[]).includes(k),
        )
      : planned.type === GROUP_MEMBER_TYPE
        ? changedInputs
        : [];
  if (replaceReasons.length > 0 || (forcedReplace && planned.custom)) {
    const unknownPrincipal = inputs.principalId === UNKNOWN;
    return {
      ...base,
      kind: "replace",
      replaceReasons,
      destructive: false,
      note: joinNotes(
        mark,
        planned.type !== ROLE_ASSIGNMENT_TYPE
          ? undefined
          : unknownPrincipal
            ? "the grant moves to the guest's new account (known after the invitation is created)"
            : "the grant is revoked and made again",
      ),
    };
  }
  if (changedInputs.length === 0 && mark === undefined)
    return { ...base, kind: "same", replaceReasons: [], destructive: false };
  return {
    ...base,
    kind: "update",
    replaceReasons: [],
    destructive: false,
    ...(mark ? { note: mark } : {}),
  };
}

function deletion(deployed: DeployedResource): ResourceChange {
  const base = {
    urn: deployed.urn,
    type: deployed.type,
    kind: "delete" as const,
    changedInputs: [],
    replaceReasons: [],
  };
  if (deployed.type === INVITATION_TYPE) {
    return deployed.retainOnDelete
      ? { ...base, destructive: false, note: `removed from the stack; ${ACCOUNT_RETAINED}` }
      : { ...base, destructive: true, note: ACCOUNT_DELETED };
  }
  if (deployed.type === ROLE_ASSIGNMENT_TYPE)
    return { ...base, destructive: false, note: "the grant is revoked" };
  if (deployed.type === GROUP_MEMBER_TYPE)
    return {
      ...base,
      destructive: false,
      note: "the guest leaves the group and loses its grants; the account and the group stay",
    };
  if (deployed.type === GROUP_TYPE)
    return {
      ...base,
      destructive: false,
      note: "the group is deleted for good (a security group is not kept restorable); every member loses its grants",
    };
  return { ...base, destructive: false };
}

/** The deletion the next update makes of the old copy of a replaced resource (`delete: true`). */
function pendingDeletion(deployed: DeployedResource): ResourceChange {
  const change = deletion(deployed);
  const what =
    "the old copy of a replaced resource, whose deletion has not happened yet (delete: true in the state)";
  return {
    ...change,
    pendingDeletion: true,
    note: `${what}: the next update deletes it${change.note ? `; ${change.note}` : ""}`,
  };
}

/** The email of the guest an invitation belongs to: its parent component's name. */
function guestOf(resource: DeployedResource): string {
  const parent = resource.parent ? parseUrn(resource.parent) : undefined;
  return parent?.name ?? parseUrn(resource.urn)?.name.replace(/-invitation$/, "") ?? resource.urn;
}

/** What an interrupted operation leaves to decide, and the command for it. */
function pendingOperationNotice(type: string, resource: DeployedResource): StateNotice {
  const urn = resource.urn;
  if (type === "creating") {
    const scope = resource.inputs.scope;
    const name = resource.inputs.roleAssignmentName;
    const id =
      resource.type === ROLE_ASSIGNMENT_TYPE &&
      typeof scope === "string" &&
      typeof name === "string"
        ? roleAssignmentId(scope, name)
        : "<its id in Azure>";
    return {
      severity: "warning",
      code: "pending-operation",
      urn,
      message:
        `an update was interrupted while creating this resource: if Azure has it, the next create is refused ` +
        `("cannot create already existing resource"); adopt it with ` +
        `\`pulumi refresh --import-pending-creates '${urn}' '${id}'\`, or, if it was never created, ` +
        `drop the record with \`pulumi refresh --clear-pending-creates\``,
    };
  }
  return {
    severity: "warning",
    code: "pending-operation",
    urn,
    message: `an update was interrupted while ${type} this resource: run \`pulumi refresh\` to read its real state before the next update`,
  };
}

/** Notices from the state alone: users deleted outside the stack, interrupted operations, encrypted inputs. */
function noticesOf(stack: DeployedStack, live: readonly DeployedResource[]): StateNotice[] {
  const notices: StateNotice[] = [];
  for (const resource of live) {
    if (resource.type === INVITATION_TYPE && resource.outputs.userId === "") {
      notices.push({
        severity: "error",
        code: "user-deleted",
        urn: resource.urn,
        message: deletedUserMessage(guestOf(resource), resource.urn),
      });
    }
    const encrypted = Object.keys(resource.inputs)
      .filter((k) => resource.inputs[k] === ENCRYPTED)
      .sort(compareText);
    if (encrypted.length > 0) {
      notices.push({
        severity: "warning",
        code: "encrypted-input",
        urn: resource.urn,
        message: `input ${encrypted.join(", ")} is encrypted in the export and was not compared; export with \`pulumi stack export --show-secrets\` to compare it`,
      });
    }
  }
  for (const op of stack.pendingOperations)
    notices.push(pendingOperationNotice(op.type, op.resource));
  return notices.sort((a, b) => compareText(a.urn, b.urn) || compareText(a.code, b.code));
}

/**
 * Every URN's fate, sorted by URN: planned and not deployed is created, deployed and not planned is deleted,
 * both is compared input by input; old copies awaiting deletion are deleted by the next update. The engine's
 * own resources (stack, providers) are left out.
 */
export function compareWithState(
  planned: readonly PlannedResource[],
  stack: DeployedStack,
): StateComparison {
  const relevant = stack.resources.filter((r) => !isEngineResource(r.type));
  // An old copy awaiting deletion shares the live resource's URN (and comes after it in the export): it must
  // never stand for the resource.
  const live = relevant.filter((r) => !r.pendingDeletion);
  const deployedByUrn = new Map(live.map((r) => [r.urn, r]));
  const plannedByUrn = new Map(planned.map((r) => [r.urn, r]));
  const changes = new Map<string, ResourceChange>();

  // Invitations and groups first: a role assignment's (or a membership's) unknown principal or group is known
  // exactly when the invitation or group it comes from is kept.
  const first = (type: string): number => Number(type === INVITATION_TYPE || type === GROUP_TYPE);
  const ordered = [...planned].sort((a, b) => first(b.type) - first(a.type));
  const invitationKept = (urn: string): boolean => {
    const change = changes.get(urn);
    return change !== undefined && (change.kind === "same" || change.kind === "update");
  };
  for (const resource of ordered) {
    const old = deployedByUrn.get(resource.urn);
    changes.set(
      resource.urn,
      old
        ? compareOne(resource, old, invitationKept)
        : {
            urn: resource.urn,
            type: resource.type,
            kind: "create",
            changedInputs: [],
            replaceReasons: [],
            destructive: false,
          },
    );
  }
  for (const old of deployedByUrn.values()) {
    if (!plannedByUrn.has(old.urn)) changes.set(old.urn, deletion(old));
  }
  const pending = relevant.filter((r) => r.pendingDeletion).map(pendingDeletion);
  const all = [...changes.values(), ...pending].sort(
    (a, b) =>
      compareText(a.urn, b.urn) ||
      Number(a.pendingDeletion ?? false) - Number(b.pendingDeletion ?? false),
  );
  return { changes: all, notices: noticesOf(stack, live) };
}

/** Counts of each kind, and of destructive changes. */
export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
  readonly same: number;
  readonly destructive: number;
}

/** Tallies changes by kind. */
export function countChanges(changes: readonly ResourceChange[]): ChangeCounts {
  const counts = { create: 0, update: 0, replace: 0, delete: 0, same: 0, destructive: 0 };
  for (const change of changes) {
    counts[change.kind] += 1;
    if (change.destructive) counts.destructive += 1;
  }
  return counts;
}
