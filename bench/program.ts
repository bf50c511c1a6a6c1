/**
 * One measured run of a program under Pulumi's mocks, in preview, as a child process of the bench:
 * `node -r dist/bench/report.js dist/bench/program.js <program|baseline> <access file> [--stack-root]`.
 *
 * `program` is the real program's code (`declareProgram`), `baseline` the raw SDK in waves (`raw-waves.ts`).
 * Both run under `captureProgram`, which records every registration as `plan --capture` does.
 * `--stack-root` runs them inside a root `pulumi:pulumi:Stack` resource, as the engine does under `pulumi
 * preview`/`up`. Only the declaration is timed (loading modules and the file is the same for both), and
 * reported with `reportTimed`.
 */

import * as pulumi from "@pulumi/pulumi";
import { loadAccess } from "../access/load";
import { captureProgram } from "../program/capture";
import { declareProgram } from "../program/run";
import { declareInRawWaves } from "./raw-waves";
import { reportTimed } from "./report";

async function main(): Promise<void> {
  const [mode, file, ...flags] = process.argv.slice(2);
  if ((mode !== "program" && mode !== "baseline") || !file) {
    throw new Error("usage: program.js <program|baseline> <access file> [--stack-root]");
  }
  const model = loadAccess(file, { today: "2026-11-26" }).model;
  if (!model) throw new Error(`${file} does not load`);
  const declare = (): Promise<unknown> =>
    mode === "program" ? declareProgram(model, { waveSize: 50 }) : declareInRawWaves(model);
  const run = flags.includes("--stack-root")
    ? () => pulumi.runtime.runInPulumiStack(declare)
    : declare;
  const started = process.hrtime.bigint();
  const { resources } = await captureProgram(
    { stack: "bench", project: "guest-access", preview: true, config: {} },
    run,
  );
  reportTimed(Number(process.hrtime.bigint() - started) / 1e6);
  process.stdout.write(`${resources.length} resources registered\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
