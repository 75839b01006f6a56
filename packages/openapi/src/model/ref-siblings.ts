/** Keywords beside a `$ref` that say nothing about the values a schema accepts. */
const ANNOTATIONS = new Set(['$ref', 'description', 'title', 'summary', '$comment', 'example', 'examples']);

const merged = new WeakMap<Record<string, unknown>, Record<string, unknown> | null>();

/**
 * In OpenAPI 3.1 (JSON Schema 2020-12) the keywords beside a `$ref` apply too: `{$ref: X,
 * maxLength: 5}` accepts what X accepts and is at most 5 long. This gives such a node as the
 * equivalent `allOf` (its own keywords, then X as the last `allOf` member, after any written
 * there), the same object for the same node every time; undefined when only annotations stand
 * beside the `$ref`, which then is the schema it names. (OpenAPI 3.0 ignores the siblings.)
 */
export function refWithSiblings(node: Record<string, unknown>): Record<string, unknown> | undefined {
  const known = merged.get(node);
  if (known !== undefined) return known ?? undefined;
  let result: Record<string, unknown> | null = null;
  for (const key in node) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    const { $ref, ...rest } = node;
    const allOf = Array.isArray(node.allOf) ? node.allOf : [];
    result = { ...rest, allOf: [...allOf, { $ref }] };
    break;
  }
  merged.set(node, result);
  return result ?? undefined;
}
