import { strict as assert } from "node:assert";
import { emailProblem } from "../../access/email";

const accepted = [
  "alice@contoso.example",
  " Alice.Moreau@Contoso.Example ",
  "a_b@x-y.example",
  `${"a".repeat(64)}@contoso.example`,
  "x@xn--bcher-kva.example",
  "o_brien-2.x@contoso.example",
  // A Unicode domain is invited in its punycode form, which the provider's ASCII expression accepts.
  "a@bücher.example",
];

const refused: [string, string, RegExp][] = [
  ["no @", "alice.contoso.example", /exactly one "@"/],
  ["two @", "a@b@c.example", /exactly one "@"/],
  ["a plus sign, which Graph refuses", "a+b@contoso.example", /"\+" is not allowed/],
  ["an apostrophe", "o'neil@contoso.example", /"'" is not allowed/],
  ["a local part of 65 characters", `${"a".repeat(65)}@contoso.example`, /at most 64/],
  ["a domain label of 64 characters", `a@${"b".repeat(64)}.example`, /at most 63/],
  [
    "an address longer than 254 characters",
    `a@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.example`,
    /at most 254/,
  ],
  ["a local part starting with a period", ".a@contoso.example", /must not start or end/],
  ["a local part ending with a hyphen", "a-@contoso.example", /must not start or end/],
  ["two periods in a row", "a..b@contoso.example", /".."/],
  ["a domain without a dot", "a@localhost", /not a domain with a dot/],
  ["a domain label ending with a hyphen", "a@contoso-.example", /not a domain label/],
  ["a numeric top-level domain", "a@contoso.123", /not a top-level domain/],
  // issue 8: the azuread provider's StringIsEmailAddress (v3.8.0) takes only ASCII before the "@".
  ["an accented local part", "josé@contoso.example", /non-ASCII character "é" \(U\+00E9\)/],
  ["a Cyrillic a that looks like a Latin one", "\u0430lice@contoso.example", /U\+0430/],
  ["a full-width letter before the @", "\uff41lice@contoso.example", /U\+FF41/],
  [
    "a zero-width space that makes two addresses look the same",
    "ali\u200bce@contoso.example",
    /U\+200B/,
  ],
];

describe("invitation email addresses", () => {
  for (const email of accepted) {
    it(`accepts ${JSON.stringify(email)}`, () => assert.equal(emailProblem(email), undefined));
  }
  for (const [name, email, message] of refused) {
    it(`refuses ${name}`, () => assert.match(emailProblem(email) ?? "", message));
  }
});
