/**
 * Control, bidirectional and zero-width characters are refused in every text of a declaration, at their
 * place, without being echoed (issues 8 and 10: the rule is `access/text-fields.ts`, the character classes
 * `access/text-safety.ts`). More cases: test/access/hostile-declarations.test.ts.
 */

import { strict as assert } from "node:assert";
import { findUnsafeCharacter } from "../../access/text-safety";
import { brief, loadText, SUB } from "./load-text";

/** A valid file; `edit` replaces one exact fragment of it. */
function file(edit?: [string, string]): string {
  const text = [
    "version: 1",
    "defaults:",
    "  invitation: { message: 'Welcome to the audit.' }",
    "scopes:",
    `  shop-prod: /subscriptions/${SUB}/resourceGroups/shop-prod`,
    "roles:",
    "  Shop Auditor: 6a9f3c2e-4b1d-4e7a-8c5f-1d2e3f4a5b6c",
    "guests:",
    "  - email: alice@contoso.example",
    "    displayName: Alice Moreau",
    "    sponsor: bob@ourcorp.example",
    "    reason: Audit",
    "    ticket: SEC-1234",
    "    access:",
    "      - { role: Reader, scope: shop-prod }",
  ].join("\n");
  return edit ? text.replace(edit[0], edit[1]) : text;
}

const refused: { name: string; edit: [string, string]; expected: string; shown: RegExp }[] = [
  {
    name: "a right-to-left override in a display name",
    edit: ["Alice Moreau", '"Alice \\u202eueroM"'],
    expected: "error unsafe-character@10:18 /guests/0/displayName",
    shown: /guests\[0\]\.displayName contains U\+202E \(right-to-left override\) at character 7/,
  },
  {
    name: "an escape sequence in a reason",
    edit: ["reason: Audit", 'reason: "Audit\\e[2JVerdict: pass"'],
    expected: "error unsafe-character@12:13 /guests/0/reason",
    shown: /U\+001B \(escape\)/,
  },
  {
    name: "a carriage return that forges a line in a ticket",
    edit: ["ticket: SEC-1234", 'ticket: "SEC-1234\\rVerdict: pass"'],
    expected: "error unsafe-character@13:13 /guests/0/ticket",
    shown: /U\+000D \(carriage return\)/,
  },
  {
    name: "a zero-width space in a scope",
    edit: [
      `  shop-prod: /subscriptions/${SUB}/resourceGroups/shop-prod`,
      `  shop-prod: "/subscriptions/${SUB}/resourceGroups/shop\\u200b-prod"`,
    ],
    expected: "error unsafe-character@5:14 /scopes/shop-prod",
    shown: /zero-width/,
  },
  {
    name: "a bidirectional isolate in a scope's name (a key)",
    edit: ["  shop-prod: /sub", '  "shop\\u2068-prod": /sub'],
    expected: "error unsafe-character@5:3 /scopes/shop\u2068-prod",
    shown: /the key at scopes contains U\+2068 \(first strong isolate\)/,
  },
  {
    name: "a zero-width joiner in a custom role's name, outside any word",
    edit: ["  Shop Auditor:", '  "Shop \\u200dAuditor":'],
    expected: "error unsafe-character@7:3 /roles/Shop \u200dAuditor",
    shown: /U\+200D \(zero-width joiner\)/,
  },
  {
    name: "a bell in an invitation message",
    edit: ["message: 'Welcome to the audit.'", 'message: "Welcome\\a to the audit."'],
    expected: "error unsafe-character@3:26 /defaults/invitation/message",
    shown: /defaults\.invitation\.message contains U\+0007 \(bell\)/,
  },
  {
    name: "a line break in a display name",
    edit: ["Alice Moreau", '"Alice\\nVerdict: pass"'],
    expected: "error unsafe-character@10:18 /guests/0/displayName",
    shown: /U\+000A \(line feed\)/,
  },
];

const accepted: { name: string; edit: [string, string] }[] = [
  {
    name: "a multi-line invitation message",
    edit: ["'Welcome to the audit.'", '"Welcome.\\n\\tSee you soon."'],
  },
  {
    name: "a zero-width non-joiner inside a Persian display name",
    edit: ["Alice Moreau", '"سارا می\\u200cخواهد"'],
  },
  { name: "an emoji sequence in a reason", edit: ["reason: Audit", 'reason: "Audit 👩\\u200d💻"'] },
  {
    name: "a reason in a folded block, whose last line break is trimmed",
    edit: ["reason: Audit", "reason: >\n      Audit of the shop\n"],
  },
];

describe("unsafe characters in a declaration", () => {
  for (const c of refused) {
    it(`refuses ${c.name}, at its place, without echoing it`, () => {
      const result = loadText(file(c.edit));
      const unsafe = result.diagnostics.filter((d) => d.code === "unsafe-character");
      assert.deepEqual(unsafe.map(brief), [c.expected]);
      const message = unsafe[0]?.message ?? "";
      assert.match(message, c.shown);
      assert.equal(
        findUnsafeCharacter(message),
        undefined,
        "the message quotes no unsafe character",
      );
      assert.equal(result.model, undefined);
    });
  }
  for (const c of accepted) {
    it(`accepts ${c.name}`, () => {
      const result = loadText(file(c.edit));
      assert.deepEqual(result.diagnostics.map(brief), []);
      assert.ok(result.model);
    });
  }
  it("reports an email's unsafe character once, not also as an invalid email", () => {
    const result = loadText(file(["alice@contoso.example", '"ali\\u200bce@contoso.example"']));
    assert.deepEqual(result.diagnostics.map(brief), [
      "error unsafe-character@9:12 /guests/0/email",
    ]);
    assert.match(result.diagnostics[0]?.message ?? "", /U\+200B \(zero-width space\)/);
  });
});
