/**
 * The ABAC condition for the deploying identity, generated from the policy config, and the `condition`
 * command around it.
 */

import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RoleCatalog } from "../../azure/roles";
import { conditionFor, CONDITION_MAX_BYTES, delegationCondition } from "../../policy/condition";
import { reconcilePackConfig } from "../../policy/pack-config";
import { main } from "../../cli/main";
import type { CliIO } from "../../cli/io";
import { ROLES } from "./support/factory";

const ROOT = join(__dirname, "..", "..");

function configOf(given: unknown) {
  const result = reconcilePackConfig(given);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.config;
}

function capture(cwd = ROOT): { io: CliIO; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: {}, isTTY: false },
    out: () => out,
    err: () => err,
  };
}

function tempConfig(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "guest-access-condition-")), "config.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

/** More non-privileged built-in roles than fit in 8 KB. */
const MANY_ROLES = RoleCatalog.bundled()
  .all()
  .filter((r) => !RoleCatalog.bundled().isPrivileged(r.id))
  .slice(0, 120)
  .map((r) => r.id);

describe("the ABAC condition", () => {
  it("constrains write on the request and delete on the resource to the roles and to users", () => {
    assert.equal(
      delegationCondition([ROLES.reader]),
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR " +
        `(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ROLES.reader}} AND ` +
        "@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'User', 'Group'})) AND " +
        "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR " +
        `(@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ROLES.reader}} AND ` +
        "@Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'User', 'Group'}))",
    );
  });

  it("lists exactly the allow-listed roles, sorted, from names and GUIDs alike", () => {
    const result = conditionFor(
      configOf({
        "guest-role-allow-listed": { allowedRoles: ["reader", ROLES.websiteContributor] },
      }),
    );
    assert.ok(result.ok);
    assert.deepEqual(result.roles, [
      { id: ROLES.reader, name: "Reader" },
      { id: ROLES.websiteContributor, name: "Website Contributor" },
    ]);
    assert.ok(result.condition.includes(`{${ROLES.reader}, ${ROLES.websiteContributor}}`));
  });

  it("leaves out a role security lists as privileged even when the allow-list names it", () => {
    const result = conditionFor(
      configOf({
        "guest-role-allow-listed": { allowedRoles: ["Reader", "Website Contributor"] },
        "guest-role-not-privileged": { additionalPrivilegedRoles: ["Website Contributor"] },
      }),
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.roles.map((r) => r.name),
      ["Reader"],
    );
    assert.ok(!result.condition.includes(ROLES.websiteContributor));
  });

  it("refuses an allow-list that names a privileged role, even unreconciled", () => {
    const result = conditionFor({
      "guest-role-allow-listed": {
        enforcementLevel: "mandatory",
        properties: { allowedRoles: ["Reader", "Owner"] },
      },
    });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error, /"Owner" .* cannot be allowed for guests/);
  });

  it("includes a custom role only when guest-role-not-privileged names it", () => {
    const allowList = { "guest-role-allow-listed": { allowedRoles: ["Reader", ROLES.custom] } };
    const without = conditionFor(configOf(allowList));
    const withIt = conditionFor(
      configOf({
        ...allowList,
        "guest-role-not-privileged": { allowedCustomRoles: [ROLES.custom] },
      }),
    );
    assert.ok(without.ok && withIt.ok);
    assert.ok(!without.condition.includes(ROLES.custom));
    assert.ok(withIt.condition.includes(ROLES.custom));
  });

  it("refuses a condition over Azure's 8 KB limit", () => {
    const result = conditionFor(
      configOf({ "guest-role-allow-listed": { allowedRoles: MANY_ROLES } }),
    );
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.reason, "too-large");
    assert.ok((result.bytes ?? 0) > CONDITION_MAX_BYTES);
    assert.match(result.error, /over Azure's limit of 8000/);
  });

  it("uses 8,000 bytes as Azure's limit, the safe reading of its documented 8 KB", () =>
    assert.equal(CONDITION_MAX_BYTES, 8000));

  // Every custom role adds its GUID and ", " to both clauses: find the count that is just under the limit.
  const customRoles = (n: number): string[] =>
    Array.from(
      { length: n },
      (_, i) => `6a9f3c2e-4b1d-4e7a-8c5f-${i.toString(16).padStart(12, "0")}`,
    );
  const customConfig = (n: number) =>
    configOf({
      "guest-role-allow-listed": { allowedRoles: customRoles(n) },
      "guest-role-not-privileged": { allowedCustomRoles: customRoles(n) },
    });
  const fitting = (() => {
    let n = 1;
    while (delegationCondition(customRoles(n + 1)).length <= CONDITION_MAX_BYTES) n++;
    return n;
  })();

  it("accepts a condition just under the limit", () => {
    const result = conditionFor(customConfig(fitting));
    assert.ok(result.ok, result.ok ? "" : result.error);
    assert.ok(result.bytes <= CONDITION_MAX_BYTES);
    assert.ok(result.bytes > CONDITION_MAX_BYTES - 2 * 38, `${result.bytes} is just under`);
  });

  it("refuses a condition just over the limit", () => {
    const result = conditionFor(customConfig(fitting + 1));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.reason, "too-large");
    assert.ok((result.bytes ?? 0) > CONDITION_MAX_BYTES);
    assert.ok((result.bytes ?? 0) <= CONDITION_MAX_BYTES + 2 * 38);
  });

  it("refuses when the allow-list policy is disabled", () => {
    const result = conditionFor(configOf({ "guest-role-allow-listed": "disabled" }));
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.reason, "config");
  });

  it("stays within the limit for the default allow-list", () => {
    const result = conditionFor(configOf(undefined));
    assert.ok(result.ok && result.bytes < CONDITION_MAX_BYTES);
  });
});

