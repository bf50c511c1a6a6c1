/**
 * The tenant, read live: role assignments at every scope the declaration or the policy config names (a few
 * scopes at a time), users from Microsoft Graph, and an error in the report for every read that failed.
 * A scope refused as a whole (403 on a subscription where the reader only sees some resource groups) is
 * read again through the named scopes inside it.
 */

import type { TokenCredential } from "@azure/identity";
import type {
  GroupMembers,
  ReadError,
  TenantAssignment,
  TenantGroup,
  TenantSnapshot,
  TenantUser,
} from "../model";
import { armClient, listAssignments, type ArmClientOptions } from "./arm";
import { RecordingCredential } from "./credential";
import { readError } from "./errors";
import { redactSecrets } from "./redact";
import {
  graphReader,
  listGroups,
  listMembers,
  listUsers,
  type GraphClientOptions,
  type GraphReader,
} from "./graph";
import { limiter, type Limiter } from "./limit";
import { progressOn, type ProgressSink } from "./progress";
import { coveringReads, narrowerReads, type ScopeRead } from "./scopes";

/** What a live read needs. */
export interface LiveReadOptions {
  /** The named scopes (normalised): the declaration's and the policy config's. */
  readonly scopes: readonly string[];
  /** The credential; tests hand in a static one. */
  readonly credential: TokenCredential;
  /** ARM client settings (endpoint, CA, retries). */
  readonly arm?: ArmClientOptions;
  /** Graph client settings (base URL, fetch options, retries, timeout). */
  readonly graph?: GraphClientOptions;
  /** Scopes read at once. */
  readonly concurrency?: number;
  /** Milliseconds before one scope's read is abandoned. */
  readonly scopeTimeoutMs?: number;
  /** Where progress goes (shown only on a terminal). */
  readonly progress?: ProgressSink;
  /**
   * The declared groups, when there are any: their display names, and the object ids the stack's state
   * gives. Their groups are read, and the direct members of each one found.
   */
  readonly groups?: {
    readonly displayNames: readonly string[];
    readonly objectIds: readonly string[];
  };
}

/** Reads the tenant. Never throws for a failed read: it becomes an error in the snapshot. */
export async function readTenantLive(options: LiveReadOptions): Promise<TenantSnapshot> {
  const credential = new RecordingCredential(options.credential);
  const arm = armClient(credential, options.arm);
  const progress = progressOn(options.progress);
  const errors: ReadError[] = [];
  const notes: string[] = [];
  const assignments = new Map<string, TenantAssignment>();
  const scopesRead: string[] = [];
  let done = 0;
  let total = 0;
  let count = 0;
  const show = (): void =>
    progress.update(`role assignments: ${done}/${total} scopes, ${count} assignments`);

  const limit = limiter(options.concurrency ?? 4);
  const readScope = async (read: ScopeRead): Promise<void> => {
    try {
      const found = await limit(() =>
        listAssignments(arm, read, {
          abortSignal: AbortSignal.timeout(options.scopeTimeoutMs ?? 300_000),
          onItem: () => {
            count++;
            if (count % 500 === 0) show();
          },
        }),
      );
      for (const a of found) assignments.set(a.id.toLowerCase(), a);
      scopesRead.push(read.scope);
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      const narrower = status === 403 ? narrowerReads(read.scope, options.scopes) : [];
      if (narrower.length > 0) {
        total += narrower.length;
        notes.push(
          `${read.scope} could not be read as a whole (403): the named scopes inside it were read one by one`,
        );
        // The refused read has given its slot back: the narrower ones queue for slots like any other.
        await Promise.all(narrower.map(readScope));
      } else {
        errors.push(readError("arm", read.scope, error, credential.tokens));
      }
    } finally {
      done++;
      show();
    }
  };

  const reads = coveringReads(options.scopes);
  total = reads.length;
  const graph = graphReader(credential, options.graph);
  const [users, groups] = await Promise.all([
    readUsers(credential, graph, errors, notes, (n) => progress.update(`users: ${n} read`)),
    options.groups ? readGroups(credential, graph, options.groups, limit, errors) : undefined,
    Promise.all(reads.map(readScope)),
  ]);
  progress.done();
  return {
    assignments: [...assignments.values()],
    users: users ?? [],
    usersRead: users !== undefined,
    scopesRead: scopesRead.sort(),
    ...(groups?.groups ? { groups: groups.groups } : {}),
    ...(groups ? { groupMembers: groups.members } : {}),
    errors,
    notes,
  };
}

/**
 * The groups named like declared ones, and the direct members of each declared one (by display name, or
 * by the object id the state gives), a few groups at a time. A group whose members cannot be read is an
 * error for `/groups/<id>/members`; its memberships are then not judged.
 */
async function readGroups(
  credential: RecordingCredential,
  graph: GraphReader,
  declared: NonNullable<LiveReadOptions["groups"]>,
  limit: Limiter,
  errors: ReadError[],
): Promise<{ groups?: TenantGroup[]; members: GroupMembers[] }> {
  let groups: TenantGroup[] | undefined;
  try {
    groups = await limit(() => listGroups(graph));
  } catch (error) {
    errors.push(readError("graph", "/groups", error, credential.tokens));
  }
  const names = new Set(declared.displayNames.map((n) => n.toLowerCase()));
  // A group the state holds and the tenant lacks was deleted: there are no members to read (a 404).
  const known = groups ? new Set(groups.map((g) => g.id)) : undefined;
  const ids = new Set(declared.objectIds.filter((id) => known === undefined || known.has(id)));
  for (const g of groups ?? [])
    if (g.displayName && names.has(g.displayName.toLowerCase())) ids.add(g.id);
  const members: GroupMembers[] = [];
  await Promise.all(
    [...ids].sort().map(async (id) => {
      try {
        members.push({ group: id, members: await limit(() => listMembers(graph, id)) });
      } catch (error) {
        errors.push(readError("graph", `/groups/${id}/members`, error, credential.tokens));
      }
    }),
  );
  return { ...(groups ? { groups } : {}), members };
}

async function readUsers(
  credential: RecordingCredential,
  graph: GraphReader,
  errors: ReadError[],
  notes: string[],
  onPage: (count: number) => void,
): Promise<TenantUser[] | undefined> {
  try {
    const read = await listUsers(graph, { onPage });
    if (read.signInRefusal) {
      notes.push(
        `sign-in activity was not read (Graph answered ${redactSecrets(read.signInRefusal, credential.tokens)}): it needs AuditLog.Read.All and an Entra ID P1 licence; stale guests are listed without their last sign-in`,
      );
    }
    return read.users;
  } catch (error) {
    errors.push(readError("graph", "/users", error, credential.tokens));
    return undefined;
  }
}
