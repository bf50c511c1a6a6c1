/**
 * Users from Microsoft Graph (`GET /v1.0/users`) through the official client
 * (`@microsoft/microsoft-graph-client` with `TokenCredentialAuthenticationProvider`). The client's retry
 * handler honours `Retry-After` on 429, 503 and 504; this reader adds backoff retries for the other
 * transient failures (500, 502, a dropped connection, a timeout) and follows `@odata.nextLink` only on the
 * same host (the client would not send the token elsewhere, and a page from elsewhere is not Graph's).
 *
 * `signInActivity` is returned only when selected, and only to a reader with AuditLog.Read.All in a tenant
 * with Entra ID P1; otherwise Graph refuses the whole request with 403
 * (`Authentication_RequestFromNonPremiumTenantOrB2CTenant`, or `Authorization_RequestDenied`). The reader
 * then asks again without it and says so in the report's notes: stale guests are reported without their
 * last sign-in rather than not at all.
 */

import { Client, GraphError, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { TokenCredential } from "@azure/identity";
import { readGroupExport, readMemberExport, type ListExport } from "../exports/groups";
import { readUserExport } from "../exports/users";
import type { TenantGroup, TenantMember, TenantUser } from "../model";
import { GRAPH_SCOPE } from "./credential";

/** The fields the review reads. */
export const USER_FIELDS = [
  "id",
  "displayName",
  "userType",
  "mail",
  "otherMails",
  "userPrincipalName",
  "externalUserState",
  "externalUserStateChangeDateTime",
  "createdDateTime",
] as const;

/** How the Graph client is built and paced; tests point it at a loopback server. */
export interface GraphClientOptions {
  /** The Graph root; `https://graph.microsoft.com` by default. */
  readonly baseUrl?: string;
  /** Options for `fetch` (tests pass an undici dispatcher trusting their server's certificate). */
  readonly fetchOptions?: RequestInit & Record<string, unknown>;
  /** Retries, and the first backoff in seconds (doubled each time for transient errors). */
  readonly retry?: { readonly maxRetries: number; readonly delaySeconds: number };
  /** Milliseconds before one page's request is abandoned (and retried). */
  readonly timeoutMs?: number;
}

/** A Graph client and the rules it is used with. */
export interface GraphReader {
  readonly client: Client;
  readonly origin: string;
  readonly retry: { readonly maxRetries: number; readonly delaySeconds: number };
  readonly timeoutMs: number;
}

/** The Graph client. */
export function graphReader(
  credential: TokenCredential,
  options: GraphClientOptions = {},
): GraphReader {
  const baseUrl = new URL(options.baseUrl ?? "https://graph.microsoft.com/");
  const client = Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] }),
    baseUrl: baseUrl.href,
    defaultVersion: "v1.0",
    // The client sends the token only to Graph's own hosts and to these.
    ...(baseUrl.hostname !== "graph.microsoft.com"
      ? { customHosts: new Set([baseUrl.hostname]) }
      : {}),
    ...(options.fetchOptions ? { fetchOptions: options.fetchOptions } : {}),
  });
  return {
    client,
    origin: baseUrl.origin,
    retry: options.retry ?? { maxRetries: 4, delaySeconds: 2 },
    timeoutMs: options.timeoutMs ?? 60_000,
  };
}

/** Transient failures the client's retry handler leaves to the caller. */
function isTransient(error: unknown): boolean {
  if (error instanceof GraphError) {
    // The client reports a failed fetch (no response) with status -1.
    return [-1, 500, 502, 503, 504, 429].includes(error.statusCode);
  }
  return error instanceof TypeError || (error as { name?: unknown }).name === "TimeoutError";
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One page, with the client's retries and ours around it. */
async function getPage(reader: GraphReader, path: string): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await reader.client
        .api(path)
        .middlewareOptions([
          new RetryHandlerOptions(reader.retry.delaySeconds, reader.retry.maxRetries),
        ])
        .option("signal", AbortSignal.timeout(reader.timeoutMs))
        .get()) as unknown;
    } catch (error) {
      if (attempt >= reader.retry.maxRetries || !isTransient(error)) throw error;
      await sleep(reader.retry.delaySeconds * 1000 * 2 ** attempt);
    }
  }
}

