/**
 * A synthetic tenant for the drift bench: a declaration of `guests` guests with three grants each, and the
 * exports of a tenant around it (`az role assignment list --all` entries, `az ad user list` entries with
 * Graph's guest fields), in the shapes the review reads. Mostly in sync, with every kind of drift mixed in.
 *
 * With `groups`, every other guest gets its access through one of that many declared groups instead (three
 * grants each), and the tenant has the groups (`az ad group list`) and each declared group's members
 * (`az ad group member list`, one file per group): most declared members present, some missing, and one
 * member nobody declared per group.
 */

import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";

/** The date the bench judges expiries and pending invitations against. */
export const DRIFT_BENCH_TODAY = "2026-11-26";

const SUBSCRIPTIONS = [
  "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b",
  "9c4d7e2f-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
];
const ROLES = [
  ["Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
  ["Log Analytics Reader", "73c42c96-874c-492b-b04d-ab87d138a893"],
  ["Monitoring Reader", "43d0d8ad-25c7-4714-9337-8ba259a9fe05"],
] as const;
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const GROUPS = 50;

/** A GUID made from a kind (one hex digit) and a counter. */
function guid(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `${kind.toString(16)}${"0".repeat(7)}-0000-4000-8000-${hex}`;
}

function scopeOf(i: number): string {
  const sub = SUBSCRIPTIONS[i % SUBSCRIPTIONS.length] as string;
  return `/subscriptions/${sub}/resourceGroups/rg-${String(i % GROUPS).padStart(3, "0")}`;
}

function email(i: number): string {
  return `guest${String(i).padStart(6, "0")}@partner${i % 7}.example`;
}

/** The sizes of a synthetic tenant. */
export interface DriftBenchSize {
  readonly guests: number;
  readonly users: number;
  readonly assignments: number;
  /** Declared groups; every other guest is a member of one of them instead of holding its own grants. */
  readonly groups?: number;
}

/** Whether guest `i` gets its access through a group (of `size.groups`), and which. */
function groupOf(size: DriftBenchSize, i: number): number | undefined {
  return size.groups && i % 2 === 0 ? (i / 2) % size.groups : undefined;
}

function groupName(g: number): string {
  return `bench-group-${String(g).padStart(3, "0")}`;
}

/** The declaration, as YAML text. */
export function driftDeclaration(size: DriftBenchSize): string {
  const lines = ["version: 1"];
  if (size.groups) {
    lines.push("groups:");
    for (let g = 0; g < size.groups; g++) {
      lines.push(
        `  ${groupName(g)}:`,
        "    sponsor: bob.lindqvist@ourcorp.example",
        "    reason: Bench load",
        "    access:",
        ...ROLES.map(([role], r) => `      - { role: ${role}, scope: ${scopeOf(g + r)} }`),
      );
    }
  }
  lines.push("guests:");
  for (let i = 0; i < size.guests; i++) {
    const group = groupOf(size, i);
    lines.push(
      `  - email: ${email(i)}`,
      `    displayName: Guest ${i}`,
      "    sponsor: bob.lindqvist@ourcorp.example",
      "    reason: Bench load",
      "    expires: 2027-06-30",
      ...(group !== undefined
        ? [`    memberOf: [${groupName(group)}]`]
        : [
            "    access:",
            ...ROLES.map(([role], r) => `      - { role: ${role}, scope: ${scopeOf(i + r)} }`),
          ]),
    );
  }
  return `${lines.join("\n")}\n`;
}

function azAssignment(
  n: number,
  scope: string,
  roleId: string,
  principalId: string,
  principalType: string,
): object {
  const sub = scope.split("/")[2] as string;
  const name = guid(10, n);
  return {
    canDelegate: null,
    condition: null,
    conditionVersion: null,
    description: null,
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    principalId,
    principalName: principalType === "User" ? `${principalId}@ourcorp.example` : "",
    principalType,
    resourceGroup: scope.split("/")[4] ?? "",
    roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
    roleDefinitionName: "",
    scope,
    type: "Microsoft.Authorization/roleAssignments",
  };
}

/** The users export: declared guests, other guests, members. */
export function driftUsers(size: DriftBenchSize): object[] {
  const users: object[] = [];
  for (let i = 0; i < size.users; i++) {
    const declared = i < size.guests;
    const guest = declared || i < size.guests + (size.users - size.guests) / 2;
    const address = declared
      ? email(i)
      : guest
        ? `other${i}@elsewhere.example`
        : `member${i}@ourcorp.example`;
    users.push({
      id: guid(1, i),
      displayName: `User ${i}`,
      userType: guest ? "Guest" : "Member",
      mail: address,
      otherMails: [],
      userPrincipalName: guest
        ? `${address.replace("@", "_")}#EXT#@ourcorp.onmicrosoft.com`
        : address,
      externalUserState: guest ? (i % 50 === 0 ? "PendingAcceptance" : "Accepted") : null,
      externalUserStateChangeDateTime: guest ? "2026-06-01T10:00:00Z" : null,
      createdDateTime: "2026-06-01T10:00:00Z",
    });
  }
  return users;
}

/**
 * The assignments export: 90% of the declared grants in sync (the rest missing), one grant per other guest
 * (unmanaged), and members' and groups' assignments (not reviewed, some orphaned) up to `assignments`.
 */
export function driftAssignments(size: DriftBenchSize): object[] {
  const out: object[] = [];
  let n = 0;
  for (let g = 0; g < (size.groups ?? 0); g++) {
    ROLES.forEach(([, roleId], r) => {
      if ((g * 3 + r) % 10 !== 0)
        out.push(azAssignment(n++, scopeOf(g + r), roleId, guid(7, g), "Group"));
    });
  }
  for (let i = 0; i < size.guests; i++) {
    if (groupOf(size, i) !== undefined) continue;
    ROLES.forEach(([, roleId], r) => {
      if ((i * 3 + r) % 10 !== 0)
        out.push(azAssignment(n++, scopeOf(i + r), roleId, guid(1, i), "User"));
    });
  }
  for (let i = size.guests; i < size.guests + (size.users - size.guests) / 2; i++) {
    out.push(azAssignment(n++, scopeOf(i), ROLES[0][1], guid(1, i), "User"));
  }
  let k = 0;
  while (out.length < size.assignments) {
    const principal = k % 3 === 0 ? guid(9, k) : guid(1, size.users - 1 - (k % 1000));
    const type = k % 3 === 0 ? "Group" : k % 97 === 0 ? "Unknown" : "User";
    out.push(
      azAssignment(
        n++,
        `${scopeOf(k)}/providers/Microsoft.Storage/storageAccounts/sa${k}`,
        CONTRIBUTOR,
        principal,
        type,
      ),
    );
    k++;
  }
  return out;
}

/** The groups export: the declared groups, and as many others. */
export function driftGroups(size: DriftBenchSize): object[] {
  const out: object[] = [];
  for (let g = 0; g < 2 * (size.groups ?? 0); g++) {
    const declared = g < (size.groups ?? 0);
    out.push({
      id: declared ? guid(7, g) : guid(8, g),
      description: declared
        ? `guest-access: groups.${groupName(g)} of the access declaration`
        : null,
      displayName: declared ? `guest-access-${groupName(g)}` : `Team ${g}`,
      groupTypes: [],
      mailEnabled: false,
      mailNickname: `g${g}`,
      securityEnabled: true,
    });
  }
  return out;
}

/** One declared group's members: its declared guests but every twentieth, and one account nobody declared. */
export function driftMembers(size: DriftBenchSize, g: number): object[] {
  const out: object[] = [];
  const member = (i: number): object => ({
    "@odata.type": "#microsoft.graph.user",
    id: guid(1, i),
    displayName: `User ${i}`,
    mail: i < size.guests ? email(i) : `other${i}@elsewhere.example`,
    userPrincipalName: `${(i < size.guests ? email(i) : `other${i}@elsewhere.example`).replace("@", "_")}#EXT#@ourcorp.onmicrosoft.com`,
  });
  for (let i = 0; i < size.guests; i++) {
    if (groupOf(size, i) === g && i % 20 !== 0) out.push(member(i));
  }
  out.push(member(size.guests + g));
  return out;
}

/** The files of a synthetic tenant, as `writeDriftInputs` wrote them. */
export interface DriftInputs {
  readonly dir: string;
  readonly declaration: string;
  readonly assignments: string;
  readonly users: string;
  /** With groups: the groups export, and each declared group's members file by group name. */
  readonly groups?: { readonly file: string; readonly members: ReadonlyMap<string, string> };
}

/**
 * Writes a list as `JSON.stringify(list, null, 2)` would (as `az ... -o json` prints), one entry at a time:
 * the assignments export of the full bench is close to 200 MB of text.
 */
function writeJsonList(file: string, entries: readonly object[]): void {
  const fd = openSync(file, "w");
  try {
    let chunk = "[";
    entries.forEach((entry, i) => {
      chunk += `${i === 0 ? "" : ","}\n  ${JSON.stringify(entry, null, 2).replace(/\n/g, "\n  ")}`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = "";
      }
    });
    writeSync(fd, `${chunk}${entries.length === 0 ? "]" : "\n]"}`);
  } finally {
    closeSync(fd);
  }
}

/** Writes the declaration and both exports of a tenant of `size` into `dir`. */
export function writeDriftInputs(dir: string, size: DriftBenchSize): DriftInputs {
  const inputs: DriftInputs = {
    dir,
    declaration: join(dir, "access.yaml"),
    assignments: join(dir, "assignments.json"),
    users: join(dir, "users.json"),
  };
  writeFileSync(inputs.declaration, driftDeclaration(size));
  writeJsonList(inputs.assignments, driftAssignments(size));
  writeJsonList(inputs.users, driftUsers(size));
  if (!size.groups) return inputs;
  const members = new Map<string, string>();
  for (let g = 0; g < size.groups; g++) {
    const file = join(dir, `members-${groupName(g)}.json`);
    writeJsonList(file, driftMembers(size, g));
    members.set(groupName(g), file);
  }
  const groups = join(dir, "groups.json");
  writeJsonList(groups, driftGroups(size));
  return { ...inputs, groups: { file: groups, members } };
}
