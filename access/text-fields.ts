/**
 * The text-safety rule, applied to every string of a declaration (keys too) before any other rule: a control
 * character (C0 but tab in multi-line text, C1, DEL), a bidirectional control or a zero-width character is
 * an error, because each lets a value forge what a reviewer sees (an ESC sequence rewrites the terminal, a
 * CR or newline starts a fake line of the report, U+202E reverses text, a zero-width space makes two emails
 * look alike). Prose keeps what a real name needs: a zero-width (non-)joiner between letters or emoji in a
 * display name or reason, and line breaks in an invitation message. The character classes are
 * `text-safety.ts`'s; this module only says which field allows what.
 *
 * One problem per field: other rules would also refuse such a value (an email with a NUL is no email), so
 * their diagnostics on a field already refused here are dropped (`withoutConsequences`).
 */

import type { Diagnostic } from "./diagnostics";
import { readablePath } from "./shape";
import { locate, locateKey, type SourceFile } from "./source";
import { findUnsafeCharacter, type TextAllowance } from "./text-safety";

/** Fields of free prose: joiners inside words are part of some names and scripts. */
const PROSE: ReadonlySet<string> = new Set(["displayName", "reason"]);
/** Fields that may span lines. */
const MULTI_LINE: ReadonlySet<string> = new Set(["message"]);

/** What a string at `path` may contain beyond plain text. */
export function allowanceFor(path: readonly (string | number)[]): TextAllowance {
  const field = path[path.length - 1];
  if (typeof field !== "string") return {};
  if (MULTI_LINE.has(field)) return { lineBreaks: true, joinersInWords: true };
  if (PROSE.has(field)) return { joinersInWords: true };
  return {};
}

/** The code of every diagnostic this rule reports. */
export const UNSAFE_CHARACTER = "unsafe-character";

function problem(
  text: string,
  path: readonly (string | number)[],
  isKey: boolean,
): string | undefined {
  // A display name or reason is trimmed when resolved, so the line break a YAML block scalar (`reason: >`)
  // ends with never reaches a screen: only what is kept is checked.
  const field = path[path.length - 1];
  const trimmed = !isKey && typeof field === "string" && PROSE.has(field);
  const checked = trimmed ? text.trim() : text;
  const offset = trimmed ? text.length - text.trimStart().length : 0;
  const found = findUnsafeCharacter(checked, isKey ? {} : allowanceFor(path));
  if (!found) return undefined;
  const where = isKey ? `the key at ${readablePath(path.slice(0, -1))}` : readablePath(path);
  const position = `at character ${[...text.slice(0, found.index + offset)].length + 1}`;
  const why =
    found.kind === "control"
      ? found.codePoint === 0x0a || found.codePoint === 0x0d || found.codePoint === 0x2028
        ? "this field is one line, and a line break would start a line of its own in every report"
        : "a control character can rewrite a terminal or a log"
      : found.kind === "bidirectional"
        ? "a bidirectional control makes text read in another order than it is written"
        : "an invisible character makes two different values look the same";
  return `${where} contains ${found.description} ${position}: ${why}; remove it`;
}

/** Every unsafe character in a file's data, one diagnostic per string, at the string's place. */
export function unsafeTextDiagnostics(source: SourceFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === "string") {
      const message = problem(value, path, false);
      if (message)
        diagnostics.push({
          ...locate(source, path),
          code: UNSAFE_CHARACTER,
          severity: "error",
          message,
        });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, [...path, index]));
      return;
    }
    if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const keyPath = [...path, key];
        const message = problem(key, keyPath, true);
        if (message) {
          diagnostics.push({
            ...locateKey(source, keyPath),
            code: UNSAFE_CHARACTER,
            severity: "error",
            message,
          });
          continue;
        }
        walk(item, keyPath);
      }
    }
  };
  walk(source.data, []);
  return diagnostics;
}

/**
 * The diagnostics without the errors other rules report on a value this rule already refused (same JSON
 * pointer, or below it): the unsafe character is the one problem to fix there.
 */
export function withoutConsequences(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const refused = diagnostics.filter((d) => d.code === UNSAFE_CHARACTER).map((d) => d.path);
  if (refused.length === 0) return [...diagnostics];
  return diagnostics.filter(
    (d) =>
      d.code === UNSAFE_CHARACTER ||
      d.severity !== "error" ||
      !refused.some((p) => d.path === p || d.path.startsWith(`${p}/`)),
  );
}
