/**
 * Reading declaration files: one file, or every `*.yaml` / `*.yml` in a directory (teams own their files).
 * Each file is read through the guarded reader (`read-input.ts`: regular files only, symlinks kept inside
 * the declaration's directory, sizes limited), decoded as strict UTF-8 and parsed within bounds
 * (`yaml-bounds.ts`) with positions kept, so any later phase can point at `file:line:column`. A file that
 * cannot be decoded or parsed within bounds is reported where the problem is, and not checked further.
 */

import { lstatSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { isCollection, isMap, isPair, isScalar, LineCounter } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import { jsonPointer, type Diagnostic, type SourceLocation } from "./diagnostics";
import {
  declarationBound,
  encodingProblem,
  readInputBytes,
  resolveInput,
  stripBom,
  UnreadableInputError,
} from "./read-input";
import { lineCounterOf, parseYamlBounded } from "./yaml-bounds";

export { UnreadableInputError } from "./read-input";

/** One parsed declaration file. */
export interface SourceFile {
  /** The path as given (or joined with its directory). */
  readonly file: string;
  /** The text. */
  readonly text: string;
  /** The YAML document, with node ranges. Undefined when the file is empty or could not be parsed. */
  readonly doc?: Document.Parsed;
  /** Turns offsets into lines and columns. */
  readonly lineCounter: LineCounter;
  /** The plain data, when the file parsed without errors (a duplicate key aside). */
  readonly data?: unknown;
  /**
   * True when the file could not be read as YAML at all (its encoding, a syntax error, a limit reached): that
   * is reported, and the file is not checked further.
   */
  readonly unparsed?: boolean;
}

const DECLARATION_FILE = /\.ya?ml$/i;

/** Whether a file name is a declaration file in a directory declaration (`*.yaml` or `*.yml`). */
export function isDeclarationFile(name: string): boolean {
  return DECLARATION_FILE.test(name);
}

/**
 * The declaration files at a path: the file itself, or a directory's YAML files in name order. Every entry is
 * checked without following it blindly: a symlink that leaves the directory, a loop or a dangling link is
 * refused by name (`UnreadableInputError`), and so is anything but a regular file when it is read;
 * sub-directories are skipped.
 */
export function declarationFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    // Names what is wrong when it can (a dangling symlink, a loop); otherwise the path does not exist.
    resolveInput(path, { kind: "declaration" });
    isDirectory = false;
  }
  if (!isDirectory) {
    if (!lstatExists(path)) {
      throw new UnreadableInputError(
        `${path}: no such file or directory; create it or pass the path of your access file`,
      );
    }
    return [path];
  }
  const files = readdirSync(path)
    .filter(isDeclarationFile)
    .sort()
    .map((name) => join(path, name))
    .filter((file) => {
      const real = resolveInput(file, { kind: "declaration", within: path });
      // A directory named like a declaration file is not one; anything else non-regular is refused on read.
      return !statSync(real).isDirectory();
    });
  if (files.length === 0) {
    throw new UnreadableInputError(
      `${path}: the directory has no *.yaml files; add one per team or point at a file`,
    );
  }
  return files;
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Decodes a declaration file's bytes and parses it; an encoding problem is a diagnostic at its place. */
export function parseSourceBytes(
  file: string,
  bytes: Uint8Array,
): { source: SourceFile; diagnostics: Diagnostic[] } {
  const problem = encodingProblem(bytes);
  if (!problem) return parseSource(file, stripBom(Buffer.from(bytes).toString("utf8")));
  // The text before the problem is valid: it places the diagnostic. Nothing after it is kept or quoted.
  const before = Buffer.from(bytes.subarray(0, problem.byte)).toString("utf8");
  const lines = before.split("\n");
  const location: SourceLocation = {
    file,
    line: lines.length,
    column: (lines[lines.length - 1] ?? "").length + 1,
    path: "",
  };
  return {
    source: { file, text: "", lineCounter: new LineCounter(), unparsed: true },
    diagnostics: [
      { ...location, code: "invalid-encoding", severity: "error", message: problem.message },
    ],
  };
}

/**
 * Parses one file's text, reporting YAML errors (syntax, duplicate keys, several documents, limits, tags)
 * as diagnostics. A duplicate key alone leaves the data usable, so the rest of the file is still checked
 * (and, being an error, still yields no model).
 */
export function parseSource(
  file: string,
  text: string,
): { source: SourceFile; diagnostics: Diagnostic[] } {
  const lineCounter = lineCounterOf(text);
  const { docs, problems } = parseYamlBounded(text);
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number, path = ""): SourceLocation => ({
    file,
    ...position(lineCounter, offset),
    path,
  });
  for (const problem of problems) {
    diagnostics.push({
      ...at(problem.offset),
      code: problem.code,
      severity: "error",
      message: problem.message,
    });
  }
  if (docs.length === 0) {
    // An empty stream: nothing declared (the schema phase reports the missing `version`), or one too deep.
    return {
      source: { file, text, lineCounter, ...(problems.length > 0 ? { unparsed: true } : {}) },
      diagnostics,
    };
  }
  const [doc, ...extra] = docs as [Document.Parsed, ...Document.Parsed[]];
  for (const other of extra) {
    diagnostics.push({
      ...at(other.range[0]),
      code: "yaml-multiple-documents",
      severity: "error",
      message:
        'a declaration file holds one YAML document; remove the "---" separator or split the file',
    });
  }
  let blocking = problems.length > 0 || extra.length > 0;
  for (const error of doc.errors) {
    const duplicate = error.code === "DUPLICATE_KEY";
    if (!duplicate) blocking = true;
    diagnostics.push({
      ...at(error.pos[0]),
      code: duplicate ? "duplicate-key" : "yaml-syntax",
      severity: "error",
      message: duplicate
        ? "this key appears twice in the same mapping; YAML would silently keep one: remove or merge the duplicate"
        : `YAML syntax: ${firstLine(error.message)}`,
    });
  }
  for (const warning of doc.warnings) {
    // An unresolved tag is refused as an error by the bounds check; its warning would say it twice.
    if (warning.code === "TAG_RESOLVE_FAILED") continue;
    diagnostics.push({
      ...at(warning.pos[0]),
      code: "yaml-warning",
      severity: "warning",
      message: firstLine(warning.message),
    });
  }
  if (blocking) return { source: { file, text, doc, lineCounter, unparsed: true }, diagnostics };
  // Aliases were measured above, so yaml's own use-count guard (which refuses real files) is off.
  const data: unknown = doc.toJS({ maxAliasCount: -1 });
  return { source: { file, text, doc, lineCounter, data }, diagnostics };
}

/** Reads and parses every declaration file at a path. */
export function readSources(path: string): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const files = declarationFiles(path);
  const directory = files.length === 1 && files[0] === path ? declarationBound(path) : path;
  for (const file of files) {
    const bytes = readInputBytes(file, { kind: "declaration", within: directory });
    const parsed = parseSourceBytes(file, bytes);
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
