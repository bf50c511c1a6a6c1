/**
 * The `Group` component: one Entra ID security group and its Azure role assignments.
 *
 * It registers exactly the resources `specs/group.ts` says a group yields. Its inputs are the group's spec
 * itself (plain data), so CrossGuard policies read the group's sponsor, reason and grants from the component;
 * its outputs declare what it holds (name and grants) for the stack policies. Members are not its children:
 * each membership is registered by the guest who joins (`Guest`), linking to this group's object id. In a
 * grants stack it registers only its role assignments, for the object id the identities stack exports.
 */

import * as pulumi from "@pulumi/pulumi";
import type { GroupSpec } from "../access/model";
import { GROUP_COMPONENT_TYPE } from "../azure/tokens";
import { groupResources } from "../specs/group";
import type { IdentitiesSource } from "../specs/identities";
import type { SpecId } from "../specs/resource";
import { outputsOf, registerChild, type RegisteredResources } from "./register";

/** A grants stack's source of group object ids: the identities stack's reference, and the output to read. */
export interface GroupIdentities {
  /** What the specs link to (`specs/stack-specs.ts` `identitiesSource(part, "groupIds")`). */
  readonly source: IdentitiesSource;
  /** The StackReference registered for `source.from`. */
  readonly reference: pulumi.StackReference;
}

/** The inputs of a `Group`: a resolved group from the access model (plain data only, as for a Guest). */
export type GroupArgs = GroupSpec;

/** One group that holds grants: an `azuread.Group` and a role assignment per grant. */
export class Group extends pulumi.ComponentResource {
  /** The group's object id, once it exists. */
  public readonly objectId: pulumi.Output<string>;
  /**
   * The Entra ID group's resource by spec id: what the members' links resolve against (the program keeps
   * these for every group while it declares guests; a program declares few groups). Empty in a grants stack.
   */
  public readonly resources: RegisteredResources;
  /** Resolves once the component and every child have been registered. */
  public readonly registered: pulumi.Output<void>;

  /**
   * `name` must be the group's name: the specs name every child from it. In a grants stack, `identities` is
   * where the group's object id comes from: the identities stack's `StackReference`, read once by the
   * program, and its `groupIds` output (then the Entra ID group is not here).
   */
  constructor(
    name: string,
    args: GroupArgs,
    opts?: pulumi.ComponentResourceOptions,
    identities?: GroupIdentities,
  ) {
    super(GROUP_COMPONENT_TYPE, name, args, opts);
    const { component, children } = groupResources(args, identities?.source);
    if (component.name !== name) {
      throw new Error(`a Group is named by its name ${component.name}, not ${name}`);
    }
    const registered = new Map<SpecId, pulumi.Resource>([[component.id, this]]);
    if (identities) registered.set(identities.source.from, identities.reference);
    for (const child of children) registered.set(child.id, registerChild(child, this, registered));
    const outputs = outputsOf(component.outputs, component.outputLinks, registered);
    this.objectId = pulumi.output(outputs.objectId as pulumi.Input<string>);
    const group = identities ? undefined : children[0];
    this.resources = new Map(
      group ? [[group.id, registered.get(group.id) as pulumi.Resource]] : [],
    );
    const own = [this, ...children.map((c) => registered.get(c.id) as pulumi.Resource)];
    this.registered = pulumi.all(own.map((r) => r.urn)).apply(() => undefined);
    this.registerOutputs(outputs);
  }
}
