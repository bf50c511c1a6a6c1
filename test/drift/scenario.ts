/**
 * The drift scenario of `test/fixtures/drift/`: its declaration, loaded as of its date, and the review of it
 * against a snapshot.
 */

import { join } from "node:path";
import { loadAccess } from "../../access/load";
import type { AccessModel } from "../../access/model";
import { RoleCatalog } from "../../azure/roles";
import type { DriftReport, TenantSnapshot } from "../../review/drift/model";
import { reviewDrift, type ReviewOptions } from "../../review/drift/report";

/** The fixtures' folder. */
export const FIXTURES = join(__dirname, "..", "fixtures", "drift");

/** The scenario's date. */
export const TODAY = "2026-11-26";

/** A fixture file's path. */
export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** The scenario's declaration, resolved. */
export function scenarioModel(): AccessModel {
  const loaded = loadAccess(fixture("access.yaml"), { today: TODAY });
  if (!loaded.model) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return loaded.model;
}

/** Reviews the scenario's declaration against `tenant`. */
export function review(tenant: TenantSnapshot, options: Partial<ReviewOptions> = {}): DriftReport {
  return reviewDrift(scenarioModel(), tenant, {
    today: TODAY,
    pendingDays: 30,
    catalog: RoleCatalog.bundled(),
    context: { project: "guest-access", stack: "dev" },
    ...options,
  });
}

/** Findings as `class email role scope` lines, for assertions that read like the report. */
export function lines(report: DriftReport): string[] {
  return report.findings.map((f) =>
    [f.class, f.email || "-", f.roleName || "-", f.scope || "-"].join(" "),
  );
}

/**
 * Findings as `class who role scope` lines, where `who` is a guest's email (`via G` when through a group) or,
 * for a group's own finding, `group G`.
 */
export function groupLines(report: DriftReport): string[] {
  return report.findings.map((f) =>
    [
      f.class,
      f.email
        ? `${f.email}${f.group ? ` via ${f.group}` : ""}`
        : f.group
          ? `group ${f.group}`
          : "-",
      f.roleName || "-",
      f.scope || "-",
    ].join(" "),
  );
}