describe("guest-access condition", () => {
  interface Case {
    readonly name: string;
    readonly argv: () => string[];
    readonly exit: number;
    readonly stdout?: RegExp;
    readonly stderr?: RegExp;
  }
  const cases: Case[] = [
    {
      name: "prints the condition for the dev config on one line",
      argv: () => ["--policy-config", "policy/config/dev.json"],
      exit: 0,
      stdout: new RegExp(`^\\(\\(!\\(ActionMatches.*${ROLES.custom}.*'User', 'Group'\\}\\)\\)\\n$`),
    },
    {
      name: "prints the default allow-list's condition without a config",
      argv: () => [],
      exit: 0,
      stdout: new RegExp(ROLES.reader),
    },
    {
      name: "prints json with the version, the size and the roles",
      argv: () => ["--policy-config=policy/config/dev.json", "--format", "json"],
      exit: 0,
      stdout: /"conditionVersion": "2\.0"[\s\S]*"bytes": \d+[\s\S]*"name": "Website Contributor"/,
    },
    {
      name: "exits 1 when the condition would exceed 8 KB",
      argv: () => [
        "--policy-config",
        tempConfig({ "guest-role-allow-listed": { allowedRoles: MANY_ROLES } }),
      ],
      exit: 1,
      stderr: /over Azure's limit of 8000/,
    },
    {
      name: "exits 2 when the config file is missing",
      argv: () => ["--policy-config", "nope.json"],
      exit: 2,
      stderr: /nope\.json: no such file/,
    },
    {
      name: "exits 2 when the config names an unknown role",
      argv: () => [
        "--policy-config",
        tempConfig({ "guest-role-allow-listed": { allowedRoles: ["Reeder"] } }),
      ],
      exit: 2,
      stderr: /did you mean "Reader"/,
    },
    {
      name: "exits 2 on an unknown argument",
      argv: () => ["--polcy-config", "x"],
      exit: 2,
      stderr: /unknown option '--polcy-config'/,
    },
    {
      name: "exits 2 when --policy-config has no value",
      argv: () => ["--policy-config"],
      exit: 2,
      stderr: /argument missing/,
    },
    {
      name: "prints help",
      argv: () => ["--help"],
      exit: 0,
      stdout: /Usage: guest-access condition/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { io, out, err } = capture();
      assert.equal(await main(["condition", ...c.argv()], io), c.exit, err());
      if (c.stdout) assert.match(out(), c.stdout);
      if (c.stderr) assert.match(err(), c.stderr);
      if (c.exit !== 0) assert.equal(out(), "");
    });
  }
});
