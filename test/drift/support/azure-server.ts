/**
 * A loopback HTTPS server that speaks the two APIs a live drift review reads, in their real shapes:
 * ARM `GET /{scope}/providers/Microsoft.Authorization/roleAssignments` (pages with `nextLink`, errors as
 * `{ "error": { "code", "message" } }`) and Graph `GET /v1.0/users` (pages with `@odata.nextLink`, errors as
 * `{ "error": { "code", "message", "innerError" } }`, 429 with `Retry-After`), and, for the groups scenario,
 * Graph `GET /v1.0/groups` and `GET /v1.0/groups/{id}/members` (pages with `@odata.nextLink`). The pages are
 * the fixtures of `test/fixtures/drift/` (`groups/` for the groups scenario), their links pointed at this
 * server. What it does wrong, and when, is chosen per
 * test; every request is recorded.
 */

import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { fixture } from "../scenario";

/** The subscription whose listing the fixtures hold. */
export const SUBSCRIPTION_A = "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
/** A subscription the reader may not read (403). */
export const SUBSCRIPTION_B = "9c4d7e2f-1a3b-4c5d-8e9f-0a1b2c3d4e5f";

/** What goes wrong, once each, unless said otherwise. */
export interface Misbehaviour {
  /** The second ARM page answers 429 with `Retry-After: 1` first. */
  readonly armThrottleOnce?: boolean;
  /** The first ARM page answers 500 first. */
  readonly armServerErrorOnce?: boolean;
  /** Scopes (lower-case, no leading slash) answered with 403 AuthorizationFailed, echoing the token. */
  readonly forbiddenScopes?: readonly string[];
  /** Graph refuses `signInActivity` with 403 (no Entra ID P1). */
  readonly graphNoPremium?: boolean;
  /** The second Graph page answers 429 with `Retry-After: 1` first. */
  readonly graphThrottleOnce?: boolean;
  /** The first Graph page answers 502 first. */
  readonly graphServerErrorOnce?: boolean;
  /** Every Graph request answers 403 (no User.Read.All). */
  readonly graphForbidden?: boolean;
  /** Group ids whose members Graph refuses with 403 (no Group.Read.All). */
  readonly membersForbidden?: readonly string[];
  /** The second page of a group's members answers 429 with `Retry-After: 1` first. */
  readonly membersThrottleOnce?: boolean;
}

/** Which tenant the server holds: the drift scenario's, or the groups scenario's. */
export type ServerScenario = "guests" | "groups";

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly status: number;
}

/** A running server. */
export interface AzureServer {
  /** `https://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The certificate clients must trust. */
  readonly ca: string;
  /** Every request, in order. */
  readonly requests: SeenRequest[];
  /** Stops the server. */
  readonly close: () => Promise<void>;
}

const TLS_DIR = "tls";

function readJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(fixture(name), "utf8")) as Record<string, unknown>;
}

