#!/usr/bin/env node
// Collects what the checks of one stack's review recorded (record.sh) into $RUNNER_TEMP/checks/report.json, the
// artifact the comment job assembles the pull-request comment from, and writes the stack's section to the
// job summary. Environment: STACK, RUNNER_TEMP, ALLOW_DESTRUCTIVE ("true" when the label is set),
// GITHUB_STEP_SUMMARY.
"use strict";

const { appendFileSync, existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { CHECKS, renderSection } = require("./lib/review-markdown");

/** What `record.sh NAME` kept, or a check that did not run. */
function readCheck(dir, name) {
  const read = (suffix) => {
    const file = join(dir, `${name}.${suffix}`);
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  };
  const exit = read("exit").trim();
  return {
    name,
    exit: exit === "" ? null : Number(exit),
    stdout: read("out"),
    stderr: read("err"),
  };
}

function main() {
  const stack = process.env.STACK;
  if (!stack || !process.env.RUNNER_TEMP) throw new Error("STACK and RUNNER_TEMP must be set");
  const dir = join(process.env.RUNNER_TEMP, "checks");
  const report = {
    stack,
    allowDestructive: process.env.ALLOW_DESTRUCTIVE === "true",
    checks: CHECKS.map((c) => readCheck(dir, c.name)),
  };
  writeFileSync(join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  const section = renderSection(report);
  if (process.env.GITHUB_STEP_SUMMARY)
    appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${section}\n`);
  process.stdout.write(section);
}

main();
