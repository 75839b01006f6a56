/** Strings that break out of text, attributes, URLs or comments when not escaped. */
export const NASTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '`${alert(1)}`',
  '&lt;already-escaped&gt; & &amp;',
  '<!-- --><svg onload=alert(1)>',
  'javascript:alert(1)',
  '</textarea></title></style>',
  'ünïcødé ✓ 🚀 \u202e',
];

/** The nasty strings that contain markup characters, so they must never appear verbatim in output. */
export const MARKUP = NASTY.filter((s) => /[<>"'`&]/.test(s));
