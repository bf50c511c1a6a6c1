/**
 * One measured run of a program under Pulumi's mocks, in preview, as a child process of the bench:
 * `node dist/bench/program.js <program|baseline> <access file> [--stack-root]`.
 *
 * `program` is the real program's code (`declareProgram`), `baseline` the raw SDK in waves (`raw-waves.ts`).
 * `--stack-root` runs it inside a root `pulumi:pulumi:Stack` resource, as the engine does under `pulumi
 * preview`/`up`. Only the declaration is timed (loading modules and the file is the same for both); the last
 * line on stdout is JSON: the time, the resources registered, and the process's peak RSS.
 */

import * as pulumi from "@pulumi/pulumi";
import { loadAccess } from "../access/load";
import { captureProgram } from "../program/capture";
import { declareProgram } from "../program/run";
import { declareInRawWaves } from "./raw-waves";

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
  let registered = 0;
  const started = process.hrtime.bigint();
  await captureProgram(
    { stack: "bench", project: "guest-access", preview: true, config: {} },
    run,
    () => registered++,
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ ms, registered, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
