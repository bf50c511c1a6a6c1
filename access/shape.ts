/**
 * The shape phase: ajv checks each parsed file against the JSON Schema, reporting every error at once, each
 * mapped from ajv's `instancePath` back to `file:line:column` and phrased as what to change.
 */

import type { ErrorObject } from "ajv";
// ajv's standalone code for the schema, generated from ./schema by `npm run schema`: validating a file
// neither loads ajv nor compiles the schema.
import validateDocument from "./schema-validator";
import { parsePointer, type Diagnostic } from "./diagnostics";
import { locate, locateKey, type SourceFile } from "./source";
import { didYouMean } from "../azure/suggest";
import type { AccessDocument } from "./document";

/** `guests[1].access[0].role`: how a path reads in a message. */
export function readablePath(path: readonly (string | number)[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === "" ? "the file" : out;
}

/** The outcome of the shape check of one file. */
export interface ShapeResult {
  /**
   * The parts of the file that have the right shape: sections with shape errors are left out, and guests
   * with shape errors are listed in `invalidGuests`, so the rules still check everything else and a user
   * sees every problem in one run. Undefined when the file is not a mapping at all.
   */
  readonly document?: AccessDocument;
  /** Indexes of `guests` entries with shape errors. */
  readonly invalidGuests: ReadonlySet<number>;
  /** Names of `groups` entries with shape errors (a bad name, or a bad field): known, but not resolved. */
  readonly invalidGroups: ReadonlySet<string>;
  readonly diagnostics: Diagnostic[];
}

/** Checks one file's data against the schema. */
export function checkShape(source: SourceFile): ShapeResult {
  const data = source.data ?? null;
  if (validateDocument(data))
    return { document: data, invalidGuests: new Set(), invalidGroups: new Set(), diagnostics: [] };
  const errors = (validateDocument.errors ?? []).filter(
    // With allErrors, a bad property name is reported twice: once by its pattern, once by propertyNames.
    (e) => !e.schemaPath.includes("/propertyNames/"),
  );
  const diagnostics = errors.map((e) => toDiagnostic(source, e));
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return { invalidGuests: new Set(), invalidGroups: new Set(), diagnostics };

  const badSections = new Set<string>();
  const invalidGuests = new Set<number>();
  const invalidGroups = new Set<string>();
  for (const error of errors) {
    const [section, index] = parsePointer(error.instancePath);
    if (section === undefined) continue; // a root-level problem (unknown key, missing version) spoils no section
    if (section === "guests" && typeof index === "number") invalidGuests.add(index);
    // One bad group spoils only itself, so guests that join the others are still checked.
    else if (section === "groups" && typeof index === "string") invalidGroups.add(index);
    else if (section === "groups" && error.keyword === "propertyNames")
      invalidGroups.add(String((error.params as { propertyName?: unknown }).propertyName));
    else badSections.add(String(section));
  }
  const usable = Object.fromEntries(
    Object.entries(data as Record<string, unknown>).filter(([key]) => !badSections.has(key)),
  ) as unknown as AccessDocument;
  return { document: usable, invalidGuests, invalidGroups, diagnostics };
}

function schemaDescription(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  return description ? ` (${description})` : "";
}

function toDiagnostic(source: SourceFile, error: ErrorObject): Diagnostic {
  const path = parsePointer(error.instancePath);
  const where = readablePath(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      const schema = (
        error.parentSchema as { properties?: Record<string, { description?: string }> }
      ).properties?.[missing];
      const hint = schema?.description ? `: ${schema.description}` : "";
      return {
        ...locate(source, path),
        code: "missing-field",
        severity: "error",
        message: `${where} is missing "${missing}"; add ${missing}${hint}`,
      };
    }
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys(
        (error.parentSchema as { properties?: Record<string, unknown> }).properties ?? {},
      );
      return {
        ...locateKey(source, [...path, extra]),
        code: "unknown-key",
        severity: "error",
        message: `unknown key "${extra}" in ${where}${didYouMean(extra, allowed) || ";"} allowed keys: ${allowed.join(", ")}`,
      };
    }
    case "propertyNames":
      if (path[0] === "groups")
        return {
          ...locateKey(source, [...path, String(params.propertyName)]),
          code: "invalid-name",
          severity: "error",
          message: `"${String(params.propertyName)}" in groups is not a valid group name; a group name is lower-case words of letters and digits joined by single hyphens (e.g. contoso-auditors), at most 64 characters`,
        };
      return {
        ...locateKey(source, [...path, String(params.propertyName)]),
        code: "invalid-name",
        severity: "error",
        message: `"${String(params.propertyName)}" in ${where} is not a valid name; a name starts with a letter and holds letters, digits, spaces, ".", "_", "-", "(" or ")"`,
      };
    case "type":
      return {
        ...locate(source, path),
        code: "wrong-type",
        severity: "error",
        message: `${where} must be ${article(String(params.type))}, not ${describe(error.data, path)}${schemaDescription(error)}`,
      };
    case "const":
    case "enum": {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
      const shown = allowed.map((v) => JSON.stringify(v)).join(", ");
      const suggestion =
        typeof error.data === "string" ? didYouMean(error.data, allowed.map(String)) : "";
      return {
        ...locate(source, path),
        code: "invalid-value",
        severity: "error",
        message: `${where} is ${JSON.stringify(error.data)}; allowed: ${shown}${suggestion}`,
      };
    }
    case "pattern":
      if (path[path.length - 1] === "expires") {
        return {
          ...locate(source, path),
          code: "invalid-date",
          severity: "error",
          message: `${where} is ${JSON.stringify(error.data)}, not a date; write YYYY-MM-DD, e.g. 2027-03-31`,
        };
      }
      return {
        ...locate(source, path),
        code: "invalid-value",
        severity: "error",
        message: `${where} is ${JSON.stringify(error.data)}, which is not of the expected form${schemaDescription(error)}`,
      };
    case "minLength":
      return {
        ...locate(source, path),
        code: "empty-value",
        severity: "error",
        message: `${where} is empty; give a value${schemaDescription(error)}`,
      };
    case "maxLength":
      return {
        ...locate(source, path),
        code: "too-long",
        severity: "error",
        message: `${where} is ${typeof error.data === "string" ? [...error.data].length : "?"} characters long; at most ${String(params.limit)} are allowed${schemaDescription(error)}`,
      };
    case "minItems":
      return {
        ...locate(source, path),
        code: "no-grants",
        severity: "error",
        message:
          path[0] === "groups"
            ? `${where} lists nothing; give at least one { role, scope }, or remove the group`
            : path[path.length - 1] === "memberOf"
              ? `${where} lists nothing; name a group from groups:, or remove memberOf`
              : `${where} lists nothing; give at least one { role, scope }, or remove the guest`,
      };
    default:
      return {
        ...locate(source, path),
        code: "invalid-value",
        severity: "error",
        message: `${where} ${error.message ?? "is invalid"}`,
      };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * What a value is, quoting it only inside a declaration's mapping and when short: a file that is not a
 * declaration at all (a key, a credentials file named like one) parses as one long string at the root, and
 * its text must not reach a report.
 */
function describe(value: unknown, path: readonly (string | number)[]): string {
  if (value === null) return "empty (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (path.length === 0) return `${article(typeof value)} (the file is not a declaration)`;
  if (typeof value === "string" && [...value].length > 80)
    return `a text of ${[...value].length} characters`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