/** Graph's answer when sign-in activity may not be read by this reader or in this tenant. */
function isSignInActivityRefusal(error: unknown): boolean {
  return error instanceof GraphError && error.statusCode === 403;
}

/** What a users read gives. */
export interface UsersRead {
  readonly users: TenantUser[];
  /** Whether `signInActivity` was read. */
  readonly signInActivity: boolean;
  /** Why it was not, when it was asked for and refused. */
  readonly signInRefusal?: string;
}

/** Every user, all pages; with sign-in activity when Graph allows it. */
export async function listUsers(
  reader: GraphReader,
  options: { readonly onPage?: (count: number) => void } = {},
): Promise<UsersRead> {
  const query = (fields: readonly string[]): string =>
    `/users?$select=${fields.join(",")}&$top=999`;
  let first: unknown;
  let signInActivity = true;
  let signInRefusal: string | undefined;
  try {
    first = await getPage(reader, query([...USER_FIELDS, "signInActivity"]));
  } catch (error) {
    if (!isSignInActivityRefusal(error)) throw error;
    signInActivity = false;
    const e = error as GraphError;
    signInRefusal = `${e.code ?? "403"}: ${(e.message ?? "").split("\n")[0] ?? ""}`;
    first = await getPage(reader, query(USER_FIELDS));
  }
  const users = await followPages(
    reader,
    first,
    (data) => {
      const page = readUserExport(data, "Graph GET /users");
      return { items: page.users, ...(page.nextLink ? { nextLink: page.nextLink } : {}) };
    },
    options.onPage,
  );
  return { users, signInActivity, ...(signInRefusal ? { signInRefusal } : {}) };
}

/** Every item of a listing from its first page on, following `@odata.nextLink` on Graph's own origin only. */
async function followPages<T>(
  reader: GraphReader,
  first: unknown,
  read: (data: unknown) => ListExport<T>,
  onPage?: (count: number) => void,
): Promise<T[]> {
  const items: T[] = [];
  let page = read(first);
  for (;;) {
    items.push(...page.items);
    onPage?.(items.length);
    if (!page.nextLink) break;
    const next = new URL(page.nextLink);
    if (next.origin !== reader.origin) {
      throw new Error(
        `Graph answered with an @odata.nextLink to ${next.origin}, not ${reader.origin}; refusing to follow it`,
      );
    }
    page = read(await getPage(reader, page.nextLink));
  }
  return items;
}

/** The prefix of every declared group's display name, as a Graph string literal may hold it. */
export const GROUP_FILTER = "startswith(displayName,'guest-access-')";

/**
 * The groups that could be declared ones: those whose display name starts `guest-access-` (a standard
 * `$filter`: no `ConsistencyLevel` needed without `$orderby`, `$search` or `$count`), all pages.
 */
export async function listGroups(reader: GraphReader): Promise<TenantGroup[]> {
  const path = `/groups?$filter=${encodeURIComponent(GROUP_FILTER)}&$select=id,displayName,description`;
  return followPages(reader, await getPage(reader, path), (data) =>
    readGroupExport(data, "Graph GET /groups"),
  );
}

/**
 * A group's direct members (`GET /groups/{id}/members`: not transitive, as `az ad group member list`
 * reads them, and as the stack's `GroupMember`s make them), all pages; each with its `@odata.type`.
 */
export async function listMembers(reader: GraphReader, groupId: string): Promise<TenantMember[]> {
  const path = `/groups/${encodeURIComponent(groupId)}/members`;
  return followPages(reader, await getPage(reader, path), (data) =>
    readMemberExport(data, `Graph GET ${path}`),
  );
}
