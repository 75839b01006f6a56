import { RollgateError, buildModel, parseSpecText } from '@rollgate/openapi';
import type { ApiModel, LoadedSpec } from '@rollgate/openapi';
import { parsePact } from '@rollgate/pact';
import type { Pact } from '@rollgate/pact';
import type { JsonValue } from './store/types.js';

/** A spec received over HTTP, parsed and modelled (which is what proves it valid). */
export interface ParsedSpec {
  spec: LoadedSpec;
  model: ApiModel;
  format: 'json' | 'yaml';
}

// An uploaded document must be self-contained: following its external `$ref`s would let any
// writer read files off the registry's disk.
async function refuseExternalRef(absolutePath: string): Promise<string> {
  throw new RollgateError('SPEC_INVALID', `external $ref to ${JSON.stringify(absolutePath)} is not allowed in a published spec; bundle the document first`);
}

/** Parses and validates an OpenAPI document sent as JSON or YAML text; throws a `RollgateError` naming the problem. */
export async function parseUploadedSpec(text: string, label: string): Promise<ParsedSpec> {
  const spec = await parseSpecText(text, { kind: 'text', name: label }, { validate: true, readRef: refuseExternalRef, basePath: '/' });
  const model = buildModel(spec);
  const format = /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  return { spec, model, format };
}

/** Parses a stored spec document back into a model (for checks and usage extraction). */
export async function modelOfDocument(document: JsonValue, label: string): Promise<ApiModel> {
  return (await sizedModelOfDocument(document, label)).model;
}

/** `modelOfDocument`, with the length of the document's JSON text: what a cache of models weighs them by. */
export async function sizedModelOfDocument(document: JsonValue, label: string): Promise<{ model: ApiModel; size: number }> {
  const text = JSON.stringify(document);
  const spec = await parseSpecText(text, { kind: 'text', name: label }, { readRef: refuseExternalRef, basePath: '/' });
  return { model: buildModel(spec), size: text.length };
}

/** Parses a pact sent as JSON text and checks it names the consumer and provider of the URL. */
export function parseUploadedPact(text: string, label: string, expected: { consumer: string; provider: string }): { pact: Pact; content: JsonValue } {
  const pact = parsePact(text, label);
  if (pact.consumer !== expected.consumer) {
    throw new RollgateError('PACT_MISMATCH', `${label}: the pact's consumer is "${pact.consumer}", not "${expected.consumer}" as the URL says`);
  }
  if (pact.provider !== expected.provider) {
    throw new RollgateError('PACT_MISMATCH', `${label}: the pact's provider is "${pact.provider}", not "${expected.provider}" as the URL says`);
  }
  // parsePact accepted it, so it is JSON.
  return { pact, content: JSON.parse(text) as JsonValue };
}
