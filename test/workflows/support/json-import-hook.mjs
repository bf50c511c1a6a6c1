// A module hook (node:module `register`) that lets Node 20 load @actions/workflow-parser.
//
// The parser is bundler-style ESM: it imports its JSON schema (`import WorkflowSchema from
// "../workflow-v1.0.min.json"`) without the `with { type: "json" }` attribute that Node requires, and plain
// Node refuses it with ERR_IMPORT_ASSERTION_TYPE_MISSING. This hook adds the attribute to every `.json`
// import that lacks one; nothing else is changed.

/** The `load` hook: a `.json` module without an import attribute is loaded as JSON. */
export async function load(url, context, nextLoad) {
  if (url.endsWith(".json") && context.importAttributes?.type === undefined) {
    return nextLoad(url, {
      ...context,
      importAttributes: { ...context.importAttributes, type: "json" },
    });
  }
  return nextLoad(url, context);
}
