import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isRollgateError } from '@rollgate/openapi';
import type { RollgateError } from '@rollgate/openapi';
import { retryAfterFor, statusForCode } from '../errors.js';
import { ASSETS } from './assets.js';
import { SESSION_COOKIE, UiAuth, safeNext } from './auth.js';
import { checkRollback } from '../checks/rollback.js';
import type { RollbackAnswer, RollbackQuestion } from '../checks/rollback.js';
import { loadDiff, loadGraph, loadPacts, loadRollbackChoices, loadService, loadServices } from './data.js';
import type { SafeHtml } from './html.js';
import type { Frame } from './layout.js';
import type { GraphView } from './views/models.js';
import { diffPage } from './views/diff.js';
import { graphPage } from './views/graph.js';
import { errorPage, loginPage } from './views/misc.js';
import { pactsPage } from './views/pacts.js';
import { rollbackPage } from './views/rollback.js';
import { servicePage } from './views/service.js';
import { servicesPage } from './views/services.js';

/** Options of the UI plugin: the same tokens the API checks. */
export interface UiOptions {
  readToken?: string;
  writeToken?: string;
}

// Everything the pages need comes from this origin; inline SVG is markup, not an image.
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

const Name = Type.String({ minLength: 1, maxLength: 512 });
const Text = Type.String({ maxLength: 512 });
const NameParams = Type.Object({ name: Name });
const RollbackQuerySchema = Type.Object({ service: Type.Optional(Text), environment: Type.Optional(Text), to: Type.Optional(Text) });
type RollbackQuery = Static<typeof RollbackQuerySchema>;

/** The question when all three fields are filled in; the form alone otherwise. */
function complete(query: RollbackQuery): RollbackQuestion | undefined {
  const service = query.service?.trim();
  const environment = query.environment?.trim();
  const to = query.to?.trim();
  return service && environment && to ? { service, environment, to } : undefined;
}

// UI routes stay out of the registry's API description (`hide`), and declare `access: public`
// because this plugin checks read access itself, taking the session cookie as well as a bearer token.
const routeConfig = { access: 'public' as const };

function send(reply: FastifyReply, body: SafeHtml, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body.toString());
}

// A busy store refused a write the page needed (a verdict stored for later): nothing is wrong with
// the request, so the browser (or a proxy) is told when to ask again, as the API tells its clients.
function refusalStatus(reply: FastifyReply, error: RollgateError): number {
  const retryAfter = retryAfterFor(error);
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  return statusForCode(error.code);
}

