/**
 * `guest-access drift`: the declaration of a stack against the tenant as it really is. Reads the stack's
 * config (its `accessFile`, its role table), the declaration, the policy config (its
 * `guest-scope-within-boundary.allowedScopes` are scopes to read as well), optionally the stack's state,
 * then the tenant from exports or live, and reviews one against the other. Prints nothing.
 */

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatDiagnostics } from "../../access/format";
import { loadAccess } from "../../access/load";
import { checkStackPart } from "../../specs/stack-check";
import { describePart } from "../../specs/stack-part";
import { stackModel } from "../../specs/stack-specs";
import { stackInput } from "../stacks";
import { findingInPart } from "./part";
import type { AccessModel } from "../../access/model";
import { todayUtc } from "../../access/dates";
import { RoleCatalog } from "../../azure/roles";
import { GUEST_SCOPE_WITHIN_BOUNDARY } from "../../policy/policies/guest-scope-within-boundary";
import { UsageError } from "../errors";
import { loadPolicyConfig } from "../findings";
import { chooseDeclaration, pathForLoading, stackCatalog, stackConfigFor } from "../pipeline";
import { readStackExport } from "../plan";
import { ExportFormatError } from "./exports/errors";
import { readExports } from "./exports/snapshot";
import type { ArmClientOptions } from "./live/arm";
import { defaultCredential } from "./live/credential";
import type { GraphClientOptions } from "./live/graph";
import type { ProgressSink } from "./live/progress";
import { readTenantLive } from "./live/read";
import { namedScopes } from "./live/scopes";
import type { DriftClass, DriftReport, TenantSnapshot } from "./model";
import { reviewDrift } from "./report";
import { deployedInvitations } from "./state-invitations";
import { deployedGroups } from "./state-groups";
import type { TokenCredential } from "@azure/identity";

/** Options of a drift review. */
export interface DriftOptions {
  /** The declaration; the stack's `guest-access:accessFile` when absent. */
  readonly path?: string;
  /** The stack whose config (and state, with `state`) the review uses. */
  readonly stack: string;
  /** A policy pack config; `policy/config/<stack>.json` when absent and present. */
  readonly policyConfig?: string;
  /** Judge expiries and pending invitations as of this date; today (UTC) when absent. */
  readonly today?: string;
  /** Read Azure (ARM and Graph) instead of exports. */
  readonly live?: boolean;
  /** `--assignments`: exports of role assignments. */
  readonly assignments?: readonly string[];
  /** `--users`: exports of users. */
  readonly users?: readonly string[];
  /** `--groups`: exports of groups (`az ad group list`, Graph `GET /groups` pages). */
  readonly groups?: readonly string[];
  /**
   * `--group-members GROUP=FILE`: exports of one group's direct members (`az ad group member list`, Graph
   * `GET /groups/{id}/members` pages), each with the group: its object id or its name under `groups:`.
   */
  readonly groupMembers?: readonly { readonly group: string; readonly file: string }[];
  /** `--state`: a `pulumi stack export` of the stack, to know which account each invitation made. */
  readonly state?: string;
  /** Classes that fail the review; every class but `in-sync` by default. */
  readonly failOn?: readonly DriftClass[];
  /** Judge on what was read when some reads failed. */
  readonly allowPartial?: boolean;
  /** Days an invitation may stay pending before it is a finding (default 30). */
  readonly pendingDays?: number;
}

/** What a live review connects with; tests point every part at a loopback server. */
export interface DriftDeps {
  /** The credential; `@azure/identity`'s default chain when absent. */
  readonly credential?: TokenCredential;
  /** ARM client settings. */
  readonly arm?: ArmClientOptions;
  /** Graph client settings. */
  readonly graph?: GraphClientOptions;
  /** Scopes read at once. */
  readonly concurrency?: number;
  /** Where progress goes (shown only on a terminal). */
  readonly progress?: ProgressSink;
}

/** The review and what the printers say around it. */
export interface DriftView {
  /** What `--format json` prints. */
  readonly report: DriftReport;
  /** The declaration reviewed. */
  readonly path: string;
  /** Whether the tenant was read live. */
  readonly live: boolean;
  /** Warnings for stderr (the choice of stack and declaration). */
  readonly warnings: readonly string[];
}

/** The default number of days an invitation may stay pending. */
export const DEFAULT_PENDING_DAYS = 30;

/** The policy config a review reads: the one given, or the stack's own when it exists. */
function policyConfigFile(options: DriftOptions, cwd: string): string | undefined {
  if (options.policyConfig !== undefined) return resolve(cwd, options.policyConfig);
  const own = join(cwd, "policy", "config", `${options.stack}.json`);
  return existsSync(own) ? own : undefined;
}

/** The scopes the guardrails allow guests on: read too, so grants made there by hand are seen. */
function allowedScopes(file: string | undefined, today: string): string[] {
  const properties = loadPolicyConfig(file, today)[GUEST_SCOPE_WITHIN_BOUNDARY]?.properties;
  const scopes = properties?.allowedScopes;
  return Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [];
}

/**
 * Every scope the declaration names, guests' and groups', active and expired (an expired grant still in
 * Azure is drift).
 */
