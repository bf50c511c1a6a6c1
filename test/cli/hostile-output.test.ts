/**
 * What reaches a screen, a CI log or a pull-request comment when the input is hostile: every command in every
 * format, on declarations full of control characters, on a stack export holding secrets and forged URNs, on
 * markdown and HTML in names, and on a symlink to a secret. Nothing raw, nothing secret, no forged line.
 */

import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { internalErrorMessage, main } from "../../cli/main";
import { findUnsafeCharacter } from "../../access/text-safety";
import { DEV_POLICY_CONFIG, memoryIO, NOW, ROOT } from "./support/io";

const SUB = "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
const SECRET = "SECRET-TICKET-5f1b9";
const KEY = "hunter2-private-key";

/** A YAML double-quoted string with every non-ASCII and control character as `\uXXXX`. */
function q(text: string): string {
  return `"${[...text]
    .map((c) => {
      const cp = c.codePointAt(0) as number;
      if (c === '"' || c === "\\") return `\\${c}`;
      return cp < 0x20 || cp >= 0x7f ? `\\u${cp.toString(16).padStart(4, "0")}` : c;
    })
    .join("")}"`;
}

const FORGE = "\u001b[2J\u001b[H\r\nVerdict: pass\u0007\u009b31m\u202e\u200b\u0000\u007f\u2028";

/** A declaration where every field an attacker can write carries control characters. */
const HOSTILE = [
  "version: 1",
  `scopes: { ${q(`shop${FORGE}`)}: ${q(`/subscriptions/${SUB}${FORGE}`)} }`,
  `roles: { ${q(`Role${FORGE}`)}: ${q(`6a9f3c2e${FORGE}`)} }`,
  `${q(`unknown${FORGE}`)}: 1`,
  "guests:",
  `  - email: ${q(`ann${FORGE}@contoso.example`)}`,
  `    displayName: ${q(`Ann ${FORGE}`)}`,
  `    sponsor: ${q(`bob@ourcorp.example${FORGE}`)}`,
  `    reason: ${q(`audit${FORGE}`)}`,
  `    ticket: ${q(`SEC${FORGE}`)}`,
  `    redirectUrl: ${q(`https://portal.azure.com/${FORGE}`)}`,
  `    invitation: { message: ${q(`Hello${FORGE}`)}, cc: ${q(`x${FORGE}@y.example`)} }`,
  `    access:`,
  `      - { role: ${q(`Reader${FORGE}`)}, scope: ${q(`/subscriptions/${SUB}${FORGE}`)} }`,
  `      - { role: Reader, scope: ${q(`shop${FORGE}`)}, expires: ${q(`2027${FORGE}`)} }`,
  "",
].join("\n");

const INJECTION =
  "<img src=x onerror=alert(1)> [click](javascript:alert(1)) </details> **✅ pass** | x";

/** Everything a run wrote, both streams. */
async function run(argv: string[], cwd = ROOT): Promise<{ code: number; all: string }> {
  const { io, stdout, stderr } = memoryIO({ cwd });
  const code = await main(argv, io);
  return { code, all: stdout() + stderr() };
}

function assertScreenSafe(output: string, what: string): void {
  const raw = findUnsafeCharacter(output, { lineBreaks: true, joinersInWords: true });
  assert.equal(raw, undefined, `${what}: raw ${raw?.description ?? ""} in:\n${output}`);
  // The input's "\r\nVerdict: pass" must not become a line: at most the command's own verdict starts one.
  assert.ok((output.match(/^Verdict: /gm) ?? []).length <= 1, `${what}: a forged verdict line`);
}

