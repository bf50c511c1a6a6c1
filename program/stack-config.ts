/**
 * A stack's configuration as the Pulumi CLI would hand it to the program, read from the project's files:
 * the project's declared defaults (`Pulumi.yaml` `config:`), overlaid by the stack's own values
 * (`Pulumi.<stack>.yaml` `config:`). The offline plan runs the real program with exactly this, so a plan
 * shows what `pulumi preview --stack <stack>` would declare.
 */

import { lstatSync, readdirSync } from "node:fs";
import { isMap, isScalar } from "yaml";
import { join } from "node:path";
import { readInputText, UnreadableInputError } from "../access/read-input";
import { lineCounterOf, parseYamlBounded } from "../access/yaml-bounds";

/** The project's name and a stack's configuration, fully qualified (`guest-access:accessFile`). */
export interface StackConfig {
  /** The Pulumi project name (part of every URN). */
  readonly project: string;
  /** The stack name. */
  readonly stack: string;
  /** Every configuration value, by fully qualified key; objects and lists as JSON, as the CLI passes them. */
  readonly config: Readonly<Record<string, string>>;
  /** Keys whose value is a `secure:` ciphertext: they cannot be decrypted offline and are left out. */
  readonly secureKeys: readonly string[];
  /** The files read, in order. */
  readonly files: readonly string[];
  /**
   * `Pulumi.<stack>.yaml`, whether or not it exists. When it does not, the stack runs on the project's
   * defaults alone: what `pulumi preview` does for a new stack, and what a mistyped `--stack` looks like.
   */
  readonly stackFile: string;
  /** Whether `stackFile` exists (and was read). */
  readonly stackFileFound: boolean;
  /** Where each key of `stackFile` is written (1-based), by fully qualified key: for diagnostics. */
  readonly keyLocations: Readonly<
    Record<string, { readonly line: number; readonly column: number }>
  >;
}

/** The program's own default for `guest-access:accessFile` (`program/settings.ts`). */
export const DEFAULT_ACCESS_FILE = "access.yaml";

/** The declaration the stack deploys: its `guest-access:accessFile`, or the program's default. */
export function stackAccessFile(config: StackConfig): string {
  const value = config.config["guest-access:accessFile"];
  return value === undefined || value === "" ? DEFAULT_ACCESS_FILE : value;
}

/** The project files are missing or malformed. */
export class StackConfigError extends Error {
  override readonly name = "StackConfigError";
}

type YamlObject = Record<string, unknown>;

function isObject(value: unknown): value is YamlObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A stack name as Pulumi allows it (letters, digits, `-`, `_`, `.`; at most 100): never a path. It becomes
 * part of a file name (`Pulumi.<stack>.yaml`), so `--stack ../../elsewhere/evil` must not reach the disk.
 */
const STACK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