function declaredScopes(model: AccessModel): string[] {
  return [...model.guests, ...model.groups].flatMap((g) => [
    ...g.spec.grants.map((grant) => grant.scope),
    ...g.expiredGrants.map((e) => e.grant.scope),
  ]);
}

function checkSources(options: DriftOptions): void {
  const offline =
    (options.assignments?.length ?? 0) +
      (options.users?.length ?? 0) +
      (options.groups?.length ?? 0) +
      (options.groupMembers?.length ?? 0) >
    0;
  if (options.live && offline) {
    throw new UsageError(
      "--live reads Azure: leave out --assignments, --users, --groups and --group-members, or --live",
    );
  }
  if (!options.live && !offline) {
    throw new UsageError(
      "nothing to compare with: pass --live to read Azure, or exports with --assignments FILE... --users FILE...",
    );
  }
  if (!options.live && (options.assignments?.length ?? 0) === 0) {
    throw new UsageError(
      "--assignments is required with --users: az role assignment list --all > assignments.json",
    );
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each `--group-members` group is an object id, or a declared group's name (or display name). */
function checkGroupMembers(
  given: readonly { readonly group: string; readonly file: string }[],
  model: AccessModel,
): void {
  const names = new Set(
    model.groups.flatMap((g) => [g.spec.name, g.spec.displayName.toLowerCase()]),
  );
  for (const { group, file } of given) {
    if (GUID.test(group) || names.has(group.toLowerCase())) continue;
    const declared = model.groups.map((g) => g.spec.name);
    throw new UsageError(
      `--group-members ${group}=${file}: no declared group is named ${JSON.stringify(group)}; ${declared.length > 0 ? `use one of ${declared.join(", ")}` : "the declaration has no groups"}, or the group's object id`,
    );
  }
}

/** Runs the review. Throws `UsageError` for input it cannot use (exit 2). */
export async function computeDrift(
  options: DriftOptions,
  cwd: string,
  deps: DriftDeps = {},
): Promise<DriftView> {
  checkSources(options);
  const today = options.today ?? todayUtc();
  const stackConfig = stackConfigFor(cwd, options.stack);
  const { path, warnings } = chooseDeclaration(stackConfig, options.path, cwd);
  const catalog = stackCatalog(stackConfig, cwd) ?? RoleCatalog.bundled();
  const deployed = options.state
    ? readStackExport(resolve(cwd, options.state), stackConfig, options.state).resources
    : undefined;
  const invitations = deployed ? deployedInvitations(deployed) : undefined;
  const groups = deployed ? deployedGroups(deployed) : undefined;
  const scopesFromPolicy = allowedScopes(policyConfigFile(options, cwd), today);

  const load = loadAccess(pathForLoading(path, cwd), { today, catalog });
  if (!load.model) {
    throw new UsageError(
      `${path} has errors; the review needs a declaration without any:\n${formatDiagnostics(load.diagnostics, load.texts)}`,
    );
  }
  const model = load.model;
  checkGroupMembers(options.groupMembers ?? [], model);
  // A split stack reviews its part: its own scopes are read, its own findings kept (see part.ts).
  const { part, diagnostics } = checkStackPart(model, stackInput(stackConfig));
  if (diagnostics.length > 0) {
    throw new UsageError(
      `stack ${stackConfig.stack}'s part of ${path} is inconsistent:\n${formatDiagnostics(diagnostics)}`,
    );
  }
  const partModel = stackModel(model, part);

  let tenant: TenantSnapshot;
  if (options.live) {
    tenant = await readTenantLive({
      scopes: namedScopes([...declaredScopes(partModel), ...scopesFromPolicy]),
      ...(model.groups.length > 0
        ? {
            groups: {
              displayNames: model.groups.map((g) => g.spec.displayName),
              objectIds: [...(groups?.groups.values() ?? [])],
            },
          }
        : {}),
      credential: deps.credential ?? (await defaultCredential()),
      ...(deps.arm ? { arm: deps.arm } : {}),
      ...(deps.graph ? { graph: deps.graph } : {}),
      ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
      ...(deps.progress ? { progress: deps.progress } : {}),
    });
  } else {
    try {
      tenant = readExports(
        {
          assignments: options.assignments ?? [],
          users: options.users ?? [],
          groups: options.groups ?? [],
          groupMembers: options.groupMembers ?? [],
        },
        (file) => resolve(cwd, file),
      );
    } catch (error) {
      if (error instanceof ExportFormatError) throw new UsageError(error.message);
      throw error;
    }
  }

  const report = reviewDrift(model, tenant, {
    today,
    pendingDays: options.pendingDays ?? DEFAULT_PENDING_DAYS,
    catalog,
    context: { project: stackConfig.project, stack: stackConfig.stack },
    ...(invitations ? { invitations } : {}),
    ...(groups ? { groups } : {}),
    ...(options.failOn ? { failOn: options.failOn } : {}),
    ...(options.allowPartial ? { allowPartial: true } : {}),
    ...(part.role !== "all"
      ? {
          part: {
            keep: findingInPart(part, partModel),
            model: partModel,
            description: describePart(part),
          },
        }
      : {}),
  });
  return { report, path, live: options.live === true, warnings };
}
