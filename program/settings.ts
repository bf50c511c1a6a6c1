/**
 * The program's stack configuration (declared in Pulumi.yaml with descriptions and defaults).
 */

import * as pulumi from "@pulumi/pulumi";

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
}

/** The default wave size: measured to keep memory flat without slowing small stacks. */
export const DEFAULT_WAVE_SIZE = 200;

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
  };
}
