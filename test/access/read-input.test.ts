/**
 * The guarded reader: what a pull request can put where a declaration, a config or a stack export is read.
 * Every refusal names the file and the reason, never the file's content, and nothing blocks.
 */

import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  encodingProblem,
  firstInvalidUtf8,
  limitsFromEnv,
  parseJsonInput,
  readInputBytes,
  UnreadableInputError,
  withInputLimits,
  DEFAULT_INPUT_LIMITS,
} from "../../access/read-input";
import { loadAccess } from "../../access/load";
import { SUB } from "./load-text";

const SECRET = "-----BEGIN OPENSSH PRIVATE KEY----- hunter2";

const VALID = [
  "version: 1",
  "guests:",
  "  - email: alice@contoso.example",
  "    displayName: Alice",
  "    sponsor: bob@ourcorp.example",
  "    reason: Audit",
  "    access:",
  `      - { role: Reader, scope: /subscriptions/${SUB} }`,
  "",
].join("\n");

/** A fresh directory with a declaration directory `decl/` inside and a secret beside it. */
function sandbox(): { root: string; decl: string; secret: string } {
  const root = mkdtempSync(join(tmpdir(), "guest-access-hostile-"));
  const decl = join(root, "decl");
  mkdirSync(decl);
  const secret = join(root, "id_rsa");
  writeFileSync(secret, SECRET);
  writeFileSync(join(decl, "team.yaml"), VALID);
  return { root, decl, secret };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UnreadableInputError, `not a refusal: ${String(error)}`);
    assert.ok(!error.message.includes("hunter2"), "the refusal quotes the file");
    return error.message;
  }
  assert.fail("was not refused");
}

