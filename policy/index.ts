/**
 * The `guest-access` policy pack: run with
 * `pulumi preview --policy-pack policy --policy-pack-config policy/config/dev.json`.
 *
 * This is the only place a `PolicyPack` is constructed: constructing one starts the analyzer's gRPC server
 * and keeps the process alive, so everything else imports `./policies` instead.
 */

import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "./policies/index";

new PolicyPack(PACK_NAME, {
  policies,
  enforcementLevel: PACK_ENFORCEMENT_LEVEL,
  description:
    "Guardrails for guest access: which roles guests may ever receive, where, and for how long.",
  provider: "azure",
  tags: ["azure", "rbac", "guests"],
});
