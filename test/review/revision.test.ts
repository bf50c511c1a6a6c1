/**
 * What may reach git as a revision, and what may reach the disk as a stack name: never an option, never a path.
 */

import { strict as assert } from "node:assert";
import { checkRevision } from "../../review/git-sources";
import { checkStackName } from "../../program/stack-config";

describe("revisions and stack names", () => {
  for (const revision of ["origin/main", "HEAD~2", "main^", "v1.2.3", "main@{1}", "0a1b2c3d"]) {
    it(`accepts the revision ${revision}`, () =>
      assert.doesNotThrow(() => checkRevision(revision)));
  }
  const badRevisions: [string, string][] = [
    ["an option", "--output=/tmp/x"],
    ["a short option", "-p"],
    ["a path", "HEAD:access.yaml"],
    ["a range", "main..evil"],
    ["white space", "main evil"],
    ["a control character", "main\u001b[2J"],
    ["nothing", ""],
  ];
  for (const [name, revision] of badRevisions) {
    it(`refuses ${name} as a revision`, () =>
      assert.throws(() => checkRevision(revision), /is not a git revision/));
  }

  for (const stack of ["dev", "prod-eu", "team_a.v2"]) {
    it(`accepts the stack name ${stack}`, () => assert.doesNotThrow(() => checkStackName(stack)));
  }
  for (const stack of [
    "/../../../somewhere/evil",
    "../dev",
    "org/project/dev",
    ".hidden",
    "a b",
    "",
  ]) {
    it(`refuses ${JSON.stringify(stack)} as a stack name`, () =>
      assert.throws(() => checkStackName(stack), /is not a stack name/));
  }
});
