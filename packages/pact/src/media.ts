import type { MediaTypeModel } from '@rollgate/openapi';

/** `application/json; charset=utf-8` becomes `application/json`. */
export function baseMediaType(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** True when a declared media type (possibly a range like `application/*`) covers an actual one. */
export function mediaCovers(declared: string, actual: string): boolean {
  const d = baseMediaType(declared);
  const a = baseMediaType(actual);
  if (d === a || d === '*/*' || a === '*/*') return true;
  const [dType, dSub] = d.split('/');
  const [aType, aSub] = a.split('/');
  if (dSub === '*' && dType === aType) return true;
  return aSub === '*' && dType === aType;
}

/** True for JSON and `+json` media types. */
export function isJsonLike(mediaType: string): boolean {
  const base = baseMediaType(mediaType);
  return base === 'application/json' || base.endsWith('+json') || base.endsWith('/json');
}

/**
 * The declared media type an actual one selects: an exact match first, then a covering range.
 * Without an actual type, the JSON one (bodies in pacts are nearly always JSON), else the first.
 */
export function selectMedia(content: readonly MediaTypeModel[], actual: string | undefined): MediaTypeModel | undefined {
  if (content.length === 0) return undefined;
  if (actual === undefined) return content.find((m) => isJsonLike(m.mediaType)) ?? content[0];
  const base = baseMediaType(actual);
  return (
    content.find((m) => baseMediaType(m.mediaType) === base) ??
    content.find((m) => mediaCovers(m.mediaType, actual))
  );
}

/** Media ranges of an Accept header, without their parameters (`q=`). */
export function acceptRanges(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((range) => baseMediaType(range))
    .filter((range) => range !== '');
}
