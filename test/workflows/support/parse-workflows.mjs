// Parses GitHub workflow files with GitHub's own parser (@actions/workflow-parser, the parser behind the
// GitHub Actions extension for VS Code) and prints, as JSON, every error it reports per file.
//
// Input on stdin: [{ "name": "...", "content": "..." }]. Output: [{ "name": "...", "errors": [...] }].
// Validation is what the language service does (actions/languageservices, languageservice/src/validate.ts):
// parse against the workflow schema, then convert the template with ErrorPolicy.TryConversion, which adds
// the errors only conversion finds (job dependencies, matrix, concurrency, ...).
//
// A separate process, because the parser is ESM that plain Node 20 cannot load (see json-import-hook.mjs)
// and mocha runs the tests as CommonJS.
import { register } from "node:module";

register("./json-import-hook.mjs", import.meta.url);

const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } =
  await import("@actions/workflow-parser");
const { ErrorPolicy } = await import("@actions/workflow-parser/model/convert");

let input = "";
for await (const chunk of process.stdin) input += chunk;

const results = [];
for (const file of JSON.parse(input)) {
  const parsed = parseWorkflow(file, new NoOperationTraceWriter());
  if (parsed.value) {
    await convertWorkflowTemplate(parsed.context, parsed.value, undefined, {
      errorPolicy: ErrorPolicy.TryConversion,
    });
  }
  const errors = parsed.context.errors.getErrors().map((error) => ({
    message: error.message,
    range: error.range ?? null,
  }));
  results.push({ name: file.name, errors });
}
process.stdout.write(JSON.stringify(results));
