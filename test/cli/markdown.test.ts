/**
 * cli/render/markdown.ts: tables that survive any cell text, and long lists collapsed under <details>.
 */

import assert from "node:assert/strict";
import {
  cell,
  codeBlock,
  collapsibleTable,
  COLLAPSE_AFTER,
  MAX_TABLE_ROWS,
  md,
  table,
} from "../../cli/render/markdown";

describe("markdown for pull requests", () => {
  const cells: { name: string; text: string; expected: string }[] = [
    { name: "escapes a pipe so it does not split the cell", text: "a|b", expected: "a\\|b" },
    {
      name: "turns newlines into <br> so a row stays one line",
      text: "line 1\nline 2",
      expected: "line 1<br>line 2",
    },
    {
      name: "leaves plain text alone",
      text: "Reader on shop-prod",
      expected: "Reader on shop-prod",
    },
  ];
  for (const c of cells) it(c.name, () => assert.equal(cell(c.text), c.expected));

  const rows = (n: number): string[][] => Array.from({ length: n }, (_, i) => [`guest${i}`]);
  const collapse: { name: string; rows: number; collapsed: boolean }[] = [
    {
      name: `keeps a table of ${COLLAPSE_AFTER} rows open`,
      rows: COLLAPSE_AFTER,
      collapsed: false,
    },
    {
      name: `collapses a table of ${COLLAPSE_AFTER + 1} rows under <details>`,
      rows: COLLAPSE_AFTER + 1,
      collapsed: true,
    },
  ];
  for (const c of collapse) {
    it(c.name, () => {
      const text = collapsibleTable("Guests", ["Guest"], rows(c.rows));
      assert.equal(text.startsWith("<details><summary>Guests</summary>"), c.collapsed);
      assert.ok(text.includes(table(["Guest"], rows(c.rows))));
    });
  }

  it(`shows at most ${MAX_TABLE_ROWS} rows and says how many more there are`, () => {
    const text = collapsibleTable("Grants", ["Guest"], rows(MAX_TABLE_ROWS + 5));
    assert.ok(text.includes(`| guest${MAX_TABLE_ROWS - 1} |`));
    assert.ok(!text.includes(`| guest${MAX_TABLE_ROWS} |`));
    assert.match(text, /…and 5 more; `--format json` lists every one\./);
  });
});

describe("untrusted text in markdown", () => {
  const cases: { name: string; text: string; expected: string }[] = [
    {
      name: "writes an @-mention as an entity, so a report never notifies anyone",
      text: "ask @security-team or @octocat",
      expected: "ask &#64;security-team or &#64;octocat",
    },
    {
      name: "leaves the @ of an email address alone: it never starts a mention",
      text: "alice@contoso.example",
      expected: "alice@contoso.example",
    },
    {
      name: "neutralises tags and links",
      text: "<img src=x> [x](javascript:alert(1))",
      expected: "&lt;img src=x&gt; [x\\](javascript:alert(1))",
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(md(c.text), c.expected));

  it("fences a code block longer than any backtick run in it, escaping control characters", () => {
    assert.equal(codeBlock("a ``` b\u001b[2J", "sh"), "````sh\na ``` b\\u001b[2J\n````");
  });
});
