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
import { checkStackPart } from "../specs/stack-check";
import { describePart, type StackPart } from "../specs/stack-part";

/** The stack outputs. */
export interface ProgramOutputs {
  /** Each guest's user object id, by email. */
  readonly principalIds: pulumi.Output<Record<string, string>>;
  /** Each invited guest's redemption URL, by email: secret (share it when `send: false`). */
  readonly redeemUrls: pulumi.Output<Record<string, string>>;
  /** Each declared group's object id, by name: what a grants stack reads of an identities stack. */
  readonly groupIds: pulumi.Output<Record<string, string>>;
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
  const part = stackPartOf(loaded.model, settings);
  return declareProgram(loaded.model, settings, part);
}

/**
 * The part of the declaration this stack deploys, from its config. What one stack can check of it is checked
 * here, before anything is registered: its keys, and that its selectors name subscriptions, management
 * groups and files of the declaration and select something. Whether the stacks together own every grant
 * exactly once needs every stack's config: `guest-access validate` checks that, in the project.
 */
function stackPartOf(model: AccessModel, settings: ProgramSettings): StackPart {
  const stack = pulumi.getStack();
  const { part, diagnostics } = checkStackPart(model, {
    stack,
    file: `Pulumi.${stack}.yaml`,
    config: settings.partConfig,
  });
  if (diagnostics.length > 0) {
    throw new pulumi.RunError(
      `stack ${stack}'s part of ${settings.accessFile} is inconsistent; nothing was deployed.\n${diagnostics.map((d) => `${d.file} error ${d.code}: ${d.message}`).join("\n")}`,
    );
  }
  if (part.role !== "all") void pulumi.log.info(describePart(part));
  return part;
}

/**
 * Declares a loaded model's resources and the stack outputs: everything the program does after loading.
 * The offline plan's `--capture` calls it with the model it has already loaded and reported on, so it reads
 * the declaration once and registers exactly what `runProgram` would. The outputs are built from plain values
 * collected wave by wave, so they hold no guest alive.
 */
export async function declareProgram(
  model: AccessModel,
  settings: Pick<ProgramSettings, "waveSize"> = readProgramSettings(),
  part?: StackPart,
): Promise<ProgramOutputs> {
  const declared = await declareAccess(model, {
    waveSize: settings.waveSize,
    ...(part ? { part } : {}),
  });
  const principalIds = declared.unknownPrincipalId
    ? declared.unknownPrincipalId.apply(() => declared.principalIds)
    : pulumi.output(declared.principalIds);
  // Unknown during a preview when any guest's is: one unknown output stands for all of them.
  const redeemUrls = pulumi.secret(
    declared.unknownRedeemUrl
      ? declared.unknownRedeemUrl.apply(() => declared.redeemUrls)
      : pulumi.output(declared.redeemUrls),
  );
  const groupIds = declared.unknownGroupId
    ? declared.unknownGroupId.apply(() => declared.groupIds)
    : pulumi.output(declared.groupIds);
  return { principalIds, redeemUrls, groupIds };
}
