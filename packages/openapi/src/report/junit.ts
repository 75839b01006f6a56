/** A failure inside a JUnit test case. */
export interface JUnitFailure {
  /** One-line summary, shown by CI systems next to the test name. */
  message: string;
  /** Kind of failure; we use the rule ID. */
  type: string;
  /** Full text, one finding per line. */
  text?: string;
}

/** One JUnit test case. */
export interface JUnitCase {
  name: string;
  classname: string;
  failures?: JUnitFailure[];
  /** Set to skip the case, with the reason as text. */
  skipped?: string;
  systemOut?: string;
  /**
   * Name and value pairs (names may repeat), written as the case's `<properties>`: the JUnit 5
   * and Surefire form that Jenkins, GitLab and the GitHub test reporters read.
   */
  properties?: readonly (readonly [name: string, value: string])[];
}

/** One JUnit test suite. */
export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
  /** Seconds the suite took, when measured. */
  time?: number;
  /** ISO 8601 time the suite ran. */
  timestamp?: string;
  properties?: Readonly<Record<string, string>>;
}

/**
 * Characters XML 1.0 cannot carry at all, not even as a character reference: C0 controls except
 * tab/LF/CR, lone surrogates, U+FFFE and U+FFFF. They become a visible `\uXXXX` instead.
 */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function replaceInvalid(text: string): string {
  return text.replace(XML_INVALID, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Escapes text for XML element content. `]]>` needs no care since we never write CDATA. */
function escapeXmlText(text: string): string {
  return replaceInvalid(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a double-quoted XML attribute; whitespace controls become references so parsers keep them. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function attributes(values: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

/** Writes JUnit XML (the Ant/Surefire dialect that Jenkins, GitLab, Azure and GitHub reporters read). */
export function writeJUnit(suites: readonly JUnitSuite[], options: { name?: string } = {}): string {
  const count = (suite: JUnitSuite, kind: 'failures' | 'skipped'): number =>
    suite.cases.filter((testCase) => (kind === 'failures' ? testCase.failures?.length : testCase.skipped !== undefined)).length;
  const total = (kind: 'tests' | 'failures' | 'skipped'): number =>
    suites.reduce((sum, suite) => sum + (kind === 'tests' ? suite.cases.length : count(suite, kind)), 0);

  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites${attributes({ name: options.name, tests: total('tests'), failures: total('failures'), errors: 0, skipped: total('skipped') })}>`,
  );
  for (const suite of suites) {
    lines.push(
      `  <testsuite${attributes({
        name: suite.name,
        tests: suite.cases.length,
        failures: count(suite, 'failures'),
        errors: 0,
        skipped: count(suite, 'skipped'),
        time: suite.time,
        timestamp: suite.timestamp,
      })}>`,
    );
    const properties = Object.entries(suite.properties ?? {});
    if (properties.length > 0) {
      lines.push('    <properties>');
      for (const [name, value] of properties) lines.push(`      <property${attributes({ name, value })}/>`);
      lines.push('    </properties>');
    }
    for (const testCase of suite.cases) {
      const open = `    <testcase${attributes({ name: testCase.name, classname: testCase.classname })}`;
      const body: string[] = [];
      if (testCase.properties?.length) {
        body.push('      <properties>');
        for (const [name, value] of testCase.properties) body.push(`        <property${attributes({ name, value })}/>`);
        body.push('      </properties>');
      }
      for (const failure of testCase.failures ?? []) {
        const attrs = attributes({ message: failure.message, type: failure.type });
        body.push(failure.text ? `      <failure${attrs}>${escapeXmlText(failure.text)}</failure>` : `      <failure${attrs}/>`);
      }
      if (testCase.skipped !== undefined) body.push(`      <skipped${attributes({ message: testCase.skipped })}/>`);
      if (testCase.systemOut) body.push(`      <system-out>${escapeXmlText(testCase.systemOut)}</system-out>`);
      lines.push(body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
