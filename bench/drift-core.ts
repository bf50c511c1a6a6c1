/**
 * The drift bench's measured process (run by `drift.bench.ts` with `--expose-gc`): the review of exports
 * against a loaded declaration, and the baseline of `JSON.parse`-ing the same exports, in alternating rounds
 * in this one process; the ratio is the median of the rounds' ratios, so a busy machine slows both sides of
 * each pair alike. Both start from the files' text, read once beforehand: the disk is not
 * what is measured. Prints one JSON line.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAccess } from "../access/load";
import { RoleCatalog } from "../azure/roles";
import { exportsSnapshot, type ExportText } from "../review/drift/exports/snapshot";
import { reviewDrift } from "../review/drift/report";

const ROUNDS = 5;
const TODAY = "2026-11-26";
const dir = process.argv[2] as string;
const text = (file: string): ExportText => ({ file, text: readFileSync(join(dir, file), "utf8") });
const assignments = [text("assignments.json")];
const users = [text("users.json")];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

function time(work: () => unknown): number {
  gc();
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const loadStarted = process.hrtime.bigint();
const model = loadAccess(join(dir, "access.yaml"), { today: TODAY }).model;
const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
if (!model) throw new Error("the bench declaration has errors");

const parse: number[] = [];
const drift: number[] = [];
let counts: Record<string, number> = {};
for (let round = 0; round < ROUNDS; round++) {
  parse.push(time(() => [...assignments, ...users].map((t) => JSON.parse(t.text) as unknown)));
  drift.push(
    time(() => {
      const report = reviewDrift(model, exportsSnapshot(assignments, users), {
        today: TODAY,
        pendingDays: 30,
        catalog: RoleCatalog.bundled(),
        context: { project: "guest-access", stack: "bench" },
      });
      counts = report.summary.counts;
    }),
  );
}
const ratio = median(drift.map((d, i) => d / (parse[i] as number)));
process.stdout.write(
  `${JSON.stringify({ loadMs, parseMs: median(parse), driftMs: median(drift), ratio, counts, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
);