describe("the guarded reader", () => {
  it("refuses a symlink to a file outside the declaration directory without reading it", () => {
    const { decl, secret } = sandbox();
    symlinkSync(secret, join(decl, "zz-leak.yaml"));
    assert.match(
      refusal(() => loadAccess(decl)),
      /zz-leak\.yaml: is a symlink to a file outside/,
    );
  });

  it("follows a symlink that stays inside the declaration directory", () => {
    const { decl } = sandbox();
    mkdirSync(join(decl, "shared"));
    writeFileSync(join(decl, "shared", "real.yml.txt"), VALID.replace("alice", "carol"));
    symlinkSync(join(decl, "shared", "real.yml.txt"), join(decl, "linked.yaml"));
    const result = loadAccess(decl);
    assert.deepEqual(
      result.model?.guests.map((g) => g.spec.email),
      ["alice@contoso.example", "carol@contoso.example"],
    );
  });

  it("refuses a single access file that is a symlink out of its directory", () => {
    const { root, decl, secret } = sandbox();
    const link = join(decl, "access.yaml");
    symlinkSync(secret, link);
    assert.match(
      refusal(() => loadAccess(link)),
      /symlink to a file outside/,
    );
    assert.ok(root);
  });

  it("names a symlink loop in the declaration directory", () => {
    const { decl } = sandbox();
    symlinkSync(join(decl, "b.yaml"), join(decl, "a.yaml"));
    symlinkSync(join(decl, "a.yaml"), join(decl, "b.yaml"));
    assert.match(
      refusal(() => loadAccess(decl)),
      /a\.yaml: is a symlink loop/,
    );
  });

  it("names a dangling symlink in the declaration directory", () => {
    const { decl } = sandbox();
    symlinkSync(join(decl, "gone.txt"), join(decl, "a.yaml"));
    assert.match(
      refusal(() => loadAccess(decl)),
      /a\.yaml: is a dangling symlink/,
    );
  });

  it("refuses a FIFO as the access file without blocking", () => {
    const { decl } = sandbox();
    const fifo = join(decl, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    // Nobody ever writes to it: reading would block forever, so reaching the assertion is the test.
    assert.match(
      refusal(() => loadAccess(fifo)),
      /named pipe \(FIFO\), not a regular file/,
    );
    assert.match(
      refusal(() => loadAccess(decl)),
      /pipe\.yaml: is a named pipe/,
    );
  });

  for (const kind of ["declaration", "policy config", "stack export", "role table"] as const) {
    it(`refuses /dev/zero as a ${kind} without reading it`, () => {
      assert.match(
        refusal(() => readInputBytes("/dev/zero", { kind })),
        /\/dev\/zero: is a character device, not a regular file/,
      );
    });
  }

  it("refuses a 20 MB file as a limit reached, naming the limit and how to raise it", () => {
    const { decl } = sandbox();
    const big = join(decl, "big.yaml");
    writeFileSync(big, Buffer.alloc(20 * 1024 * 1024, 0x20));
    const message = refusal(() => loadAccess(big));
    assert.match(message, /over the limit of 8388608 bytes for a declaration \(limit reached/);
    assert.match(message, /GUEST_ACCESS_MAX_FILE_BYTES/);
  });

  it("takes the per-file limit from the environment of the run", () => {
    const { decl } = sandbox();
    const limits = limitsFromEnv({ GUEST_ACCESS_MAX_FILE_BYTES: "100" });
    const message = withInputLimits(limits, () => refusal(() => loadAccess(decl)));
    assert.match(message, /over the limit of 100 bytes/);
  });

  it("refuses a run that reads more than its total limit, file by file", () => {
    const { decl } = sandbox();
    writeFileSync(join(decl, "second.yaml"), VALID.replace("alice", "dave"));
    const limits = { ...DEFAULT_INPUT_LIMITS, totalBytes: VALID.length + 10 };
    const message = withInputLimits(limits, () => refusal(() => loadAccess(decl)));
    assert.match(
      message,
      // second.yaml is read first (name order); team.yaml no longer fits.
      /team\.yaml: reading it would take this run past its limit of \d+ bytes/,
    );
  });

  it("refuses a limit that is not a number of bytes", () => {
    assert.match(
      refusal(() => limitsFromEnv({ GUEST_ACCESS_MAX_TOTAL_BYTES: "lots" })),
      /GUEST_ACCESS_MAX_TOTAL_BYTES must be a number of bytes/,
    );
  });
});

describe("encodings", () => {
  const cases: { name: string; bytes: Buffer; message: RegExp }[] = [
    {
      name: "names UTF-16 with a byte-order mark",
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("version: 1", "utf16le")]),
      message: /UTF-16LE \(little-endian\) encoded; save it as UTF-8/,
    },
    {
      name: "names UTF-16 without a byte-order mark from its NUL bytes",
      bytes: Buffer.from("version: 1", "utf16le"),
      message: /UTF-16LE/,
    },
    {
      name: "names big-endian UTF-16",
      bytes: Buffer.from([0xfe, 0xff, 0, 0x76]),
      message: /UTF-16BE/,
    },
    {
      name: "locates invalid UTF-8",
      bytes: Buffer.from([0x61, 0x62, 0xc3, 0x28]),
      message: /invalid UTF-8 at byte 2/,
    },
    {
      name: "refuses an overlong encoding as invalid UTF-8",
      bytes: Buffer.from([0xc0, 0xaf]),
      message: /invalid UTF-8 at byte 0/,
    },
    {
      name: "refuses an encoded surrogate as invalid UTF-8",
      bytes: Buffer.from([0x61, 0xed, 0xa0, 0x80]),
      message: /invalid UTF-8 at byte 1/,
    },
    {
      name: "calls a NUL byte binary content",
      bytes: Buffer.from("version: 1\n\u0000\u0001"),
      message: /binary content \(a NUL byte at byte 11\)/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.match(encodingProblem(c.bytes)?.message ?? "(none)", c.message));
  }

  it("accepts UTF-8 in every script, with or without a byte-order mark", () => {
    assert.equal(encodingProblem(Buffer.from("name: Zoë 李 👩‍💻")), undefined);
    assert.equal(firstInvalidUtf8(Buffer.from("\ufeffé", "utf8")), undefined);
  });

  it("reports a declaration's invalid UTF-8 as a diagnostic at its line and column", () => {
    const { decl } = sandbox();
    const file = join(decl, "team.yaml");
    writeFileSync(
      file,
      Buffer.concat([Buffer.from("version: 1\nguests: ab"), Buffer.from([0xff])]),
    );
    const result = loadAccess(file);
    assert.equal(result.model, undefined);
    const [d] = result.diagnostics;
    assert.equal(d?.code, "invalid-encoding");
    assert.deepEqual([d?.line, d?.column], [2, 11]);
  });
});

describe("JSON inputs", () => {
  it("keeps __proto__ and constructor as plain keys", () => {
    const data = parseJsonInput(
      '{"__proto__": {"polluted": 1}, "constructor": 2}',
      "x.json",
      "",
    ) as Record<string, unknown>;
    assert.deepEqual(Object.keys(data), ["__proto__", "constructor"]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(data), null);
  });

  it("names the position of a syntax error and never quotes the text", () => {
    try {
      parseJsonInput(`{"key": ${SECRET}}`, "x.json", "give JSON");
      assert.fail("parsed");
    } catch (error) {
      assert.match(
        (error as Error).message,
        /x\.json: is not valid JSON near line 1, column \d+; give JSON/,
      );
      assert.ok(!(error as Error).message.includes("BEGIN"));
    }
  });
});
