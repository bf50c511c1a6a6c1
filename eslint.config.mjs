// ESLint flat config: typescript-eslint's type-checked rules over every TypeScript file, and the
// recommended rules over the few CommonJS entry points (bin, the mocha reporter, the bench runner).
import eslint from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // dist/ holds build output (the bundled policy pack), not source.
  { ignores: ["node_modules/", "policy/node_modules/", "dist/"] },
  {
    files: ["**/*.js"],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
  },
  {
    files: ["**/*.ts"],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Tests and the gRPC/mocks glue read untyped protocol objects; the compiler's strict mode guards the rest.
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
