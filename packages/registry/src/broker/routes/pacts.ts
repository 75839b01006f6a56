import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RollgateError } from '@rollgate/openapi';
import { notFound } from '../../errors.js';
import type { JsonValue, PactSummary, Store } from '../../store/types.js';
import type { HalResource, Hrefs } from '../hal.js';
import { publishBrokerPacts } from '../publish.js';
import { pactsForVerification } from '../verification.js';
import { ForVerificationBody, HalResponse, PublishContractsBody, VerificationBody } from '../schemas.js';

const TAGS = ['pact-broker'];
const Name = Type.String({ minLength: 1, maxLength: 200 });
const PactVersionParams = Type.Object({ provider: Name, consumer: Name, sha: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
const ConsumerVersionParams = Type.Object({ provider: Name, consumer: Name, version: Name });

/** The pact document as stored, with the links a verifier follows. */
function pactResource(hrefs: Hrefs, pact: PactSummary, content: JsonValue): HalResource {
  const self = hrefs.pactVersion(pact.provider, pact.consumer, pact.hash);
  const body = typeof content === 'object' && content !== null && !Array.isArray(content) ? content : {};
  return {
    ...body,
    createdAt: pact.publishedAt,
    _links: {
      self: { href: self, name: `Pact between ${pact.consumer} (${pact.consumerVersion}) and ${pact.provider}`, title: 'Pact' },
      'pb:consumer': { href: hrefs.pacticipant(pact.consumer), name: pact.consumer, title: 'Consumer' },
      'pb:consumer-version': { href: hrefs.version(pact.consumer, pact.consumerVersion), name: pact.consumerVersion, title: 'Consumer version' },
      'pb:provider': { href: hrefs.pacticipant(pact.provider), name: pact.provider, title: 'Provider' },
      'pb:pact-version': { href: self, name: pact.hash, title: 'Pact content version permalink' },
      'pb:publish-verification-results': { href: `${self}/verification-results`, title: 'Publish verification results' },
    },
  };
}

async function pactByHash(store: Store, provider: string, consumer: string, hash: string): Promise<PactSummary> {
  // One content may be published by several consumer versions; the newest names it.
  const pacts = await store.listPacts({ provider, consumer, hash });
  const pact = pacts.at(-1);
  if (!pact) throw notFound(`pact between ${consumer} and ${provider} with content`, hash);
  return pact;
}

function decodeContent(base64: string, field: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64.replace(/\s+/g, ''))) {
    throw new RollgateError('BAD_REQUEST', `${field} is not base64`, { pointer: field });
  }
  return Buffer.from(base64, 'base64').toString('utf8');
}