/** Throws `StackConfigError` unless `stack` is a plain stack name. */
export function checkStackName(stack: string): void {
  if (!STACK_NAME.test(stack)) {
    throw new StackConfigError(
      `--stack: ${JSON.stringify(stack)} is not a stack name; a stack name has letters, digits, "-", "_" and "." (at most 100), such as dev`,
    );
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a project file through the guarded reader (inside `projectDir`, bounded) and parses it as bounded
 * YAML. Problems name the place and the reason, never the file's content.
 */
function readYaml(file: string, projectDir: string): ParsedYaml {
  let text: string;
  try {
    text = readInputText(file, { kind: "stack config", within: projectDir });
  } catch (error) {
    if (error instanceof UnreadableInputError) throw new StackConfigError(error.message);
    throw error;
  }
  return parseYamlText(file, text);
}

/** A parsed project file, with where each key of its `config:` mapping is written. */
interface ParsedYaml {
  readonly data: YamlObject;
  readonly configKeys: Readonly<Record<string, { line: number; column: number }>>;
}

/** Parses a project file's text as bounded YAML; problems name the place, never the content. */
function parseYamlText(file: string, text: string): ParsedYaml {
  const lineCounter = lineCounterOf(text);
  const { docs, problems } = parseYamlBounded(text);
  const doc = docs[0];
  const where = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const first =
    problems[0] ??
    (doc?.errors[0] && {
      offset: doc.errors[0].pos[0],
      message: `YAML ${doc.errors[0].code.toLowerCase().replace(/_/g, " ")}`,
    }) ??
    (docs.length > 1
      ? { offset: docs[1]?.range[0] ?? 0, message: "a second YAML document" }
      : undefined);
  if (first)
    throw new StackConfigError(`${where(first.offset)}: cannot be read as YAML: ${first.message}`);
  const data: unknown = doc?.toJS({ maxAliasCount: -1 });
  if (data === null || data === undefined) return { data: {}, configKeys: {} };
  if (!isObject(data)) throw new StackConfigError(`${file}: expected a mapping at the top level`);
  const configKeys: Record<string, { line: number; column: number }> = {};
  const config = doc?.get("config", true);
  if (isMap(config)) {
    for (const pair of config.items) {
      if (isScalar(pair.key) && pair.key.range) {
        const { line, col } = lineCounter.linePos(pair.key.range[0]);
        configKeys[String(pair.key.value)] = { line, column: col };
      }
    }
  }
  return { data, configKeys };
}

/** An unqualified key belongs to the project's namespace, as in the Pulumi CLI. */
function qualify(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** The string the CLI passes for a config value: strings as they are, anything else as JSON. */
function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Reads `Pulumi.yaml` and, when it exists, `Pulumi.<stack>.yaml` from `projectDir`. A project declaration
 * `{ type, default }` contributes its default; a plain value is a default too. A stack without its own file
 * runs on the defaults alone, as `pulumi preview` would.
 */
export function readStackConfig(projectDir: string, stack: string): StackConfig {
  checkStackName(stack);
  const projectFile = join(projectDir, "Pulumi.yaml");
  if (!exists(projectFile)) {
    throw new StackConfigError(
      `${projectFile}: no Pulumi project here; run from the project directory`,
    );
  }
  const stackFile = join(projectDir, `Pulumi.${stack}.yaml`);
  const stackFileFound = exists(stackFile);
  return stackConfigOf(
    readYaml(projectFile, projectDir),
    projectFile,
    stack,
    stackFile,
    stackFileFound ? readYaml(stackFile, projectDir) : undefined,
  );
}

/**
 * A stack's config from the texts of `Pulumi.yaml` and `Pulumi.<stack>.yaml` (absent: the stack has no file),
 * without reading the disk: the examples of the diagnostics reference are checked from memory.
 */
export function stackConfigFromTexts(
  project: { readonly file: string; readonly text: string },
  stack: string,
  stackFile: { readonly file: string; readonly text?: string },
): StackConfig {
  checkStackName(stack);
  return stackConfigOf(
    parseYamlText(project.file, project.text),
    project.file,
    stack,
    stackFile.file,
    stackFile.text === undefined ? undefined : parseYamlText(stackFile.file, stackFile.text),
  );
}

/** The names of the stacks of a project: every `Pulumi.<stack>.yaml` beside `Pulumi.yaml`, sorted. */
export function projectStacks(projectDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(projectDir);
  } catch {
    return [];
  }
  return names
    .map((name) => /^Pulumi\.(.+)\.yaml$/.exec(name)?.[1])
    .filter((stack): stack is string => stack !== undefined && STACK_NAME.test(stack))
    .sort();
}

function stackConfigOf(
  projectParsed: ParsedYaml,
  projectFile: string,
  stack: string,
  stackFile: string,
  stackParsed: ParsedYaml | undefined,
): StackConfig {
  const projectDoc = projectParsed.data;
  const project = projectDoc.name;
  if (typeof project !== "string" || project === "") {
    throw new StackConfigError(`${projectFile}: the project has no name`);
  }

  const config: Record<string, string> = {};
  const secureKeys: string[] = [];
  const declared = isObject(projectDoc.config) ? projectDoc.config : {};
  for (const [key, declaration] of Object.entries(declared)) {
    const value =
      isObject(declaration) &&
      ("type" in declaration || "default" in declaration || "description" in declaration)
        ? declaration.default
        : declaration;
    if (value !== undefined && value !== null)
      config[qualify(key, project)] = asConfigString(value);
  }

  const files = [projectFile];
  const stackFileFound = stackParsed !== undefined;
  const keyLocations: Record<string, { line: number; column: number }> = {};
  if (stackParsed) {
    files.push(stackFile);
    const stackDoc = stackParsed.data;
    for (const [key, at] of Object.entries(stackParsed.configKeys))
      keyLocations[qualify(key, project)] = at;
    const values = isObject(stackDoc.config) ? stackDoc.config : {};
    for (const [key, value] of Object.entries(values)) {
      const qualified = qualify(key, project);
      if (isObject(value) && typeof value.secure === "string") {
        // Ciphertext needs the stack's secrets provider; the program reads no secret config, so leave it out.
        secureKeys.push(qualified);
        delete config[qualified];
        continue;
      }
      if (value !== undefined && value !== null) config[qualified] = asConfigString(value);
    }
  }
  return {
    project,
    stack,
    config,
    secureKeys: secureKeys.sort(),
    files,
    stackFile,
    stackFileFound,
    keyLocations,
  };
}
