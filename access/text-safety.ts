/**
 * The characters that must never reach a screen from input: control characters (C0, DEL, C1, and the Unicode
 * line and paragraph separators), bidirectional controls and zero-width characters. They let a value forge
 * what a reviewer sees: an ESC sequence rewrites the terminal, a CR or U+2028 starts a fake line, U+202E
 * reverses the text after it, a zero-width space makes two addresses look the same. One module, so the rules
 * that refuse them (`access/`) and the printers that escape them share one definition.
 *
 * Classes (Unicode 15): C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F, line/paragraph separators U+2028 and
 * U+2029; bidirectional controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069 (the "Bidi_Control"
 * property); zero-width U+200B–U+200D, U+2060–U+2064, U+FEFF, U+180E.
 */

/** Why a character is unsafe. */
export type UnsafeKind = "control" | "bidirectional" | "zero-width";

/** An unsafe character found in a text. */
export interface UnsafeCharacter {
  /** Its class. */
  readonly kind: UnsafeKind;
  /** Its code point. */
  readonly codePoint: number;
  /** Its UTF-16 index in the text. */
  readonly index: number;
  /** How to name it in a message: `U+202E (right-to-left override)`. */
  readonly description: string;
}

/** What a field may contain beyond plain text. */
export interface TextAllowance {
  /** Line feeds (and CR LF pairs) and tabs: multi-line fields such as an invitation message. */
  readonly lineBreaks?: boolean;
  /**
   * Zero-width (non-)joiners between two letters, marks, digits or emoji: they shape Indic, Persian and Arabic
   * words and join emoji sequences, and there they deceive no one. Anywhere else they are refused.
   */
  readonly joinersInWords?: boolean;
}

/** Control characters: C0, DEL, C1, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- naming the control characters is this module's job
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
/** Bidirectional formatting controls (Unicode's Bidi_Control property). */
export const BIDIRECTIONAL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Zero-width and invisible characters. */
export const ZERO_WIDTH = /[\u200b-\u200d\u2060-\u2064\ufeff\u180e]/u;

const NAMES: Readonly<Record<number, string>> = {
  0x00: "NUL",
  0x07: "bell",
  0x08: "backspace",
  0x09: "tab",
  0x0a: "line feed",
  0x0b: "vertical tab",
  0x0c: "form feed",
  0x0d: "carriage return",
  0x1b: "escape",
  0x7f: "delete",
  0x85: "next line",
  0x9b: "control sequence introducer",
  0x2028: "line separator",
  0x2029: "paragraph separator",
  0x061c: "Arabic letter mark",
  0x200e: "left-to-right mark",
  0x200f: "right-to-left mark",
  0x202a: "left-to-right embedding",
  0x202b: "right-to-left embedding",
  0x202c: "pop directional formatting",
  0x202d: "left-to-right override",
  0x202e: "right-to-left override",
  0x2066: "left-to-right isolate",
  0x2067: "right-to-left isolate",
  0x2068: "first strong isolate",
  0x2069: "pop directional isolate",
  0x200b: "zero-width space",
  0x200c: "zero-width non-joiner",
  0x200d: "zero-width joiner",
  0x2060: "word joiner",
  0xfeff: "zero-width no-break space",
  0x180e: "Mongolian vowel separator",
};

/** `U+202E (right-to-left override)`: a code point named for a message, never printed itself. */
export function describeCodePoint(codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase().padStart(4, "0");
  const name = NAMES[codePoint];
  return name ? `U+${hex} (${name})` : `U+${hex}`;
}

function kindOf(char: string): UnsafeKind | undefined {
  if (CONTROL.test(char)) return "control";
  if (BIDIRECTIONAL.test(char)) return "bidirectional";
  if (ZERO_WIDTH.test(char)) return "zero-width";
  return undefined;
}

/** A character a joiner may sit between: a letter, mark, digit, emoji, skin-tone modifier or emoji presentation selector. */
const JOINABLE = /[\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}\u{fe0f}]/u;

function allowed(text: string, index: number, char: string, allow: TextAllowance): boolean {
  if (allow.lineBreaks && (char === "\n" || char === "\t")) return true;
  if (allow.lineBreaks && char === "\r" && text[index + 1] === "\n") return true;
  if (allow.joinersInWords && (char === "\u200c" || char === "\u200d")) {
    const before = [...text.slice(0, index)].pop();
    const after = [...text.slice(index + 1)][0];
    return (
      before !== undefined && after !== undefined && JOINABLE.test(before) && JOINABLE.test(after)
    );
  }
  return false;
}

/**
 * Every character `kindOf` names, in one class, so that the engine finds the next one (reports are tens of
 * megabytes, and a test per character cost seconds); the second leaves out the line feeds and tabs that
 * `lineBreaks` allows without condition. All are single UTF-16 units.
 */
const ANY_UNSAFE =
  // eslint-disable-next-line no-control-regex -- naming the control characters is this module's job
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e]/g;
const UNSAFE_BUT_LINES =
  // eslint-disable-next-line no-control-regex -- as above
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e]/g;

/** The first character of `text` that must not reach a screen, or undefined when there is none. */
export function findUnsafeCharacter(
  text: string,
  allow: TextAllowance = {},
): UnsafeCharacter | undefined {
  const candidates = allow.lineBreaks ? UNSAFE_BUT_LINES : ANY_UNSAFE;
  candidates.lastIndex = 0;
  for (let match = candidates.exec(text); match; match = candidates.exec(text)) {
    const index = match.index;
    const char = match[0];
    const kind = kindOf(char);
    if (kind !== undefined && !allowed(text, index, char, allow)) {
      const codePoint = char.codePointAt(0) as number;
      candidates.lastIndex = 0;
      return { kind, codePoint, index, description: describeCodePoint(codePoint) };
    }
  }
  return undefined;
}

/** True when `text` has a character that must not reach a screen. */
export function hasUnsafeCharacter(text: string, allow: TextAllowance = {}): boolean {
  return findUnsafeCharacter(text, allow) !== undefined;
}
