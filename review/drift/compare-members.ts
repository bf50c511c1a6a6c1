/**
 * The members of one declared group against the guests that declare `memberOf` it. A declared member not in
 * the group is `missing-membership`; a member nobody declared is `out-of-band-member`: access through the
 * back door (a nested group counts as one such member, for all of its own members: Azure RBAC role
 * assignments are transitive for groups). Linear in the declared members and the members read.
 */

import type { ResolvedGroup, ResolvedGuest } from "../../access/model";
import { externalUpnEmail, userEmails, type Directory } from "./directory";
import {
  deployFix,
  memberOfYaml,
  refreshDeployFix,
  membershipEndsFix,
  removeMemberFix,
  type FixContext,
} from "./fixes";
import type { DriftFinding, TenantMember } from "./model";
import type { GuestAccount } from "./principals";
import { membershipKey, type DeployedGroups } from "./state-groups";

/** What judging a group's members reads. */
export interface MembersContext {
  /** The stack the fixes deploy to. */
  readonly context: FixContext;
  /** The tenant's users, when read. */
  readonly directory: Directory | undefined;
  /** The stack's groups and memberships (`--state`). */
  readonly deployed: DeployedGroups | undefined;
  /** A declared guest's account, by email. */
  readonly accountOf: (email: string) => GuestAccount | undefined;
  /** The declared guest holding an account, by object id. */
  readonly guestOf: (principalId: string) => ResolvedGuest | undefined;
}

/** A declared member not in its group (`principalId` empty when the guest has no account yet). */
export function missingMembership(
  c: MembersContext,
  group: ResolvedGroup,
  email: string,
  principalId: string,
  grantsVia: readonly string[],
  why: string,
): DriftFinding {
  return {
    class: "missing-membership",
    principalId,
    email,
    group: group.spec.name,
    roleId: "",
    roleName: "",
    scope: "",
    assignmentId: "",
    detail: `Declared a member of group ${group.spec.name}, and ${why}.`,
    fix: principalId
      ? refreshDeployFix(
          c.context,
          "Deploy with a refresh: the refresh forgets a membership removed by hand, and the update adds it again.",
        )
      : deployFix(c.context, "Deploy: the next up adds the membership."),
    via: grantsVia,
  };
}

/** The findings of one group's members (`members`, read) against its declared ones. */
export function judgeMembers(
  c: MembersContext,
  group: ResolvedGroup,
  groupId: string,
  members: readonly TenantMember[],
  grantsVia: readonly string[],
): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const present = new Set(members.map((m) => m.id));
  const declared = new Set<string>();
  for (const email of group.members) {
    const account = c.accountOf(email);
    if (account?.kind === "resolved") {
      declared.add(account.principalId);
      if (!present.has(account.principalId)) {
        findings.push(
          missingMembership(
            c,
            group,
            email,
            account.principalId,
            grantsVia,
            "is not in it (removed by hand, or never deployed): the guest lacks what the group grants",
          ),
        );
      }
    } else if (account?.kind === "email-taken") {
      // Which account the guest is cannot be told: none of them is judged as out of band either.
      for (const user of account.users) declared.add(user.id);
    } else if (account?.kind === "not-invited") {
      findings.push(
        missingMembership(
          c,
          group,
          email,
          "",
          grantsVia,
          "has no account yet: the next up invites the guest and adds it",
        ),
      );
    }
    // An account missing or unknown is reported as such; its membership cannot be judged.
  }
  for (const member of members) {
    if (declared.has(member.id)) continue;
    findings.push(outOfBand(c, group, groupId, member, grantsVia));
  }
  return findings;
}

/** A member nobody declared: who it is, what it reaches through the group, and how to take it out. */
function outOfBand(
  c: MembersContext,
  group: ResolvedGroup,
  groupId: string,
  member: TenantMember,
  grantsVia: readonly string[],
): DriftFinding {
  const name = group.spec.name;
  const guest = c.guestOf(member.id);
  const user = c.directory?.user(member.id);
  const email =
    guest?.spec.email ??
    (user ? userEmails(user)[0] : undefined) ??
    (member.userPrincipalName ? externalUpnEmail(member.userPrincipalName) : undefined) ??
    member.mail ??
    "";
  const managed = c.deployed?.memberships.has(membershipKey(groupId, member.id)) === true;
  const kind = member.kind.toLowerCase();
  const what =
    kind === "group"
      ? `A group nested in ${name}${member.displayName ? ` (${member.displayName})` : ""}: every one of its members holds what ${name} grants (Azure RBAC role assignments are transitive for groups)`
      : kind === "user" || kind === ""
        ? guest
          ? `A declared guest that the declaration does not make a member of ${name}`
          : user && user.userType !== undefined && user.userType.toLowerCase() !== "guest"
            ? `A member of the tenant (not a guest) in ${name}`
            : `An account that the declaration does not make a member of ${name}`
        : `A ${member.kind} in ${name}`;
  // What it reaches through the group is the finding's `via`, printed under it.
  const reach = grantsVia.length > 0 ? "" : "; the group grants nothing active now";
  return {
    class: "out-of-band-member",
    principalId: member.id,
    email,
    group: name,
    roleId: "",
    roleName: "",
    scope: "",
    assignmentId: "",
    detail: managed
      ? `${what}; the stack made this membership and the declaration no longer holds it (removed, or the guest's access expired)${reach}.`
      : `${what}, added outside this project: access through the back door${reach}.`,
    fix: managed
      ? membershipEndsFix(c.context, groupId, member.id)
      : removeMemberFix(
          groupId,
          member.id,
          guest ? memberOfYaml(guest.spec.email, name) : undefined,
        ),
    via: grantsVia,
  };
}
