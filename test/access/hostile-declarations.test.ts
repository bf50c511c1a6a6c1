/**
 * Declarations written by a hostile hand: YAML limits, tags and aliases, characters that forge a screen,
 * look-alike emails, scopes that climb out of their path, and every problem at once.
 */

import { strict as assert } from "node:assert";
import { brief, loadText, loadTexts, SUB } from "./load-text";
import { parseScope } from "../../azure/scope";
import { normaliseEmail } from "../../access/email";

const SCOPE = `/subscriptions/${SUB}`;

/** A guest in flow style, with fields overridden. */
function guest(fields: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    email: JSON.stringify("alice@contoso.example"),
    displayName: JSON.stringify("Alice"),
    sponsor: JSON.stringify("bob@ourcorp.example"),
    reason: JSON.stringify("Audit"),
    access: `[{ role: Reader, scope: ${JSON.stringify(SCOPE)} }]`,
    ...fields,
  };
  return `  - { ${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ")} }`;
}

function file(...guests: string[]): string {
  return ["version: 1", "guests:", ...guests].join("\n");
}

describe("YAML within bounds", () => {
  it("accepts 120 guests sharing one sponsor anchor (yaml's own guard refused it)", () => {
    const guests = Array.from(
      { length: 120 },
      (_, i) =>
        `  - { email: g${i}@contoso.example, displayName: G${i}, sponsor: ${i === 0 ? "&owner " : "*owner"}${i === 0 ? "bob@ourcorp.example" : ""}, reason: Audit, access: [{ role: Reader, scope: ${SCOPE} }] }`,
    );
    const result = loadText(file(...guests));
    assert.deepEqual(result.diagnostics.map(brief), []);
    assert.equal(result.model?.guests.length, 120);
    assert.ok(result.model?.guests.every((g) => g.spec.sponsor === "bob@ourcorp.example"));
  });

  it("refuses an alias bomb as the alias limit reached, at the alias that reaches it", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const result = loadText(["version: 1", ...levels].join("\n"));
    assert.equal(result.model, undefined);
    const limit = result.diagnostics.find((d) => d.code === "yaml-alias-limit");
    assert.match(limit?.message ?? "", /more than 250000 nodes .*\(limit reached/);
    assert.ok((limit?.line ?? 0) > 1);
  });

  const refused: { name: string; text: string; code: string; at: string; message: RegExp }[] = [
    {
      name: "refuses nesting deeper than 64, naming the limit",
      text: `version: 1\nguests: ${"[".repeat(5000)}${"]".repeat(5000)}`,
      code: "yaml-too-deep",
      at: "2:",
      message: /deeper than 64 levels .*\(limit reached\)/,
    },
    {
      name: "refuses a value over 65,536 characters",
      text: `version: 1\nguests: "${"x".repeat(70_000)}"`,
      code: "yaml-string-too-long",
      at: "2:9",
      message: /70000 characters long, over the limit of 65536/,
    },
    {
      name: "refuses a !!js/function tag as an error, not a warning",
      text: "version: 1\nguests: !!js/function 'function () {}'",
      code: "yaml-tag",
      at: "2:",
      message: /tag !!js\/function is not allowed/,
    },
    {
      name: "refuses a custom tag",
      text: "version: 1\nguests: !custom []",
      code: "yaml-tag",
      at: "2:",
      message: /tag !custom is not allowed/,
    },
    {
      name: "refuses an alias that names no anchor (yaml threw on it)",
      text: "version: 1\nguests: *nowhere",
      code: "yaml-alias",
      at: "2:9",
      message: /names no anchor/,
    },
    {
      name: "refuses an alias inside its own anchor",
      text: "version: 1\nguests: &g [ *g ]",
      code: "yaml-alias",
      at: "2:14",
      message: /inside its own anchor/,
    },
  ];
  for (const c of refused) {
    it(c.name, () => {
      const result = loadText(c.text);
      assert.equal(result.model, undefined);
      const d = result.diagnostics.find((x) => x.code === c.code);
      assert.ok(d, result.diagnostics.map(brief).join("\n"));
      assert.ok(`${d.line}:${d.column}`.startsWith(c.at), `${d.line}:${d.column}`);
      assert.match(d.message, c.message);
    });
  }

  it("reports a duplicate key among the other problems of the file", () => {
    const result = loadText(
      file(
        "  - email: alice@contoso.example\n    email: eve@contoso.example\n    displayName: A\n    sponsor: bob@ourcorp.example\n    reason: x\n    access: [{ role: Reeder, scope: " +
          SCOPE +
          " }]",
      ),
    );
    assert.equal(result.model, undefined);
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ["duplicate-key", "unknown-role"],
    );
  });
});

