/**
 * A synthetic declaration of N guests for the bench and the equivalence tests: each with three grants the dev
 * guardrails allow, spread over three domains and three scopes, so a big plan is also a clean one.
 *
 * By default every guest is invited the same way (the bench's steady load). `varied` exercises every branch
 * of what a guest yields: existing users by object id, invitations not sent, custom messages with a cc,
 * `delete-user`, tickets, and grants with their own earlier expiry.
 */

const DOMAINS = ["contoso.example", "fabrikam.example", "northwind.example"];
const ROLES = ["Reader", "Log Analytics Reader", "Monitoring Reader"];
const SCOPES = ["shop-prod", "shop-staging", "data-platform"];

/** How to vary the guests. */
export interface GenerateOptions {
  /** Mix every kind of guest (see above) instead of one kind. */
  readonly varied?: boolean;
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
    "  shop-prod: /subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod",
    "  shop-staging: /subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-staging",
    "  data-platform: /subscriptions/9c4d7e2f-1a3b-4c5d-8e9f-0a1b2c3d4e5f/resourceGroups/data-platform",
    "guests:",
  ];
  for (let i = 0; i < guests; i++) {
    const domain = DOMAINS[i % DOMAINS.length] as string;
    lines.push(
      `  - email: guest${String(i).padStart(4, "0")}@${domain}`,
      `    displayName: Guest ${i}`,
      "    sponsor: bob.lindqvist@ourcorp.example",
      "    reason: Bench load",
      "    expires: 2027-06-30",
      ...(options.varied ? variation(i) : []),
      "    access:",
      ...ROLES.map((role, r) => {
        const scope = SCOPES[(i + r) % SCOPES.length] as string;
        const expires = options.varied && r === 1 && i % 6 === 5 ? ", expires: 2027-01-31" : "";
        return `      - { role: ${role}, scope: ${scope}${expires} }`;
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}
