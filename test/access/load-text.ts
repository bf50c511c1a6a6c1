/**
 * Test helper: load declarations from in-memory texts, as if they were files.
 */

import { resolveSources, type LoadResult } from "../../access/load";
import { parseSource } from "../../access/source";
import type { Diagnostic } from "../../access/diagnostics";

/** Loads one or more named texts (file name -> YAML) with a fixed date. */
export function loadTexts(files: Record<string, string>, today = "2026-11-26"): LoadResult {
  const parsed = Object.entries(files).map(([file, text]) => parseSource(file, text));
  return resolveSources(
    parsed.map((p) => p.source),
    parsed.flatMap((p) => p.diagnostics),
    { today },
  );
}

/** Loads a single text as `access.yaml`. */
export function loadText(text: string, today = "2026-11-26"): LoadResult {
  return loadTexts({ "access.yaml": text }, today);
}

/** `code@line:column path`: a compact, exact form to compare diagnostics with. */
export function brief(d: Diagnostic): string {
  return `${d.severity} ${d.code}@${d.line}:${d.column} ${d.path}`;
}

/** A valid guest entry in flow style, to build cases from. */
export const SUB = "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
