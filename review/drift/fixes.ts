/**
 * The fix for each finding, as a sentence and as data: the YAML to put in the declaration, the commands to
 * run. Every value from the tenant is quoted for the shell or for YAML; nothing is run.
 */

import { accountRecoveryCommands, invitationUrn } from "../../azure/account-recovery";
import { deletedUserMessage } from "../../azure/invitation";
import type { DriftFix, TenantAssignment, TenantUser } from "./model";
import { shellWord, yamlString } from "./shell";

/** The stack a fix deploys to. */
export interface FixContext {
  readonly project: string;
  readonly stack: string;
}

const deployCommand = (context: FixContext): string =>
  `pulumi up --stack ${shellWord(context.stack)}`;

/** The `az` command that deletes assignments by id. */
export function deleteAssignmentCommand(ids: readonly string[]): string {
  return `az role assignment delete --ids ${ids.map(shellWord).join(" ")}`;
}

/** No fix: the finding is a confirmation. */
export const NO_FIX: DriftFix = { text: "Nothing to do.", action: "none", commands: [] };

/** A declared grant that Azure lacks: the next `up` creates it. */
export function deployFix(context: FixContext, why: string): DriftFix {
  return { text: why, action: "deploy", commands: [deployCommand(context)] };
}

/** A grant past its expiry that Azure still holds: the next `up` revokes it (or delete it now). */
export function expiredFix(context: FixContext, assignment: TenantAssignment): DriftFix {
  return {
    text: "Deploy to revoke it (the declaration no longer deploys an expired grant), or delete it now.",
    action: "deploy",
    commands: [deployCommand(context)],
    alternatives: [deleteAssignmentCommand([assignment.id])],
  };
}

/** How an existing assignment is written as a grant, so the first `up` imports it under its own name. */
export interface AdoptedGrant {
  /** The role as the declaration names it: a built-in name, or the GUID of a custom role. */
  readonly role: string;
  readonly scope: string;
  readonly assignmentName: string;
}

function grantLine(grant: AdoptedGrant): string {
  return `- { role: ${yamlString(grant.role)}, scope: ${yamlString(grant.scope)}, assignmentName: ${yamlString(grant.assignmentName)} }`;
}

/** YAML adopting `grant` under a declared guest's `access:` list. */
export function adoptGrantYaml(email: string, grant: AdoptedGrant): string {
  return [`# under the guest ${email}, in access:`, grantLine(grant)].join("\n");
}

/** YAML declaring an undeclared guest with the assignment adopted (sponsor and reason left to fill in). */
export function adoptGuestYaml(user: TenantUser, email: string, grant: AdoptedGrant): string {
  return [
    "# under guests:",
    `- email: ${yamlString(email)}`,
    `  displayName: ${yamlString(user.displayName ?? email)}`,
    '  sponsor: "<the internal person accountable>"',
    '  reason: "<why this guest has this access>"',
    `  objectId: ${yamlString(user.id)}`,
    "  access:",
    `    ${grantLine(grant)}`,
  ].join("\n");
}

/** Access nobody declared: adopt it (the YAML, imported on the first `up`) or delete it. */
export function adoptOrDeleteFix(
  assignment: TenantAssignment,
  yaml: string,
  customRole: boolean,
): DriftFix {
  const roleNote = customRole
    ? " The role is a custom role: declare it under roles: with its GUID as well."
    : "";
  return {
    text:
      "Adopt it by adding the YAML (assignmentName makes the first up import the existing assignment instead of " +
      `failing with RoleAssignmentExists), or delete it.${roleNote}`,
    action: "adopt-or-delete",
    commands: [deleteAssignmentCommand([assignment.id])],
    yaml,
  };
}

/** An assignment whose principal no longer exists: it grants nothing to anyone alive; delete it. */
export function orphanFix(assignment: TenantAssignment): DriftFix {
  return {
    text: "Delete it: its principal no longer exists (ARM does not remove assignments with their principal).",
    action: "delete-assignment",
    commands: [deleteAssignmentCommand([assignment.id])],
  };
}

/** A declared invited guest whose account is gone: re-invite, or forget the invitation in the state. */
export function recoverAccountFix(context: FixContext, email: string): DriftFix {
  const urn = invitationUrn(context.project, context.stack, email);
  const { reinvite, forget } = accountRecoveryCommands(context.stack, urn);
  return {
    // The program's own words for this (it stops with them when a refresh empties the userId).
    text: deletedUserMessage(email, urn),
    action: "recover-account",
    commands: reinvite,
    alternatives: forget,
  };
}

/** A guest declared by an `objectId` that is not in the tenant. */
export function fixObjectIdFix(email: string): DriftFix {
  return {
    text: `Correct the objectId of ${email} (az ad user list --filter "mail eq '${email}'"), or remove the guest: its grants cannot be made for an account that does not exist.`,
    action: "fix-object-id",
    commands: [],
  };
}

/** A declared invited guest whose email already has an account: reference it by object id. */
export function setObjectIdFix(email: string, users: readonly TenantUser[]): DriftFix {
  const only = users.length === 1 ? users[0] : undefined;
  return {
    text: only
      ? `Reference the existing account by objectId instead of inviting ${email}.`
      : `Several accounts answer to ${email}: choose the right one and reference it by objectId.`,
    action: "set-object-id",
    commands: [],
    yaml: [
      `# under the guest ${email}:`,
      ...users.map((u, i) => `${i === 0 ? "" : "# or: "}objectId: ${yamlString(u.id)}`),
    ].join("\n"),
  };
}

