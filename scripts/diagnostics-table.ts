/**
 * Renders `docs/diagnostics.md`, the reference of every diagnostic code, from the one table in
 * `access/diagnostic-codes.ts`: each code's severity, meaning, example file, what the loader prints for that
 * example (run through it here, so the reference shows real output) and the fix.
 *
 *   ts-node scripts/diagnostics-table.ts --write   rewrite docs/diagnostics.md
 *   ts-node scripts/diagnostics-table.ts --check   exit 1 when it is stale
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  DIAGNOSTICS,
  DIAGNOSTIC_CODES,
  type DiagnosticCode,
  type DiagnosticPhase,
  type DiagnosticRow,
} from "../access/diagnostic-codes";
import { formatDiagnostic } from "../access/format";
import { resolveSources, type LoadResult } from "../access/load";
import { parseSourceBytes } from "../access/source";
import { isPulumiFile, stackInputsFromTexts, withStackCheck } from "../review/stacks";

const ROOT = join(__dirname, "..");

/** The generated reference. */
export const DIAGNOSTICS_DOC = join(ROOT, "docs", "diagnostics.md");

/** The day examples are judged on: any day between their past (before 2021) and future (after 2090) dates. */
export const EXAMPLE_TODAY = "2026-06-01";

/** A row's example as files: the text of `access.yaml`, or several files by name. */
export function exampleFiles(row: DiagnosticRow): Readonly<Record<string, string>> {
  return typeof row.example === "string" ? { "access.yaml": row.example } : row.example;
}

/** The bytes of an example file, in the row's encoding (UTF-8 unless it says otherwise). */
export function exampleBytes(row: DiagnosticRow, text: string): Buffer {
  return Buffer.from(text, row.encoding ?? "utf8");
}

/**
 * Loads a row's example the way `loadAccess` loads files (decoded from bytes, then parsed), from memory; an
 * example with `Pulumi.yaml` is checked with its stacks too, as `validate` checks them in a project.
 */
export function loadExample(row: DiagnosticRow): LoadResult {
  const files = exampleFiles(row);
  const parsed = Object.entries(files)
    .filter(([file]) => !isPulumiFile(file))
    .map(([file, text]) => parseSourceBytes(file, exampleBytes(row, text)));
  const load = resolveSources(
    parsed.map((p) => p.source),
    parsed.flatMap((p) => p.diagnostics),
    { today: EXAMPLE_TODAY },
  );
  const stackTexts = new Map(Object.entries(files).filter(([file]) => isPulumiFile(file)));
  return withStackCheck(load, stackInputsFromTexts(files), stackTexts);
}

const PHASE_TITLES: Readonly<Record<DiagnosticPhase, string>> = {
  yaml: "Reading the file",
  shape: "The shape of the file (access.schema.json)",
  declarations: "File-wide declarations: scopes, roles, defaults",
  groups: "Groups and memberships",
  guests: "Guests",
  grants: "Grants",
  stacks: "Stacks: one declaration split across stacks (validate, run in the project)",
};

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The longest line of a file shown; a longer one (a limit's example) is cut, saying how long it is. */
const MAX_SHOWN = 200;

/** A line of a file, cut when longer than `MAX_SHOWN`. Messages are never cut. */
function shorten(line: string): string {
  return line.length <= MAX_SHOWN
    ? line
    : `${line.slice(0, MAX_SHOWN - 40)}… (${line.length.toLocaleString("en-US")} characters)`;
}

/** A fenced block; with `isFileLine`, the lines it says quote a file are cut when too long. */
function fence(language: string, text: string, isFileLine: (line: string) => boolean): string {
  const lines = text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (isFileLine(line) ? shorten(line) : line));
  return ["```" + language, ...lines, "```"].join("\n");
}

/** A table of rows by code: `DIAGNOSTICS`, or a changed copy in tests. */
export type DiagnosticTable = Readonly<Record<DiagnosticCode, DiagnosticRow>>;

function section(code: DiagnosticCode, row: DiagnosticRow): string {
  const result = loadExample(row);
  const saved = row.encoding === "latin1" ? " (saved as Latin-1, not UTF-8)" : "";
  const files = Object.entries(exampleFiles(row)).flatMap(([file, text]) => [
    `\`${file}\`${saved}:`,
    "",
    fence("yaml", text, () => true),
    "",
  ]);
  const output = result.diagnostics.map((d) => formatDiagnostic(d, result.texts)).join("\n");
  return [
    `### \`${code}\``,
    "",
    `**${row.severity}**. ${row.meaning}`,
    "",
    ...files,
    "`guest-access validate` prints:",
    "",
    fence("text", output, (line) => /^ +\d+ \| /.test(line)),
    "",
    `**Fix:** ${row.fix}`,
  ].join("\n");
}

/** The whole `docs/diagnostics.md`. */
export function renderDiagnosticsDoc(rows: DiagnosticTable = DIAGNOSTICS): string {
  const table = DIAGNOSTIC_CODES.map((code) => {
    const row = rows[code];
    return `| [\`${code}\`](#${code}) | ${row.severity} | ${cell(row.meaning)} |`;
  });
  const phases = Object.keys(PHASE_TITLES) as DiagnosticPhase[];
  const sections = phases.flatMap((phase) => [
    `## ${PHASE_TITLES[phase]}`,
    "",
    ...DIAGNOSTIC_CODES.filter((code) => rows[code].phase === phase).flatMap((code) => [
      section(code, rows[code]),
      "",
    ]),
  ]);
  return [
    "# Diagnostics",
    "",
    "<!-- Generated by scripts/diagnostics-table.ts from access/diagnostic-codes.ts; do not edit by hand. -->",
    "",
    "`guest-access validate`, `plan` and `diff` (and the Pulumi program, before it declares anything) report each",
    "problem in a declaration the way a compiler does: `file:line:column severity code: message`, then the line",
    "and a caret under the place. An **error** stops the deployment: the command exits 1 and the program declares",
    "nothing. A **warning** does not. Every problem of every file is reported in one run. The code is stable:",
    "grep for it, or read it from `--format json`.",
    "",
    "To add a code, add its row to `DIAGNOSTICS` in `access/diagnostic-codes.ts` (severity, meaning, a minimal",
    "example, the fix) and run `npm run diagnostics`: the code's type, this page and the tests all follow from",
    "that one row. A code that is not a row does not compile, and a row whose example does not produce its code",
    "fails the tests.",
    "",
    "| Code | Severity | Meaning |",
    "| --- | --- | --- |",
    ...table,
    "",
    ...sections,
  ]
    .join("\n")
    .replace(/\n+$/, "\n");
}

/** Whether `docs/diagnostics.md` differs from what the table says. */
export function diagnosticsDocIsStale(): boolean {
  let doc = "";
  try {
    doc = readFileSync(DIAGNOSTICS_DOC, "utf8");
  } catch {
    // A missing file is stale.
  }
  return doc !== renderDiagnosticsDoc();
}

function main(argv: readonly string[]): number {
  if (argv.includes("--write")) {
    writeFileSync(DIAGNOSTICS_DOC, renderDiagnosticsDoc());
    return 0;
  }
  if (argv.includes("--check")) {
    if (!diagnosticsDocIsStale()) return 0;
    process.stderr.write(`${DIAGNOSTICS_DOC} is stale: run npm run diagnostics\n`);
    return 1;
  }
  process.stdout.write(renderDiagnosticsDoc());
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
