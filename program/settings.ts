/**
 * The program's stack configuration (declared in Pulumi.yaml with descriptions and defaults).
 */

import * as pulumi from "@pulumi/pulumi";
import { STACK_PART_KEYS } from "../specs/stack-part";

/** What the program reads from stack config. */
export interface ProgramSettings {
  /** The access file, or a directory of them. */
  readonly accessFile: string;
  /** A role table refreshed with `az role definition list`, instead of the bundled one. */
  readonly roleCatalog?: string;
  /** Judge expiries as of this date (`YYYY-MM-DD`) instead of today: for offline plans and tests only. */
  readonly today?: string;
  /** Guests declared per wave; each wave's registrations are awaited before the next (bounded memory). */
  readonly waveSize: number;
  /**
   * The stack's config values that choose its part of the declaration (`specs/stack-part.ts`
   * `STACK_PART_KEYS`), fully qualified; none set means the whole declaration.
   */
  readonly partConfig: Readonly<Record<string, string>>;
}

/**
 * The default wave size. Measured under mocks on 1,000 guests (5,000 resources): waves of 50 peaked at
 * 0.85 GB in 9 s, waves of 200 at 1.4 GB in 12 s, all at once at 1.9 GB in 13 s. Fifty guests still keep
 * about 200 registrations in flight, plenty for the engine's parallelism.
 */
export const DEFAULT_WAVE_SIZE = 50;

/** Reads the settings from the `guest-access` config namespace. */
export function readProgramSettings(
  config: pulumi.Config = new pulumi.Config("guest-access"),
): ProgramSettings {
  const roleCatalog = config.get("roleCatalog");
  const today = config.get("today");
  return {
    accessFile: config.get("accessFile") ?? "access.yaml",
    ...(roleCatalog ? { roleCatalog } : {}),
    ...(today ? { today } : {}),
    waveSize: config.getNumber("waveSize", { min: 1 }) ?? DEFAULT_WAVE_SIZE,
    partConfig: Object.fromEntries(
      Object.values(STACK_PART_KEYS).flatMap((key) => {
        const value = config.get(key.slice("guest-access:".length));
        return value === undefined ? [] : [[key, value]];
      }),
    ),
  };
}
