/**
 * The drift review of one stack of a declaration split across stacks (README, "Many stacks"). The tenant is
 * compared with the whole declaration, so a grant another stack deploys is never taken for unmanaged access;
 * then the findings are those of this stack's part: its own grants (in sync, missing, expired and present),
 * the accounts when it owns the invitations (account missing, email taken, pending, stale), and what is in
 * the scopes it reads but in no declaration (unmanaged, inherited, orphaned).
 */

import type { AccessModel } from "../../access/model";
import { grantKey } from "../../azure/names";
import { ownsIdentities, type StackPart } from "../../specs/stack-part";
import type { DriftFinding } from "./model";

/** Whether a finding of the whole declaration's review belongs to the review of `part` (`partModel`). */
export function findingInPart(
  part: StackPart,
  partModel: AccessModel,
): (finding: DriftFinding) => boolean {
  if (part.role === "all") return () => true;
  // A guest's grant is keyed by its email, a group's by `group <name>` (a finding about a group's grant has
  // no email): the two never meet.
  const grants = new Set([
    ...partModel.guests.flatMap((g) => [
      ...g.spec.grants.map((s) => `${g.spec.email} ${s.key}`),
      ...g.expiredGrants.map((e) => `${g.spec.email} ${e.grant.key}`),
    ]),
    ...partModel.groups.flatMap((g) => [
      ...g.spec.grants.map((s) => `group ${g.spec.name} ${s.key}`),
      ...g.expiredGrants.map((e) => `group ${g.spec.name} ${e.grant.key}`),
    ]),
  ]);
  const holder = (f: DriftFinding): string => (f.group && !f.email ? `group ${f.group}` : f.email);
  return (finding) => {
    switch (finding.class) {
      case "in-sync":
      case "missing":
      case "expired-present":
        return grants.has(`${holder(finding)} ${grantKey(finding.roleId, finding.scope)}`);
      // Groups and their memberships are identities: the stack that owns the invitations owns them.
      case "group-missing":
      case "group-name-taken":
      case "missing-membership":
      case "out-of-band-member":
      case "account-missing":
      case "email-taken":
      case "pending-invitation":
      case "stale-guest":
        return ownsIdentities(part);
      case "unmanaged":
      case "inherited":
      case "orphaned":
        return true;
    }
  };
}
