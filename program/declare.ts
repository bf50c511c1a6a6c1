/**
 * Declares the resources of a resolved model: one `Guest` component per guest, in waves, keeping only plain
 * values between waves so that peak memory does not grow with the declaration.
 */

import * as pulumi from "@pulumi/pulumi";
import type { AccessModel } from "../access/model";
import { Group } from "../components/group";
import { Guest, type GuestIdentities } from "../components/guest";
import { readStackReference, type RegisteredResources } from "../components/register";
import type { StackPart } from "../specs/stack-part";
import {
  identitiesSource,
  registersGuest,
  stackModel,
  stackReferenceSpec,
} from "../specs/stack-specs";
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
  const groups = await declareGroups(model, options);
  const part = options.part;
  const guests = part
    ? stackModel(model, part).guests.filter((g) => registersGuest(part, g))
    : model.guests;
  // A grants stack reads the identities stack once, before any guest: every grant links to it.
  const source = part ? identitiesSource(part) : undefined;
  const identities: GuestIdentities | undefined = source && {
    source,
    reference: readStackReference(stackReferenceSpec(source.stack)),
  };
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
  };
}

/**
 * Declares every group before any guest, and waits for their registration: a guest's memberships link to its
 * groups' Entra ID groups. The groups' resources are kept (by spec id) for the whole run; a declaration has
 * few groups, and each is one group and its grants.
 */
async function declareGroups(
  model: AccessModel,
  options: DeclareOptions,
): Promise<RegisteredResources> {
  const groups = model.groups.map(
    (group) =>
      new Group(
        group.spec.name,
        group.spec,
        options.parent ? { parent: options.parent } : undefined,
      ),
  );
  await Promise.all(groups.map((group) => settle(group.registered)));
  return new Map(groups.flatMap((group) => [...group.resources]));
}
