import type { Location, Log, ReportingDescriptor, Result } from 'sarif';

/** SARIF result levels. */
export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** A rule as SARIF's `tool.driver.rules[]` describes it. */
export interface SarifRule {
  id: string;
  /** One sentence: what the rule detects. */
  description: string;
  /** Longer text: why it matters. */
  help?: string;
  helpUri?: string;
  level: SarifLevel;
  tags?: string[];
}

/** One finding, before it becomes a SARIF `result`. */
export interface SarifFinding {
  ruleId: string;
  level: SarifLevel;
  message: string;
  /** Artifact path relative to the repository root (or an absolute `file:` URI). */
  file?: string;
  line?: number;
  /** The element the finding is about, e.g. `GET /books/{bookId}`. */
  logicalLocation?: string;
  /** Set when the finding was accepted (a waiver), with the reason. */
  suppression?: string;
  /** Stable identity across runs, so code scanning tracks one finding over commits. */
  fingerprint?: string;
  properties?: Record<string, unknown>;
}

/** The tool that produced a run. */
export interface SarifTool {
  name: string;
  version: string;
  informationUri?: string;
  rules: readonly SarifRule[];
}

/** A SARIF 2.1.0 log, typed by the specification's own definitions. */
export type SarifLog = Log;

/** The schema URI SARIF consumers look for. */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * Encodes a relative path as a URI reference: each segment percent-encoded, slashes kept, so a
 * file named `my api#v2.yaml` stays one artifact instead of a path plus a fragment.
 */
function pathToUriReference(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path;
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** Builds a SARIF 2.1.0 log with one run. */
function buildSarif(tool: SarifTool, findings: readonly SarifFinding[]): SarifLog {
  const ruleIndex = new Map(tool.rules.map((rule, index) => [rule.id, index]));
  const results = findings.map((finding): Result => {
    const result: Result = { ruleId: finding.ruleId, level: finding.level, message: { text: finding.message } };
    const index = ruleIndex.get(finding.ruleId);
    if (index !== undefined) result.ruleIndex = index;
    const location: Location = {};
    if (finding.file !== undefined) {
      const absolute = finding.file.startsWith('/');
      const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(finding.file) && !/^[a-z]:[\\/]/i.test(finding.file);
      location.physicalLocation = {
        artifactLocation: {
          uri: absolute ? `file://${pathToUriReference(finding.file)}` : pathToUriReference(finding.file),
          ...(absolute || hasScheme ? {} : { uriBaseId: '%SRCROOT%' }),
        },
        ...(finding.line !== undefined ? { region: { startLine: finding.line } } : {}),
      };
    }
    if (finding.logicalLocation !== undefined) {
      location.logicalLocations = [{ fullyQualifiedName: finding.logicalLocation, kind: 'function' }];
    }
    if (Object.keys(location).length > 0) result.locations = [location];
    if (finding.fingerprint !== undefined) result.partialFingerprints = { 'rollgate/v1': finding.fingerprint };
    if (finding.suppression !== undefined) {
      result.suppressions = [{ kind: 'external', status: 'accepted', justification: finding.suppression }];
    }
    if (finding.properties) result.properties = finding.properties;
    return result;
  });

  const rules = tool.rules.map(
    (rule): ReportingDescriptor => ({
      id: rule.id,
      name: ruleName(rule.id),
      shortDescription: { text: rule.description },
      ...(rule.help ? { fullDescription: { text: rule.help }, help: { text: rule.help } } : {}),
      ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
      defaultConfiguration: { level: rule.level },
      ...(rule.tags?.length ? { properties: { tags: rule.tags } } : {}),
    }),
  );

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** Writes a SARIF 2.1.0 log as compact JSON: tools read it, and code scanning caps upload sizes. */
export function writeSarif(tool: SarifTool, findings: readonly SarifFinding[]): string {
  return `${JSON.stringify(buildSarif(tool, findings))}\n`;
}

/** `response-property-removed` to `ResponsePropertyRemoved`: SARIF's `name` is an identifier-like form. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