/** Publishing pacts (both Broker forms), fetching them, pacts for verification and verification results. */
const pactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store = app.store;

  app.post(
    '/contracts/publish',
    { schema: { tags: TAGS, summary: 'Publish pacts of a consumer version (pact broker publish)', body: PublishContractsBody, response: { 200: HalResponse } } },
    async (request) => {
      const body = request.body;
      const consumer = body.pacticipantName;
      const version = body.pacticipantVersionNumber;
      // Check everything before storing anything, so a bad contract leaves no half publication.
      const decoded = body.contracts.map((contract, index) => {
        const field = `contracts[${index}]`;
        if (contract.specification !== 'pact') {
          throw new RollgateError('BAD_REQUEST', `${field}.specification is "${contract.specification}"; this registry takes pacts only`, { pointer: `${field}.specification` });
        }
        if (!/json/i.test(contract.contentType)) {
          throw new RollgateError('BAD_REQUEST', `${field}.contentType is "${contract.contentType}"; pacts are JSON`, { pointer: `${field}.contentType` });
        }
        if (contract.consumerName !== consumer) {
          throw new RollgateError('BAD_REQUEST', `${field}.consumerName "${contract.consumerName}" differs from pacticipantName "${consumer}"`, { pointer: `${field}.consumerName` });
        }
        return { contract, text: decodeContent(contract.content, `${field}.content`) };
      });

      const hrefs = request.hrefs();
      const existed = await store.getVersion(consumer, version);
      const results = await publishBrokerPacts(store, {
        consumer,
        version,
        pacts: decoded.map(({ contract, text }) => ({ provider: contract.providerName, text, onConflict: contract.onConflict })),
        ...(body.branch ? { branch: body.branch } : {}),
        ...(body.tags ? { tags: body.tags } : {}),
        ...(body.buildUrl ? { buildUrl: body.buildUrl } : {}),
      });
      const notices: { type: string; text: string }[] = [];
      const contracts: { href: string; name: string; title: string }[] = [];
      for (const [index, result] of results.entries()) {
        const provider = decoded[index]!.contract.providerName;
        if (result.status === 'created' || result.status === 'updated') {
          await app.checks.warm({ kind: 'pact', consumer, version, provider }, request.log);
        }
        const what = `Pact of ${consumer} version ${version} with ${provider}`;
        notices.push({
          type: 'success',
          text:
            result.status === 'created' ? `${what} published (content ${result.hash.slice(0, 12)}).`
            : result.status === 'updated' ? `${what} merged with the interactions published before (now ${result.hash.slice(0, 12)}).`
            : `${what} was already published with the same content.`,
        });
        contracts.push({ href: hrefs.pactVersion(provider, consumer, result.hash), name: `Pact between ${consumer} (${version}) and ${provider}`, title: 'Pact' });
      }
      const record = await store.getVersion(consumer, version);
      if (!record) throw new Error(`version ${consumer} ${version} vanished after publication`);
      const labels = [record.branches.length ? `branch ${record.branches.join(', ')}` : '', record.tags.length ? `tags ${record.tags.join(', ')}` : ''].filter(Boolean);
      notices.unshift({ type: 'success', text: `${existed ? 'Updated' : 'Created'} ${consumer} version ${version}${labels.length ? ` with ${labels.join(' and ')}` : ''}.` });
      const versionHref = hrefs.version(consumer, version);
      return {
        notices,
        logs: [],
        _embedded: {
          pacticipant: { name: consumer, _links: { self: { href: hrefs.pacticipant(consumer) } } },
          version: { number: version, _links: { self: { href: versionHref, name: version, title: 'Version' } } },
        },
        _links: {
          'pb:pacticipant': { href: hrefs.pacticipant(consumer), name: consumer, title: 'Pacticipant' },
          'pb:pacticipant-version': { href: versionHref, name: version, title: 'Pacticipant version' },
          'pb:pacticipant-version-tags': record.tags.map((tag) => ({ href: `${versionHref}/tags/${encodeURIComponent(tag)}`, name: tag, title: 'Tag' })),
          'pb:contracts': contracts,
        },
      };
    },
  );

  app.put(
    '/pacts/provider/:provider/consumer/:consumer/version/:version',
    {
      schema: {
        tags: TAGS,
        summary: 'Publish a pact of a consumer version (older Broker form)',
        params: ConsumerVersionParams,
        body: Type.Object({}, { additionalProperties: true }),
        response: { 200: HalResponse, 201: HalResponse },
      },
    },
    async (request, reply) => {
      const { provider, consumer, version } = request.params;
      const [result] = await publishBrokerPacts(store, { consumer, version, pacts: [{ provider, text: JSON.stringify(request.body) }] });
      if (result!.status === 'created' || result!.status === 'updated') await app.checks.warm({ kind: 'pact', consumer, version, provider }, request.log);
      const pact = await store.getPact(consumer, version, provider);
      if (!pact) throw new Error(`pact ${consumer} ${version} ${provider} vanished after publication`);
      return reply.status(result!.status === 'created' ? 201 : 200).send(pactResource(request.hrefs(), pact, pact.content));
    },
  );

  app.get(
    '/pacts/provider/:provider/consumer/:consumer/version/:version',
    { schema: { tags: TAGS, summary: 'The pact a consumer version published', params: ConsumerVersionParams, response: { 200: HalResponse } } },
    async (request) => {
      const { provider, consumer, version } = request.params;
      const pact = await store.getPact(consumer, version, provider);
      if (!pact) throw notFound(`pact of ${consumer} version ${version} with`, provider);
      return pactResource(request.hrefs(), pact, pact.content);
    },
  );

  app.get(
    '/pacts/provider/:provider/consumer/:consumer/latest',
    { schema: { tags: TAGS, summary: 'The latest pact between a consumer and a provider', params: Type.Object({ provider: Name, consumer: Name }), response: { 200: HalResponse } } },
    async (request) => {
      const { provider, consumer } = request.params;
      const pact = (await store.listPacts({ provider, consumer })).at(-1);
      if (!pact) throw notFound(`pact of ${consumer} with`, provider);
      const record = await store.getPact(pact.consumer, pact.consumerVersion, pact.provider);
      return pactResource(request.hrefs(), pact, record?.content ?? {});
    },
  );

  for (const url of ['/pacts/provider/:provider/consumer/:consumer/pact-version/:sha', '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/metadata/:metadata']) {
    app.get(
      url,
      { schema: { tags: TAGS, summary: 'A pact by its content hash', params: Type.Composite([PactVersionParams, Type.Object({ metadata: Type.Optional(Type.String()) })]), response: { 200: HalResponse } } },
      async (request) => {
        const { provider, consumer, sha } = request.params;
        const pact = await pactByHash(store, provider, consumer, sha);
        const content = await store.getContent(sha);
        return pactResource(request.hrefs(), pact, content ?? {});
      },
    );
  }

  // The Verifier GETs the relation first and POSTs its selectors to the `self` link it finds there.
  app.get(
    '/pacts/provider/:provider/for-verification',
    { schema: { tags: TAGS, summary: 'Where to POST consumer version selectors', params: Type.Object({ provider: Name }), response: { 200: HalResponse } } },
    async (request) => {
      const { provider } = request.params;
      if (!(await store.getService(provider))) throw notFound('provider', provider);
      const href = `${request.hrefs().base}/pacts/provider/${encodeURIComponent(provider)}/for-verification`;
      return { _links: { self: { href, title: `Pacts to be verified by ${provider}` } } };
    },
  );

  app.post(
    '/pacts/provider/:provider/for-verification',
    {
      // Asking which pacts to verify changes nothing, so a read token is enough.
      config: { access: 'read' },
      schema: {
        tags: TAGS,
        summary: 'The pacts a provider should verify, by consumer version selectors',
        params: Type.Object({ provider: Name }),
        body: Type.Optional(ForVerificationBody),
        response: { 200: HalResponse },
      },
    },
    async (request) => {
      const { provider } = request.params;
      const hrefs = request.hrefs();
      const selected = await pactsForVerification(store, provider, request.body ?? {});
      return {
        _embedded: {
          pacts: selected.map(({ pact, descriptions }) => ({
            shortDescription: descriptions.join(', '),
            verificationProperties: {
              pending: false,
              notices: [
                {
                  when: 'before_verification',
                  text: `The pact at ${hrefs.pactVersion(provider, pact.consumer, pact.hash)} is being verified because it matches the following configured selection criterion: ${descriptions.join(', ')}`,
                },
              ],
            },
            _links: { self: { href: hrefs.pactVersion(provider, pact.consumer, pact.hash), name: `Pact between ${pact.consumer} (${pact.consumerVersion}) and ${provider}` } },
          })),
        },
        _links: { self: { href: `${hrefs.base}/pacts/provider/${encodeURIComponent(provider)}/for-verification`, title: `Pacts to be verified by ${provider}` } },
      };
    },
  );

  app.post(
    '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results',
    {
      schema: {
        tags: TAGS,
        summary: "Publish a provider version's verification of a pact",
        params: PactVersionParams,
        body: VerificationBody,
        response: { 201: HalResponse },
      },
    },
    async (request, reply) => {
      const { provider, consumer, sha } = request.params;
      await pactByHash(store, provider, consumer, sha);
      const body = request.body;
      const details: { [key: string]: JsonValue } = {};
      if (body.testResults !== undefined) details.testResults = body.testResults as JsonValue;
      if (body.verifiedBy !== undefined) details.verifiedBy = body.verifiedBy as JsonValue;
      const record = await store.recordVerification({
        pactHash: sha,
        consumer,
        provider,
        providerVersion: body.providerApplicationVersion,
        success: body.success,
        ...(body.buildUrl ? { buildUrl: body.buildUrl } : {}),
        ...(Object.keys(details).length ? { details } : {}),
      });
      const hrefs = request.hrefs();
      const self = `${hrefs.pactVersion(provider, consumer, sha)}/verification-results/${record.id}`;
      return reply.status(201).send({
        success: record.success,
        providerApplicationVersion: record.providerVersion,
        buildUrl: record.buildUrl,
        verificationDate: record.verifiedAt,
        _links: {
          self: { href: self, title: 'Verification result' },
          'pb:pact-version': { href: hrefs.pactVersion(provider, consumer, sha), title: 'Pact' },
          'pb:provider-version': { href: hrefs.version(provider, record.providerVersion), name: record.providerVersion },
        },
      });
    },
  );

  app.get(
    '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results/:id',
    { schema: { tags: TAGS, summary: 'A published verification result', params: Type.Composite([PactVersionParams, Type.Object({ id: Type.Integer({ minimum: 1 }) })]), response: { 200: HalResponse } } },
    async (request) => {
      const { provider, consumer, sha, id } = request.params;
      const record = (await store.listVerifications({ pactHash: sha, provider, consumer })).find((v) => v.id === id);
      if (!record) throw notFound('verification result', String(id));
      const hrefs = request.hrefs();
      return {
        success: record.success,
        providerApplicationVersion: record.providerVersion,
        buildUrl: record.buildUrl,
        verificationDate: record.verifiedAt,
        ...(record.details && typeof record.details === 'object' && !Array.isArray(record.details) ? record.details : {}),
        _links: {
          self: { href: `${hrefs.pactVersion(provider, consumer, sha)}/verification-results/${record.id}`, title: 'Verification result' },
          'pb:pact-version': { href: hrefs.pactVersion(provider, consumer, sha), title: 'Pact' },
        },
      };
    },
  );

};

export default pactRoutes;
