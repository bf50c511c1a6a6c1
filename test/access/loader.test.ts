import { strict as assert } from "node:assert";
import { brief, loadText, SUB } from "./load-text";

/** A valid file whose guest lines can be swapped per case. Line 1 is `version: 1`. */
function file(guestLines: string, extra = ""): string {
  return [
    "version: 1",
    "scopes:",
    `  shop-prod: /subscriptions/${SUB}/resourceGroups/shop-prod`,
    "roles:",
    "  Shop Auditor: 6a9f3c2e-4b1d-4e7a-8c5f-1d2e3f4a5b6c",
    extra,
    "guests:",
    guestLines,
  ]
    .filter((l) => l !== "")
    .join("\n");
}

/** A guest (lines 7-12 of `file`), with an override of any line. */
function guest(
  overrides: Partial<
    Record<"email" | "displayName" | "sponsor" | "reason" | "more" | "access", string>
  > = {},
): string {
  return [
    `  - email: ${overrides.email ?? "alice@contoso.example"}`,
    `    displayName: ${overrides.displayName ?? "Alice"}`,
    `    sponsor: ${overrides.sponsor ?? "bob@ourcorp.example"}`,
    `    reason: ${overrides.reason ?? "Audit"}`,
    ...(overrides.more ? [overrides.more] : []),
    "    access:",
    overrides.access ?? "      - { role: Reader, scope: shop-prod }",
  ].join("\n");
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly expected: readonly string[];
}

