/**
 * A grants stack's update starts only once the identities stack holds every principal it grants to. Each
 * role assignment would refuse a missing object id by itself (`specs/derive.ts`, `stackOutputEntry`), but an
 * error inside an output's computation only surfaces when the engine awaits that resource, after others were
 * registered (and under Pulumi's mocks not at all: the registration never settles and the run hangs). So the
 * program reads the identities stack's outputs first and stops, naming every missing guest and group and the
 * stack to deploy, before it registers a single grant. A preview is not refused: there a principal still to
 * come is unknown, as a new invitation's object id is.
 */

import * as pulumi from "@pulumi/pulumi";
import type { AccessModel } from "../access/model";
import { GROUP_IDS_OUTPUT, PRINCIPAL_IDS_OUTPUT, type StackPart } from "../specs/stack-part";
import { registersGroup, registersGuest } from "../specs/stack-specs";
import { settle } from "./settle";

/** The keys with a non-empty string value in a stack output map (nothing when the output is not a map). */
function keysWithIds(value: unknown): Set<string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return new Set();
  return new Set(
    Object.entries(value as Record<string, unknown>)
      .filter(([, id]) => typeof id === "string" && id !== "")
      .map(([key]) => key),
  );
}

/**
 * What the identities stack lacks of a grants stack's part: `<what> <key> is not in identities stack
 * <stack>'s <output>` for each invited guest (by email) and each group (by name) it grants to. Pure.
 */
export function missingIdentities(
  partModel: AccessModel,
  part: StackPart,
  outputs: { readonly principalIds: unknown; readonly groupIds: unknown },
): string[] {
  const stack = part.identitiesStack ?? "?";
  const principals = keysWithIds(outputs.principalIds);
  const groups = keysWithIds(outputs.groupIds);
  return [
    ...partModel.groups
      .filter((g) => registersGroup(part, g) && !groups.has(g.spec.name))
      .map((g) => `group ${g.spec.name} is not in identities stack ${stack}'s ${GROUP_IDS_OUTPUT}`),
    ...partModel.guests
      .filter(
        (g) =>
          registersGuest(part, g) &&
          g.spec.invitation !== undefined &&
          !principals.has(g.spec.email),
      )
      .map(
        (g) =>
          `guest ${g.spec.email} is not in identities stack ${stack}'s ${PRINCIPAL_IDS_OUTPUT}`,
      ),
  ];
}

/** The most missing principals a message lists one by one. */
const LISTED = 20;

/**
 * Reads the identities stack's `principalIds` and `groupIds` through `reference` and throws a `RunError`
 * (nothing registered beyond the reference) when any principal of the part is missing.
 */
export async function checkIdentitiesDeployed(
  partModel: AccessModel,
  part: StackPart,
  reference: pulumi.StackReference,
): Promise<void> {
  const [principalIds, groupIds] = await Promise.all(
    [PRINCIPAL_IDS_OUTPUT, GROUP_IDS_OUTPUT].map((name) => settle(reference.getOutput(name))),
  );
  const missing = missingIdentities(partModel, part, {
    principalIds: principalIds?.known ? principalIds.value : undefined,
    groupIds: groupIds?.known ? groupIds.value : undefined,
  });
  if (missing.length === 0) return;
  const more = missing.length > LISTED ? [`… and ${missing.length - LISTED} more`] : [];
  throw new pulumi.RunError(
    [
      `stack ${pulumi.getStack()} grants to principals the identities stack ${part.identitiesStack ?? "?"} does not hold yet; nothing was granted:`,
      ...missing.slice(0, LISTED).map((m) => `  ${m}: deploy the identities stack first`),
      ...more,
      `Deploy it (pulumi up --stack ${part.identitiesStack ?? "?"}), then this stack.`,
    ].join("\n"),
  );
}
