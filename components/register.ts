/**
 * Registers resource specs with the Pulumi SDK: the one place that turns plain specs (`specs/`) into SDK
 * resources. Plain inputs are passed as they are; a link becomes the linked resource's output (derived by
 * its named function), so the engine records the dependency exactly as the specs say.
 */

import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import { derive, DerivationError } from "../specs/derive";
import type { GroupChildSpec } from "../specs/group";
import type { GuestChildSpec } from "../specs/guest";
import { linksOf, type OutputLink, type ResourceSpec, type SpecId } from "../specs/resource";
import {
  GROUP_MEMBER_TYPE,
  GROUP_TYPE,
  INVITATION_TYPE,
  ROLE_ASSIGNMENT_TYPE,
} from "../azure/tokens";
import { UNKNOWN } from "../azure/unknown";
import type { StackReferenceSpec } from "../specs/stack-specs";

/** Resources registered so far, by spec id: what links resolve against. */
export type RegisteredResources = ReadonlyMap<SpecId, pulumi.Resource>;

/**
 * The output a link names, derived as the link says; a derivation that refuses the value stops the program
 * with its message (a `RunError`: no stack trace). A link to a resource not registered yet is a bug.
 */
export function linkedOutput(
  link: OutputLink,
  registered: RegisteredResources,
): pulumi.Output<unknown> {
  const resource = registered.get(link.from);
  // A stack reference's outputs are read one by one: `getOutput` keeps each output's own secretness (the
  // whole `outputs` map is secret as soon as any output is; docs/providers.md).
  const output =
    resource instanceof pulumi.StackReference
      ? resource.getOutput(link.output)
      : (resource as unknown as Record<string, unknown> | undefined)?.[link.output];
  if (!resource || !pulumi.Output.isInstance(output)) {
    throw new Error(`a link names ${link.from}'s output ${link.output}, which is not registered`);
  }
  const derivations = link.derive;
  if (!derivations?.length) return output;
  const preview = pulumi.runtime.isDryRun();
  return pulumi.all([resource.urn, output]).apply(([urn, value]) => {
    try {
      const derived = derive(derivations, value, { urn, preview });
      // A value still to come (a guest the identities stack does not hold yet, in a preview) is unknown.
      return derived === UNKNOWN ? pulumi.unknown : derived;
    } catch (error) {
      if (error instanceof DerivationError) throw new pulumi.RunError(error.message);
      throw error;
    }
  });
}

/** A spec's inputs for the SDK: plain inputs and resolved links. */
function argsOf(spec: ResourceSpec, registered: RegisteredResources): pulumi.Inputs {
  const args: pulumi.Inputs = { ...(spec.inputs as pulumi.Inputs) };
  for (const [key, link] of linksOf(spec)) args[key] = linkedOutput(link, registered);
  return args;
}

/** A spec's options for the SDK, under `parent`. */
function optionsOf(spec: ResourceSpec, parent: pulumi.Resource): pulumi.CustomResourceOptions {
  const { retainOnDelete, ignoreChanges, additionalSecretOutputs } = spec.options;
  return {
    parent,
    ...(retainOnDelete !== undefined ? { retainOnDelete } : {}),
    ...(ignoreChanges ? { ignoreChanges: [...ignoreChanges] } : {}),
    ...(additionalSecretOutputs ? { additionalSecretOutputs: [...additionalSecretOutputs] } : {}),
    ...(spec.options.import !== undefined ? { import: spec.options.import } : {}),
  };
}

/**
 * Registers one child spec under `parent`. The spec types give every required SDK input either plain or as a
 * link (the casts below say so to the compiler); the equivalence test with the capture proves the SDK sends
 * exactly the spec's inputs.
 */
export function registerChild(
  spec: GuestChildSpec | GroupChildSpec,
  parent: pulumi.Resource,
  registered: RegisteredResources,
): pulumi.CustomResource {
  const args = argsOf(spec, registered);
  const opts = optionsOf(spec, parent);
  switch (spec.type) {
    case INVITATION_TYPE:
      return new azuread.Invitation(spec.name, args as azuread.InvitationArgs, opts);
    case ROLE_ASSIGNMENT_TYPE:
      return new authorization.RoleAssignment(
        spec.name,
        args as authorization.RoleAssignmentArgs,
        opts,
      );
    case GROUP_TYPE:
      return new azuread.Group(spec.name, args as azuread.GroupArgs, opts);
    case GROUP_MEMBER_TYPE:
      return new azuread.GroupMember(spec.name, args as azuread.GroupMemberArgs, opts);
  }
}

/** A component's outputs for `registerOutputs`: plain outputs and resolved links. */
export function outputsOf(
  outputs: Readonly<Record<string, unknown>>,
  links: Readonly<Record<string, OutputLink>>,
  registered: RegisteredResources,
): pulumi.Inputs {
  const out: pulumi.Inputs = { ...outputs };
  for (const [key, link] of Object.entries(links)) out[key] = linkedOutput(link, registered);
  return out;
}

/**
 * Reads the stack a `StackReference` spec names. Its logical name is the stack's name, which the SDK reads
 * (`stackReference.js`: the name is both the `name` input and the id it reads).
 */
export function readStackReference(spec: StackReferenceSpec): pulumi.StackReference {
  return new pulumi.StackReference(spec.name);
}