/** A users page with only the `$select`ed fields, as Graph answers. */
function selected(page: Record<string, unknown>, select: string): Record<string, unknown> {
  const fields = new Set(select.split(","));
  const users = (page.value as Record<string, unknown>[]).map((user) =>
    Object.fromEntries(Object.entries(user).filter(([key]) => fields.has(key))),
  );
  return { ...page, value: users };
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** Starts the server on a free loopback port. */
export async function startAzureServer(
  misbehaviour: Misbehaviour = {},
  scenario: ServerScenario = "guests",
): Promise<AzureServer> {
  const ca = readFileSync(fixture(`${TLS_DIR}/cert.pem`), "utf8");
  const requests: SeenRequest[] = [];
  const once = new Set<string>();
  const firstTime = (what: string): boolean => {
    if (once.has(what)) return false;
    once.add(what);
    return true;
  };
  let origin = "";
  const groups = scenario === "groups";
  const armPage1 = readJson(groups ? "groups/arm-assignments.json" : "arm-page-1.json");
  const armPage2 = readJson("arm-page-2.json");
  const usersPage1 = readJson(groups ? "groups/graph-users.json" : "graph-users-page-1.json");
  const usersPage2 = readJson("graph-users-page-2.json");
  const groupsPage = readJson("groups/graph-groups.json");
  const membersPages: Record<string, Record<string, unknown>[]> = {
    "9a000000-0000-4000-8000-0000000000a1": [
      readJson("groups/graph-members-contoso-auditors-page-1.json"),
      readJson("groups/graph-members-contoso-auditors-page-2.json"),
    ],
    "9a000000-0000-4000-8000-0000000000a3": [
      {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
        value: JSON.parse(
          readFileSync(fixture("groups/az-members-northwind-ops.json"), "utf8"),
        ) as unknown,
      },
    ],
  };

  const server: Server = createServer(
    { cert: ca, key: readFileSync(fixture(`${TLS_DIR}/key.pem`), "utf8") },
    (req, res) => {
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      const authorization = req.headers.authorization;
      const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
        requests.push({ method: req.method ?? "", url: req.url ?? "", authorization, status });
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
        res.end(body);
      };
      if (!authorization?.startsWith("Bearer ")) {
        send(401, errorBody("AuthenticationFailed", "Authentication failed: no bearer token."));
        return;
      }

      const arm = /^\/(.+)\/providers\/Microsoft\.Authorization\/roleAssignments$/i.exec(
        url.pathname,
      );
      if (arm && url.searchParams.get("api-version") === "2022-04-01") {
        const scope = decodeURIComponent(arm[1] as string).toLowerCase();
        if (misbehaviour.forbiddenScopes?.includes(scope)) {
          send(
            403,
            errorBody(
              "AuthorizationFailed",
              `The client with object id '5f0c0000-0000-4000-8000-000000000000' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read' over scope '/${scope}' or the scope is invalid. Request header was: ${authorization}`,
            ),
          );
          return;
        }
        if (scope !== `subscriptions/${SUBSCRIPTION_A}`) {
          send(200, JSON.stringify({ value: [] }));
          return;
        }
        if (groups) {
          send(200, JSON.stringify(armPage1));
          return;
        }
        if (url.searchParams.get("$skipToken") === "page2") {
          if (misbehaviour.armThrottleOnce && firstTime("arm-429")) {
            send(429, errorBody("TooManyRequests", "Too many requests."), { "retry-after": "1" });
            return;
          }
          send(200, JSON.stringify(armPage2));
          return;
        }
        if (misbehaviour.armServerErrorOnce && firstTime("arm-500")) {
          send(500, errorBody("InternalServerError", "Something went wrong."));
          return;
        }
        send(
          200,
          JSON.stringify({
            ...armPage1,
            nextLink: `${origin}${url.pathname}?api-version=2022-04-01&$skipToken=page2`,
          }),
        );
        return;
      }

      const members = /^\/v1\.0\/groups\/([^/]+)\/members$/.exec(url.pathname);
      if (members) {
        const id = decodeURIComponent(members[1] as string);
        if (misbehaviour.membersForbidden?.includes(id)) {
          send(
            403,
            JSON.stringify({
              error: {
                code: "Authorization_RequestDenied",
                message: "Insufficient privileges to complete the operation.",
                innerError: { date: "2026-11-26T08:00:00", "request-id": "r-3" },
              },
            }),
          );
          return;
        }
        const pages = membersPages[id];
        if (!pages) {
          send(404, errorBody("Request_ResourceNotFound", `Resource '${id}' does not exist.`));
          return;
        }
        const second = url.searchParams.get("$skiptoken") === "page2";
        if (second && misbehaviour.membersThrottleOnce && firstTime(`members-429-${id}`)) {
          send(429, errorBody("TooManyRequests", "Too many requests."), { "retry-after": "1" });
          return;
        }
        const page = pages[second ? 1 : 0] as Record<string, unknown>;
        const next = page["@odata.nextLink"];
        send(
          200,
          JSON.stringify(
            typeof next === "string"
              ? { ...page, "@odata.nextLink": `${origin}${url.pathname}?$skiptoken=page2` }
              : page,
          ),
        );
        return;
      }
      if (url.pathname === "/v1.0/groups") {
        // Only the filter the reader sends: a listing of every group would not be what it asked for.
        if (url.searchParams.get("$filter") !== "startswith(displayName,'guest-access-')") {
          send(400, errorBody("Request_UnsupportedQuery", "Unexpected $filter."));
          return;
        }
        send(200, JSON.stringify(groupsPage));
        return;
      }
      if (url.pathname === "/v1.0/users") {
        const select = url.searchParams.get("$select") ?? "";
        if (misbehaviour.graphForbidden) {
          send(
            403,
            JSON.stringify({
              error: {
                code: "Authorization_RequestDenied",
                message: "Insufficient privileges to complete the operation.",
                innerError: { date: "2026-11-26T08:00:00", "request-id": "r-1" },
              },
            }),
          );
          return;
        }
        if (misbehaviour.graphNoPremium && select.includes("signInActivity")) {
          send(
            403,
            JSON.stringify({
              error: {
                code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                message: "Neither tenant is B2C or tenant doesn't have premium license",
                innerError: { date: "2026-11-26T08:00:00", "request-id": "r-2" },
              },
            }),
          );
          return;
        }
        if (groups) {
          send(200, JSON.stringify(selected(usersPage1, select)));
          return;
        }
        if (url.searchParams.get("$skiptoken") === "page2") {
          if (misbehaviour.graphThrottleOnce && firstTime("graph-429")) {
            send(429, errorBody("TooManyRequests", "Too many requests."), { "retry-after": "1" });
            return;
          }
          send(200, JSON.stringify(selected(usersPage2, select)));
          return;
        }
        if (misbehaviour.graphServerErrorOnce && firstTime("graph-502")) {
          send(502, errorBody("BadGateway", "Bad gateway."));
          return;
        }
        send(
          200,
          JSON.stringify({
            ...selected(usersPage1, select),
            "@odata.nextLink": `${origin}/v1.0/users?$select=${encodeURIComponent(select)}&$top=3&$skiptoken=page2`,
          }),
        );
        return;
      }
      send(404, errorBody("NotFound", `No route for ${url.pathname}.`));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    ca,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
