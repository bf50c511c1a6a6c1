#!/usr/bin/env node
// Judges one stack's drift review and writes the issue body for it. Two checks were recorded (record.sh):
// `refresh` (`pulumi refresh --preview-only --expect-no-changes`: resources the stack manages, changed
// outside Pulumi; exit 7 means changes) and `drift` (`guest-access drift --live`: access in Azure that the
// declaration does not hold, or holds differently; exit 1 means drift). The outcome is `drift`, `clean`, or
// `error` when a check could not tell (never read as "no drift").
//
// Writes $RUNNER_TEMP/checks/drift-report.json ({stack, outcome, body}) for the job that keeps the issue,
// the body to the job summary, and `outcome` to $GITHUB_OUTPUT. Environment: STACK, RUNNER_TEMP, RUN_URL.
"use strict";

const { appendFileSync, existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { GITHUB_BODY_LIMIT, details, fence, tail } = require("./lib/markdown");

/** The hidden line that marks an issue body as this stack's drift report. */
function driftMarker(stack) {
  return `<!-- guest-access:drift stack=${stack} -->`;
}

/** The refresh log kept in the issue: its end, where Pulumi prints the changes and the summary. */
const REFRESH_TAIL = 20000;

/** The least of the refresh log worth keeping to make room for the drift report. */
const REFRESH_TAIL_MIN = 2000;

function readCheck(dir, name) {
  const read = (suffix) => {
    const file = join(dir, `${name}.${suffix}`);
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  };
  const exit = read("exit").trim();
  return { exit: exit === "" ? null : Number(exit), stdout: read("out"), stderr: read("err") };
}

/** `drift`, `clean` or `error` for one check, given the exit code that means "found drift". */
function judge(check, driftExit) {
  if (check.exit === 0) return "clean";
  if (check.exit === driftExit) return "drift";
  return "error";
}

function refreshSection(check, verdict, max) {
  const title =
    "### Resources this stack manages (`pulumi refresh --preview-only --expect-no-changes`)";
  if (verdict === "clean") return `${title}\n\n✅ No changes outside Pulumi.\n`;
  const log = fence(tail(`${check.stdout}${check.stderr}`, max));
  if (verdict === "drift") {
    return `${title}\n\n❌ Changed outside Pulumi: run \`pulumi refresh\` to accept the changes into the state, or \`pulumi up\` to put back what the declaration says.\n\n${details("Refresh preview", log)}`;
  }
  return `${title}\n\n⚠️ The refresh could not run (exit code ${check.exit ?? "none"}): managed resources were not checked.\n\n${details("Messages", log, true)}`;
}

function driftSection(check, verdict, omitted) {
  const title = "### Access the declaration does not hold (`guest-access drift --live`)";
  if (verdict === "error") {
    // A review that read only part of Azure still prints its report, with the reads that failed in it
    // (exit 2); stderr has one line about it. Both are shown: the report says which scope and why.
    const shown = omitted || check.stdout;
    const report = shown.trim() === "" ? "" : `${shown.trimEnd()}\n\n`;
    const messages =
      check.stderr.trim() === "" ? "" : details("Messages", fence(check.stderr), true);
    return `${title}\n\n⚠️ The drift review could not run to the end (exit code ${check.exit ?? "none"}): access in Azure was not fully compared.\n\n${report}${messages}`;
  }
  if (omitted) return `${title}\n\n${omitted}`;
  return `${title}\n\n${check.stdout.trim() === "" ? "✅ In sync." : check.stdout}`;
}

/**
 * The issue body, within GitHub's limit. The drift report bounds itself (`drift --format markdown` stays
 * under 60,000 characters); the refresh log is cut from its start to the room left, down to
 * REFRESH_TAIL_MIN; only when even that does not fit is the drift report replaced by a pointer to the run.
 */
function fitted(input, note, limit = GITHUB_BODY_LIMIT) {
  const full = render(input);
  if (full.length <= limit) return full;
  if (input.verdicts.refresh !== "clean") {
    // Shorten the log by what is too much, and again if escaping made the kept part longer than counted.
    let room = Math.min(REFRESH_TAIL, input.refresh.stdout.length + input.refresh.stderr.length);
    let body = full;
    for (let attempt = 0; attempt < 3 && body.length > limit; attempt++) {
      // 100: the "characters cut" line the shorter log gains.
      room -= body.length - limit + 100;
      if (room < REFRESH_TAIL_MIN) break;
      body = render(input, "", room);
    }
    if (body.length <= limit) return body;
  }
  const short = render(input, note);
  if (short.length <= limit) return short;
  // Only very long messages get here (a crash's stderr): cut, so that GitHub accepts the body at all.
  return `${short.slice(0, limit - note.length - 2)}\n\n${note}`;
}

function render(
  { stack, runUrl, refresh, drift, verdicts, outcome },
  omitted = "",
  refreshTail = REFRESH_TAIL,
) {
  const headline = {
    drift: "❌ Drift found",
    clean: "✅ No drift",
    error: "⚠️ The review could not finish",
  }[outcome];
  return [
    driftMarker(stack),
    `## Drift review of stack \`${stack}\`: ${headline}`,
    "",
    `From the [drift review run](${runUrl}). Every run that finds drift updates this issue; the first run that finds none closes it.`,
    "",
    refreshSection(refresh, verdicts.refresh, refreshTail),
    driftSection(drift, verdicts.drift, omitted),
  ].join("\n");
}

function main() {
  const stack = process.env.STACK;
  if (!stack || !process.env.RUNNER_TEMP) throw new Error("STACK and RUNNER_TEMP must be set");
  const dir = join(process.env.RUNNER_TEMP, "checks");
  const refresh = readCheck(dir, "refresh");
  const drift = readCheck(dir, "drift");
  const verdicts = { refresh: judge(refresh, 7), drift: judge(drift, 1) };
  const all = Object.values(verdicts);
  const outcome = all.includes("error") ? "error" : all.includes("drift") ? "drift" : "clean";
  const input = { stack, runUrl: process.env.RUN_URL ?? "", refresh, drift, verdicts, outcome };

  const full = render(input);
  const note = `_The full report is longer than GitHub allows in an issue: read it in the job summary of the [run](${input.runUrl})._\n`;
  const body = fitted(input, note);
  writeFileSync(
    join(dir, "drift-report.json"),
    `${JSON.stringify({ stack, outcome, body }, null, 2)}\n`,
  );
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${full}\n`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `outcome=${outcome}\n`);
  process.stdout.write(`${stack}: ${outcome}\n`);
}

if (require.main === module) main();

module.exports = { driftMarker };
