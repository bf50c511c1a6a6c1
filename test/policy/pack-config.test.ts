/**
 * Reading `--policy-pack-config` as the CLI does (defaults, levels, schema validation), plus the stricter
 * checks a security config needs (unknown policies and properties, unknown role names, bad scopes).
 */

import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reconcilePackConfig } from "../../policy/pack-config";
import { readPolicyConfigFile } from "../../review/policy-config-file";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "policy");

interface Case {
  readonly name: string;
  readonly given: unknown;
  readonly errors: readonly RegExp[];
}

const refused: Case[] = [
  {
    name: "refuses a config that is not an object",
    given: ["all"],
    errors: [/must be a JSON object/],
  },
  {
    name: "refuses an unknown enforcement level",
    given: { all: "strict" },
    errors: [/all: "strict" is not an enforcement level/],
  },
  {
    name: "refuses an unknown policy name",
    given: { "guest-role-alowlisted": "disabled" },
    errors: [/guest-role-alowlisted: no such policy/],
  },
  {
    name: "refuses a property a policy does not read",
    given: { "guest-role-allow-listed": { allowedRole: ["Reader"] } },
    errors: [/guest-role-allow-listed\.allowedRole: the policy has no such property/],
  },
  {
    name: "refuses a value of the wrong type, as the CLI's schema validation does",
    given: { "guest-grant-expiry-bounded": { maxDays: "a year" } },
    errors: [/guest-grant-expiry-bounded\.maxDays: must be integer/],
  },
  {
    name: "refuses an unknown role name and suggests the closest",
    given: { "guest-role-allow-listed": { allowedRoles: ["Reader", "Reeder"] } },
    errors: [
      /allowedRoles\[1\] "Reeder" is not a built-in role name or a role GUID; did you mean "Reader"\?/,
    ],
  },
  {
    name: "refuses Owner on the allow-list, saying why",
    given: { "guest-role-allow-listed": { allowedRoles: ["Reader", "Owner"] } },
    errors: [
      /guest-role-allow-listed: allowedRoles\[1\] "Owner" \(8e3af657-a8ff-443c-a75c-2fe8c4bcb635\) cannot be allowed for guests: it is a privileged administrator role/,
    ],
  },
  {
    name: "refuses a privileged role on the allow-list given as a role definition ID",
    given: {
      "guest-role-allow-listed": {
        allowedRoles: [
          "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/providers/Microsoft.Authorization/roleDefinitions/18D7D88D-D35E-4FB5-A5C3-7773C20A72D9",
        ],
      },
    },
    errors: [/allowedRoles\[0\] "User Access Administrator" .* cannot be allowed for guests/],
  },
  {
    name: "refuses a role that can write role assignments on the allow-list",
    given: {
      "guest-role-allow-listed": { allowedRoles: ["Key Vault Data Access Administrator"] },
    },
    errors: [/allowedRoles\[0\] .* it can write role assignments/],
  },
  {
    name: "refuses a built-in role listed as a custom role",
    given: {
      "guest-role-not-privileged": { allowedCustomRoles: ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] },
    },
    errors: [/allowedCustomRoles\[0\] "Owner" .* is a built-in role/],
  },
  {
    name: "refuses the root scope in the boundary",
    given: { "guest-scope-within-boundary": { allowedScopes: ["/"] } },
    errors: [/root scope "\/", which is never allowed/],
  },
  {
    name: "refuses a management group in the boundary unless management groups are allowed",
    given: {
      "guest-scope-within-boundary": {
        allowedScopes: ["/providers/Microsoft.Management/managementGroups/x"],
      },
    },
    errors: [/is a management group; set allowManagementGroups/],
  },
  {
    name: "refuses the tenant root management group in the boundary even when groups are allowed",
    given: {
      "guest-scope-within-boundary": {
        allowedScopes: [
          "/providers/Microsoft.Management/managementGroups/7c1e9a2b-4d3f-4b8a-9c6d-0e1f2a3b4c5d",
        ],
        allowManagementGroups: true,
      },
    },
    errors: [/tenant root management group/],
  },
  {
    name: "refuses a malformed scope in the boundary",
    given: { "guest-scope-within-boundary": { allowedScopes: ["/subscriptions/not-a-guid"] } },
    errors: [/allowedScopes\[0\] "\/subscriptions\/not-a-guid": .*GUID/],
  },
];