// The session cookie is scoped to the UI and never readable by scripts or sent cross-site.
function setSessionCookie(reply: FastifyReply, request: FastifyRequest, value: string, attributes = ''): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/ui${attributes}; HttpOnly; SameSite=Strict${secure}`);
}

const pages: FastifyPluginAsync<UiOptions> = async (app: FastifyInstance, options) => {
  const auth = new UiAuth(options);

  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });

  const frame = (request: FastifyRequest): Frame => ({ signedIn: auth.signedIn(request) });
  const toLogin = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
    reply.redirect(`/ui/login?next=${encodeURIComponent(request.url)}`, 303);
  const notFoundPage = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
    send(reply, errorPage(404, 'Not found', `There is no page at ${request.url.split('?')[0]}.`, frame(request)), 404);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    if (auth.allows(request) || path === '/ui/login' || path === '/ui/logout' || path.startsWith('/ui/assets/')) return;
    return toLogin(request, reply);
  });

  app.setErrorHandler<Error>(async (error, request, reply) => {
    if (isRollgateError(error)) {
      // A URL under /ui/ that matches no page has no route config, so the API's authorisation
      // hook refuses it before the not-found handler runs: a browser without a session signs in
      // first, one with a session (which that hook does not know) learns the page does not exist.
      if (error.code === 'UNAUTHORIZED' && (request.method === 'GET' || request.method === 'HEAD')) {
        return auth.allows(request) ? notFoundPage(request, reply) : toLogin(request, reply);
      }
      const status = refusalStatus(reply, error);
      return send(reply, errorPage(status, status === 404 ? 'Not found' : 'Cannot show this page', error.message, frame(request)), status);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status < 500) return send(reply, errorPage(status, 'Bad request', error.message, frame(request)), status);
    request.log.error({ err: error }, 'ui page failed');
    return send(reply, errorPage(500, 'Something went wrong', 'The registry could not render this page; its log has the details.', frame(request)), 500);
  });

  app.setNotFoundHandler(async (request, reply) => notFoundPage(request, reply));

  // An unknown service, version or environment is an answer to show beside the form, not a failed page.
  const answerOrError = async (question: RollbackQuestion): Promise<{ verdict: RollbackAnswer } | { error: RollgateError }> => {
    try {
      const verdict = await checkRollback(app.checks, question);
      // A check asked from the browser is as much a check as one asked over the API.
      app.metrics.countCheck('rollback', verdict.safe ? 'safe' : 'refused');
      return { verdict };
    } catch (error) {
      if (!isRollgateError(error)) throw error;
      return { error };
    }
  };

  // The login form posts URL-encoded fields; parsed only in this plugin's scope.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    { config: routeConfig, schema: { hide: true, params: Type.Object({ file: Name }) } },
    async (request, reply) => {
      const asset = ASSETS.get(request.params.file);
      if (!asset) return send(reply, errorPage(404, 'Not found', 'No such asset.'), 404);
      const etag = `"${asset.hash}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type(asset.contentType).send(asset.body);
    },
  );

  app.get<{ Querystring: { q?: string } }>(
    '/',
    { config: routeConfig, schema: { hide: true, querystring: Type.Object({ q: Type.Optional(Text) }) } },
    async (request, reply) => send(reply, servicesPage(await loadServices(app.store, request.query.q ?? ''), frame(request))),
  );

  app.get<{ Params: { name: string }; Querystring: { version?: string } }>(
    '/services/:name',
    { config: routeConfig, schema: { hide: true, params: NameParams, querystring: Type.Object({ version: Type.Optional(Name) }) } },
    async (request, reply) =>
      send(reply, servicePage(await loadService(app.store, app.checks.compat.models, request.params.name, request.query.version), frame(request))),
  );

  app.get<{ Params: { name: string }; Querystring: { from?: string; to?: string } }>(
    '/services/:name/diff',
    {
      config: routeConfig,
      schema: { hide: true, params: NameParams, querystring: Type.Object({ from: Type.Optional(Text), to: Type.Optional(Text) }) },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      const view = await loadDiff(app.store, app.checks.compat.models, request.params.name, from || undefined, to || undefined);
      return send(reply, diffPage(view, frame(request)), view.error ? 404 : 200);
    },
  );

  app.get<{ Params: { name: string } }>(
    '/services/:name/pacts',
    { config: routeConfig, schema: { hide: true, params: NameParams } },
    async (request, reply) => send(reply, pactsPage(await loadPacts(app.store, app.checks, request.params.name), frame(request))),
  );

  // The rollback form's script asks for the chosen service's versions here, through the UI's own
  // session (the JSON API does not take the cookie); newest first, as the form offers them.
  app.get<{ Params: { name: string } }>(
    '/services/:name/versions.json',
    { config: routeConfig, schema: { hide: true, params: NameParams } },
    async (request, reply) => {
      const { name } = request.params;
      if (!(await app.store.getService(name))) return notFoundPage(request, reply);
      const versions = (await app.store.listVersions(name)).map((v) => v.version).reverse();
      return reply.header('cache-control', 'no-store').send({ service: name, versions });
    },
  );

  app.get<{ Querystring: RollbackQuery }>(
    '/rollback',
    { config: routeConfig, schema: { hide: true, querystring: RollbackQuerySchema } },
    async (request, reply) => {
      const input = request.query;
      const question = complete(input);
      const [choices, answer] = await Promise.all([loadRollbackChoices(app.store, input.service || undefined), question && answerOrError(question)]);
      const outcome = !answer ? {} : 'verdict' in answer ? { verdict: answer.verdict } : { error: answer.error.message };
      const status = answer && 'error' in answer ? refusalStatus(reply, answer.error) : 200;
      return send(reply, rollbackPage({ ...choices, input, ...outcome }, frame(request)), status);
    },
  );

  app.get<{ Querystring: RollbackQuery }>(
    '/graph',
    { config: routeConfig, schema: { hide: true, querystring: RollbackQuerySchema } },
    async (request, reply) => {
      const question = complete(request.query);
      const environment = request.query.environment?.trim() || undefined;
      const [answer, choices] = await Promise.all([
        question && answerOrError(question),
        loadRollbackChoices(app.store, question?.service ?? (request.query.service?.trim() || undefined)),
      ]);
      const verdict = answer && 'verdict' in answer ? answer.verdict : undefined;
      const graph = await loadGraph(app.store, choices, environment, verdict);
      const view: GraphView = { ...graph, versions: choices.versions };
      if (question && answer) view.rollback = { input: question, ...(verdict ? { verdict } : { error: 'error' in answer ? answer.error.message : '' }) };
      // An unknown environment is said beside the forms, over the graph of every version.
      const status = graph.error ? 404 : answer && 'error' in answer ? refusalStatus(reply, answer.error) : 200;
      return send(reply, graphPage(view, frame(request)), status);
    },
  );

  app.get<{ Querystring: { next?: string; failed?: string; 'signed-out'?: string } }>(
    '/login',
    {
      config: routeConfig,
      schema: {
        hide: true,
        querystring: Type.Object({ next: Type.Optional(Text), failed: Type.Optional(Text), 'signed-out': Type.Optional(Text) }),
      },
    },
    async (request, reply) => {
      if (auth.open) return reply.redirect(safeNext(request.query.next), 303);
      const { next, failed } = request.query;
      return send(reply, loginPage({ next: safeNext(next), failed: failed !== undefined, signedOut: request.query['signed-out'] !== undefined }));
    },
  );

  app.post<{ Body: { token?: string; next?: string } }>(
    '/login',
    {
      config: routeConfig,
      schema: { hide: true, body: Type.Object({ token: Type.Optional(Text), next: Type.Optional(Text) }) },
    },
    async (request, reply) => {
      const next = safeNext(request.body.next);
      const session = auth.sessionFor(request.body.token ?? '');
      if (session === undefined) {
        request.log.info({ ui: 'login' }, 'ui sign-in refused');
        return reply.redirect(`/ui/login?failed=1&next=${encodeURIComponent(next)}`, 303);
      }
      setSessionCookie(reply, request, session);
      return reply.redirect(next, 303);
    },
  );

  // Signing out only clears this browser's cookie: the session is a MAC of the token, so nothing
  // is kept on the server to revoke (changing the token ends every session).
  app.post(
    '/logout',
    { config: routeConfig, schema: { hide: true } },
    async (request, reply) => {
      setSessionCookie(reply, request, '', '; Max-Age=0');
      request.log.info({ ui: 'logout' }, 'ui signed out');
      return reply.redirect(auth.open ? '/ui/' : '/ui/login?signed-out=1', 303);
    },
  );
};

// Registered under its own prefix so that its not-found and error handlers answer in HTML for
// `/ui/...` only, leaving the API's JSON ones alone.
const ui: FastifyPluginAsync<UiOptions> = async (app, options) => {
  await app.register(pages, { ...options, prefix: '/ui' });
};

/** The web UI under `/ui/`: server-rendered pages over the same store and checks as the API. */
export default ui;