const cases: readonly Case[] = [
  { name: "accepts a valid file with no diagnostics", text: file(guest()), expected: [] },
  {
    name: "reports a YAML syntax error at its position",
    text: file(guest({ access: "      - { role: Reader, scope: shop-prod" })),
    expected: ["error yaml-syntax@12:"],
  },
  {
    name: "reports a second YAML document once, without a false 'the file must be an object'",
    text: `${file(guest())}\n---\nversion: 1`,
    expected: ["error yaml-multiple-documents@13:1 "],
  },
  {
    name: "reports a duplicate key instead of keeping one silently",
    text: file(guest({ more: "    reason: Again" })),
    expected: ["error duplicate-key@11:5 "],
  },
  {
    name: "reports an unknown key at the key, with a suggestion",
    text: file(guest({ more: "    expiers: 2027-01-01" })),
    expected: ["error unknown-key@11:5 /guests/0/expiers"],
  },
  {
    name: "reports a missing required field at its object",
    text: file(guest().replace("    sponsor: bob@ourcorp.example\n", "")),
    expected: ["error missing-field@7:5 /guests/0"],
  },
  {
    name: "reports a wrong type at the value",
    text: file(guest({ more: "    ticket: [1, 2]" })),
    expected: ["error wrong-type@11:13 /guests/0/ticket"],
  },
  {
    name: "rejects a version other than 1",
    text: file(guest()).replace("version: 1", "version: 2"),
    expected: ["error invalid-value@1:10 /version"],
  },
  {
    name: "rejects an email with a character Microsoft Graph refuses",
    text: file(guest({ email: "al+ice@contoso.example" })),
    expected: ["error invalid-email@7:12 /guests/0/email"],
  },
  {
    name: "rejects an email whose local part is longer than 64 characters",
    text: file(guest({ email: `${"a".repeat(65)}@contoso.example` })),
    expected: ["error invalid-email@7:12 /guests/0/email"],
  },
  {
    name: "rejects an email whose local part ends with a period",
    text: file(guest({ email: "alice.@contoso.example" })),
    expected: ["error invalid-email@7:12 /guests/0/email"],
  },
  {
    name: "rejects an unknown role at the role",
    text: file(guest({ access: "      - { role: Reeder, scope: shop-prod }" })),
    expected: ["error unknown-role@12:17 /guests/0/access/0/role"],
  },
  {
    name: "rejects a role GUID that is neither built in nor declared",
    text: file(
      guest({ access: "      - { role: 11111111-2222-3333-4444-555555555555, scope: shop-prod }" }),
    ),
    expected: ["error unknown-role@12:17 /guests/0/access/0/role"],
  },
  {
    name: "accepts a built-in role by GUID and a custom role by name, in any case",
    text: file(
      guest({
        access: [
          "      - { role: acdd72a7-3385-48ef-bd42-f606fba81ae7, scope: shop-prod }",
          "      - { role: shop auditor, scope: shop-prod }",
        ].join("\n"),
      }),
    ),
    expected: [],
  },
  {
    name: "rejects an unknown scope name",
    text: file(guest({ access: "      - { role: Reader, scope: shop-prd }" })),
    expected: ["error unknown-scope@12:32 /guests/0/access/0/scope"],
  },
  {
    name: "rejects a subscription scope whose id is not a GUID",
    text: file(guest({ access: "      - { role: Reader, scope: /subscriptions/prod }" })),
    expected: ["error invalid-scope@12:32 /guests/0/access/0/scope"],
  },
  {
    name: "rejects a scope that only looks like one",
    text: file(
      guest({ access: `      - { role: Reader, scope: /subscriptions/${SUB}/resourcegroup/x }` }),
    ),
    expected: ["error invalid-scope@12:32 /guests/0/access/0/scope"],
  },
  {
    name: "rejects the same grant twice after normalising role and scope",
    text: file(
      guest({
        access: [
          "      - { role: Reader, scope: shop-prod }",
          `      - { role: READER, scope: /SUBSCRIPTIONS/${SUB.toUpperCase()}/resourcegroups/SHOP-PROD }`,
        ].join("\n"),
      }),
    ),
    expected: ["error duplicate-grant@13:9 /guests/0/access/1"],
  },
  {
    name: "rejects a date that is not in the calendar",
    text: file(guest({ more: "    expires: 2027-02-30" })),
    expected: ["error invalid-date@11:14 /guests/0/expires"],
  },
  {
    name: "rejects a date in another format",
    text: file(guest({ more: "    expires: 31.03.2027" })),
    expected: ["error invalid-date@11:14 /guests/0/expires"],
  },
  {
    name: "warns about a guest whose expiry has passed",
    text: file(guest({ more: "    expires: 2026-11-25" })),
    expected: ["warning guest-expired@11:14 /guests/0/expires"],
  },
  {
    name: "warns about a grant whose expiry has passed",
    text: file(
      guest({ access: "      - { role: Reader, scope: shop-prod, expires: 2026-01-31 }" }),
    ),
    expected: ["warning grant-expired@12:52 /guests/0/access/0/expires"],
  },
  {
    name: "does not warn about an expiry that is today (expiries are inclusive)",
    text: file(guest({ more: "    expires: 2026-11-26" })),
    expected: [],
  },
  {
    name: "rejects an objectId that is not a GUID",
    text: file(guest({ more: "    objectId: alice" })),
    expected: ["error invalid-object-id@11:15 /guests/0/objectId"],
  },
  {
    name: "rejects a redirect URL that is not https",
    text: file(guest({ more: "    redirectUrl: http://portal.azure.com" })),
    expected: ["error insecure-redirect-url@11:18 /guests/0/redirectUrl"],
  },
  {
    name: "rejects a default redirect URL that is not https, once, at the default",
    text: file(
      guest() + "\n" + guest({ email: "carol@contoso.example" }),
      "defaults:\n  redirectUrl: http://x.example",
    ),
    expected: ["error insecure-redirect-url@7:16 /defaults/redirectUrl"],
  },
  {
    name: "rejects an invitation with both a message and a language",
    text: file(guest({ more: "    invitation: { message: Hi, language: de-DE }" })),
    expected: ["error message-and-language@11:17 /guests/0/invitation"],
  },
  {
    name: "rejects the same guest twice, comparing emails without case",
    text: file(guest() + "\n" + guest({ email: " ALICE@Contoso.example" })),
    expected: ["error duplicate-guest@13:5 /guests/1"],
  },
  {
    name: "rejects a custom role named like a built-in role",
    text: file(guest(), "").replace("Shop Auditor:", "reader:"),
    expected: ["error custom-role-shadows-built-in@5:3 /roles/reader"],
  },
  {
    name: "rejects a guest with no grants",
    text: file(guest({ access: "      []" }).replace("    access:\n      []", "    access: []")),
    expected: ["error no-grants@11:13 /guests/0/access"],
  },
];

