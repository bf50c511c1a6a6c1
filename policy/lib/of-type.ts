/**
 * Resource validation limited to one type token, without importing a provider SDK into the pack: the pack
 * stays small and loads fast, and `args.notApplicable` is reported exactly as `validateResourceOfType` does.
 */

import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

/** A check of one resource's properties, given the engine's arguments and its violation reporter. */
export type PropsCheck = (
  props: Record<string, unknown>,
  args: ResourceValidationArgs,
  report: ReportViolation,
) => void;

/** Runs `validate` only on resources of `type`; any other type is marked not applicable. */
export function validateResourceOfTypeToken(
  type: string,
  validate: PropsCheck,
): ResourceValidation {
  return (args, reportViolation) => {
    if (args.type !== type)
      return args.notApplicable(`Policy only applies to resources of type '${type}'`);
    validate(args.props, args, reportViolation);
  };
}
