/**
 * Where a grants stack reads object ids: an output of the identities stack, through the `StackReference`
 * registered before anything else of the stack (`stack-specs.ts`). A guest's object id is its entry in
 * `principalIds` (by email), a group's its entry in `groupIds` (by name); both are taken out of the map by the
 * same derivation (`derive.ts` `stackOutputEntry`), which refuses a missing entry in an update.
 */

import type { OutputLink, SpecId } from "./resource";

/** An identities stack's output that a grants stack's principals come from. */
export interface IdentitiesSource {
  /** The StackReference's spec id. */
  readonly from: SpecId;
  /** The identities stack, `org/project/stack`. */
  readonly stack: string;
  /** The output holding each object id by key (`principalIds` or `groupIds`). */
  readonly output: string;
}

/** The link to one entry of the source's output: the object id of the guest (by email) or group (by name). */
export function identityLink(
  source: IdentitiesSource,
  key: string,
  holder: "guest" | "group",
): OutputLink {
  return {
    from: source.from,
    output: source.output,
    derive: [
      {
        kind: "stackOutputEntry",
        key,
        stack: source.stack,
        output: source.output,
        ...(holder === "group" ? { holder } : {}),
      },
    ],
  };
}