/** A guest account with no declared access: review it, and delete it when nobody vouches for it. */
export function staleGuestFix(user: TenantUser): DriftFix {
  return {
    text: "Review the account: declare it if someone vouches for it, otherwise delete it (and its assignments).",
    action: "review-account",
    commands: [`az ad user delete --id ${shellWord(user.id)}`],
  };
}

/** An invitation nobody accepted: send it again, or remove the guest. */
export function pendingFix(user: TenantUser, declared: boolean): DriftFix {
  return {
    text: declared
      ? "Ask the guest to accept, or resend the invitation (Entra ID > Users > the guest > Resend invitation); if it is no longer wanted, remove the guest from the declaration."
      : "Resend the invitation if the guest is still expected; otherwise delete the account.",
    action: "resend-or-remove",
    commands: declared ? [] : [`az ad user delete --id ${shellWord(user.id)}`],
  };
}

/** YAML adopting `grant` under a declared group's `access:` list. */
export function adoptGroupGrantYaml(group: string, grant: AdoptedGrant): string {
  return [`# under groups.${group}, in access:`, grantLine(grant)].join("\n");
}

/** The `az` command that takes one member out of a group. */
export function removeMemberCommand(groupId: string, memberId: string): string {
  return `az ad group member remove --group ${shellWord(groupId)} --member-id ${shellWord(memberId)}`;
}

/**
 * A member of a declared group that the declaration does not list: access through the back door. Remove it
 * now; a guest who should have the access is declared with `memberOf` as well, and the next `up` adds the
 * membership back under the stack (declaring it without removing it makes that `up` fail: the provider
 * refuses to create a membership that exists, docs/providers.md "Members are separate resources").
 */
export function removeMemberFix(groupId: string, memberId: string, yaml?: string): DriftFix {
  return {
    text: yaml
      ? "Remove the member now. If the guest should hold this access, also declare the membership (the YAML): the next up adds it back, managed by the stack."
      : "Remove the member now: nothing in the declaration vouches for its access through the group.",
    action: "remove-member",
    commands: [removeMemberCommand(groupId, memberId)],
    ...(yaml ? { yaml } : {}),
  };
}

/** YAML declaring a guest's membership in a group. */
export function memberOfYaml(email: string, group: string): string {
  return [`# under the guest ${email}, in memberOf:`, `- ${yamlString(group)}`].join("\n");
}

/**
 * A membership the stack manages that is no longer declared (removed from the file, or the guest's access
 * expired): the next `up` deletes its `GroupMember`.
 */
export function membershipEndsFix(
  context: FixContext,
  groupId: string,
  memberId: string,
): DriftFix {
  return {
    text: "Deploy to remove it (the stack manages this membership and the declaration no longer holds it), or remove it now.",
    action: "deploy",
    commands: [deployCommand(context)],
    alternatives: [removeMemberCommand(groupId, memberId)],
  };
}

/**
 * A declared grant or membership that was deployed and is gone: deleted by hand, it is still in the state
 * until a refresh forgets it (azure-native's and azuread's reads drop a resource they cannot find, see
 * docs/providers.md), and an update without one changes nothing. So the update refreshes first; for one never
 * deployed, the refresh costs only time.
 */
export function refreshDeployFix(context: FixContext, why: string): DriftFix {
  return {
    text: why,
    action: "deploy",
    commands: [`pulumi up --refresh --stack ${shellWord(context.stack)}`],
  };
}

/**
 * A declared group deleted by hand. Deleting its `azuread.Group` again fails ("group was not found"), so a
 * replacement cannot recover it; a refresh removes the group and its memberships from the state (the
 * provider's read clears a group it cannot find), and the same update creates the group again, grants it
 * (the grants' principal changes, so they are replaced and the orphaned ones deleted) and re-adds the members.
 */
export function recoverGroupFix(context: FixContext, group: string): DriftFix {
  return {
    text: `Recreate the group with an update that refreshes first: the refresh forgets the deleted group ${group} and its memberships, and the update creates it again, grants it, adds its members back and deletes its orphaned role assignments.`,
    action: "recover-group",
    commands: [`pulumi up --refresh --stack ${shellWord(context.stack)}`],
  };
}

/** Groups of a declared group's display name that are not (or cannot be told to be) the declared one. */
export function groupNameTakenFix(
  displayName: string,
  groups: readonly { id: string }[],
): DriftFix {
  return {
    text: `Find out who made ${groups.length === 1 ? "the group" : "the groups"} named ${displayName} and what ${groups.length === 1 ? "it holds" : "they hold"} (the commands list the members and role assignments); rename or delete what this project did not make, or pass the stack's state (--state) if the stack made it.`,
    action: "resolve-group-name",
    commands: groups.flatMap((g) => [
      `az ad group member list --group ${shellWord(g.id)}`,
      `az role assignment list --assignee ${shellWord(g.id)} --all`,
    ]),
  };
}
