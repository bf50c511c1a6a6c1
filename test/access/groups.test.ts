import { strict as assert } from "node:assert";
import { brief, loadText, loadTexts, SUB } from "./load-text";

/**
 * A file with groups and guests, each given as lines. Lines: 1 `version: 1`, 2-3 the scope, then `groups:`
 * (line 4) and its lines from line 5.
 */
function file(groupLines: readonly string[], guestLines: readonly string[]): string {
  return [
    "version: 1",
    "scopes:",
    `  shop-prod: /subscriptions/${SUB}/resourceGroups/shop-prod`,
    "groups:",
    ...groupLines,
    "guests:",
    ...guestLines,
  ].join("\n");
}

/** A group of four lines with one grant. */
function group(name: string, grant = "{ role: Reader, scope: shop-prod }"): string[] {
  return [
    `  ${name}:`,
    "    sponsor: bob@ourcorp.example",
    "    reason: Q3 audit",
    `    access: [${grant}]`,
  ];
}

/** A guest of five lines (plus `more`), joining `memberOf`. */
function guest(email: string, memberOf: string, more: readonly string[] = []): string[] {
  return [
    `  - email: ${email}`,
    "    displayName: A guest",
    "    sponsor: bob@ourcorp.example",
    "    reason: Audit",
    `    memberOf: ${memberOf}`,
    ...more,
  ];
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly expected: readonly string[];
}

const cases: readonly Case[] = [
  {
    name: "accepts a guest whose only access is a group",
    text: file(group("auditors"), guest("alice@contoso.example", "[auditors]")),
    expected: [],
  },
  {
    name: "refuses an unknown group in memberOf at its place, suggesting the near miss",
    text: file(group("auditors"), guest("alice@contoso.example", "[auditors, auditer]")),
    expected: ['error unknown-group@14:26 /guests/0/memberOf/1 unknown group "auditer"'],
  },
  {
    name: "refuses a group named twice by one guest",
    text: file(group("auditors"), guest("alice@contoso.example", "[auditors, auditors]")),
    expected: ["error duplicate-membership@14:26 /guests/0/memberOf/1"],
  },
  {
    name: "refuses a group name that is not lower-case words joined by hyphens, and nothing more",
    text: file(group("Auditors"), guest("alice@contoso.example", "[Auditors]")),
    expected: ['error invalid-name@5:3 /groups/Auditors "Auditors" in groups'],
  },
  {
    name: "refuses a group without grants, without calling its name unknown",
    text: file(
      ["  auditors:", "    sponsor: bob@ourcorp.example", "    reason: Q3 audit", "    access: []"],
      guest("alice@contoso.example", "[auditors]"),
    ),
    expected: ["error no-grants@8:13 /groups/auditors/access"],
  },
  {
    name: "refuses a group whose sponsor is not an email",
    text: file(
      [
        "  auditors:",
        "    sponsor: bob",
        "    reason: Q3 audit",
        "    access: [{ role: Reader, scope: shop-prod }]",
      ],
      guest("alice@contoso.example", "[auditors]"),
    ),
    expected: ["error invalid-sponsor@6:14 /groups/auditors/sponsor"],
  },
  {
    name: "refuses an unknown role in a group's grant, like a guest's",
    text: file(
      group("auditors", "{ role: Reeder, scope: shop-prod }"),
      guest("alice@contoso.example", "[auditors]"),
    ),
    expected: ['error unknown-role@8:22 /groups/auditors/access/0/role unknown role "Reeder"'],
  },
  {
    name: "warns about a group no guest joins",
    text: file(
      [...group("auditors"), ...group("vendors")],
      guest("alice@contoso.example", "[auditors]"),
    ),
    expected: ["warning group-without-members@9:3 /groups/vendors group vendors has no members"],
  },
  {
    name: "warns about a role granted directly and through a group, at the direct grant",
    text: file(
      group("auditors"),
      guest("alice@contoso.example", "[auditors]", [
        "    access:",
        "      - { role: Reader, scope: shop-prod }",
      ]),
    ),
    expected: ["warning grant-also-through-group@16:9 /guests/0/access/0"],
  },
  {
    name: "warns about an expired group grant and does not deploy it",
    text: file(
      group("auditors", "{ role: Reader, scope: shop-prod, expires: 2020-01-31 }"),
      guest("alice@contoso.example", "[auditors]"),
    ),
    expected: ["warning grant-expired@8:57 /groups/auditors/access/0/expires"],
  },
  {
    name: "refuses a group whose reason would make its grants' descriptions longer than Azure keeps",
    text: file(
      [
        "  auditors:",
        "    sponsor: bob@ourcorp.example",
        `    reason: ${"x".repeat(2100)}`,
        "    access: [{ role: Reader, scope: shop-prod }]",
      ],
      guest("alice@contoso.example", "[auditors]"),
    ),
    expected: ["error too-long@7:13 /groups/auditors/reason"],
  },
  {
    name: "refuses a guest with neither access nor memberOf",
    text: file(group("auditors"), [
      "  - email: alice@contoso.example",
      "    displayName: A guest",
      "    sponsor: bob@ourcorp.example",
      "    reason: Audit",
    ]),
    expected: ["warning group-without-members@5:3", "error no-grants@10:5 /guests/0 "],
  },
];

