/**
 * Resource validation of `Guest` components, which policies read through the component's inputs. The engine
 * passes a component's inputs to policies only since @pulumi/pulumi 3.202; before, they arrive empty, and a
 * check over empty inputs would wrongly pass (no grants, so no expiry to judge) or blame the guest. So a
 * component without its inputs is reported as such, never judged.
 */

import type { ResourceValidation } from "@pulumi/policy";
import { GROUP_COMPONENT_TYPE, GUEST_COMPONENT_TYPE } from "../../azure/tokens";
import { validateResourceOfTypeToken, type PropsCheck } from "./of-type";

/** The message for a Guest component whose inputs the engine did not pass. */
export function inputsMissingMessage(name: string): string {
  return (
    `guest ${name}: the Guest component's inputs are not visible to policies, so this rule cannot be checked; ` +
    "the program needs @pulumi/pulumi 3.202 or later"
  );
}

/** Runs `validate` on each `Guest` component that carries its inputs; reports one that does not. */
export function validateGuestComponent(validate: PropsCheck): ResourceValidation {
  return validateResourceOfTypeToken(GUEST_COMPONENT_TYPE, (props, args, reportViolation) => {
    if (!("email" in props) || !("grants" in props)) {
      reportViolation(inputsMissingMessage(args.name));
      return;
    }
    validate(props, args, reportViolation);
  });
}

/** The message for a Group component whose inputs the engine did not pass. */
export function groupInputsMissingMessage(name: string): string {
  return (
    `group ${name}: the Group component's inputs are not visible to policies, so this rule cannot be checked; ` +
    "the program needs @pulumi/pulumi 3.202 or later"
  );
}

/**
 * Runs `validateGuest` on each `Guest` component and `validateGroup` on each `Group` component that carries
 * its inputs; reports one that does not; any other type is not applicable.
 */
export function validateGuestOrGroupComponent(
  validateGuest: PropsCheck,
  validateGroup: PropsCheck,
): ResourceValidation {
  const guests = validateGuestComponent(validateGuest);
  return (args, reportViolation) => {
    if (args.type !== GROUP_COMPONENT_TYPE) return guests(args, reportViolation);
    if (!("name" in args.props) || !("grants" in args.props)) {
      reportViolation(groupInputsMissingMessage(args.name));
      return;
    }
    validateGroup(args.props, args, reportViolation);
  };
}
