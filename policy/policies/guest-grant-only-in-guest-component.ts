/**
 * Policy 10: no bypass. Access for a guest is declared through a `Guest` component, where every guardrail,
 * the expiry and the sponsor apply; a role assignment elsewhere whose principal is a guest is refused.
 */

import type { StackValidationPolicy } from "@pulumi/policy";
import { describeRole } from "../lib/catalog";
import { guestPrincipalAssignments } from "../lib/guest-assignment";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { knownString } from "../lib/known";
import { assignedRoleGuid } from "../lib/role-assignment";

/** The policy's name. */
export const GUEST_GRANT_ONLY_IN_GUEST_COMPONENT = "guest-grant-only-in-guest-component";

const metadata: GuardrailMetadata = {
  name: GUEST_GRANT_ONLY_IN_GUEST_COMPONENT,
  description:
    "A role assignment whose principal is a guest must be declared by that guest's Guest component, never elsewhere " +
    "in the stack.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Remove the role assignment from the program and declare the access in access.yaml under the guest, so it " +
    "is reviewed, expires and passes every guardrail.",
  configSchema: { properties: {} },
};

/** Policy 10. */
export const guestGrantOnlyInGuestComponent: StackValidationPolicy = {
  ...metadata,
  validateStack: (args, reportViolation) => {
    const bypasses = guestPrincipalAssignments(args.resources).filter((a) => !a.viaGuestComponent);
    if (bypasses.length === 0)
      return args.notApplicable(
        "no role assignment outside a Guest component has a guest as principal",
      );
    for (const bypass of bypasses) {
      const guid = assignedRoleGuid({
        roleDefinitionId: knownString(() => bypass.resource.props.roleDefinitionId),
      });
      const role = guid ? describeRole(guid) : "a role";
      const scope = knownString(() => bypass.resource.props.scope) ?? "an unknown scope";
      reportViolation(
        `role assignment ${bypass.resource.name} gives guest ${bypass.guest} ${role} on ${scope} outside a Guest component (${bypass.evidence})`,
        bypass.resource.urn,
      );
    }
  },
};
