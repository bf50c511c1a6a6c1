/**
 * No bypass. Access for a guest is declared through a `Guest` component, where every guardrail,
 * the expiry and the sponsor apply. Refused elsewhere in the stack: a role assignment (of any API version)
 * whose principal is a guest, and any other resource that refers to a guest (a PIM eligibility, a directory
 * role, a group membership, …) through its Invitation or known object id.
 */

import type { StackValidationPolicy } from "@pulumi/policy";
import { describeRole } from "../lib/catalog";
import {
  bypassAssignments,
  guestReferencesOutsideGuests,
  NO_BYPASS,
} from "../lib/guest-assignment";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { knownString } from "../lib/known";
import { assignedRoleGuid } from "../lib/role-assignment";

/** The policy's name. */
export const GUEST_GRANT_ONLY_IN_GUEST_COMPONENT = "guest-grant-only-in-guest-component";

const metadata: GuardrailMetadata = {
  name: GUEST_GRANT_ONLY_IN_GUEST_COMPONENT,
  description:
    "Access for a guest (a role assignment, PIM eligibility, directory role or group membership) must be " +
    "declared by that guest's Guest component, never elsewhere in the stack.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Remove the resource from the program and declare the access in access.yaml under the guest, so it " +
    "is reviewed, expires and passes every guardrail.",
  configSchema: { properties: {} },
};

/** `guest-grant-only-in-guest-component`: no access for a guest outside their Guest component. */
export const guestGrantOnlyInGuestComponent: StackValidationPolicy = {
  ...metadata,
  validateStack: (args, reportViolation) => {
    const bypasses = bypassAssignments(args.resources);
    const references = guestReferencesOutsideGuests(args.resources);
    if (bypasses.length === 0 && references.length === 0)
      return args.notApplicable(`${NO_BYPASS}, and no other resource refers to a guest`);
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
    for (const reference of references) {
      reportViolation(
        `${reference.resource.type} ${reference.resource.name} gives guest ${reference.guest} access outside a Guest component (${reference.evidence})`,
        reference.resource.urn,
      );
    }
  },
};
