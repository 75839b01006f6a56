/**
 * Escapes inline Markdown text (prose after a prefix, headings, GitHub-flavoured table cells).
 * Punctuation that could open emphasis, links, HTML, code or a cell is backslash-escaped; `&`,
 * `@` and `#` become character references so text from a spec can neither spell an entity nor
 * mention a user or an issue in a pull request comment; line breaks become spaces so a cell
 * stays one row. Block syntax (`- `, `1. `, `# `) needs no care: we never start a line with text.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/@/g, '&#64;')
    .replace(/#/g, '&#35;')
    .replace(/\r\n|\r|\n/g, ' ');
}

/**
 * Wraps text in a code span that shows it verbatim: the fence is one backtick longer than the
 * longest run inside. In a table cell `|` must still be escaped (GFM splits cells first).
 */
export function codeSpan(text: string, options: { inTable?: boolean } = {}): string {
  let content = text.replace(/\r\n|\r|\n/g, ' ');
  if (options.inTable) content = content.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || /^ .* $/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A GitHub-flavoured Markdown table; cells are written as given (escape them first). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('left' | 'right')[]): string {
  const rule = header.map((_, index) => (align?.[index] === 'right' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
