/**
 * The Pulumi program: read config, load the declaration, declare the guests. A declaration with any error
 * stops here, before a single resource is registered, with every diagnostic printed.
 */

import * as pulumi from "@pulumi/pulumi";
import { formatDiagnostic, formatDiagnostics } from "../access/format";
import { loadAccess, loadRoleCatalog } from "../access/load";
import type { AccessModel } from "../access/model";
import { declareAccess } from "./declare";
import { readProgramSettings, type ProgramSettings } from "./settings";

/** The stack outputs. */
export interface ProgramOutputs {
  /** Each guest's user object id, by email. */
  readonly principalIds: pulumi.Output<Record<string, string>>;
  /** Each invited guest's redemption URL, by email: secret (share it when `send: false`). */
  readonly redeemUrls: pulumi.Output<Record<string, string>>;
}

/** Runs the program in the current Pulumi context (an engine, or mocks): load, then declare. */
export async function runProgram(): Promise<ProgramOutputs> {
  const settings = readProgramSettings();
  if (settings.today && !pulumi.runtime.isDryRun()) {
    void pulumi.log.warn(
      `guest-access:today is set to ${settings.today}: expiries are judged as of that date, not today. Unset it for real deployments.`,
    );
  }
  const loaded = loadAccess(settings.accessFile, {
    ...(settings.today ? { today: settings.today } : {}),
    ...(settings.roleCatalog ? { catalog: loadRoleCatalog(settings.roleCatalog) } : {}),
  });
  if (!loaded.model) {
    throw new pulumi.RunError(
      `${settings.accessFile} has errors; nothing was deployed.\n${formatDiagnostics(loaded.diagnostics, loaded.texts)}`,
    );
  }
  for (const warning of loaded.diagnostics)
    void pulumi.log.warn(formatDiagnostic(warning, loaded.texts));
  return declareProgram(loaded.model, settings);
}

/**
 * Declares a loaded model's resources and the stack outputs: everything the program does after loading.
 * The offline plan calls it with the model it has already loaded and reported on, so a plan reads the
 * declaration once and registers exactly what `runProgram` would.
 */
export async function declareProgram(
  model: AccessModel,
  settings: Pick<ProgramSettings, "waveSize"> = readProgramSettings(),
): Promise<ProgramOutputs> {
  const guests = await declareAccess(model, { waveSize: settings.waveSize });
  const principalIds = pulumi
    .all(guests.map((g) => g.principalId))
    .apply((ids) => Object.fromEntries(guests.map((g, i) => [g.email, ids[i] as string])));
  const invited = guests.filter((g) => g.invitation);
  const redeemUrls = pulumi.secret(
    pulumi
      .all(invited.map((g) => (g.invitation as NonNullable<typeof g.invitation>).redeemUrl))
      .apply((urls) => Object.fromEntries(invited.map((g, i) => [g.email, urls[i] as string]))),
  );
  return { principalIds, redeemUrls };
}
