import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main";
import type { CliIO } from "../../cli/io";

const ROOT = join(__dirname, "..", "..");

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: ROOT,
    env: {},
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function tempFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "guest-access-")), "access.yaml");
  writeFileSync(file, text);
  return file;
}

const BAD = [
  "version: 1",
  "guests:",
  "  - email: alice@contoso.example",
  "    displayName: Alice",
  "    sponsor: bob@ourcorp.example",
  "    reason: Audit",
  "    access:",
  "      - { role: Reeder, scope: /subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b }",
].join("\n");

describe("guest-access validate", () => {
  it("exits 0 on the bundled example and summarises it", async () => {
    const { code, stdout } = await run([
      "validate",
      join(ROOT, "access.yaml"),
      "--now",
      "2026-11-26",
    ]);
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^valid: 1 file, 5 guests, 10 active grants, 0 expired; 0 errors, 0 warnings$/m,
    );
  });

  it("exits 1 on errors and prints each at file:line:column with the source line and a caret", async () => {
    const file = tempFile(BAD);
    const { code, stdout } = await run(["validate", file]);
    assert.equal(code, 1);
    assert.ok(stdout.includes(`${file}:8:17 error unknown-role: unknown role "Reeder"`), stdout);
    assert.ok(stdout.includes("  8 |       - { role: Reeder, scope:"), stdout);
    assert.ok(stdout.includes(`    | ${" ".repeat(16)}^`), stdout);
  });

  it("prints exactly one JSON object with pointer paths and 1-based positions", async () => {
    const file = tempFile(BAD);
    const { code, stdout } = await run(["validate", file, "--format", "json"]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as {
      diagnostics: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    assert.deepEqual(
      report.diagnostics.map(({ message: _m, ...rest }) => rest),
      [
        {
          code: "unknown-role",
          severity: "error",
          file,
          line: 8,
          column: 17,
          path: "/guests/0/access/0/role",
        },
      ],
    );
    assert.equal(report.summary.valid, false);
  });

  it("judges expiries by --now", async () => {
    const file = tempFile(
      BAD.replace("Reeder", "Reader").replace(
        "    reason: Audit",
        "    reason: Audit\n    expires: 2026-12-31",
      ),
    );
    assert.doesNotMatch(
      (await run(["validate", file, "--now", "2026-12-31"])).stdout,
      /guest-expired/,
    );
    const later = await run(["validate", file, "--now", "2027-01-01"]);
    assert.equal(later.code, 0);
    assert.match(later.stdout, /warning guest-expired/);
  });

  const usage: [string, string[]][] = [
    ["exits 2 for a missing file", ["validate", "does-not-exist.yaml"]],
    ["exits 2 for an unknown option", ["validate", "--bogus"]],
    ["exits 2 for a malformed --now", ["validate", "access.yaml", "--now", "31.12.2026"]],
    ["exits 2 for an unknown format", ["validate", "access.yaml", "--format", "xml"]],
  ];
  for (const [name, argv] of usage) {
    it(name, async () => {
      const { code, stdout } = await run(argv);
      assert.equal(code, 2);
      assert.equal(stdout, "");
    });
  }
});

describe("guest-access validate --roles", () => {
  const cases: [string, string][] = [
    ["refuses a file that is not a list of role definitions (exit 2)", '{"roles": []}'],
    ["refuses an empty role table, which would make every role unknown (exit 2)", "[]"],
    ["refuses entries without a GUID and a role name (exit 2)", '[{"x": 1}]'],
    ["refuses a file that is not JSON (exit 2)", "roleName: Reader"],
  ];
  for (const [name, text] of cases) {
    it(name, async () => {
      const roles = join(mkdtempSync(join(tmpdir(), "guest-access-")), "roles.json");
      writeFileSync(roles, text);
      const { code, stdout, stderr } = await run([
        "validate",
        join(ROOT, "access.yaml"),
        "--roles",
        roles,
      ]);
      assert.equal(code, 2);
      assert.equal(stdout, "");
      assert.match(stderr, /az role definition list/);
    });
  }

  it("uses a refreshed table: a role missing from it is unknown", async () => {
    const roles = join(mkdtempSync(join(tmpdir(), "guest-access-")), "roles.json");
    writeFileSync(
      roles,
      JSON.stringify([
        {
          name: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
          roleName: "Reader",
          roleType: "BuiltInRole",
        },
      ]),
    );
    const { code, stdout } = await run([
      "validate",
      join(ROOT, "access.yaml"),
      "--roles",
      roles,
      "--now",
      "2026-11-26",
    ]);
    assert.equal(code, 1);
    assert.match(stdout, /unknown role "Storage Blob Data Reader"/);
  });
});
