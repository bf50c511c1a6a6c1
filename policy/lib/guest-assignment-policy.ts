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
import { isRoleAssignmentType, ROLE_ASSIGNMENT_TYPES } from "../../azure/tokens";
import { bypassAssignments, guestOfChild, holderOfChild, NO_BYPASS } from "./guest-assignment";
import { isUnknown } from "./known";
import type { GuestRoleAssignment, RoleAssignmentProps } from "./role-assignment";

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

/**
 * Builds a policy that applies `check` to every guest role assignment, inside or outside a `Guest`. `reads`
 * names the inputs `check` judges: on a Guest's own assignment, one unknown during preview is a violation.
 * A Guest's role, scope and principal type are literal values from access.yaml, so an unknown one means
 * something else computed them, and the engine's advisory "can't run policy during preview" would leave the
 * pull request green. A bypass keeps the engine's behaviour: `guest-grant-only-in-guest-component` refuses it.
 */
export function guestAssignmentPolicy<Config>(
  metadata: GuardrailMetadata,
  reads: readonly (keyof RoleAssignmentProps)[],
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
      // A group's grants reach every member: they are judged exactly as a guest's own.
      const holder = holderOfChild(args.urn, args.opts.parent);
      if (!holder) {
        return args.notApplicable(
          "not declared by a Guest or Group component; other guest assignments are checked per stack",
        );
      }
      const config = readConfig(args.getConfig());
      const guest = guestOfChild(args.urn, args.opts.parent);
      const unverifiable = (what: string): void =>
        reportViolation(
          `${holder.who}: the role assignment cannot be verified: ${what}; a ${holder.kind === "guest" ? "Guest" : "Group"}'s grants are literal values from access.yaml`,
        );
      const props = args.props as RoleAssignmentProps;
      const unknown = reads.filter((field) => isUnknown(() => props[field]));
      if (unknown.length > 0) {
        for (const field of unknown) unverifiable(`${field} is unknown`);
        return;
      }
      const assignment: GuestRoleAssignment = {
        urn: args.urn,
        guest,
        who: holder.who,
        holder: holder.kind,
        viaGuestComponent: true,
        props,
      };
      try {
        check(assignment, config, (message) => reportViolation(message));
      } catch (error) {
        if (!isUnknownValueError(error)) throw error;
        unverifiable(error.message);
      }
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
          who: `guest ${bypass.guest}`,
          holder: "guest",
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
