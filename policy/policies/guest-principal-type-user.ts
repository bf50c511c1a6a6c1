/**
 * A guest's role assignment says `principalType: "User"`, and a group's says `"Group"`. Without it a
 * just-invited guest (or a just-created group) fails with PrincipalNotFound while Entra ID replicates, and
 * the ABAC condition on the deploying identity only admits the principal types it names.
 */

import { guestAssignmentPolicy } from "../lib/guest-assignment-policy";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";

/** The policy's name. */
export const GUEST_PRINCIPAL_TYPE_USER = "guest-principal-type-user";

const metadata: GuardrailMetadata = {
  name: GUEST_PRINCIPAL_TYPE_USER,
  description:
    'Guest role assignments must declare principalType "User", and those of a guests\' group "Group".',
  severity: "medium",
  enforcementLevel: "mandatory",
  remediationSteps:
    'Set principalType: "User" on the role assignment (the Guest component does; a guest is always a user), or ' +
    '"Group" on a group\'s (the Group component does).',
  configSchema: { properties: {} },
};

/** `guest-principal-type-user`: a guest's role assignment declares principalType "User" (a group's, "Group"). */
export const guestPrincipalTypeUser = guestAssignmentPolicy(
  metadata,
  ["principalType"],
  () => undefined,
  (assignment, _config, report) => {
    const principalType = assignment.props.principalType;
    const expected = assignment.holder === "group" ? "Group" : "User";
    if (principalType !== expected) {
      report(
        `${assignment.who}: principalType is ${JSON.stringify(principalType ?? null)}, not "${expected}"`,
      );
    }
  },
);