describe("the text-safety rule in a declaration", () => {
  const refused: { field: string; value: string; shown: RegExp }[] = [
    {
      field: "displayName",
      value: "Ann\u001b[2J\u001b[HVerdict: pass",
      shown: /U\+001B \(escape\)/,
    },
    { field: "displayName", value: "Ann\nVerdict: pass", shown: /U\+000A \(line feed\).*one line/ },
    { field: "reason", value: "audit\rVerdict: pass", shown: /U\+000D \(carriage return\)/ },
    { field: "reason", value: "invoice\u202etxt.exe", shown: /U\+202E \(right-to-left override\)/ },
    { field: "ticket", value: "SEC-1\u200b", shown: /U\+200B \(zero-width space\)/ },
    { field: "email", value: "al\u200bice@contoso.example", shown: /U\+200B/ },
    { field: "sponsor", value: "bob@ourcorp.example\u0000", shown: /U\+0000 \(NUL\)/ },
    { field: "displayName", value: "Ann\u0085Lee", shown: /U\+0085 \(next line\)/ },
    { field: "displayName", value: "Ann\u007f", shown: /U\+007F \(delete\)/ },
  ];
  for (const c of refused) {
    it(`refuses ${JSON.stringify(c.value)} in ${c.field}, once, naming the character`, () => {
      const result = loadText(file(guest({ [c.field]: JSON.stringify(c.value) })));
      assert.equal(result.model, undefined);
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      assert.equal(errors.length, 1, errors.map((d) => d.message).join("\n"));
      assert.equal(errors[0]?.code, "unsafe-character");
      assert.equal(errors[0]?.path, `/guests/0/${c.field}`);
      assert.match(errors[0]?.message ?? "", c.shown);
    });
  }

  it("refuses a control character in a role and in a scope", () => {
    const result = loadText(
      file(guest({ access: `[{ role: "Reader\\u001b", scope: "${SCOPE}\\u202e" }]` })),
    );
    assert.deepEqual(
      result.diagnostics.map((d) => `${d.code} ${d.path}`),
      ["unsafe-character /guests/0/access/0/role", "unsafe-character /guests/0/access/0/scope"],
    );
  });

  it("keeps zero-width joiners inside words and emoji in a display name", () => {
    const result = loadText(
      file(guest({ displayName: JSON.stringify("Priya (\u0915\u094d\u200d\u0937) 👩‍💻") })),
    );
    assert.deepEqual(result.diagnostics.map(brief), []);
  });

  it("keeps line breaks in an invitation message", () => {
    const result = loadText(
      file(guest({ invitation: `{ message: "Welcome,\\nthe platform team" }` })),
    );
    assert.deepEqual(result.diagnostics.map(brief), []);
  });

  it("refuses a display name longer than Entra's 256 characters", () => {
    const result = loadText(file(guest({ displayName: "A".repeat(257) })));
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ["too-long"],
    );
    assert.match(result.diagnostics[0]?.message ?? "", /257 characters long; at most 256/);
  });

  it("refuses a reason that would not fit Azure's 2 KB description", () => {
    const result = loadText(file(guest({ reason: "R".repeat(2100) })));
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ["too-long"],
    );
    assert.match(result.diagnostics[0]?.message ?? "", /description \d+ bytes long.*at most 2048/);
  });

  it("never quotes a whole file that is not a mapping", () => {
    const result = loadText("-----BEGIN OPENSSH PRIVATE KEY----- hunter2");
    assert.ok(result.diagnostics.every((d) => !d.message.includes("hunter2")));
    assert.match(result.diagnostics[0]?.message ?? "", /the file is not a declaration/);
  });
});

