/**
 * Properties of hostile input, checked on random documents and random mutations of a valid file (fast-check):
 * no command crashes, every diagnostic stands inside its file, a file with an error yields no model, nothing
 * raw reaches a screen, and reordering a declaration never changes its meaning. Run counts keep each property
 * to a few seconds; a failure prints the seed and the smallest input that shows it.
 */

import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { formatDiagnostics } from "../../access/format";
import type { LoadResult } from "../../access/load";
import { findUnsafeCharacter } from "../../access/text-safety";
import { main } from "../../cli/main";
import { loadText } from "../access/load-text";
import { DEV_POLICY_CONFIG, memoryIO, NOW, ROOT } from "../cli/support/io";

const VALID = readFileSync(join(ROOT, "test/fixtures/plan/small.yaml"), "utf8");

/** Characters that matter to YAML, to the screen, or to both. */
const NASTY = [
  ..."\n\r\t :-[]{},&*!|>'\"#%@`\\?",
  "\u0000",
  "\u0007",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u200b",
  "\u200d",
  "\u202e",
  "\u2028",
  "\ufeff",
  "é",
  "\u0430",
  "👩‍💻",
];

const nastyChar = fc.oneof(fc.constantFrom(...NASTY), fc.string({ minLength: 1, maxLength: 1 }));

/** One edit of a text: insert, delete or replace a few characters somewhere. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 6 }),
  insert: fc.array(nastyChar, { maxLength: 6 }).map((cs) => cs.join("")),
});

/** A valid file with 1 to 4 random edits. */
const mutated = fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) =>
  edits.reduce((text, e) => {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + e.insert + text.slice(at + e.remove);
  }, VALID),
);

/** Random text, biased towards YAML structure and unsafe characters. */
const randomDocument = fc.oneof(
  fc
    .array(
      fc.oneof(nastyChar, fc.constantFrom("version: 1\n", "guests:\n", "  - ", "&a ", "*a ")),
      {
        maxLength: 80,
      },
    )
    .map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 200 }),
);

function checkLoad(text: string, result: LoadResult): void {
  const lines = text.split("\n");
  for (const d of result.diagnostics) {
    assert.ok(d.line >= 1 && d.line <= lines.length, `line ${d.line} outside 1..${lines.length}`);
    const length = (lines[d.line - 1] ?? "").length;
    assert.ok(
      d.column >= 1 && d.column <= length + 1,
      `column ${d.column} outside 1..${length + 1}`,
    );
  }
  const hasError = result.diagnostics.some((d) => d.severity === "error");
  assert.equal(result.model === undefined, hasError, "a model exactly when there is no error");
  const printed = formatDiagnostics(result.diagnostics, result.texts);
  const raw = findUnsafeCharacter(printed, { lineBreaks: true, joinersInWords: true });
  assert.equal(raw, undefined, `raw ${raw?.description ?? ""} in:\n${printed}`);
}

describe("properties of hostile declarations", () => {
  it("loads random documents without throwing, every diagnostic inside the file", () => {
    fc.assert(
      fc.property(randomDocument, (text) => checkLoad(text, loadText(text))),
      { numRuns: 300 },
    );
  });

  it("loads random mutations of a valid file the same way", () => {
    fc.assert(
      fc.property(mutated, (text) => checkLoad(text, loadText(text))),
      { numRuns: 300 },
    );
  });

  it("never changes the model when guests, grants and keys are reordered", () => {
    const guest = fc.record({
      local: fc.stringMatching(/^[a-z]{1,8}$/),
      name: fc.constantFrom("Ann", "Zoë", "李", "Priya"),
      grants: fc.uniqueArray(
        fc.constantFrom("Reader", "Monitoring Reader", "Storage Blob Data Reader"),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
    });
    const sub = "/subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
    const render = (
      guests: { local: string; name: string; grants: string[] }[],
      reverseKeys: boolean,
    ): string => {
      const lines = guests.map((g) => {
        const fields = [
          `email: ${g.local}@contoso.example`,
          `displayName: ${g.name}`,
          "sponsor: bob@ourcorp.example",
          "reason: Audit",
          `access: [${g.grants.map((r) => `{ role: ${r}, scope: ${sub} }`).join(", ")}]`,
        ];
        return `  - { ${(reverseKeys ? fields.reverse() : fields).join(", ")} }`;
      });
      return ["version: 1", "guests:", ...lines].join("\n");
    };
    fc.assert(
      fc.property(
        fc.uniqueArray(guest, { minLength: 1, maxLength: 6, selector: (g) => g.local }),
        fc.infiniteStream(fc.nat()),
        (guests, seeds) => {
          const shuffle = <T>(items: T[]): T[] =>
            items
              .map((item) => ({ item, key: seeds.next().value as number }))
              .sort((a, b) => a.key - b.key)
              .map((x) => x.item);
          const original = loadText(render(guests, false));
          const shuffled = loadText(
            render(
              shuffle(guests).map((g) => ({ ...g, grants: shuffle([...g.grants]) })),
              true,
            ),
          );
          assert.ok(original.model, original.diagnostics.map((d) => d.message).join("\n"));
          assert.deepEqual(
            shuffled.model?.guests.map((g) => g.spec),
            original.model.guests.map((g) => g.spec),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("properties of the commands on hostile declarations", () => {
  const dir = mkdtempSync(join(tmpdir(), "guest-access-property-"));
  let n = 0;
  const write = (text: string): string => {
    const file = join(dir, `f${n++}.yaml`);
    writeFileSync(file, text);
    return file;
  };

  const screenSafe = (output: string): void => {
    const raw = findUnsafeCharacter(output, { lineBreaks: true, joinersInWords: true });
    assert.equal(raw, undefined, `raw ${raw?.description ?? ""} in:\n${output}`);
  };

  it("validate never crashes and prints nothing raw, in every format", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(mutated, randomDocument),
        fc.constantFrom("text", "json"),
        async (text, format) => {
          const file = write(text);
          const { io, stdout, stderr } = memoryIO();
          const code = await main(["validate", file, "--format", format, "--now", NOW], io);
          assert.ok([0, 1].includes(code), `exit ${code}: ${stderr()}`);
          screenSafe(stdout() + stderr());
        },
      ),
      { numRuns: 60 },
    );
  });

  it("plan and diff never crash and print nothing raw, in every format", async () => {
    await fc.assert(
      fc.asyncProperty(
        mutated,
        fc.constantFrom("plan", "diff"),
        fc.constantFrom("text", "markdown", "json"),
        async (text, command, format) => {
          const file = write(text);
          const { io, stdout, stderr } = memoryIO();
          const args =
            command === "plan" ? ["plan", file] : ["diff", "test/fixtures/plan/small.yaml", file];
          const code = await main(
            [...args, "--format", format, "--now", NOW, "--policy-config", DEV_POLICY_CONFIG],
            io,
          );
          assert.ok([0, 1].includes(code), `exit ${code}: ${stderr()}`);
          screenSafe(stdout() + stderr());
        },
      ),
      { numRuns: 12 },
    );
  });
});
