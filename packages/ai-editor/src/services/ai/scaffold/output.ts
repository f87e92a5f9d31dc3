/**
 * Renders operations in the tagged text protocol a language model writes, so scaffold output
 * goes through exactly the same parser, apply and version path as model output.
 */

export type TScaffoldOperation =
  | { type: 'write'; path: string; content: string }
  | { type: 'edit'; path: string; blocks: { search: string; replace: string }[] };

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function attribute(value: string): string {
  return value.replace(/[&"<>]/g, (char) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[char] ?? char);
}

export function renderOperation(operation: TScaffoldOperation): string {
  if (operation.type === 'write') {
    return `<shipyard-write path="${attribute(operation.path)}">\n${withNewline(operation.content)}</shipyard-write>\n`;
  }
  const blocks = operation.blocks
    .map((block) => `<<<<<<< SEARCH\n${withNewline(block.search)}=======\n${withNewline(block.replace)}>>>>>>> REPLACE\n`)
    .join('');
  return `<shipyard-edit path="${attribute(operation.path)}">\n${blocks}</shipyard-edit>\n`;
}

/** Prose, then the operations, then the summary: the order a model is asked to use. */
export function renderProtocolOutput(parts: { prose: string; operations: readonly TScaffoldOperation[]; summary?: string }): string {
  const prose = parts.prose.trim();
  const operations = parts.operations.map(renderOperation).join('');
  const summary = parts.summary ? `<shipyard-summary>${parts.summary.replace(/[<>]/g, '')}</shipyard-summary>\n` : '';
  return `${prose}\n\n${operations}${summary}`;
}
