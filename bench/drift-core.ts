/**
 * One measured run of the drift review's core, as a child process of the bench:
 * `node -r dist/bench/report.js --expose-gc dist/bench/drift-core.js <core|parse> <dir>`, where `dir` holds
 * `access.yaml`, `assignments.json` and `users.json` (`drift-generate.ts`), and with groups `groups.json` and
 * one `members-<group>.json` per declared group.
 *
 * `core` is what `guest-access drift` runs on offline exports once their text is read (`readExports` is
 * `exportsSnapshot` after reading the files; `computeDrift` then calls `reviewDrift`): parse the exports,
 * normalise them, compare them with the declaration, sort and count the findings. `parse` is the baseline:
 * `JSON.parse` of the same texts, nothing else. Both start from the texts already in memory, after a full
 * garbage collection, so neither the disk nor the declaration's loading is timed; the time is reported with
 * `reportTimed`.
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAccess } from "../access/load";
import { RoleCatalog } from "../azure/roles";
import { exportsSnapshot, type ExportText } from "../review/drift/exports/snapshot";
import { reviewDrift } from "../review/drift/report";
import { DRIFT_BENCH_TODAY } from "./drift-generate";
import { reportTimed } from "./report";

function main(): void {
  const [mode, dir] = process.argv.slice(2);
  if ((mode !== "core" && mode !== "parse") || !dir) {
    throw new Error("usage: node --expose-gc drift-core.js <core|parse> <dir>");
  }
  const text = (file: string): ExportText => ({
    file,
    text: readFileSync(join(dir, file), "utf8"),
  });
  const assignments = [text("assignments.json")];
  const users = [text("users.json")];
  const groups = existsSync(join(dir, "groups.json")) ? [text("groups.json")] : [];
  const members = readdirSync(dir)
    .filter((f) => /^members-.+\.json$/.test(f))
    .map((f) => ({ group: f.slice("members-".length, -".json".length), text: text(f) }));
  const model =
    mode === "core"
      ? loadAccess(join(dir, "access.yaml"), { today: DRIFT_BENCH_TODAY }).model
      : null;
  if (mode === "core" && !model) throw new Error(`${dir}/access.yaml has errors`);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc: each run starts from a collected heap");
  gc();

  const started = process.hrtime.bigint();
  let summary: string;
  if (model) {
    const report = reviewDrift(model, exportsSnapshot(assignments, users, { groups, members }), {
      today: DRIFT_BENCH_TODAY,
      pendingDays: 30,
      catalog: RoleCatalog.bundled(),
      context: { project: "guest-access", stack: "bench" },
    });
    summary = `${report.findings.length} findings`;
  } else {
    const parsed = [...assignments, ...users, ...groups, ...members.map((m) => m.text)].map(
      (t) => JSON.parse(t.text) as unknown[],
    );
    summary = `${parsed.reduce((n, list) => n + list.length, 0)} entries`;
  }
  reportTimed(Number(process.hrtime.bigint() - started) / 1e6);
  process.stdout.write(`${summary}\n`);
}

main();
