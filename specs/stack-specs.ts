/**
 * The specs of one stack: the specs of its part of the declaration. An `all` stack yields what
 * `declarationResources` yields; an `identities` stack yields every group's `Group` with its Entra ID group
 * and no grant, then each guest it holds an identity of (an invitation, a membership) with only those; a
 * `grants` stack yields first a `StackReference` of the identities stack, then each group and each guest
 * holding one of its grants, with only those role assignments, whose `principalId` links to the identities
 * stack's `groupIds` or `principalIds` output.
 */

import type { AccessModel, ResolvedGroup, ResolvedGuest } from "../access/model";
import { STACK_REFERENCE_TYPE } from "../azure/tokens";
import { declarationResources } from "./declaration";
import { groupResources } from "./group";
import { guestResources } from "./guest";
import type { IdentitiesSource } from "./identities";
import { specId, type ResourceSpec } from "./resource";
import {
  GROUP_IDS_OUTPUT,
  isIdentityResourceType,
  PRINCIPAL_IDS_OUTPUT,
  selectsGrant,
  type StackPart,
} from "./stack-part";

/** The inputs of a `StackReference` as the SDK registers them: the referenced stack's name. */
export interface StackReferenceInputs {
  readonly name: string;
}

/** A `StackReference` spec: read (its id is the stack's name), never created. */
export type StackReferenceSpec = ResourceSpec<typeof STACK_REFERENCE_TYPE, StackReferenceInputs>;

/**
 * The `StackReference` of the identities stack, named as the stack (the SDK reads the stack named by the
 * resource's name when no `name` argument is given, and uses that name as the id it reads).
 */
export function stackReferenceSpec(identitiesStack: string): StackReferenceSpec {
  return {
    id: specId(STACK_REFERENCE_TYPE, identitiesStack),
    type: STACK_REFERENCE_TYPE,
    name: identitiesStack,
    custom: true,
    inputs: { name: identitiesStack },
    links: {},
    options: { read: identitiesStack },
  };
}

/**
 * Where a grants stack's guests (`principalIds`, the default) or groups (`groupIds`) take their object ids
 * from; undefined for any other stack.
 */
export function identitiesSource(
  part: StackPart,
  output: typeof PRINCIPAL_IDS_OUTPUT | typeof GROUP_IDS_OUTPUT = PRINCIPAL_IDS_OUTPUT,
): IdentitiesSource | undefined {
  if (part.role !== "grants" || part.identitiesStack === undefined) return undefined;
  return {
    from: specId(STACK_REFERENCE_TYPE, part.identitiesStack),
    stack: part.identitiesStack,
    output,
  };
}

/**
 * The grants of a guest or group that a grants stack selects, active and expired, each judged by the file
 * it is declared in.
 */
function selectedGrants<T extends ResolvedGuest | ResolvedGroup>(
  holder: T,
  part: StackPart,
): Pick<T, "expiredGrants"> & { readonly grants: T["spec"]["grants"] } {
  const fileOf = (key: string): string => holder.grantLocations[key]?.file ?? holder.location.file;
  return {
    grants: holder.spec.grants.filter((g) => selectsGrant(part, { grant: g, file: fileOf(g.key) })),
    expiredGrants: holder.expiredGrants.filter((e) =>
      selectsGrant(part, { grant: e.grant, file: e.location.file }),
    ),
  };
}

/**
 * The guest as one stack sees it. An identities stack holds a guest's identity resources with no grant: an
 * invited guest's invitation, and the memberships of any guest (one referenced by object id too: nobody else
 * registers its memberships). A grants stack holds only the grants it owns (active and expired), and no
 * membership: memberships are identities, declared by the identities stack.
 */
