import { strict as assert } from "node:assert";
import { describeCodePoint, findUnsafeCharacter } from "../../access/text-safety";

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
