#!/usr/bin/env node
// comment-body.js REVIEWS_DIR: prints the pull-request comment, assembled from the report.json each stack's
// review job uploaded (REVIEWS_DIR/review-<stack>/report.json). Environment: STACKS (the JSON list of stacks
// the workflow reviewed, so a stack whose job wrote nothing still shows), RUN_URL, HEAD_SHA.
"use strict";

const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { renderComment } = require("./lib/review-markdown");

function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: comment-body.js REVIEWS_DIR");
  const stacks = JSON.parse(process.env.STACKS ?? "[]");
  const reports = stacks
    .map((stack) => join(dir, `review-${stack}`, "report.json"))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, "utf8")));
  process.stdout.write(
    renderComment({
      stacks,
      reports,
      runUrl: process.env.RUN_URL ?? "",
      headSha: process.env.HEAD_SHA ?? "",
      allowDestructive: reports.some((r) => r.allowDestructive),
    }),
  );
}

main();