describe("loading an access file", () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = loadText(c.text);
      const got = result.diagnostics.map(brief);
      assert.equal(
        got.length,
        c.expected.length,
        `diagnostics: ${JSON.stringify(result.diagnostics, null, 2)}`,
      );
      c.expected.forEach((expected, i) =>
        assert.ok(got[i]?.startsWith(expected), `${got[i]} should start with ${expected}`),
      );
      const hasError = c.expected.some((e) => e.startsWith("error"));
      assert.equal(
        result.model === undefined,
        hasError,
        "a model is returned exactly when there is no error",
      );
    });
  }

  it("reports every problem of a file at once, not just the first", () => {
    const text = file(
      guest({ email: "a+b@contoso.example", access: "      - { role: Reeder, scope: shop-prd }" }) +
        "\n" +
        guest({ email: "carol@contoso.example", more: "    expires: 2027-13-01" }),
    );
    const codes = loadText(text).diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ["invalid-email", "unknown-role", "unknown-scope", "invalid-date"]);
  });

  it("reports a duplicate guest even when one of the two entries has other errors", () => {
    const text = file(
      guest() +
        "\n" +
        guest({
          email: "ALICE@contoso.example",
          access: "      - { role: Reeder, scope: shop-prod }",
        }),
    );
    assert.deepEqual(loadText(text).diagnostics.map(brief), [
      "error duplicate-guest@13:5 /guests/1",
      "error unknown-role@18:17 /guests/1/access/0/role",
    ]);
  });

  it("rejects a display name of spaces only", () => {
    assert.deepEqual(loadText(file(guest({ displayName: '"  "' }))).diagnostics.map(brief), [
      "error empty-value@8:18 /guests/0/displayName",
    ]);
  });

  it("suggests the closest role name for a typo", () => {
    const [d] = loadText(
      file(guest({ access: "      - { role: Storage Blob Data Reeder, scope: shop-prod }" })),
    ).diagnostics;
    assert.match(d?.message ?? "", /did you mean "Storage Blob Data Reader"\?/);
  });

  it("suggests the closest key for a misspelt key", () => {
    const [d] = loadText(file(guest({ more: "    sponser: x@y.example" }))).diagnostics.filter(
      (x) => x.code === "unknown-key",
    );
    assert.match(d?.message ?? "", /did you mean "sponsor"\?/);
  });

  it("does not deploy a grant whose expiry has passed, and keeps it visible as expired", () => {
    const result = loadText(
      file(
        guest({
          access: [
            "      - { role: Reader, scope: shop-prod, expires: 2026-01-31 }",
            "      - { role: Shop Auditor, scope: shop-prod }",
          ].join("\n"),
        }),
      ),
    );
    const alice = result.model?.guests[0];
    assert.deepEqual(
      alice?.spec.grants.map((g) => g.role.name),
      ["Shop Auditor"],
    );
    assert.deepEqual(
      alice?.expiredGrants.map((e) => e.grant.role.name),
      ["Reader"],
    );
  });

  it("gives a grant the earlier of its own expiry and its guest's", () => {
    const result = loadText(
      file(
        guest({
          more: "    expires: 2027-03-31",
          access: "      - { role: Reader, scope: shop-prod, expires: 2027-01-31 }",
        }),
      ),
    );
    assert.equal(result.model?.guests[0]?.spec.grants[0]?.expires, "2027-01-31");
  });
});
