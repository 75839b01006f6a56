import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { QUERY_CONSTRAINT } from '../constraints.js';
import { buildMatrix } from '../matrix.js';
import type { MatrixAnswer } from '../matrix.js';
import { matrixQueryFrom, parseMatrixQuery } from '../matrix-query.js';
import { parseRackQuery } from '../query.js';

const TAGS = ['pact-broker'];
const MatrixResponse = Type.Object(
  {
    summary: Type.Object({ deployable: Type.Union([Type.Boolean(), Type.Null()]), reason: Type.String() }, { additionalProperties: true }),
    notices: Type.Array(Type.Object({ type: Type.String(), text: Type.String() })),
    matrix: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

function rawQuery(request: FastifyRequest): string {
  const url = request.raw.url ?? request.url;
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}

function present(answer: MatrixAnswer, request: FastifyRequest) {
  return { ...answer, _links: { self: { href: `${request.hrefs().base}${request.raw.url ?? request.url}` } } };
}

/**
 * `GET /matrix` and the Broker form of `GET /can-i-deploy`, answered from Rollgate's checks.
 * Their queries are Rack-style (`q[][pacticipant]=A&q[][version]=1`), which Fastify's query
 * parser cannot read, so the raw query string is parsed here and no querystring schema applies.
 */
const matrixRoutes: FastifyPluginAsync = async (app) => {
  // The app's verdict cache, shared with Rollgate's own checks and the UI.
  const cache = app.checks.compat;

  app.get(
    '/matrix',
    {
      schema: {
        tags: TAGS,
        summary: 'Pacts and their verdicts between selected versions (pact broker can-i-deploy)',
        description: 'Rack-style query: q[][pacticipant]=A&q[][version]=1.0.0&latestby=cvpv&environment=production',
        response: { 200: MatrixResponse },
      },
    },
    async (request) => {
      const query = parseMatrixQuery(rawQuery(request));
      return present(await buildMatrix(app.store, cache, request.hrefs(), query), request);
    },
  );

  app.get(
    '/can-i-deploy',
    {
      constraints: { [QUERY_CONSTRAINT]: 'pact' },
      schema: {
        hide: true,
        tags: TAGS,
        summary: 'Can a pacticipant version be deployed to an environment (Pact Broker form)',
        response: { 200: MatrixResponse },
      },
    },
    async (request) => {
      const params = parseRackQuery(rawQuery(request));
      const { pacticipant, version, environment, tag, to } = params;
      const query = matrixQueryFrom({
        q: [{ pacticipant: pacticipant ?? '', ...(version !== undefined ? { version } : { latest: 'true' }) }],
        latestby: 'cvpv',
        ...(environment !== undefined ? { environment } : {}),
        ...(tag !== undefined ? { tag } : to !== undefined ? { tag: to } : {}),
      });
      return present(await buildMatrix(app.store, cache, request.hrefs(), query), request);
    },
  );
};

export default matrixRoutes;
