#!/usr/bin/env node
// Decides whether today's expiry run deploys. A grant's `expires` is its last day: the day after, the
// program no longer declares it and `pulumi up` revokes it. This job runs `up` only when that is the whole
// difference between the declaration and the deployed stack, so a scheduled job never deploys a change
// that still waits for review:
//   - the plan as of the last deploy's date (`plan --state --now <deploy date>`) must show no change: the
//     stack is what the declaration deployed that day (otherwise a merge waits for deploy.yml, or a deploy
//     failed: "blocked", exit 1);
//   - the plan as of today then shows exactly what expired since: nothing ("skip") or revocations ("run").
// Both judge the same declaration against the same export, so any change between them comes from the date.
// An expiry only ever deletes role assignments and updates the Guest components that held them; anything
// else is refused. The update is targeted at exactly those resources (`pulumi up --target`), so a deploy
// that lands between this decision and the update is never undone by it.
//
// Environment: STACK, POLICY_CONFIG, STATE_FILE (`pulumi stack export` of the stack), TODAY (YYYY-MM-DD,
// default: today in UTC; expiry dates are UTC days), GITHUB_OUTPUT (`decision=run|skip|blocked`,
// `revocations=N`, `targets`: the URNs to update, one a line), GITHUB_STEP_SUMMARY (who loses what, as the
// plan reports it).
"use strict";

const { spawnSync } = require("node:child_process");
const { appendFileSync, readFileSync } = require("node:fs");
const { revocationTable, revokedGrants } = require("./lib/revocations");

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const GUEST = "guest-access:index:Guest";

/** What an expiry may do: revoke a grant, and update the Guest component that listed it. */
function isExpiryChange(change) {
  return (
    (change.kind === "delete" && change.type === ROLE_ASSIGNMENT) ||
    (change.kind === "update" && change.type === GUEST)
  );
}

/** The input cannot be judged: the job must stop and say why. */
class DecisionError extends Error {}

function required(name) {
  const value = process.env[name];
  if (!value) throw new DecisionError(`${name} must be set`);
  return value;
}

/** The stack export, parsed. */
function readExport(stateFile) {
  try {
    return JSON.parse(readFileSync(stateFile, "utf8"));
  } catch (error) {
    throw new DecisionError(`${stateFile}: not a readable stack export (${error.message})`);
  }
}

/** The UTC day the export was last written: the last deploy (`pulumi up` writes the manifest time). */
function deployedOn(stateFile, data) {
  const time = data?.deployment?.manifest?.time;
  const day = typeof time === "string" ? time.slice(0, 10) : "";
  if (!DATE.test(day)) {
    throw new DecisionError(
      `${stateFile}: deployment.manifest.time is missing; is this a \`pulumi stack export\`?`,
    );
  }
  return day;
}

/** The arguments of `guest-access plan` against the export as of `date` (after `guest-access`). */
function planArgs(env, date, format) {
  return [
    "plan",
    "--stack",
    env.stack,
    "--policy-config",
    env.policyConfig,
    "--state",
    env.stateFile,
    "--format",
    format,
    "--now",
    date,
  ];
}

