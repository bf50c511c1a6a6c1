// Keeps one issue per stack for drift, found by its label `drift:<stack>`: a run that finds drift opens it
// (or updates the open one), a clean run closes it with a comment, and a run that could not finish leaves
// it as it is (an unfinished review is never "no drift"). Called from actions/github-script with its
// authenticated Octokit client and event context.
"use strict";

const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

const LABEL_COLOR = "d93f0b";

function labelOf(stack) {
  return `drift:${stack}`;
}

/** The label exists before an issue uses it: creating one on the fly is not something to rely on. */
async function ensureLabel(github, { owner, repo }, name, stack) {
  try {
    await github.rest.issues.getLabel({ owner, repo, name });
  } catch (error) {
    if (error.status !== 404) throw error;
    const description = `Access drift found in stack ${stack} by the Drift workflow`;
    await github.rest.issues.createLabel({ owner, repo, name, color: LABEL_COLOR, description });
  }
}

/** The open issues carrying the stack's label, oldest first (pull requests are issues too: left out). */
async function openDriftIssues(github, { owner, repo }, label) {
  const issues = await github.paginate(github.rest.issues.listForRepo, {
    owner,
    repo,
    state: "open",
    labels: label,
    sort: "created",
    direction: "asc",
    per_page: 100,
  });
  return issues.filter((issue) => !issue.pull_request);
}

/**
 * Brings the stack's drift issue in line with one run's report ({stack, outcome, body}). Returns what it
 * did: `opened`, `updated`, `closed`, `unchanged` (clean, no issue open) or `skipped` (the run did not finish).
 */
async function syncDriftIssue({ github, context, report, runUrl }) {
  const { owner, repo } = context.repo;
  const label = labelOf(report.stack);
  if (report.outcome !== "drift" && report.outcome !== "clean") return { action: "skipped" };
  const [open] = await openDriftIssues(github, { owner, repo }, label);
  if (report.outcome === "drift") {
    if (open) {
      await github.rest.issues.update({
        owner,
        repo,
        issue_number: open.number,
        body: report.body,
      });
      return { action: "updated", number: open.number };
    }
    await ensureLabel(github, { owner, repo }, label, report.stack);
    const title = `Access drift in stack ${report.stack}`;
    const { data } = await github.rest.issues.create({
      owner,
      repo,
      title,
      body: report.body,
      labels: [label],
    });
    return { action: "opened", number: data.number };
  }
  if (!open) return { action: "unchanged" };
  const body = `No drift in stack \`${report.stack}\` any more, as of [this drift review](${runUrl}). Closing.`;
  await github.rest.issues.createComment({ owner, repo, issue_number: open.number, body });
  await github.rest.issues.update({
    owner,
    repo,
    issue_number: open.number,
    state: "closed",
    state_reason: "completed",
  });
  return { action: "closed", number: open.number };
}

/** Syncs every stack's issue from the reports in `dir` (dir/drift-<stack>/drift-report.json). */
async function syncDriftIssues({ github, context, core, stacks, dir, runUrl }) {
  const results = [];
  for (const stack of stacks) {
    const file = join(dir, `drift-${stack}`, "drift-report.json");
    if (!existsSync(file)) {
      core.warning(`stack ${stack}: the drift review wrote no report; its issue is left as it is`);
      results.push({ stack, action: "skipped" });
      continue;
    }
    const report = JSON.parse(readFileSync(file, "utf8"));
    const result = await syncDriftIssue({ github, context, report, runUrl });
    if (result.action === "skipped")
      core.warning(`stack ${stack}: the drift review did not finish; its issue is left as it is`);
    core.info(`stack ${stack}: ${result.action}${result.number ? ` #${result.number}` : ""}`);
    results.push({ stack, ...result });
  }
  return results;
}

module.exports = { labelOf, syncDriftIssue, syncDriftIssues };
