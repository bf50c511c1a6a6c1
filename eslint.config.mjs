// ESLint flat config: typescript-eslint's type-checked rules over every TypeScript file, the recommended rules
// over the few CommonJS entry points (bin, the mocha reporter, the bench runner), and the architecture's rooms
// (ARCHITECTURE.md, "Rooms and the way data flows") as import rules, so an upward import or a cycle fails the
// build.
import eslint from "@eslint/js";
import globals from "globals";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/**
 * Which of our rooms each room may import (besides itself). An arrow never points up: `azure/` holds leaf
 * facts, `access/` is the pure core, `components/` registers what the core resolved, `program/` declares it,
 * `policy/` is a self-contained pack that reads only `azure/` facts, `review/` is the library behind plan,
 * diff and drift, and `cli/` sits on top. Nothing imports `cli/` or `test/` but the tests (and `bin/`, which
 * is JavaScript). A new folder is a new row here.
 */
const ROOMS = {
  azure: [],
  access: ["azure"],
  components: ["access", "azure"],
  program: ["components", "access", "azure"],
  policy: ["azure"],
  review: ["program", "policy", "access", "components", "azure"],
  cli: ["review", "program", "policy", "access", "components", "azure"],
  "index.ts": ["program"],
  scripts: ["review", "program", "policy", "access", "components", "azure"],
  bench: ["review", "program", "policy", "access", "components", "azure"],
  test: [
    "cli",
    "review",
    "program",
    "policy",
    "access",
    "components",
    "azure",
    "index.ts",
    "scripts",
    "bench",
  ],
};

/** One zone per room: every other room it may not import, resolved to files (so `../../x` cannot dodge it). */
const boundaryZones = Object.entries(ROOMS)
  .map(([room, allowed]) => ({
    target: `./${room}`,
    from: Object.keys(ROOMS)
      .filter((other) => other !== room && !allowed.includes(other))
      .map((other) => `./${other}`),
    message:
      allowed.length === 0
        ? `${room} imports nothing of ours (ARCHITECTURE.md, "Rooms and the way data flows").`
        : `${room} may import only ${allowed.join(", ")} (ARCHITECTURE.md, "Rooms and the way data flows").`,
  }))
  .filter((zone) => zone.from.length > 0);

/** The providers' SDKs: `azure/` facts and the pack stay free of them, so the pack publishes on its own. */
const noProviderSdks = [
  "error",
  {
    paths: ["@pulumi/azure-native", "@pulumi/azuread"].map((name) => ({
      name,
      message: "azure/ and policy/ never load a provider SDK: the pack must publish without one.",
    })),
    patterns: [
      {
        group: ["@pulumi/azure-native/*", "@pulumi/azuread/*"],
        message: "azure/ and policy/ never load a provider SDK: the pack must publish without one.",
      },
    ],
  },
];

export default tseslint.config(
  // dist/ holds build output (the bundled policy pack), not source. test/fixtures/lint/ holds files that break
  // the rules on purpose; test/architecture/ lints them explicitly.
  { ignores: ["node_modules/", "policy/node_modules/", "dist/", "test/fixtures/lint/"] },
  {
    files: ["**/*.js"],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
  },
  {
    files: ["**/*.ts"],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    plugins: { "import-x": importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      // Without these, import-x reads only .js files and no-cycle silently sees no TypeScript import at all.
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "import-x/no-restricted-paths": [
        "error",
        { basePath: import.meta.dirname, zones: boundaryZones },
      ],
      "import-x/no-cycle": "error",
    },
  },
  {
    files: ["azure/**/*.ts", "policy/**/*.ts"],
    rules: { "no-restricted-imports": noProviderSdks },
  },
  {
    // Tests drive the untyped gRPC protocol objects of the policy analyzer (google-protobuf's generated
    // classes) and parse JSON output with `JSON.parse`; asserting on `any` there is the point of the test.
    // Source code keeps every no-unsafe-* rule on.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