describe("groups in an access file", () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = loadText(c.text);
      const got = result.diagnostics.map((d) => `${brief(d)} ${d.message}`);
      assert.equal(got.length, c.expected.length, got.join("\n"));
      c.expected.forEach((expected, i) =>
        assert.ok(got[i]?.startsWith(expected), `${got[i]} should start with ${expected}`),
      );
      const hasError = c.expected.some((e) => e.startsWith("error"));
      assert.equal(result.model === undefined, hasError);
    });
  }

  it("suggests the declared group a misspelt name is closest to", () => {
    const result = loadText(file(group("auditors"), guest("a@contoso.example", "[auditers]")));
    const unknown = result.diagnostics.find((d) => d.code === "unknown-group");
    assert.match(unknown?.message ?? "", /did you mean "auditors"\?/);
  });

  it("resolves a group's grants, its Entra name and description, and its members in order", () => {
    const { model } = loadText(
      file(group("auditors"), [
        ...guest("zoe@contoso.example", "[auditors]"),
        ...guest("alice@contoso.example", "[auditors]"),
      ]),
    );
    const resolved = model?.groups[0];
    assert.equal(resolved?.spec.displayName, "guest-access-auditors");
    assert.equal(
      resolved?.spec.description,
      "guest-access: groups.auditors of the access declaration; sponsor: bob@ourcorp.example",
    );
    assert.deepEqual(resolved?.members, ["alice@contoso.example", "zoe@contoso.example"]);
    assert.match(resolved?.spec.grants[0]?.description ?? "", /^guest-access: group auditors; /);
    assert.deepEqual(model?.guests[0]?.spec.memberOf, ["auditors"]);
  });

  it("ends a guest's memberships with the guest's own expiry", () => {
    const { model } = loadText(
      file(
        group("auditors"),
        guest("alice@contoso.example", "[auditors]", ["    expires: 2020-01-01"]),
      ),
    );
    assert.equal(model?.guests[0]?.spec.memberOf, undefined);
    assert.deepEqual(model?.groups[0]?.members, []);
  });

  it("gives a guest without groups exactly the inputs it had before groups existed", () => {
    const { model } = loadText(
      file(group("auditors"), [
        ...guest("alice@contoso.example", "[auditors]"),
        "  - email: bob@contoso.example",
        "    displayName: B",
        "    sponsor: carol@ourcorp.example",
        "    reason: Audit",
        "    access: [{ role: Reader, scope: shop-prod }]",
      ]),
    );
    assert.ok(!("memberOf" in (model?.guests[1]?.spec ?? {})));
  });

  it("refuses a group declared in two files of a directory, naming the first", () => {
    const result = loadTexts({
      "a.yaml": file(group("auditors"), guest("alice@contoso.example", "[auditors]")),
      "b.yaml": file(group("auditors"), guest("bob@contoso.example", "[auditors]")),
    });
    const duplicate = result.diagnostics.find((d) => d.code === "duplicate-group");
    assert.equal(duplicate?.file, "b.yaml");
    assert.match(duplicate?.message ?? "", /already declared at a\.yaml:5:3/);
  });
});
