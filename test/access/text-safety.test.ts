import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  BIDIRECTIONAL,
  CONTROL,
  describeCodePoint,
  findUnsafeCharacter,
  ZERO_WIDTH,
  type TextAllowance,
} from "../../access/text-safety";

const refused: [string, string, string][] = [
  ["an escape sequence that clears the screen", "Ann\u001b[2JVerdict: pass", "U+001B (escape)"],
  ["a NUL", "ann\u0000", "U+0000 (NUL)"],
  [
    "a carriage return that forges a line",
    "Year-end audit\rVerdict: pass",
    "U+000D (carriage return)",
  ],
  ["a line feed in a single-line field", "Year-end\naudit", "U+000A (line feed)"],
  ["a tab in a single-line field", "SEC\t2001", "U+0009 (tab)"],
  ["DEL", "x\u007fy", "U+007F (delete)"],
  ["a C1 control sequence introducer", "x\u009b2Jy", "U+009B (control sequence introducer)"],
  ["a Unicode line separator", "a\u2028b", "U+2028 (line separator)"],
  ["a right-to-left override", "invoice\u202Etxt.exe", "U+202E (right-to-left override)"],
  ["a first strong isolate", "a\u2068b", "U+2068 (first strong isolate)"],
  ["an Arabic letter mark", "a\u061cb", "U+061C (Arabic letter mark)"],
  ["a zero-width space", "ann\u200blee", "U+200B (zero-width space)"],
  ["a byte order mark inside a text", "a\ufeffb", "U+FEFF (zero-width no-break space)"],
  ["a word joiner", "a\u2060b", "U+2060 (word joiner)"],
  [
    "a zero-width joiner between two Latin letters when joiners are not allowed",
    "a\u200db",
    "U+200D (zero-width joiner)",
  ],
];

const accepted: [string, string, Parameters<typeof findUnsafeCharacter>[1]][] = [
  ["plain text with accents", "Zoë Ångström (Contoso)", {}],
  ["right-to-left script without controls", "مريم الحسيني", {}],
  [
    "a multi-line message when line breaks are allowed",
    "Hello,\n\tsee you\r\nsoon",
    { lineBreaks: true },
  ],
  ["a zero-width non-joiner inside a Persian word", "می\u200cخواهم", { joinersInWords: true }],
  ["a zero-width joiner inside a Devanagari word", "क्\u200dष", { joinersInWords: true }],
  ["an emoji ZWJ sequence", "👩\u200d💻 on call", { joinersInWords: true }],
  ["an emoji ZWJ sequence with a skin tone", "👩🏽\u200d💻", { joinersInWords: true }],
];

const refusedEvenWithAllowances: [string, string, Parameters<typeof findUnsafeCharacter>[1]][] = [
  ["a joiner at the start of a text", "\u200dabc", { joinersInWords: true }],
  ["a joiner before a space", "abc\u200c def", { joinersInWords: true }],
  ["a lone carriage return in a multi-line text", "a\rb", { lineBreaks: true }],
  [
    "a bidirectional override in a multi-line text",
    "a\n\u202eb",
    { lineBreaks: true, joinersInWords: true },
  ],
];

describe("text safety: characters that must not reach a screen", () => {
  for (const [name, text, description] of refused) {
    it(`finds ${name}`, () => assert.equal(findUnsafeCharacter(text)?.description, description));
  }
  for (const [name, text, allow] of accepted) {
    it(`accepts ${name}`, () => assert.equal(findUnsafeCharacter(text, allow), undefined));
  }
  for (const [name, text, allow] of refusedEvenWithAllowances) {
    it(`refuses ${name}`, () => assert.notEqual(findUnsafeCharacter(text, allow), undefined));
  }
  it("reports the UTF-16 index of the first unsafe character, after astral characters", () => {
    assert.deepEqual(findUnsafeCharacter("😀\u202e"), {
      kind: "bidirectional",
      codePoint: 0x202e,
      index: 2,
      description: "U+202E (right-to-left override)",
    });
  });
  it("names a code point it has no name for by its number alone", () => {
    assert.equal(describeCodePoint(0x2063), "U+2063");
  });
});

/**
 * The first unsafe character found one character at a time with the three classes, as the search did before
 * it looked for candidates with one expression: the fast search must find exactly what this finds.
 */
function firstUnsafeCharByChar(text: string, allow: TextAllowance): number | undefined {
  let index = 0;
  for (const char of text) {
    const unsafe = CONTROL.test(char) || BIDIRECTIONAL.test(char) || ZERO_WIDTH.test(char);
    const lineBreak =
      allow.lineBreaks === true &&
      (char === "\n" || char === "\t" || (char === "\r" && text[index + 1] === "\n"));
    const joiner =
      allow.joinersInWords === true &&
      (char === "\u200c" || char === "\u200d") &&
      /[\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}\u{fe0f}]/u.test(
        [...text.slice(0, index)].pop() ?? "",
      ) &&
      /[\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}\u{fe0f}]/u.test(
        [...text.slice(index + 1)][0] ?? "",
      );
    if (unsafe && !lineBreak && !joiner) return index;
    index += char.length;
  }
  return undefined;
}

describe("finding unsafe characters in long texts", () => {
  const unsafeOrNot = fc.oneof(
    fc.constantFrom(
      ..."\n\t\r\u0000\u001b\u007f\u0085\u009b\u2028\u061c\u200b\u200c\u200d\u200e\u202e\u2060\u2066\ufeff\u180e",
    ),
    fc.constantFrom("a", "क", "👍", "\ufe0f", " ", "{", '"'),
    fc.string({ unit: "grapheme", maxLength: 3 }),
  );
  const allowances: TextAllowance[] = [
    {},
    { lineBreaks: true },
    { joinersInWords: true },
    { lineBreaks: true, joinersInWords: true },
  ];
  for (const allow of allowances) {
    it(`finds the character a character-by-character search finds, allowing ${JSON.stringify(allow)}`, () => {
      fc.assert(
        fc.property(fc.array(unsafeOrNot, { maxLength: 30 }), (parts) => {
          const text = parts.join("");
          assert.equal(findUnsafeCharacter(text, allow)?.index, firstUnsafeCharByChar(text, allow));
        }),
        { numRuns: 1000 },
      );
    });
  }
});
