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
  const grants = new Set(
    partModel.guests.flatMap((g) => [
      ...g.spec.grants.map((s) => `${g.spec.email} ${s.key}`),
      ...g.expiredGrants.map((e) => `${g.spec.email} ${e.grant.key}`),
    ]),
  );
  return (finding) => {
    switch (finding.class) {
      case "in-sync":
      case "missing":
      case "expired-present":
        return grants.has(`${finding.email} ${grantKey(finding.roleId, finding.scope)}`);
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
