/**
 * The specs of one stack: the specs of its part of the declaration. An `all` stack yields what
 * `declarationResources` yields; an `identities` stack yields each invited guest's `Guest` with its identity
 * resources and no grant; a `grants` stack yields first a `StackReference` of the identities stack, then
 * each guest holding one of its grants, with only those role assignments, whose `principalId` links to the
 * identities stack's `principalIds` output.
 */

import type { AccessModel, ResolvedGuest } from "../access/model";
import { STACK_REFERENCE_TYPE } from "../azure/tokens";
import { declarationResources } from "./declaration";
import { guestResources, type IdentitiesSource } from "./guest";
import { specId, type ResourceSpec } from "./resource";
import {
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

/** Where a grants stack's guests take their object ids from; undefined for any other stack. */
export function identitiesSource(part: StackPart): IdentitiesSource | undefined {
  if (part.role !== "grants" || part.identitiesStack === undefined) return undefined;
  return {
    from: specId(STACK_REFERENCE_TYPE, part.identitiesStack),
    stack: part.identitiesStack,
    output: PRINCIPAL_IDS_OUTPUT,
  };
}

/** The guest as one stack sees it: only the grants (active and expired) the stack owns. */
function guestInPart(guest: ResolvedGuest, part: StackPart): ResolvedGuest | undefined {
  if (part.role === "all") return guest;
  if (part.role === "identities") {
    // Only invited guests have an identity resource; an existing user is referenced by object id anywhere.
    if (guest.spec.invitation === undefined) return undefined;
    return { ...guest, spec: { ...guest.spec, grants: [] }, expiredGrants: [] };
  }
  const fileOf = (key: string): string => guest.grantLocations[key]?.file ?? guest.location.file;
  const grants = guest.spec.grants.filter((g) =>
    selectsGrant(part, { grant: g, file: fileOf(g.key) }),
  );
  const expiredGrants = guest.expiredGrants.filter((e) =>
    selectsGrant(part, { grant: e.grant, file: e.location.file }),
  );
  if (grants.length === 0 && expiredGrants.length === 0) return undefined;
  return { ...guest, spec: { ...guest.spec, grants }, expiredGrants };
}

/**
 * The part of a model one stack deploys, as a model: every guest it holds, each with only the grants it
 * owns (an identities stack: every invited guest, with none). `plan`, `diff` and `drift` review this.
 */
export function stackModel(model: AccessModel, part: StackPart): AccessModel {
  if (part.role === "all") return model;
  const guests = model.guests.flatMap((g) => guestInPart(g, part) ?? []);
  return { ...model, guests };
}

/**
 * Whether a stack registers a `Guest` for a guest of its part. A grants stack registers none for a guest
 * whose grants there have all expired: with no invitation and no grant it would hold nothing.
 */
export function registersGuest(part: StackPart, guest: ResolvedGuest): boolean {
  return part.role !== "grants" || guest.spec.grants.length > 0;
}

/**
 * Every resource of the stack, in registration order: an all-in-one stack's are the declaration's (groups,
 * then guests); a split stack's are the `StackReference` first (a grants stack), then guest by guest, the
 * component first. `model` is the whole declaration; the part is taken here.
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
  for (const guest of stackModel(model, part).guests) {
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
