/** Where a document came from, as users named it. */
export interface SpecSource {
  kind: 'file' | 'stdin' | 'git' | 'text';
  /** What to show in messages: the path, `-`, `origin/main:api/openapi.yaml`, or a label. */
  name: string;
  /** Absolute path on disk for `file` sources (used to resolve external `$ref`s and for annotations). */
  path?: string;
}

/** A parsed OpenAPI 3.x or Swagger 2.0 document. Internal `$ref`s are kept, never dereferenced. */
export interface LoadedSpec {
  source: SpecSource;
  /** The document, bundled when it had external `$ref`s (so every `$ref` left is internal). */
  document: Record<string, unknown>;
  /** `2.0` for Swagger, `3.0` or `3.1` for OpenAPI. */
  specVersion: '2.0' | '3.0' | '3.1';
  title: string;
  /** `info.version`, verbatim. */
  version: string;
  /** 1-based line of the node at a JSON pointer in the original text, or of its nearest ancestor. */
  lineOf(pointer: string): number | undefined;
  /**
   * `lineOf` for many pointers at once, in one pass over the text: what reports with thousands
   * of changes use. Absent on specs built by hand; callers then fall back to `lineOf`.
   */
  linesOf?(pointers: readonly string[]): (number | undefined)[];
}

/** Options of `loadSpec`. */
export interface LoadOptions {
  /** Directory relative paths and git revisions are resolved from. Defaults to `process.cwd()`. */
  cwd?: string;
  /** Follow `http(s)` `$ref`s. Off by default: a remote ref is then an error naming it. */
  allowRemoteRefs?: boolean;
  /** Run the full schema validation of swagger-parser (slow on large specs). */
  validate?: boolean;
  /** Text to read for the source `-`; defaults to reading process.stdin. */
  stdin?: () => Promise<string>;
}
