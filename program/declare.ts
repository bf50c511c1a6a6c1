/**
 * Declares the resources of a resolved model: one `Guest` component per guest, in waves, keeping only plain
 * values between waves so that peak memory does not grow with the declaration.
 */

import * as pulumi from "@pulumi/pulumi";
import type { AccessModel } from "../access/model";
import { Group, type GroupIdentities } from "../components/group";
import { Guest, type GuestIdentities } from "../components/guest";
import { readStackReference, type RegisteredResources } from "../components/register";
import { GROUP_IDS_OUTPUT, type StackPart } from "../specs/stack-part";
import {
  identitiesSource,
  registersGroup,
  registersGuest,
  stackModel,
  stackReferenceSpec,
} from "../specs/stack-specs";
import { checkIdentitiesDeployed } from "./identities-check";
import { releaseFromStack } from "./release";
import { settle } from "./settle";

/** Options of `declareAccess`. */
export interface DeclareOptions {
  /** Guests per wave; see `ProgramSettings.waveSize`. */
  readonly waveSize: number;
  /** Parent of every guest (the stack by default). */
  readonly parent?: pulumi.Resource;
  /** The part of the declaration this stack deploys; the whole of it when absent. */
  readonly part?: StackPart;
}

/**
 * What the stack outputs are made of, as plain values. A value unknown during a preview (a new guest's
 * object id) is not in the maps; `unknown` then holds one such output, so the stack output is unknown too.
 */
export interface DeclaredGuests {
  /** Each guest's user object id, by email, where known. */
  readonly principalIds: Record<string, string>;
  /** Each invited guest's redemption URL, by email, where known. Secret. */
  readonly redeemUrls: Record<string, string>;
  /** An object id unknown during this preview, if any. */
  readonly unknownPrincipalId?: pulumi.Output<string>;
  /** A redemption URL unknown during this preview, if any. */
  readonly unknownRedeemUrl?: pulumi.Output<string>;
  /** Each declared group's object id, by name, where known. */
  readonly groupIds: Record<string, string>;
  /** A group object id unknown during this preview, if any. */
  readonly unknownGroupId?: pulumi.Output<string>;
}

/**
 * Declares every guest, in waves: a wave's registrations are awaited before the next wave is declared, and
 * then only its plain values are kept. Declaring thousands of resources at once holds every pending
 * registration in memory (measured: ~2.2 GB for 1,000 guests); waves keep the peak flat whatever the file's
 * size, provided nothing holds on to the guests of earlier waves: neither this function, nor the stack
 * (see `releaseFromStack`).
 */
export async function declareAccess(
  model: AccessModel,
  options: DeclareOptions,
): Promise<DeclaredGuests> {
  const principalIds: Record<string, string> = {};
  const redeemUrls: Record<string, string> = {};
  let unknownPrincipalId: pulumi.Output<string> | undefined;
  let unknownRedeemUrl: pulumi.Output<string> | undefined;
  const part = options.part;
  const partModel = part ? stackModel(model, part) : model;
  // A grants stack reads the identities stack once, before any group or guest: every grant links to it.
  const source = part ? identitiesSource(part) : undefined;
  const reference = source && readStackReference(stackReferenceSpec(source.stack));
  const identities: GuestIdentities | undefined = source && reference && { source, reference };
  const groupSource = part ? identitiesSource(part, GROUP_IDS_OUTPUT) : undefined;
  const groupIdentities: GroupIdentities | undefined = groupSource &&
    reference && { source: groupSource, reference };
  // In an update, a grants stack refuses to start while the identities stack lacks one of its principals.
  if (part && reference && !pulumi.runtime.isDryRun())
    await checkIdentitiesDeployed(partModel, part, reference);
  const declaredGroups = await declareGroups(
    part ? partModel.groups.filter((g) => registersGroup(part, g)) : model.groups,
    options,
    groupIdentities,
  );
  const groups = declaredGroups.resources;
  const guests = part ? partModel.guests.filter((g) => registersGuest(part, g)) : model.guests;
  for (let start = 0; start < guests.length; start += options.waveSize) {
    const specs = guests.slice(start, start + options.waveSize).map((g) => g.spec);
    const wave = specs.map(
      (spec) =>
        new Guest(
          spec.email,
          spec,
          options.parent ? { parent: options.parent } : undefined,
          groups,
          identities,
        ),
    );
    const settled = await Promise.all(
      wave.map(async (guest) => {
        await settle(guest.registered);
        return {
          principalId: await settle(guest.principalId),
          redeemUrl: guest.redeemUrl ? await settle(guest.redeemUrl) : undefined,
        };
      }),
    );
    wave.forEach((guest, i) => {
      const email = (specs[i] as (typeof specs)[number]).email;
      const { principalId, redeemUrl } = settled[i] as (typeof settled)[number];
      if (principalId.known) principalIds[email] = principalId.value;
      else unknownPrincipalId ??= guest.principalId;
      if (redeemUrl?.known) redeemUrls[email] = redeemUrl.value;
      else if (redeemUrl) unknownRedeemUrl ??= guest.redeemUrl;
    });
    releaseFromStack(wave);
  }
  return {
    principalIds,
    redeemUrls,
    ...(unknownPrincipalId ? { unknownPrincipalId } : {}),
    ...(unknownRedeemUrl ? { unknownRedeemUrl } : {}),
    groupIds: declaredGroups.groupIds,
    ...(declaredGroups.unknownGroupId ? { unknownGroupId: declaredGroups.unknownGroupId } : {}),
  };
}

/** The declared groups: what guests' memberships link to, and each group's object id as a plain value. */
interface DeclaredGroups {
  /** The Entra ID groups' resources, by spec id (none in a grants stack). */
  readonly resources: RegisteredResources;
  /** Each group's object id, by name, where known. */
  readonly groupIds: Record<string, string>;
  /** A group object id unknown during this preview, if any. */
  readonly unknownGroupId?: pulumi.Output<string>;
}

/**
 * Declares the given groups before any guest, and waits for their registration: a guest's memberships link
 * to its groups' Entra ID groups. The groups' resources are kept (by spec id) for the whole run; a
 * declaration has few groups, and each is one group and its grants. In a grants stack, `identities` is where
 * their object ids come from.
 */
async function declareGroups(
  resolved: AccessModel["groups"],
  options: DeclareOptions,
  identities?: GroupIdentities,
): Promise<DeclaredGroups> {
  const groups = resolved.map(
    (group) =>
      new Group(
        group.spec.name,
        group.spec,
        options.parent ? { parent: options.parent } : undefined,
        identities,
      ),
  );
  const objectIds = await Promise.all(
    groups.map(async (group) => {
      await settle(group.registered);
      return settle(group.objectId);
    }),
  );
  const groupIds: Record<string, string> = {};
  let unknownGroupId: pulumi.Output<string> | undefined;
  groups.forEach((group, i) => {
    const id = objectIds[i];
    const name = (resolved[i] as (typeof resolved)[number]).spec.name;
    if (id?.known) groupIds[name] = id.value;
    else unknownGroupId ??= group.objectId;
  });
  return {
    resources: new Map(groups.flatMap((group) => [...group.resources])),
    groupIds,
    ...(unknownGroupId ? { unknownGroupId } : {}),
  };
}