describe("policy pack config", () => {
  it("fills every policy's schema defaults and its own level when no config is given", () => {
    const result = reconcilePackConfig(undefined);
    assert.ok(result.ok);
    assert.deepEqual(result.config["guest-grant-expiry-bounded"], {
      enforcementLevel: "advisory",
      properties: { maxDays: 365, today: "" },
    });
    assert.deepEqual(result.config["guest-scope-within-boundary"], {
      enforcementLevel: "mandatory",
      properties: { allowedScopes: [], allowManagementGroups: false },
    });
  });

  it("applies `all`, then per-policy levels, keeping properties, as the CLI does", () => {
    const result = reconcilePackConfig(
      {
        all: "disabled",
        "guest-grant-expiry-bounded": { enforcementLevel: "mandatory", maxDays: 90 },
      },
      { strict: false },
    );
    assert.ok(result.ok);
    assert.deepEqual(result.config["guest-grant-expiry-bounded"], {
      enforcementLevel: "mandatory",
      properties: { maxDays: 90, today: "" },
    });
    assert.equal(result.config["guest-role-not-privileged"]?.enforcementLevel, "disabled");
  });

  it("accepts what the CLI accepts when not strict", () => {
    const result = reconcilePackConfig({ "no-such-policy": "advisory" }, { strict: false });
    assert.ok(result.ok);
  });

  for (const c of refused) {
    it(c.name, () => {
      const result = reconcilePackConfig(c.given);
      assert.equal(result.ok, false);
      if (result.ok) return;
      for (const error of c.errors)
        assert.ok(
          result.errors.some((e) => error.test(e)),
          `${error} in:\n${result.errors.join("\n")}`,
        );
    });
  }

  it("reads the dev config of the bundled example", () => {
    const result = readPolicyConfigFile(
      join(__dirname, "..", "..", "policy", "config", "dev.json"),
      ROOT,
    );
    assert.ok(result.ok, result.ok ? "" : result.errors.join("\n"));
  });

  it("names the file when it is not JSON", () => {
    const result = readPolicyConfigFile(join(FIXTURES, "not-json.txt"), ROOT);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.errors[0] ?? "", /not-json\.txt: is not valid JSON/);
  });

  it("treats an empty file as no config, as the CLI does", () => {
    const result = readPolicyConfigFile(join(FIXTURES, "empty.json"), ROOT);
    assert.ok(result.ok);
  });

  it("says when the file cannot be read", () => {
    const result = readPolicyConfigFile(join(FIXTURES, "missing.json"), ROOT);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.errors[0] ?? "", /missing\.json: no such file/);
  });
});

describe("a hostile policy config", () => {
  const lowered: { name: string; given: unknown; error: RegExp }[] = [
    {
      name: "refuses `all: advisory`, which would lower the always-mandatory guardrails",
      given: { all: "advisory" },
      error: /all: "advisory" would lower guest-role-not-privileged below mandatory/,
    },
    {
      name: "refuses guest-role-not-privileged disabled",
      given: { "guest-role-not-privileged": "disabled" },
      error: /guest-role-not-privileged: "disabled" would lower guest-role-not-privileged/,
    },
    {
      name: "refuses guest-scope-within-boundary advisory in an object",
      given: { "guest-scope-within-boundary": { enforcementLevel: "advisory" } },
      error: /approved scopes; this guardrail is always mandatory/,
    },
    {
      name: "refuses guest-grant-only-in-guest-component advisory",
      given: { "guest-grant-only-in-guest-component": "advisory" },
      error: /granted outside its Guest/,
    },
  ];
  for (const c of lowered) {
    it(c.name, () => {
      const result = reconcilePackConfig(c.given);
      assert.equal(result.ok, false);
      if (!result.ok)
        assert.ok(
          result.errors.some((e) => c.error.test(e)),
          result.errors.join("\n"),
        );
    });
  }

  it("accepts `all: advisory` when the always-mandatory guardrails are set back to mandatory", () => {
    const result = reconcilePackConfig({
      all: "advisory",
      "guest-role-not-privileged": "mandatory",
      "guest-scope-within-boundary": "mandatory",
      "guest-grant-only-in-guest-component": "remediate",
    });
    assert.ok(result.ok, result.ok ? "" : result.errors.join("\n"));
  });

  it("treats __proto__ and constructor as names of no policy, without crashing or polluting", () => {
    const result = readPolicyConfigFile(
      "proto.json",
      writeTemp(
        "proto.json",
        '{"__proto__": {"enforcementLevel": "disabled"}, "constructor": "disabled", "guest-role-allow-listed": {"__proto__": {"x": 1}}}',
      ),
    );
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.ok(result.errors.some((e) => /__proto__: no such policy/.test(e)));
    assert.ok(result.errors.some((e) => /constructor: no such policy/.test(e)));
    assert.ok(
      result.errors.some((e) =>
        /guest-role-allow-listed\.__proto__: the policy has no such property/.test(e),
      ),
      result.errors.join("\n"),
    );
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it("never quotes the value under a key that names no policy (a credentials file, say)", () => {
    const result = readPolicyConfigFile(
      "creds.json",
      writeTemp("creds.json", '{"clientSecret": "s3cr3t-value"}'),
    );
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.errors.every((e) => !e.includes("s3cr3t")));
  });
});

/** Writes a file into a fresh directory and returns the directory. */
function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-config-"));
  writeFileSync(join(dir, name), text);
  return dir;
}
