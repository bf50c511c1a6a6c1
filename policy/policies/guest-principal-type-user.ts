/**
 * A guest's role assignment says `principalType: "User"`. Without it a just-invited guest fails with
 * PrincipalNotFound while Entra ID replicates, and the ABAC condition on the deploying identity only admits
 * User assignments.
 */

import { guestAssignmentPolicy } from "../lib/guest-assignment-policy";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";

/** The policy's name. */
export const GUEST_PRINCIPAL_TYPE_USER = "guest-principal-type-user";

const metadata: GuardrailMetadata = {
  name: GUEST_PRINCIPAL_TYPE_USER,
  description: 'Guest role assignments must declare principalType "User".',
  severity: "medium",
  enforcementLevel: "mandatory",
  remediationSteps:
    'Set principalType: "User" on the role assignment (the Guest component does); a guest is always a user.',
  configSchema: { properties: {} },
};

/** `guest-principal-type-user`: a guest's role assignment declares principalType "User". */
export const guestPrincipalTypeUser = guestAssignmentPolicy(
  metadata,
  ["principalType"],
  () => undefined,
  (assignment, _config, report) => {
    const principalType = assignment.props.principalType;
    if (principalType !== "User") {
      report(
        `guest ${assignment.guest}: principalType is ${JSON.stringify(principalType ?? null)}, not "User"`,
      );
    }
  },
);
