/**
 * The `Guest` component: one external user and their Azure role assignments.
 *
 * It registers exactly the resources `specs/guest.ts` says a guest yields, and nothing more: every check,
 * name and normalisation was done in `access/`, every resource decision in `specs/`. Its inputs are the
 * guest's spec itself (plain data), so CrossGuard policies read the guest's sponsor, reason and expiries
 * from the component; its outputs declare what it holds (email, principal, grants; see
 * `azure/guest-declaration.ts`), which is what the engine shows stack policies of a component.
 */

import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import type { GuestSpec } from "../access/model";
import { GUEST_COMPONENT_TYPE } from "../azure/tokens";
import { groupSpecId } from "../specs/group";
import { guestResources, type IdentitiesSource } from "../specs/guest";
import type { SpecId } from "../specs/resource";
import { outputsOf, registerChild, type RegisteredResources } from "./register";

/**
 * The inputs of a `Guest`: a resolved guest from the access model, exactly as `access/` produced it.
 * Plain data only: since @pulumi/pulumi 3.202 these reach policies as the component's inputs, and an Output
 * there crashes the run.
 */
export type GuestArgs = GuestSpec;

/** A grants stack's source of object ids: the identities stack's reference, and the output to read. */
export interface GuestIdentities {
  /** What the specs link to (`specs/stack-specs.ts` `identitiesSource`). */
  readonly source: IdentitiesSource;
  /** The StackReference registered for `source.from`. */
  readonly reference: pulumi.StackReference;
}

/**
 * One external user: an Entra ID B2B invitation (unless the user already exists) and a role assignment per
 * grant. It keeps no reference to its children beyond the SDK's own, so a program that drops the component
 * once registered lets it all be collected.
 */
export class Guest extends pulumi.ComponentResource {
  /** The guest's user object id: the invited user's, or the existing `objectId`. */
  public readonly principalId: pulumi.Output<string>;
  /** Each invited guest's redemption URL (a secret output); absent for an existing user. */
  public readonly redeemUrl?: pulumi.Output<string>;
  /** Resolves once the component and every child have been registered (their URNs are known). */
  public readonly registered: pulumi.Output<void>;

  /**
   * `name` must be the guest's normalised email: the specs name every child from it. `groups` holds the
   * registered resources of the groups the guest joins (by spec id, see `Group.resources`): a membership
   * links to its group's object id. In a grants stack, `identities` is where the guest's object id comes
   * from: the identities stack's `StackReference`, read once by the program, and which of its outputs to
   * read (then the invitation is not here).
   */
  constructor(
    name: string,
    args: GuestArgs,
    opts?: pulumi.ComponentResourceOptions,
    groups: RegisteredResources = new Map(),
    identities?: GuestIdentities,
  ) {
    super(GUEST_COMPONENT_TYPE, name, args, opts);
    const { component, children } = guestResources(args, identities?.source);
    if (component.name !== name) {
      throw new Error(`a Guest is named by its normalised email ${component.name}, not ${name}`);
    }
    const registered = new Map<SpecId, pulumi.Resource>([[component.id, this]]);
    // Only the groups this guest joins: its memberships link to them and nothing else does.
    for (const group of args.memberOf ?? []) {
      const resource = groups.get(groupSpecId(group));
      if (resource) registered.set(groupSpecId(group), resource);
    }
    if (identities) registered.set(identities.source.from, identities.reference);
    let invitation: azuread.Invitation | undefined;
    for (const child of children) {
      const resource = registerChild(child, this, registered);
      registered.set(child.id, resource);
      if (resource instanceof azuread.Invitation) invitation = resource;
    }
    const outputs = outputsOf(component.outputs, component.outputLinks, registered);
    this.principalId = pulumi.output(outputs.principalId as pulumi.Input<string>);
    if (invitation) this.redeemUrl = invitation.redeemUrl;
    const own = [this, ...children.map((c) => registered.get(c.id) as pulumi.Resource)];
    this.registered = pulumi.all(own.map((r) => r.urn)).apply(() => undefined);
    this.registerOutputs(outputs);
  }
}

// What an adopted role assignment keeps as Azure has it is decided with the rest of the specs.
export { ADOPTED_ASSIGNMENT_IGNORED_INPUTS } from "../specs/guest";