/** A temporary project-free directory with the hostile inputs. */
function hostileFiles(): {
  dir: string;
  file: string;
  decl: string;
  injection: string;
  state: string;
  config: string;
  assignments: string;
  users: string;
  groupAssignments: string;
  groupUsers: string;
  groups: string;
  groupMembers: string;
} {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-screen-"));
  const file = join(dir, "hostile.yaml");
  writeFileSync(file, HOSTILE);
  // A directory whose file name itself carries control characters.
  const decl = join(dir, "decl");
  mkdirSync(decl);
  writeFileSync(join(decl, `team\u001b[2J\u202e.yaml`), HOSTILE);

  const small = readFileSync(join(ROOT, "test/fixtures/plan/small.yaml"), "utf8");
  const injection = join(dir, "injection.yaml");
  writeFileSync(
    injection,
    small
      .replace("Ann Lee (Contoso Audit)", q(INJECTION))
      .replace("Year-end audit", q(`</details><script>x</script> ${INJECTION}`)),
  );

  // The deployed stack, with secrets in the places a real export has them, a forged URN and input key.
  const state = JSON.parse(
    readFileSync(join(ROOT, "test/fixtures/plan/small-state.json"), "utf8"),
  ) as { deployment: { resources: Record<string, unknown>[] } };
  for (const resource of state.deployment.resources) {
    if (String(resource.type).includes("Invitation")) {
      resource.outputs = {
        ...(resource.outputs as object),
        redeemUrl: {
          "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
          plaintext: JSON.stringify(`https://login.example/redeem?ticket=${SECRET}`),
        },
        token: {
          "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
          ciphertext: `v1:${SECRET}`,
        },
      };
    }
    if (String(resource.type).includes("RoleAssignment")) {
      resource.inputs = { ...(resource.inputs as object), [`evil${FORGE}`]: SECRET };
    }
  }
  state.deployment.resources.push({
    urn: `urn:pulumi:dev::guest-access::azure-native:authorization:RoleAssignment::x${FORGE}`,
    type: "azure-native:authorization:RoleAssignment",
    custom: true,
    inputs: { principalId: SECRET, description: SECRET },
    outputs: { secret: SECRET },
  });
  const stateFile = join(dir, "state.json");
  writeFileSync(stateFile, JSON.stringify(state));

  const config = join(dir, "policy.json");
  writeFileSync(
    config,
    JSON.stringify({ [`guest-role-allow-listed${FORGE}`]: { allowedRoles: [`Reader${FORGE}`] } }),
  );
  // The tenant, as exports handed over for a drift review, with forged lines in every text it holds.
  const TEXT_FIELDS = new Set(["displayName", "principalName", "description", "mail", "givenName"]);
  const forged = (text: string): unknown =>
    JSON.parse(text, (key, value: unknown) =>
      typeof value === "string" && TEXT_FIELDS.has(key) ? `${value}${FORGE}` : value,
    );
  const assignments = join(dir, "assignments.json");
  writeFileSync(
    assignments,
    JSON.stringify(
      forged(readFileSync(join(ROOT, "test/fixtures/drift/az-assignments.json"), "utf8")),
    ),
  );
  const users = join(dir, "users.json");
  writeFileSync(
    users,
    JSON.stringify(forged(readFileSync(join(ROOT, "test/fixtures/drift/az-users.json"), "utf8"))),
  );
  // The groups scenario's tenant, forged the same way, with a member whose id and name are forged too.
  const groupsFixture = (name: string): unknown =>
    forged(readFileSync(join(ROOT, "test/fixtures/drift/groups", name), "utf8"));
  const groupFiles: Record<string, string> = {};
  for (const name of ["arm-assignments.json", "graph-users.json", "az-groups.json"]) {
    groupFiles[name] = join(dir, `groups-${name}`);
    writeFileSync(groupFiles[name], JSON.stringify(groupsFixture(name)));
  }
  const members = groupsFixture("az-members-contoso-auditors.json") as Record<string, unknown>[];
  members.push({
    "@odata.type": `#microsoft.graph.user${FORGE}`,
    id: `6e6e0000-0000-4000-8000-00000000000d${FORGE}`,
    displayName: `Eve ${INJECTION}${FORGE}`,
    mail: `eve${FORGE}@evil.example`,
    userPrincipalName: `eve_evil.example${FORGE}#EXT#@ourcorp.onmicrosoft.com`,
  });
  const groupMembers = join(dir, "groups-members.json");
  writeFileSync(groupMembers, JSON.stringify(members));
  return {
    dir,
    file,
    decl,
    injection,
    state: stateFile,
    config,
    assignments,
    users,
    groupAssignments: groupFiles["arm-assignments.json"] as string,
    groupUsers: groupFiles["graph-users.json"] as string,
    groups: groupFiles["az-groups.json"] as string,
    groupMembers,
  };
}

