// The review's pull-request comment, kept as ONE comment: a re-run edits the comment it posted before
// (found by the hidden marker on its first line) instead of adding another. Called from
// actions/github-script with its authenticated Octokit client and event context.
"use strict";

const { REVIEW_MARKER } = require("./lib/review-markdown");

/** The comment a previous run posted: written by a bot (the workflow token) and carrying the marker. */
function findReviewComment(comments, marker = REVIEW_MARKER) {
  return comments.find(
    (c) => c.user?.type === "Bot" && typeof c.body === "string" && c.body.includes(marker),
  );
}

/**
 * Creates the review comment on the pull request of `context`, or edits the one a previous run posted.
 * Returns what it did and the comment's id.
 */
async function upsertReviewComment({ github, context, body }) {
  const { owner, repo, number } = context.issue;
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  });
  const existing = findReviewComment(comments);
  if (existing) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { action: "updated", id: existing.id };
  }
  const { data } = await github.rest.issues.createComment({
    owner,
    repo,
    issue_number: number,
    body,
  });
  return { action: "created", id: data.id };
}

module.exports = { findReviewComment, upsertReviewComment };
