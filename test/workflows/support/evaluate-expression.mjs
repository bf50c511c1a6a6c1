// Evaluates one GitHub Actions expression with @actions/expressions, the evaluator of GitHub's own
// language service (actions/languageservices), as the runner would: `node evaluate-expression.mjs` with
// {"expression": "contains(...)", "contexts": {"github": {...}}} on stdin prints the result as GitHub turns
// it into a string (`true`, `false`, text). A child process, because the package is ESM and mocha runs the
// tests as CommonJS.
import { readFileSync } from "node:fs";
import { Evaluator, Lexer, Parser, data } from "@actions/expressions";

const { expression, contexts } = JSON.parse(readFileSync(0, "utf8"));
const lexed = new Lexer(expression).lex();
const parsed = new Parser(lexed.tokens, Object.keys(contexts), []).parse();
const values = JSON.parse(JSON.stringify(contexts), data.reviver);
process.stdout.write(new Evaluator(parsed, values).evaluate().coerceString());
