/**
 * The markdown helpers of the workflow scripts (.github/scripts/lib/markdown.js). They run in jobs that
 * install nothing, so they cannot import the CLI's escaping; they are held here to the same rules
 * (access/text-safety.ts): every character the CLI never prints raw, these never write raw either.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { findUnsafeCharacter } from "../../access/text-safety";
import { ROOT } from "./support/workflow-file";

interface MarkdownLib {
  safeText(text: string): string;
  mdCell(text: string): string;
  fence(text: string, info?: string): string;
  tail(text: string, max: number): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the script is CommonJS, as GitHub runs it
const lib = require(join(ROOT, ".github", "scripts", "lib", "markdown.js")) as MarkdownLib;

describe("the workflow scripts' markdown helpers", () => {
  it("escape exactly the characters the CLI's text-safety rules refuse, across all of Unicode", () => {
    const disagreements: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // surrogates are not characters
      const char = String.fromCodePoint(cp);
      const unsafe = findUnsafeCharacter(char, { lineBreaks: true }) !== undefined;
      const escaped = lib.safeText(char) !== char;
      if (unsafe !== escaped) disagreements.push(`U+${cp.toString(16).toUpperCase()}`);
    }
    assert.deepEqual(disagreements, []);
  });

  const CELLS: readonly { name: string; text: string; shows: string }[] = [
    { name: "a tag", text: "<img src=x>", shows: "\\<img src=x\\>" },
    {
      name: "a link",
      text: "[sign in](https://evil.example)",
      shows: "\\[sign in\\]\\(https://evil.example\\)",
    },
    { name: "a mention", text: "@ourcorp/security", shows: "\\@ourcorp/security" },
    { name: "emphasis", text: "**urgent**", shows: "\\*\\*urgent\\*\\*" },
    { name: "a column break", text: "a | b", shows: "a \\| b" },
    { name: "a line break", text: "a\nb", shows: "a<br>b" },
    { name: "a right-to-left override", text: "a\u202eb", shows: "a\\\\u202eb" },
  ];
  for (const c of CELLS) {
    it(`shows ${c.name} in a table cell as text`, () => {
      assert.equal(lib.mdCell(c.text), c.shows);
    });
  }

  it("fences text with a fence longer than any backtick run in it, unsafe characters escaped", () => {
    assert.equal(lib.fence("a ``` b\u001b[2J\n"), "````text\na ``` b\\u001b[2J\n````\n");
  });

  it("cuts a long text from its start, never inside a surrogate pair", () => {
    const text = `${"x".repeat(10)}😀end`;
    const cut = lib.tail(text, 4);
    assert.equal(cut, "… (12 characters cut)\nend");
    assert.equal(lib.tail(text, 5), "… (10 characters cut)\n😀end");
    assert.equal(lib.tail("short", 10), "short");
  });
});
