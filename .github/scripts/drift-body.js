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
const { GITHUB_BODY_LIMIT, details, fence } = require("./lib/markdown");

/** The hidden line that marks an issue body as this stack's drift report. */
function driftMarker(stack) {
  return `<!-- guest-access:drift stack=${stack} -->`;
}

/** The refresh log kept in the issue: its end, where Pulumi prints the changes and the summary. */
const REFRESH_TAIL = 20000;

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

function tail(text, max) {
  return text.length <= max ? text : `… (${text.length - max} characters cut)\n${text.slice(-max)}`;
}

function refreshSection(check, verdict) {
  const title =
    "### Resources this stack manages (`pulumi refresh --preview-only --expect-no-changes`)";
  if (verdict === "clean") return `${title}\n\n✅ No changes outside Pulumi.\n`;
  const log = fence(tail(`${check.stdout}${check.stderr}`, REFRESH_TAIL));
  if (verdict === "drift") {
    return `${title}\n\n❌ Changed outside Pulumi: run \`pulumi refresh\` to accept the changes into the state, or \`pulumi up\` to put back what the declaration says.\n\n${details("Refresh preview", log)}`;
  }
  return `${title}\n\n⚠️ The refresh could not run (exit code ${check.exit ?? "none"}): managed resources were not checked.\n\n${details("Messages", log, true)}`;
}

function driftSection(check, verdict, omitted) {
  const title = "### Access the declaration does not hold (`guest-access drift --live`)";
  if (verdict === "error") {
    return `${title}\n\n⚠️ The drift review could not run to the end (exit code ${check.exit ?? "none"}): access in Azure was not fully compared.\n\n${details("Messages", fence(check.stderr || check.stdout), true)}`;
  }
  if (omitted) return `${title}\n\n${omitted}`;
  return `${title}\n\n${check.stdout.trim() === "" ? "✅ In sync." : check.stdout}`;
}

function render({ stack, runUrl, refresh, drift, verdicts, outcome }, omitted = "") {
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
    refreshSection(refresh, verdicts.refresh),
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
  const body = full.length <= GITHUB_BODY_LIMIT ? full : render(input, note);
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