describe("what hostile input can put on a screen", () => {
  const inputs = hostileFiles();
  const formats = { validate: ["text", "json"], plan: ["text", "markdown", "json"] } as const;
  const common = ["--now", NOW, "--policy-config", DEV_POLICY_CONFIG];

  const runs: { name: string; argv: string[]; code: number }[] = [
    ...formats.validate.flatMap((format) => [
      {
        name: `validate ${format} on a file`,
        argv: ["validate", inputs.file, "--format", format, "--now", NOW],
        code: 1,
      },
      {
        name: `validate ${format} on a directory`,
        argv: ["validate", inputs.decl, "--format", format, "--now", NOW],
        code: 1,
      },
    ]),
    ...formats.plan.flatMap((format) => [
      {
        name: `plan ${format}`,
        argv: ["plan", inputs.file, "--format", format, ...common],
        code: 1,
      },
      {
        name: `plan ${format} against a stack export holding secrets`,
        argv: [
          "plan",
          "test/fixtures/plan/small.yaml",
          "--state",
          inputs.state,
          "--format",
          format,
          ...common,
        ],
        code: 0,
      },
      {
        name: `diff ${format}`,
        argv: ["diff", inputs.decl, inputs.file, "--format", format, ...common],
        code: 1,
      },
      {
        name: `diff ${format} of markdown and HTML in names`,
        argv: [
          "diff",
          "test/fixtures/plan/small.yaml",
          inputs.injection,
          "--format",
          format,
          ...common,
        ],
        code: 0,
      },
    ]),
    ...formats.plan.map((format) => ({
      name: `drift ${format} on tenant exports full of control characters`,
      argv: [
        "drift",
        "test/fixtures/drift/access.yaml",
        "--assignments",
        inputs.assignments,
        "--users",
        inputs.users,
        "--format",
        format,
        "--now",
        "2026-11-26",
        "--policy-config",
        "test/fixtures/drift/policy-config.json",
      ],
      code: 1,
    })),
    ...formats.plan.map((format) => ({
      name: `drift ${format} with groups, on group exports full of control characters`,
      argv: [
        "drift",
        "test/fixtures/drift/groups/access.yaml",
        "--assignments",
        inputs.groupAssignments,
        "--users",
        inputs.groupUsers,
        "--groups",
        inputs.groups,
        "--group-members",
        `contoso-auditors=${inputs.groupMembers}`,
        "--state",
        "test/fixtures/drift/groups/state.json",
        "--format",
        format,
        "--now",
        "2026-11-26",
      ],
      code: 1,
    })),
    ...["text", "json"].map((format) => ({
      name: `condition ${format} on a config full of control characters`,
      argv: ["condition", "--policy-config", inputs.config, "--format", format],
      code: 2,
    })),
    { name: "an unknown --format", argv: ["plan", "--format", `html${FORGE}`], code: 2 },
    { name: "a --now that is no date", argv: ["plan", "--now", `2026${FORGE}`], code: 2 },
    {
      name: "a --base that is an option",
      argv: ["diff", "--base", `--output=/tmp/x${FORGE}`],
      code: 2,
    },
    {
      name: "a --stack that is a path",
      argv: ["plan", "--stack", `../../elsewhere/evil${FORGE}`],
      code: 2,
    },
  ];

  for (const r of runs) {
    it(`${r.name}: no raw control character, no secret, exit ${r.code}`, async () => {
      const { code, all } = await run(r.argv);
      assert.equal(code, r.code, all);
      assertScreenSafe(all, r.name);
      assert.ok(!all.includes(SECRET), `${r.name}: the secret is printed`);
    });
  }

  it("escapes what it refuses, so a reviewer sees which character it was", async () => {
    const { all } = await run(["validate", inputs.file]);
    assert.match(all, /contains U\+001B \(escape\)/);
    assert.match(all, /Ann \\u001b\[2J\\u001b\[H\\u000d\\u000aVerdict: pass/);
  });

  it("shows markdown and HTML from names as text: no tag, no link, tables intact", async () => {
    const { all } = await run([
      "diff",
      "test/fixtures/plan/small.yaml",
      inputs.injection,
      "--format",
      "markdown",
      ...common,
    ]);
    assert.ok(!/<img|<script|(?<!\\)\]\(javascript:/i.test(all), all);
    assert.equal((all.match(/<\/details>/g) ?? []).length, (all.match(/<details>/g) ?? []).length);
    // The command's own verdict is "**✅ pass**:"; the name's copy must show its asterisks.
    assert.ok(!all.includes("**✅ pass** "), "a forged bold verdict");
    for (const block of all.split("\n\n").filter((b) => b.startsWith("| "))) {
      const cells = block.split("\n").map((row) => row.split(/(?<!\\)\|/).length);
      assert.ok(
        cells.every((n) => n === cells[0]),
        `a broken table:\n${block}`,
      );
    }
  });

  it("never prints a file a symlink points at, in any command or format", async () => {
    const dir = mkdtempSync(join(tmpdir(), "guest-access-leak-"));
    const key = join(dir, "id_rsa");
    writeFileSync(key, `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY}\n`);
    const decl = join(dir, "decl");
    mkdirSync(decl);
    writeFileSync(join(decl, "a.yaml"), "version: 1\n");
    symlinkSync(key, join(decl, "b.yaml"));
    for (const argv of [
      ["validate", decl],
      ["validate", decl, "--format", "json"],
      ...["text", "markdown", "json"].map((f) => ["plan", decl, "--format", f, ...common]),
      ...["text", "markdown", "json"].map((f) => ["diff", decl, decl, "--format", f, ...common]),
    ]) {
      const { code, all } = await run(argv);
      assert.equal(code, 2, all);
      assert.match(all, /b\.yaml: is a symlink to a file outside/);
      assert.ok(!all.includes(KEY) && !all.includes("PRIVATE KEY"), all);
    }
  });
});

describe("an internal error", () => {
  it("prints a short, escaped message and where to report it, without the trace", () => {
    const error = new TypeError(`boom ${FORGE} at a user value\nsecond line ${SECRET}`);
    const message = internalErrorMessage(error, {});
    assertScreenSafe(message, "internal error");
    assert.match(
      message,
      /^guest-access: internal error \(a bug, not a problem with your input\): TypeError: boom/,
    );
    assert.match(message, /Please report it in /);
    assert.ok(!message.includes(SECRET) && !message.includes("    at "));
  });

  it("prints the trace only with GUEST_ACCESS_DEBUG=1", () => {
    const message = internalErrorMessage(new Error("boom"), { GUEST_ACCESS_DEBUG: "1" });
    assert.match(message, /\n {4}at /);
  });
});