function guestInPart(guest: ResolvedGuest, part: StackPart): ResolvedGuest | undefined {
  if (part.role === "all") return guest;
  if (part.role === "identities") {
    const joins = (guest.spec.memberOf ?? []).length > 0;
    // An existing user without memberships has no identity resource: it is referenced by object id anywhere.
    if (guest.spec.invitation === undefined && !joins) return undefined;
    return { ...guest, spec: { ...guest.spec, grants: [] }, expiredGrants: [] };
  }
  const { grants, expiredGrants } = selectedGrants(guest, part);
  if (grants.length === 0 && expiredGrants.length === 0) return undefined;
  const { memberOf, ...spec } = guest.spec;
  void memberOf;
  return { ...guest, spec: { ...spec, grants }, expiredGrants };
}

/**
 * The group as one stack sees it: every group in an identities stack (its Entra ID group and who joins it),
 * with no grant; in a grants stack, a group with one of the grants it owns (active or expired), with only
 * those. Its members stay listed: a group grant is access for each of them, whichever stack deploys it.
 */
function groupInPart(group: ResolvedGroup, part: StackPart): ResolvedGroup | undefined {
  if (part.role === "all") return group;
  if (part.role === "identities")
    return { ...group, spec: { ...group.spec, grants: [] }, expiredGrants: [] };
  const { grants, expiredGrants } = selectedGrants(group, part);
  if (grants.length === 0 && expiredGrants.length === 0) return undefined;
  return { ...group, spec: { ...group.spec, grants }, expiredGrants };
}

/**
 * The part of a model one stack deploys, as a model: every group and guest it holds, each with only the
 * grants it owns (an identities stack: every group, every invited guest and every guest that joins a group,
 * with none). `plan`, `diff` and `drift` review this.
 */
export function stackModel(model: AccessModel, part: StackPart): AccessModel {
  if (part.role === "all") return model;
  const groups = model.groups.flatMap((g) => groupInPart(g, part) ?? []);
  const guests = model.guests.flatMap((g) => guestInPart(g, part) ?? []);
  return { ...model, groups, guests };
}

/**
 * Whether a stack registers a `Guest` for a guest of its part. A grants stack registers none for a guest
 * whose grants there have all expired: with no invitation and no grant it would hold nothing.
 */
export function registersGuest(part: StackPart, guest: ResolvedGuest): boolean {
  return part.role !== "grants" || guest.spec.grants.length > 0;
}

/** Whether a stack registers a `Group` for a group of its part: as for a guest, not for expired grants alone. */
export function registersGroup(part: StackPart, group: ResolvedGroup): boolean {
  return part.role !== "grants" || group.spec.grants.length > 0;
}

/**
 * Every resource of the stack, in registration order: an all-in-one stack's are the declaration's (groups,
 * then guests); a split stack's are the `StackReference` first (a grants stack), then group by group, then
 * guest by guest, the component first. `model` is the whole declaration; the part is taken here.
 */
export function* stackResources(
  model: AccessModel,
  part: StackPart,
): Generator<readonly ResourceSpec[]> {
  // An all-in-one stack deploys the whole declaration, its groups first (memberships link to them).
  if (part.role === "all") {
    yield* declarationResources(model);
    return;
  }
  const identities = identitiesSource(part);
  if (identities) yield [stackReferenceSpec(identities.stack)];
  const groupIdentities = identitiesSource(part, GROUP_IDS_OUTPUT);
  const partModel = stackModel(model, part);
  // Groups first: an identities stack's memberships link to them.
  for (const group of partModel.groups) {
    if (!registersGroup(part, group)) continue;
    const { component, children } = groupResources(group.spec, groupIdentities);
    yield [component, ...children];
  }
  for (const guest of partModel.guests) {
    if (!registersGuest(part, guest)) continue;
    const { component, children } = guestResources(guest.spec, identities);
    // An identities stack registers the identity resources alone (its guests hold no grant anyway).
    yield [
      component,
      ...(part.role === "identities"
        ? children.filter((c) => isIdentityResourceType(c.type))
        : children),
    ];
  }
}
