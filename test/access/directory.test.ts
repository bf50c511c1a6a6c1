import { strict as assert } from "node:assert";
import { join } from "node:path";
import { loadAccess } from "../../access/load";
import { UnreadableInputError } from "../../access/source";
import { brief, loadTexts } from "./load-text";

const TEAMS = join(__dirname, "..", "fixtures", "teams");

describe("a declaration split across the files of a directory", () => {
  it("reads every *.yaml file and reports duplicates across files at both places", () => {
    const result = loadAccess(TEAMS, { today: "2026-11-26" });
    assert.deepEqual(
      result.files.map((f) => f.slice(TEAMS.length + 1)),
      ["00-shared.yaml", "audit.yaml", "vendors.yaml"],
    );
    const got = result.diagnostics.map(
      (d) =>
        `${d.file.slice(TEAMS.length + 1)} ${brief(d)} <- ${d.related?.file.slice(TEAMS.length + 1)}:${d.related?.line}`,
    );
    assert.deepEqual(got, [
      "vendors.yaml error duplicate-default@4:3 /defaults/onRemove <- 00-shared.yaml:4",
      "vendors.yaml error duplicate-guest@6:5 /guests/0 <- audit.yaml:4",
    ]);
    assert.match(result.diagnostics[1]?.message ?? "", /audit\.yaml:4:5/);
  });

  it("uses a scope declared in another file", () => {
    const result = loadTexts({
      "a.yaml":
        "version: 1\nscopes:\n  prod: /subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b\n",
      "b.yaml":
        "version: 1\nguests:\n  - { email: a@b.example, displayName: A, sponsor: s@ourcorp.example, reason: r, access: [{ role: Reader, scope: prod }] }\n",
    });
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.model?.guests[0]?.spec.grants[0]?.scopeName, "prod");
  });

  it("reports a scope name declared in two files, naming the first", () => {
    const scope =
      "version: 1\nscopes:\n  prod: /subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b\n";
    const result = loadTexts({ "a.yaml": scope, "b.yaml": scope.replace("prod:", "PROD:") });
    assert.deepEqual(
      result.diagnostics.map((d) => `${d.file} ${brief(d)}`),
      ["b.yaml error duplicate-scope@3:3 /scopes/PROD"],
    );
    assert.equal(result.diagnostics[0]?.related?.file, "a.yaml");
  });

  it("refuses a missing path as unreadable input", () => {
    assert.throws(() => loadAccess(join(TEAMS, "missing.yaml")), UnreadableInputError);
  });
});