describe("one person, one address", () => {
  const same: [string, string, string][] = [
    ["case", "Alice@Contoso.Example", "alice@contoso.example"],
    [
      "a full-width domain",
      "alice@\uff43\uff4f\uff4e\uff54\uff4f\uff53\uff4f.example",
      "alice@contoso.example",
    ],
    ["an NFD domain", "alice@cafe\u0301.example", "alice@xn--caf-dma.example"],
    ["an NFC domain", "alice@caf\u00e9.example", "alice@xn--caf-dma.example"],
  ];
  for (const [name, written, normalised] of same) {
    it(`normalises ${name}`, () => assert.equal(normaliseEmail(written), normalised));
  }

  it("counts a full-width spelling of an address as the same guest", () => {
    const result = loadText(
      file(guest(), guest({ email: "alice@\uff43\uff4f\uff4e\uff54\uff4f\uff53\uff4f.example" })),
    );
    assert.ok(result.diagnostics.some((d) => d.code === "duplicate-guest"));
  });

  it("invites a non-ASCII domain in punycode, with a look-alike warning", () => {
    const cyrillic = "alice@\u0441ontoso.example"; // Cyrillic "с"
    const result = loadText(file(guest({ email: JSON.stringify(cyrillic) })));
    assert.equal(result.model?.guests[0]?.spec.email, "alice@xn--ontoso-hrf.example");
    const warning = result.diagnostics.find((d) => d.code === "non-ascii-domain");
    assert.match(warning?.message ?? "", /U\+0441.*invited as xn--ontoso-hrf\.example.*look-alike/);
  });

  it("refuses a non-ASCII character before the @", () => {
    const result = loadText(file(guest({ email: JSON.stringify("\u0430lice@contoso.example") })));
    assert.match(result.diagnostics[0]?.message ?? "", /non-ASCII character "а" \(U\+0430\)/);
  });
});

describe("scopes that climb out of their path", () => {
  const refused: [string, string, RegExp][] = [
    [
      "a resource named ..",
      `${SCOPE}/providers/Microsoft.Storage/storageAccounts/..`,
      /"\.\." is not a resource name/,
    ],
    [
      "a resource named .",
      `${SCOPE}/providers/Microsoft.Storage/storageAccounts/.`,
      /"\." is not a resource name/,
    ],
    [
      "a percent-encoded separator",
      `${SCOPE}/providers/Microsoft.Storage/storageAccounts/x%2F..%2F..`,
      /percent-encoding/,
    ],
    ["an empty segment", `${SCOPE}//resourceGroups/x`, /empty segment/],
    [
      "a 10,000-character scope",
      `${SCOPE}/resourceGroups/${"x".repeat(10_000)}`,
      /longer than any Azure scope/,
    ],
    ["a zero-width space", `${SCOPE}/resourceGroups/shop\u200b`, /U\+200B/],
    [
      "a backslash in a resource name",
      `${SCOPE}/providers/Microsoft.Storage/storageAccounts/a\\b`,
      /not a resource name/,
    ],
  ];
  for (const [name, scope, reason] of refused) {
    it(`refuses ${name}, with the reason`, () => {
      const parsed = parseScope(scope);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.error, reason);
    });
  }

  it("still accepts a nested child resource", () => {
    assert.ok(
      parseScope(`${SCOPE}/resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases/d.b-1`)
        .ok,
    );
  });
});

describe("every problem at once, across files", () => {
  it("reports a bad file's limit and another file's errors together", () => {
    const result = loadTexts({
      "a.yaml": "version: 1\nguests: *nope",
      "b.yaml": file(guest({ email: "not-an-email" })),
    });
    assert.deepEqual(
      result.diagnostics.map((d) => `${d.file} ${d.code}`),
      ["a.yaml yaml-alias", "b.yaml invalid-email"],
    );
  });
});
