/** One GitHub Actions annotation (`::error file=...,line=...::message`). */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  /** Path relative to the repository root, as GitHub shows files in a pull request. */
  file?: string;
  line?: number;
  endLine?: number;
  title?: string;
}

/** Escapes a workflow command's message: `%`, CR and LF would otherwise end or corrupt the command. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value: additionally `:` and `,`, which separate properties. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Formats one workflow command line, properties in the given order, absent ones left out. */
function formatWorkflowCommand(
  command: string,
  properties: Readonly<Record<string, string | number | undefined>>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeCommandData(message)}`;
}

/** Formats one annotation as a workflow command line (no trailing newline). */
export function formatAnnotation(annotation: Annotation): string {
  return formatWorkflowCommand(
    annotation.level,
    {
      file: annotation.file,
      line: annotation.file !== undefined ? annotation.line : undefined,
      endLine: annotation.file !== undefined ? annotation.endLine : undefined,
      title: annotation.title,
    },
    annotation.message,
  );
}

/** Writes annotations, one workflow command per line. */
export function writeAnnotations(annotations: readonly Annotation[]): string {
  return annotations.map((annotation) => `${formatAnnotation(annotation)}\n`).join('');
}
