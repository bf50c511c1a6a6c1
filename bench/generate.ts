/**
 * Synthetic declarations for the bench and the equivalence tests: N guests, each with three grants the dev
 * guardrails allow, spread over three domains. Guests fill one subscription after another, 800 per
 * subscription (2,400 role assignments, below the 80% warning of Azure's 4,000 limit), so a large plan is
 * also a clean one under `benchPolicyConfig`.
 *
 * By default every guest is invited the same way (the bench's steady load). `varied` exercises every branch
 * of what a guest yields: existing users by object id, invitations not sent, custom messages with a cc,
 * `delete-user`, tickets, and grants with their own earlier expiry. `changed` changes the role of one grant
 * in every 33 guests (about 1% of grants), for the diff. `groups` declares that many groups of three grants each
 * (on the first subscription's scopes) and gives each guest no grant of its own but a membership in one of them,
 * round robin: the shape that keeps 20,000 guests within Azure's limits.
 */

const DOMAINS = ["contoso.example", "fabrikam.example", "northwind.example"];
const ROLES = ["Reader", "Log Analytics Reader", "Monitoring Reader"];
const GROUPS = ["shop-prod", "shop-staging", "data-platform"];
/** Guests per subscription. */
const PER_SUBSCRIPTION = 800;

/** How to vary the guests. */
export interface GenerateOptions {
  /** Mix every kind of guest (see above) instead of one kind. */
  readonly varied?: boolean;
  /** Change one grant's role in every 33 guests. */
  readonly changed?: boolean;
  /** Declare this many groups and give each guest a membership instead of grants. */
  readonly groups?: number;
}

/** The g-th generated group's name. */
function groupName(g: number): string {
  return `team-${String(g).padStart(2, "0")}`;
}

/** The `groups:` section of `count` groups, each with three grants. */
function groupLines(count: number): string[] {
  const lines = ["groups:"];
  for (let g = 0; g < count; g++) {
    lines.push(
      `  ${groupName(g)}:`,
      "    sponsor: bob.lindqvist@ourcorp.example",
      "    reason: Bench load",
      "    access:",
      ...ROLES.map(
        (role, r) =>
          `      - { role: ${role}, scope: ${GROUPS[(g + r) % GROUPS.length] as string}-0 }`,
      ),
    );
  }
  return lines;
}

/** The k-th generated subscription's id. */
function subscription(k: number): string {
  return `3f2b8c1e-6d4a-4e8f-9b7c-${k.toString(16).padStart(12, "0")}`;
}

/** The subscriptions a declaration of `guests` guests uses. */
function subscriptions(guests: number): string[] {
  return Array.from({ length: Math.max(1, Math.ceil(guests / PER_SUBSCRIPTION)) }, (_, k) =>
    subscription(k),
  );
}

/** A deterministic GUID for the i-th existing user. */
function objectIdOf(i: number): string {
  const hex = (i * 2654435761).toString(16).padStart(12, "0").slice(-12);
  return `2b7e4c1a-9d3f-4a6b-8e2c-${hex}`;
}

/** The lines particular to the i-th guest of a varied declaration. */
function variation(i: number): string[] {
  const lines: string[] = [];
  if (i % 7 === 3) lines.push(`    objectId: ${objectIdOf(i)}`);
  else if (i % 5 === 1) lines.push("    invitation: { send: false }");
  else if (i % 3 === 2)
    lines.push(
      `    invitation: { message: "Welcome, guest ${i}.", cc: dana.okafor@ourcorp.example }`,
    );
  if (i % 4 === 0) lines.push("    onRemove: delete-user");
  if (i % 2 === 0) lines.push(`    ticket: SEC-${1000 + i}`);
  return lines;
}

/** The YAML text of a declaration with `guests` guests. */
export function generateDeclaration(guests: number, options: GenerateOptions = {}): string {
  const lines = [
    "version: 1",
    "defaults:",
    "  redirectUrl: https://portal.azure.com",
    "  invitation: { send: true, language: en-US }",
    "scopes:",
    ...subscriptions(guests).flatMap((id, k) =>
      GROUPS.map((group) => `  ${group}-${k}: /subscriptions/${id}/resourceGroups/${group}`),
    ),
    ...(options.groups ? groupLines(options.groups) : []),
    "guests:",
  ];
  for (let i = 0; i < guests; i++) {
    const domain = DOMAINS[i % DOMAINS.length] as string;
    const k = Math.floor(i / PER_SUBSCRIPTION);
    lines.push(
      `  - email: guest${String(i).padStart(4, "0")}@${domain}`,
      `    displayName: Guest ${i}`,
      "    sponsor: bob.lindqvist@ourcorp.example",
      "    reason: Bench load",
      "    expires: 2027-06-30",
      ...(options.varied ? variation(i) : []),
    );
    if (options.groups) {
      lines.push(`    memberOf: [${groupName(i % options.groups)}]`);
      continue;
    }
    lines.push(
      "    access:",
      ...ROLES.map((role, r) => {
        const scope = `${GROUPS[(i + r) % GROUPS.length] as string}-${k}`;
        const granted =
          options.changed && r === 0 && i % 33 === 0 ? "Cost Management Reader" : role;
        const expires = options.varied && r === 1 && i % 6 === 5 ? ", expires: 2027-01-31" : "";
        return `      - { role: ${granted}, scope: ${scope}${expires} }`;
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * A policy config (the dev stack's, `policy/config/dev.json`, as `devConfig` text) with the scope boundary
 * widened to the subscriptions a declaration of `guests` guests uses, as JSON text.
 */
export function benchPolicyConfig(guests: number, devConfig: string): string {
  const dev = JSON.parse(devConfig) as Record<string, Record<string, unknown>>;
  const boundary = dev["guest-scope-within-boundary"] ?? {};
  return `${JSON.stringify(
    {
      ...dev,
      "guest-scope-within-boundary": {
        ...boundary,
        allowedScopes: subscriptions(guests).map((id) => `/subscriptions/${id}`),
      },
    },
    null,
    2,
  )}\n`;
}
