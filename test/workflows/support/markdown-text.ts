/**
 * Reading a markdown body as GitHub renders it, for the tests that check what a workflow posts.
 */

/**
 * The lines of `markdown` outside fenced code blocks: where GitHub renders emphasis, links, mentions and
 * HTML. A fence closes only on a line of at least as many backticks as opened it (CommonMark).
 */
export function outsideCodeBlocks(markdown: string): string {
  const kept: string[] = [];
  let open: number | undefined;
  for (const line of markdown.split("\n")) {
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (open === undefined && fence !== undefined) open = fence.length;
    else if (open !== undefined && /^`+\s*$/.test(line) && line.trim().length >= open)
      open = undefined;
    else if (open === undefined) kept.push(line);
  }
  return kept.join("\n");
}
