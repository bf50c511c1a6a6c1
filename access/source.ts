/**
 * Reading declaration files: one file, or every `*.yaml` / `*.yml` in a directory (teams own their files).
 * Each file is parsed with positions kept, so any later phase can point at `file:line:column`.
 */

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isCollection, isMap, isPair, isScalar, LineCounter, parseAllDocuments } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import { jsonPointer, type Diagnostic, type SourceLocation } from "./diagnostics";

/** One parsed declaration file. */
export interface SourceFile {
  /** The path as given (or joined with its directory). */
  readonly file: string;
  /** The text. */
  readonly text: string;
  /** The YAML document, with node ranges. Undefined when the file is empty. */
  readonly doc?: Document.Parsed;
  /** Turns offsets into lines and columns. */
  readonly lineCounter: LineCounter;
  /** The plain data, when the file parsed without errors. */
  readonly data?: unknown;
}

/** An input that cannot be read at all (missing, a directory with no declaration files): exit code 2. */
export class UnreadableInputError extends Error {
  override readonly name = "UnreadableInputError";
}

const DECLARATION_FILE = /\.ya?ml$/i;

/** Whether a file name is a declaration file in a directory declaration (`*.yaml` or `*.yml`). */
export function isDeclarationFile(name: string): boolean {
  return DECLARATION_FILE.test(name);
}

/** The declaration files at a path: the file itself, or a directory's YAML files in name order. */
export function declarationFiles(path: string): string[] {
  if (!existsSync(path)) {
    throw new UnreadableInputError(
      `${path}: no such file or directory; create it or pass the path of your access file`,
    );
  }
  if (!statSync(path).isDirectory()) return [path];
  const files = readdirSync(path)
    .filter(isDeclarationFile)
    .sort()
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile());
  if (files.length === 0) {
    throw new UnreadableInputError(
      `${path}: the directory has no *.yaml files; add one per team or point at a file`,
    );
  }
  return files;
}

/** Parses one file's text, reporting YAML errors (syntax, duplicate keys, several documents) as diagnostics. */
export function parseSource(
  file: string,
  text: string,
): { source: SourceFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number, path = ""): SourceLocation => ({
    file,
    ...position(lineCounter, offset),
    path,
  });

  if (!Array.isArray(docs)) {
    // An empty stream: nothing declared. The schema phase reports the missing `version`.
    return { source: { file, text, lineCounter, data: undefined }, diagnostics };
  }
  const [doc, ...extra] = docs;
  for (const other of extra) {
    diagnostics.push({
      ...at(other.range[0]),
      code: "yaml-multiple-documents",
      severity: "error",
      message:
        'a declaration file holds one YAML document; remove the "---" separator or split the file',
    });
  }
  if (!doc) return { source: { file, text, lineCounter }, diagnostics };
  for (const error of doc.errors) {
    diagnostics.push({
      ...at(error.pos[0]),
      code: error.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax",
      severity: "error",
      message:
        error.code === "DUPLICATE_KEY"
          ? "this key appears twice in the same mapping; YAML would silently keep one: remove or merge the duplicate"
          : `YAML syntax: ${firstLine(error.message)}`,
    });
  }
  for (const warning of doc.warnings) {
    diagnostics.push({
      ...at(warning.pos[0]),
      code: "yaml-warning",
      severity: "warning",
      message: firstLine(warning.message),
    });
  }
  // `toJS` returns `any`: the data is untyped until the shape phase checks it.
  const data: unknown =
    doc.errors.length === 0 && extra.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return { source: { file, text, doc, lineCounter, data }, diagnostics };
}

/** Reads and parses every declaration file at a path. */
export function readSources(path: string): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of declarationFiles(path)) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UnreadableInputError(`${file}: cannot be read (${(error as Error).message})`);
    }
    const parsed = parseSource(file, text);
    sources.push(parsed.source);
    diagnostics.push(...parsed.diagnostics);
  }
  return { sources, diagnostics };
}

/**
 * The place of the node at a path in a file. Where the node does not exist (a missing key), the nearest
 * existing ancestor stands for it. With `key`, the place of a mapping key rather than of its value.
 */
export function locate(
  source: SourceFile,
  path: readonly (string | number)[],
  key?: string,
): SourceLocation {
  const pointer = jsonPointer(key === undefined ? path : [...path, key]);
  const doc = source.doc;
  if (!doc) return { file: source.file, line: 1, column: 1, path: pointer };
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as YamlNode | undefined;
    if (!node || !(isCollection(node) || isScalar(node)) || !node.range) continue;
    let offset = node.range[0];
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      const keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
      if (keyNode?.range) offset = keyNode.range[0];
    }
    return { file: source.file, ...position(source.lineCounter, offset), path: pointer };
  }
  return { file: source.file, line: 1, column: 1, path: pointer };
}

/** The place of the key of the node at a path (for "this key is wrong" messages). */
export function locateKey(source: SourceFile, path: readonly (string | number)[]): SourceLocation {
  const last = path[path.length - 1];
  if (typeof last !== "string") return locate(source, path);
  return locate(source, path.slice(0, -1), last);
}

/** 1-based line and column of an offset. */
function position(counter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
