/**
 * The rule that keeps characters which can forge a screen out of every text of a declaration: control,
 * bidirectional and zero-width characters (`text-safety.ts`) are errors wherever they appear, in values and in
 * the keys that name scopes and roles. Where they have a legitimate use they are allowed there only: line
 * breaks and tabs in an invitation message (an email body), zero-width (non-)joiners inside words in display
 * names, reasons and messages (Indic, Persian and Arabic words, emoji sequences). Email fields are checked by
 * `emailProblem`, with the same wording, so a bad address is reported once.
 */

import type { Diagnostic } from "./diagnostics";
import { readablePath } from "./shape";
import { locate, locateKey, type SourceFile } from "./source";
import {
  escapeUnsafe,
  findUnsafeCharacter,
  type TextAllowance,
  type UnsafeCharacter,
} from "./text-safety";

type Path = readonly (string | number)[];

/** A path pattern: `*` matches any key or index. */
type Pattern = readonly (string | number)[];

function matches(path: Path, pattern: Pattern): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === "*" || p === path[i]);
}

const MESSAGE: TextAllowance = { lineBreaks: true, joinersInWords: true };
const PROSE: TextAllowance = { joinersInWords: true };

/** Fields with an allowance; every other text allows nothing. */
const ALLOWANCES: readonly (readonly [Pattern, TextAllowance])[] = [
  [["defaults", "invitation", "message"], MESSAGE],
  [["guests", "*", "invitation", "message"], MESSAGE],
  [["guests", "*", "displayName"], PROSE],
  [["guests", "*", "reason"], PROSE],
];

/** Email fields: `emailProblem` reports unsafe characters in them. */
const EMAILS: readonly Pattern[] = [
  ["guests", "*", "email"],
  ["guests", "*", "sponsor"],
  ["defaults", "invitation", "cc"],
  ["guests", "*", "invitation", "cc"],
];

function allowanceAt(path: Path): TextAllowance {
  return ALLOWANCES.find(([pattern]) => matches(path, pattern))?.[1] ?? {};
}

/** The sentence for an unsafe character found in the text at `where`. */
export function unsafeCharacterMessage(
  where: string,
  found: UnsafeCharacter,
  allow: TextAllowance,
): string {
  const allowed = allow.lineBreaks
    ? "; line breaks and tabs are fine here"
    : allow.joinersInWords
      ? "; zero-width joiners inside a word are fine here"
      : "";
  return (
    `${where} contains ${found.kind === "control" ? "the control character" : `the ${found.kind} character`} ` +
    `${found.description} at character ${found.index + 1}: it can make the text look like something else or ` +
    `forge a line of a report, so it is never accepted${allowed}; retype the text without it`
  );
}

function unsafeDiagnostic(
  source: SourceFile,
  path: Path,
  text: string,
  allow: TextAllowance,
  asKey: boolean,
): Diagnostic | undefined {
  // Single-line fields are trimmed when resolved: what surrounds them (a folded scalar's last newline) is
  // never shown. A message keeps its text as written.
  const checked = allow.lineBreaks ? text : text.trim();
  const found = findUnsafeCharacter(checked, allow);
  if (!found) return undefined;
  // The path is made of keys from the input: quoted with their unsafe characters escaped.
  const shown = readablePath(path.map((s) => (typeof s === "string" ? escapeUnsafe(s) : s)));
  const where = asKey ? `the key ${shown} (a name)` : shown;
  return {
    ...(asKey ? locateKey(source, path) : locate(source, path)),
    code: "unsafe-character",
    severity: "error",
    message: unsafeCharacterMessage(where, found, allow),
  };
}

/** Every unsafe character in the texts and keys of one parsed file, one diagnostic per text. */
export function checkTextSafety(source: SourceFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const visit = (value: unknown, path: Path): void => {
    if (typeof value === "string") {
      if (EMAILS.some((pattern) => matches(path, pattern))) return;
      const found = unsafeDiagnostic(source, path, value, allowanceAt(path), false);
      if (found) diagnostics.push(found);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const found = unsafeDiagnostic(source, [...path, key], key, {}, true);
        if (found) diagnostics.push(found);
        visit(item, [...path, key]);
      }
    }
  };
  visit(source.data, []);
  return diagnostics;
}
