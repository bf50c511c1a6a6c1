/**
 * A declaration's load result as data: every diagnostic and the totals, exactly what `validate --format json`
 * prints and what the plan and diff reports embed.
 */

import type { Diagnostic } from "../access/diagnostics";
import type { LoadResult } from "../access/load";

/** The machine-readable result: exactly what `--format json` prints. */
export interface ValidateReport {
  /** Every diagnostic, sorted by file, line and column; `related` names the other place of a duplicate. */
  readonly diagnostics: readonly Pick<
    Diagnostic,
    "code" | "severity" | "message" | "file" | "line" | "column" | "path" | "related"
  >[];
  readonly summary: {
    /** No errors (warnings allowed). */
    readonly valid: boolean;
    /** Declaration files read. */
    readonly files: number;
    /** Guests resolved (0 when there are errors). */
    readonly guests: number;
    /** Active grants, to be deployed: role assignments (a group's grant is one, whatever its members). */
    readonly grants: number;
    /** Declared grants past their expiry, revoked at the next update. */
    readonly expiredGrants: number;
    readonly errors: number;
    readonly warnings: number;
  };
}

/** The pure core: a load result as a report. */
export function validationReport(result: LoadResult): ValidateReport {
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const guests = result.model?.guests ?? [];
  const groups = result.model?.groups ?? [];
  return {
    diagnostics: result.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
      path: d.path,
      ...(d.related ? { related: d.related } : {}),
    })),
    summary: {
      valid: errors === 0,
      files: result.files.length,
      guests: guests.length,
      // Role assignments: a group's grant is one, whatever the number of its members.
      grants: [...guests, ...groups].reduce((n, g) => n + g.spec.grants.length, 0),
      expiredGrants: [...guests, ...groups].reduce((n, g) => n + g.expiredGrants.length, 0),
      errors,
      warnings: result.diagnostics.length - errors,
    },
  };
}
