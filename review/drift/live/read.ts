/**
 * The tenant, read live: role assignments at every scope the declaration or the policy config names (a few
 * scopes at a time), users from Microsoft Graph, and an error in the report for every read that failed.
 * A scope refused as a whole (403 on a subscription where the reader only sees some resource groups) is
 * read again through the named scopes inside it.
 */

import type { TokenCredential } from "@azure/identity";
import type { ReadError, TenantAssignment, TenantSnapshot, TenantUser } from "../model";
import { armClient, listAssignments, type ArmClientOptions } from "./arm";
import { RecordingCredential } from "./credential";
import { readError } from "./errors";
import { redactSecrets } from "./redact";
import { graphReader, listUsers, type GraphClientOptions } from "./graph";
import { limiter } from "./limit";
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
  const [users] = await Promise.all([
    readUsers(credential, options, errors, notes, (n) => progress.update(`users: ${n} read`)),
    Promise.all(reads.map(readScope)),
  ]);
  progress.done();
  return {
    assignments: [...assignments.values()],
    users: users ?? [],
    usersRead: users !== undefined,
    scopesRead: scopesRead.sort(),
    errors,
    notes,
  };
}

async function readUsers(
  credential: RecordingCredential,
  options: LiveReadOptions,
  errors: ReadError[],
  notes: string[],
  onPage: (count: number) => void,
): Promise<TenantUser[] | undefined> {
  try {
    const read = await listUsers(graphReader(credential, options.graph), { onPage });
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
