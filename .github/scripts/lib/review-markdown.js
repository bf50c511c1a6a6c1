// The review of one pull request as markdown: one section per stack, each with the verdict of every check
// and the reports the checks wrote. The same rendering feeds the job summary (everything) and the
// pull-request comment (everything that fits in GitHub's size limit).
"use strict";

const { GITHUB_BODY_LIMIT, details, fence } = require("./markdown");

/** The hidden first line of the review comment: how a re-run finds the comment to edit. */
const REVIEW_MARKER = "<!-- guest-access:review -->";

/** The checks of the review, in the order they run, with how each report is shown. */
const CHECKS = [
  { name: "validate", title: "Declaration (`guest-access validate`)", format: "text" },
  {
    name: "diff",
    title: "Access changes against the base branch (`guest-access diff`)",
    format: "markdown",
  },
  { name: "plan", title: "Offline plan and guardrails (`guest-access plan`)", format: "markdown" },
];

/** What an exit code of the guest-access CLI means, for a reviewer. */
function outcome(exit) {
  if (exit === 0) return "✅ pass";
  if (exit === 1)
    return "❌ fail: errors in the declaration, a mandatory guardrail, or a destructive or mass removal";
  if (exit === 2) return "❌ could not run: usage error or unreadable input (see the messages)";
  if (exit === null) return "⚠️ did not run";
  return `❌ crashed with exit code ${exit} (see the messages)`;
}

/** The report of one check as shown under the table, or "" when there is nothing to show. */
function checkBlock(check, omitted) {
  const known = CHECKS.find((c) => c.name === check.name);
  const title = known?.title ?? check.name;
  const failed = check.exit !== 0;
  const parts = [];
  if (check.stdout.trim() !== "") {
    if (omitted) parts.push(omitted);
    else if (known?.format === "markdown") parts.push(check.stdout);
    else parts.push(fence(check.stdout));
  }
  if (check.stderr.trim() !== "") parts.push(`Messages:\n\n${fence(check.stderr)}`);
  if (parts.length === 0) return "";
  // The access diff is what a reviewer reads first: always open. The others open when they failed.
  return details(title, parts.join("\n"), failed || check.name === "diff");
}

/**
 * One stack's section. `omit` names the checks whose report is replaced by `omittedNote` (to fit a size
 * limit); the verdict table is always complete.
 */
function renderSection(report, omit = new Set(), omittedNote = "") {
  const failed = report.checks.filter((c) => c.exit !== 0).length;
  const verdict =
    failed === 0 ? "✅ all checks passed" : `❌ ${failed} of ${report.checks.length} checks failed`;
  const rows = report.checks.map((c) => {
    const title = CHECKS.find((k) => k.name === c.name)?.title ?? c.name;
    return `| ${title} | ${outcome(c.exit)} |`;
  });
  const blocks = report.checks
    .map((c) => checkBlock(c, omit.has(c.name) ? omittedNote : ""))
    .filter((b) => b !== "");
  return [
    `### Stack \`${report.stack}\`: ${verdict}`,
    "",
    "| Check | Result |",
    "| --- | --- |",
    ...rows,
    "",
    ...blocks,
  ].join("\n");
}

/** The section of a stack whose review job wrote no report (it stopped before, e.g. in `npm ci`). */
function missingSection(stack) {
  return `### Stack \`${stack}\`: ⚠️ no report\n\nThe review job stopped before the checks ran; see the workflow run.\n`;
}

/**
 * The whole comment: the marker, a header, and one section per stack (in `stacks` order). When it would
 * exceed `limit`, the largest reports are replaced by a pointer to the job summary until it fits.
 */
function renderComment({
  stacks,
  reports,
  runUrl,
  headSha,
  allowDestructive,
  limit = GITHUB_BODY_LIMIT,
}) {
  const header = [
    REVIEW_MARKER,
    "## guest-access review",
    "",
    `Commit \`${String(headSha).slice(0, 12)}\` · [workflow run](${runUrl}) · the \`pulumi preview\` of each stack is in its job summary.`,
    allowDestructive
      ? "\n> [!WARNING]\n> The `allow-destructive` label is set: destructive changes and mass removals do not fail this check.\n"
      : "",
  ].join("\n");
  const byStack = new Map(reports.map((r) => [r.stack, r]));
  const note = `_Left out of this comment to stay within GitHub's size limit: read it in the job summary of the [workflow run](${runUrl})._\n`;
  const omitted = new Map(); // stack -> Set of check names
  const render = () =>
    [
      header,
      ...stacks.map((stack) => {
        const report = byStack.get(stack);
        return report ? renderSection(report, omitted.get(stack), note) : missingSection(stack);
      }),
    ].join("\n");

  // Largest reports first: dropping one big plan keeps every other report readable.
  const candidates = reports
    .flatMap((r) => r.checks.map((c) => ({ stack: r.stack, name: c.name, size: c.stdout.length })))
    .filter((c) => c.size > note.length)
    .sort((a, b) => b.size - a.size);
  let body = render();
  for (const candidate of candidates) {
    if (body.length <= limit) break;
    if (!omitted.has(candidate.stack)) omitted.set(candidate.stack, new Set());
    omitted.get(candidate.stack).add(candidate.name);
    body = render();
  }
  // Still too long (messages, or very many stacks): cut, so GitHub accepts the comment at all.
  return body.length <= limit ? body : `${body.slice(0, limit - note.length - 2)}\n\n${note}`;
}

module.exports = { CHECKS, REVIEW_MARKER, renderComment, renderSection };
