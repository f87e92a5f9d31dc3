import { isEditMatchError, type ProtocolError } from './errors';

function fenceFor(content: string): string {
  let longest = 0;
  for (const match of content.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * The correction to send back to the model after an operation failed to apply: what went
 * wrong, and for a SEARCH that matched nothing or several places, the file's current content
 * so the next attempt can copy the lines exactly.
 */
export function formatEditRetryRequest(error: ProtocolError): string {
  if (!isEditMatchError(error)) return error.message;
  const { path, fileContent } = error.details.edit;
  const fence = fenceFor(fileContent);
  return [
    error.message,
    '',
    `Current content of ${path}:`,
    `${fence}`,
    fileContent.endsWith('\n') ? fileContent.slice(0, -1) : fileContent,
    fence,
    '',
    'Reply with corrected <shipyard-edit> blocks for this file, or the whole file in <shipyard-write>. Nothing from your previous answer was applied, so repeat every other change too.',
  ].join('\n');
}