/** `guest-access plan` against the export, as of `date`. Exit 1 (findings) still prints the report. */
function plan(env, date, format) {
  const args = ["--no-install", "guest-access", ...planArgs(env, date, format)];
  const run = spawnSync("npx", args, { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (run.stderr) process.stderr.write(run.stderr);
  if (run.status !== 0 && run.status !== 1) {
    throw new DecisionError(
      `guest-access plan as of ${date} could not run (exit code ${run.status ?? run.signal})`,
    );
  }
  return run.stdout;
}

/** The changes an update would make, and whether the declaration itself is sound, as of `date`. */
function judge(env, date) {
  const report = JSON.parse(plan(env, date, "json"));
  const pending = (report.changes ?? []).filter((c) => c.kind !== "same");
  // An error the export itself shows (a guest's user deleted by hand: `user-deleted`) makes any update fail
  // or do harm, so it blocks like an error in the declaration.
  const stateErrors = (report.stateNotices ?? []).filter((n) => n.severity === "error");
  const unsound =
    report.summary.errors > 0 || report.summary.mandatory > 0 || stateErrors.length > 0;
  return { pending, unsound, stateErrors, summary: report.summary };
}

function describe(changes) {
  const count = (kind) => changes.filter((c) => c.kind === kind).length;
  return ["create", "update", "replace", "delete"]
    .map((kind) => `${count(kind)} to ${kind}`)
    .join(", ");
}

function decide(env) {
  const exported = readExport(env.stateFile);
  const deployed = deployedOn(env.stateFile, exported);
  const thenDate = deployed < env.today ? deployed : env.today;
  const then = judge(env, thenDate);
  if (then.unsound) {
    return {
      decision: "blocked",
      headline:
        `The declaration or the deployed stack has errors or mandatory guardrail violations (as of the last deploy on ${deployed}): nothing is deployed.` +
        then.stateErrors.map((n) => ` ${n.message}`).join(""),
    };
  }
  if (then.pending.length > 0) {
    return {
      decision: "blocked",
      headline:
        `The stack is not what the declaration deployed on ${deployed} (${describe(then.pending)}): ` +
        "a merged change waits for the Deploy workflow, or the last deploy failed. This job only revokes " +
        "expired access; approve or re-run the deploy, which revokes the expired access as well.",
    };
  }
  // Deployed today (or the clock is behind the export): today's plan is the one just made.
  const now = thenDate === env.today ? then : judge(env, env.today);
  if (now.unsound) {
    return {
      decision: "blocked",
      headline: `The declaration has errors or mandatory guardrail violations as of ${env.today}: nothing is deployed.`,
    };
  }
  if (now.pending.length === 0) {
    return { decision: "skip", headline: `Nothing expired since the last deploy on ${deployed}.` };
  }
  const unexpected = now.pending.filter((c) => !isExpiryChange(c));
  if (unexpected.length > 0) {
    return {
      decision: "blocked",
      headline:
        `As of ${env.today} the update would also ${describe(unexpected)} (${unexpected.map((c) => c.urn).join(", ")}), ` +
        "which is more than revoking expired grants: deploy it through the Deploy workflow.",
    };
  }
  const targets = now.pending.map((c) => c.urn);
  if (targets.some((urn) => urn.includes(",") || urn.includes("\n"))) {
    // pulumi/actions splits its `target` input on commas and lines.
    throw new DecisionError(
      `a URN to update cannot be passed to pulumi/actions: ${targets.join(" ")}`,
    );
  }
  const revocations = now.pending.filter((c) => c.kind === "delete");
  return {
    decision: "run",
    revocations: revocations.length,
    targets,
    headline:
      `Access expired since the last deploy on ${deployed}: \`pulumi up\` revokes ${revocations.length} ` +
      `grant(s) today, ${env.today} (${describe(now.pending)}).`,
    revoked: revokedGrants(
      exported,
      revocations.map((c) => c.urn),
    ),
    report: plan(env, env.today, "markdown"),
  };
}

function main() {
  const today = process.env.TODAY || new Date().toISOString().slice(0, 10);
  if (!DATE.test(today)) throw new DecisionError(`TODAY must be YYYY-MM-DD, not "${today}"`);
  const env = {
    stack: required("STACK"),
    policyConfig: required("POLICY_CONFIG"),
    stateFile: required("STATE_FILE"),
    today,
  };
  const result = decide(env);
  const summary = [
    `## Expiry: stack \`${env.stack}\``,
    "",
    `**${result.decision}**: ${result.headline}`,
    "",
  ];
  // Every grant revoked, whatever their number (the plan's tables stop at 100 rows); then the plan.
  if (result.revoked) {
    summary.push(
      `### Who loses what (${result.revoked.length} grants)`,
      "",
      revocationTable(result.revoked),
      "",
    );
  }
  if (result.report) summary.push("### The plan as of today", "", result.report);
  if (process.env.GITHUB_STEP_SUMMARY)
    appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${summary.join("\n")}\n`);
  if (process.env.GITHUB_OUTPUT) {
    const outputs = [`decision=${result.decision}`, `revocations=${result.revocations ?? 0}`];
    // A multi-line output, in the delimiter form GitHub documents for $GITHUB_OUTPUT.
    outputs.push("targets<<END_OF_TARGETS", ...(result.targets ?? []), "END_OF_TARGETS");
    appendFileSync(process.env.GITHUB_OUTPUT, `${outputs.join("\n")}\n`);
  }
  process.stdout.write(`${result.decision}: ${result.headline}\n`);
  if (result.decision === "blocked") {
    process.stdout.write(`::error title=Expiry blocked (${env.stack})::${result.headline}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    if (!(error instanceof DecisionError)) throw error;
    process.stderr.write(`expiry-decision: ${error.message}\n`);
    process.exitCode = 2;
  }
}

module.exports = { planArgs };
