/**
 * One builder for the policies that judge what a guest's role assignment grants (role, privilege, scope,
 * principal type), so every such rule runs in both places a guest's assignment can come from:
 *
 * - declared by a `Guest` component: checked per resource (`validateResource`), before it is created, from
 *   the parent's type alone (the only tree fact an `Analyze` request carries);
 * - declared anywhere else with a guest as principal (a bypass): checked over the stack
 *   (`validateStack`), where property dependencies show that `principalId` comes from an Invitation.
 *
 * The two sets do not overlap, so a violation is reported once.
 */

import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationPolicy,
  Severity,
  StackValidationPolicy,
} from "@pulumi/policy";
import { isUnknownValueError } from "./engine-proxy";
import { isRoleAssignmentType, ROLE_ASSIGNMENT_TYPES } from "./resource-types";
import {
  bypassAssignments,
  guestOfChild,
  isUnderGuestComponent,
  NO_BYPASS,
} from "./guest-assignment";
import type { GuestRoleAssignment } from "./role-assignment";

/** The metadata every guardrail carries (all of it required here, unlike in `@pulumi/policy`). */
export interface GuardrailMetadata {
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly enforcementLevel: EnforcementLevel;
  readonly remediationSteps: string;
  readonly configSchema: PolicyConfigSchema;
}

/** A check of one guest role assignment; it calls `report` once per problem with a short, concrete message. */
export type GuestAssignmentCheck<Config> = (
  assignment: GuestRoleAssignment,
  config: Config,
  report: (message: string) => void,
) => void;

/** A policy with both phases: resource validation for Guest children, stack validation for bypasses. */
export type GuestAssignmentPolicy = ResourceValidationPolicy & StackValidationPolicy;

/** Builds a policy that applies `check` to every guest role assignment, inside or outside a `Guest`. */
export function guestAssignmentPolicy<Config>(
  metadata: GuardrailMetadata,
  readConfig: (given: object) => Config,
  check: GuestAssignmentCheck<Config>,
): GuestAssignmentPolicy {
  return {
    ...metadata,
    configSchema: metadata.configSchema,
    validateResource: (args, reportViolation) => {
      if (!isRoleAssignmentType(args.type)) {
        return args.notApplicable(
          `Policy only applies to role assignments (${ROLE_ASSIGNMENT_TYPES})`,
        );
      }
      if (!isUnderGuestComponent(args.urn, args.opts.parent)) {
        return args.notApplicable(
          "not declared by a Guest component; other guest assignments are checked per stack",
        );
      }
      const config = readConfig(args.getConfig());
      const assignment: GuestRoleAssignment = {
        urn: args.urn,
        guest: guestOfChild(args.urn, args.opts.parent),
        viaGuestComponent: true,
        props: args.props,
      };
      check(assignment, config, (message) => reportViolation(message));
    },
    validateStack: (args, reportViolation: ReportViolation) => {
      const bypasses = bypassAssignments(args.resources);
      if (bypasses.length === 0) return args.notApplicable(NO_BYPASS);
      const config = readConfig(args.getConfig());
      let unknown: Error | undefined;
      for (const bypass of bypasses) {
        const assignment: GuestRoleAssignment = {
          urn: bypass.resource.urn,
          guest: bypass.guest,
          viaGuestComponent: false,
          props: bypass.resource.props,
        };
        try {
          check(assignment, config, (message) =>
            reportViolation(
              `${message} [declared outside a Guest component: ${bypass.evidence}]`,
              bypass.resource.urn,
            ),
          );
        } catch (error) {
          // One assignment with an unknown input must not hide the others' violations; the engine still
          // turns the first unknown into its "can't run during preview" advisory once the rest are checked.
          if (!isUnknownValueError(error)) throw error;
          unknown ??= error;
        }
      }
      if (unknown) throw unknown;
    },
  };
}
