/**
 * What an update would do to a deployed stack: the planned resources (captured from the program in preview)
 * compared with a `pulumi stack export`, per URN, the way the engine and the providers decide it.
 *
 * Why each rule:
 * - `azuread:index/invitation:Invitation` is a bridged Terraform resource whose every input forces
 *   replacement; inputs under `ignoreChanges` (the cosmetic ones) are not diffed. Deleting it deletes the
 *   invited user object, unless the resource is `retainOnDelete` in the state: then the engine never calls
 *   Delete (pulumi docs, "retainOnDelete": "when deleting or replacing"). Replacing it is destructive either
 *   way: a new user object is invited and the guest's grants move to it.
 * - `azure-native:authorization:RoleAssignment`: `scope` and `roleAssignmentName` are URL path parameters and
 *   `principalId` is in azure-native's force-new table (pulumi-azure-native#771, #1010: ARM answers
 *   RoleAssignmentUpdateNotPermitted). ARM does not move an assignment to another role either, so a changed
 *   `roleDefinitionId` replaces too. Role definition IDs compare by GUID and scopes without case: ARM returns
 *   both forms. Every other input (`description`, `principalType`, ...) is an update in place.
 * - A new invitation's `userId` is unknown in preview, so a role assignment's `principalId` is unknown. The
 *   engine knows the old outputs: when the invitation itself is kept, the principal is the one in the state.
 * - Components have no cloud effect; their input changes are reported as updates for completeness.
 */

import { compareText } from "../azure/compare";
import { roleGuidOf } from "../azure/roles";
import { roleAssignmentName } from "../azure/names";
import { INVITATION_TYPE, ROLE_ASSIGNMENT_TYPE } from "../azure/tokens";
import { UNKNOWN } from "../azure/unknown";
import type { DeployedResource } from "./state-file";

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
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The engine's own resources (the stack, providers) are never declared by the program: not compared. */
function isEngineResource(type: string): boolean {
  return type.startsWith("pulumi:");
}

/** JSON with sorted keys: equality of plain data regardless of key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Input names present on either side, without the bridge's bookkeeping (`__defaults`). */
function inputNames(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => !k.startsWith("__"))
    .sort();
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

/** Role assignment inputs whose change replaces the assignment. */
export const ROLE_ASSIGNMENT_REPLACE_INPUTS: readonly string[] = [
  "principalId",
  "roleAssignmentName",
  "roleDefinitionId",
  "scope",
];

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

function compareOne(
  planned: PlannedResource,
  deployed: DeployedResource,
  invitationKept: (urn: string) => boolean,
): ResourceChange {
  const inputs =
    planned.type === ROLE_ASSIGNMENT_TYPE
      ? knownRoleAssignmentInputs(planned, deployed, invitationKept)
      : planned.inputs;
  const ignored = new Set(planned.options.ignoreChanges);
  const changedInputs = inputNames(inputs, deployed.inputs).filter(
    (key) => !ignored.has(key) && !equalInput(planned.type, key, inputs[key], deployed.inputs[key]),
  );
  const base = { urn: planned.urn, type: planned.type, changedInputs };
  if (changedInputs.length === 0)
    return { ...base, kind: "same", replaceReasons: [], destructive: false };

  if (planned.type === INVITATION_TYPE) {
    // Every input of the bridged azuread_invitation forces a new resource.
    return {
      ...base,
      kind: "replace",
      replaceReasons: changedInputs,
      // Destructive even when retained: the guest gets a new user object, every grant moves to it, and the
      // account they use today is left behind without access until they redeem the new invitation.
      destructive: true,
      note: deployed.retainOnDelete
        ? `re-invites the guest as a new account and moves every grant to it; the old account is retained (retainOnDelete) but loses its access`
        : `${ACCOUNT_DELETED}, then a new invitation creates a new account`,
    };
  }
  if (planned.type === ROLE_ASSIGNMENT_TYPE) {
    const replaceReasons = changedInputs.filter((k) => ROLE_ASSIGNMENT_REPLACE_INPUTS.includes(k));
    if (replaceReasons.length > 0) {
      const unknownPrincipal = inputs.principalId === UNKNOWN;
      return {
        ...base,
        kind: "replace",
        replaceReasons,
        destructive: false,
        note: unknownPrincipal
          ? "the grant moves to the guest's new account (known after the invitation is created)"
          : "the grant is revoked and made again",
      };
    }
  }
  return { ...base, kind: "update", replaceReasons: [], destructive: false };
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
  return { ...base, destructive: false };
}

/**
 * Every URN's fate, sorted by URN: planned and not deployed is created, deployed and not planned is deleted,
 * both is compared input by input. The engine's own resources (stack, providers) are left out.
 */
export function compareWithState(
  planned: readonly PlannedResource[],
  deployed: readonly DeployedResource[],
): ResourceChange[] {
  const deployedByUrn = new Map(
    deployed.filter((r) => !isEngineResource(r.type)).map((r) => [r.urn, r]),
  );
  const plannedByUrn = new Map(planned.map((r) => [r.urn, r]));
  const changes = new Map<string, ResourceChange>();

  // Invitations first: a role assignment's unknown principal is known exactly when its invitation is kept.
  const ordered = [...planned].sort(
    (a, b) => Number(b.type === INVITATION_TYPE) - Number(a.type === INVITATION_TYPE),
  );
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
  return [...changes.values()].sort((a, b) => compareText(a.urn, b.urn));
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
