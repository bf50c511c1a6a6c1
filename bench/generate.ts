/**
 * A synthetic declaration of N guests for the bench: each invited, with three grants the dev guardrails allow,
 * spread over three domains and three scopes, so a big plan is also a clean one.
 */

const DOMAINS = ["contoso.example", "fabrikam.example", "northwind.example"];
const ROLES = ["Reader", "Log Analytics Reader", "Monitoring Reader"];
const SCOPES = ["shop-prod", "shop-staging", "data-platform"];

/** The YAML text of a declaration with `guests` guests. */
export function generateDeclaration(guests: number): string {
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
      "    access:",
      ...ROLES.map(
        (role, r) =>
          `      - { role: ${role}, scope: ${SCOPES[(i + r) % SCOPES.length] as string} }`,
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}
