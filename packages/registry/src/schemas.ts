import { Type } from '@sinclair/typebox';
import type { Static, TSchema, TUnsafe } from '@sinclair/typebox';

// Response schemas double as the public contract (`/openapi.json`) and as the serialiser's
// allow-list: a field missing here never leaves the server.

/** A `$ref` to a shared schema (registered with `addSchema`) that keeps the schema's static type. */
export function ref<T extends TSchema>(schema: T): TUnsafe<Static<T>> {
  if (!schema.$id) throw new Error('a shared schema needs an $id');
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id));
}

/** `{ error: { code, message } }`, the body of every refused request. */
export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'ErrorBody', description: 'Why the request was refused; `code` is stable, `message` is for people.' },
);

/** The refusals of the Pact Broker API: `ErrorBody` plus the `errors` list the Pact clients print. */
export const BrokerErrorBody = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }),
    errors: Type.Array(Type.String(), { description: 'the message again, where the Pact CLI and pact-js look for it' }),
  },
  { $id: 'BrokerErrorBody', description: 'Why a Pact Broker API request was refused; `error.code` is stable.' },
);

/** The longest name of a service, version, environment or instance, in characters (code points). */
export const MAX_NAME_LENGTH = 200;

/** A path segment naming a service, a version or an environment. */
export const Name = Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH });

/** The answer to a publication (201 stored, 200 already stored with the same content). */
export const PublishResult = Type.Object(
  {
    service: Type.String(),
    version: Type.String(),
    kind: Type.Union([Type.Literal('openapi'), Type.Literal('pact')]),
    provider: Type.Optional(Type.String()),
    hash: Type.String({ description: 'sha256 of the stored content' }),
    created: Type.Boolean({ description: 'false when the same content was already stored for this version' }),
  },
  { $id: 'PublishResult' },
);
export type PublishResult = Static<typeof PublishResult>;

/** `POST /deployments` body. */
export const DeploymentInput = Type.Object(
  {
    service: Name,
    version: Name,
    environment: Name,
    // null, as deployments are answered, means no instance, as leaving it out does.
    instance: Type.Optional(Type.Union([Name, Type.Null()])),
  },
  { additionalProperties: false },
);

/** A deployment: which version of a service runs in an environment (and instance). */
export const Deployment = Type.Object(
  {
    service: Type.String(),
    version: Type.String(),
    environment: Type.String(),
    instance: Type.Union([Type.String(), Type.Null()]),
    deployedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Deployment' },
);
export type Deployment = Static<typeof Deployment>;

/** One reason a version may not run beside what an environment runs. */
export const Blocker = Type.Object(
  {
    consumer: Type.String(),
    consumerVersion: Type.String(),
    provider: Type.String(),
    providerVersion: Type.String(),
    method: Type.String(),
    path: Type.String({ description: "the provider's path template when known, else the path the pact requests" }),
    code: Type.String(),
    message: Type.String(),
  },
  { $id: 'Blocker' },
);
export type Blocker = Static<typeof Blocker>;

/** Something the check could not judge, reported without blocking. */
export const Notice = Type.Object({ code: Type.String(), message: Type.String() }, { $id: 'Notice' });
export type Notice = Static<typeof Notice>;

/** One instance of a service running in an environment. */
export const RunningInstance = Type.Object(
  {
    version: Type.String(),
    instance: Type.Union([Type.String(), Type.Null()], { description: "null for the service's single unnamed instance" }),
    deployedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'RunningInstance' },
);
export type RunningInstance = Static<typeof RunningInstance>;

/** `GET /rollback-check` answer. */
export const RollbackCheck = Type.Object(
  {
    safe: Type.Boolean(),
    service: Type.String(),
    environment: Type.String(),
    from: Type.Union([Type.String(), Type.Null()], {
      description: 'the version running there now (the most recently deployed when instances differ); null when none',
    }),
    to: Type.String(),
    blockers: Type.Array(ref(Blocker)),
    notices: Type.Array(ref(Notice)),
    running: Type.Array(ref(RunningInstance), {
      description: 'every instance of the service running there now, most recently deployed first; empty when none',
    }),
  },
  { $id: 'RollbackCheck' },
);

/** `GET /can-i-deploy` answer. */
export const CanIDeploy = Type.Object(
  {
    deployable: Type.Boolean(),
    service: Type.String(),
    version: Type.String(),
    environment: Type.String(),
    blockers: Type.Array(ref(Blocker)),
    notices: Type.Array(ref(Notice)),
  },
  { $id: 'CanIDeploy' },
);

/** A service in the list. */
export const ServiceSummary = Type.Object(
  {
    name: Type.String(),
    versions: Type.Integer({ minimum: 0 }),
    latestVersion: Type.Union([Type.String(), Type.Null()]),
    consumers: Type.Integer({ minimum: 0, description: 'services with a pact against this one' }),
    providers: Type.Integer({ minimum: 0, description: 'services this one has pacts against' }),
    environments: Type.Record(Type.String(), Type.Array(Type.String()), {
      description: 'environment to the versions running there',
    }),
  },
  { $id: 'ServiceSummary' },
);

/** One version of a service and its contracts. */
export const VersionSummary = Type.Object(
  {
    version: Type.String(),
    branch: Type.Union([Type.String(), Type.Null()]),
    commit: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    openapi: Type.Union([Type.Object({ hash: Type.String() }), Type.Null()]),
    pacts: Type.Array(Type.Object({ provider: Type.String(), hash: Type.String() })),
    environments: Type.Array(Type.String()),
  },
  { $id: 'VersionSummary' },
);

/** `GET /services/{service}` answer. */
export const ServiceDetail = Type.Object(
  {
    name: Type.String(),
    versions: Type.Array(ref(VersionSummary), { description: 'oldest first (semver order where versions parse)' }),
    deployments: Type.Array(ref(Deployment), { description: 'current deployments' }),
    consumers: Type.Array(Type.String(), { description: 'services with a pact naming this one as provider' }),
    providers: Type.Array(Type.String(), { description: 'services this one has pacts with' }),
  },
  { $id: 'ServiceDetail' },
);

/** `GET /services/{service}/versions/{version}` answer. */
export const VersionDetail = Type.Composite([Type.Object({ service: Type.String() }), VersionSummary], { $id: 'VersionDetail' });

/** A consumer version that uses an endpoint. */
export const EndpointConsumer = Type.Object(
  {
    service: Type.String(),
    version: Type.String(),
    environments: Type.Array(Type.String(), { description: 'where this consumer version runs now' }),
    parameters: Type.Array(Type.String(), { description: 'request parameters it sends, as `in:name` (`query:page`)' }),
    requestFields: Type.Array(Type.String(), { description: 'request body fields it sends, as JSON paths (`$.lines[*].sku`)' }),
    responseFields: Type.Array(Type.String(), { description: 'response body fields it reads, as JSON paths (`$.status`)' }),
    statuses: Type.Array(Type.Integer(), { description: 'response statuses it expects' }),
  },
  { $id: 'EndpointConsumer' },
);

/** An endpoint of a provider version with the consumers that use it. */
export const Endpoint = Type.Object(
  {
    method: Type.String(),
    path: Type.String(),
    operationId: Type.Optional(Type.String()),
    deprecated: Type.Boolean(),
    inSpec: Type.Boolean({ description: 'false for an operation consumers use that this version does not declare' }),
    consumers: Type.Array(ref(EndpointConsumer)),
  },
  { $id: 'Endpoint' },
);

/** `GET /services/{service}/endpoints` answer. */
export const EndpointList = Type.Object(
  {
    service: Type.String(),
    version: Type.Union([Type.String(), Type.Null()], { description: 'the provider version whose spec was listed' }),
    endpoints: Type.Array(ref(Endpoint)),
  },
  { $id: 'EndpointList' },
);

/** Every shared schema, registered once with `app.addSchema` so `/openapi.json` names them. */
export const SHARED_SCHEMAS = [
  ErrorBody,
  BrokerErrorBody,
  PublishResult,
  Deployment,
  Blocker,
  Notice,
  RunningInstance,
  RollbackCheck,
  CanIDeploy,
  ServiceSummary,
  VersionSummary,
  ServiceDetail,
  VersionDetail,
  EndpointConsumer,
  Endpoint,
  EndpointList,
];

// What each refusal means, as `/openapi.json` describes it; the codes are those of src/errors.ts.
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input (`BAD_REQUEST`, or the spec and pact codes such as `SPEC_INVALID`, `PACT_INVALID`): a missing or malformed parameter or body field, named in the message.',
  401: '`UNAUTHORIZED`: no bearer token where one is needed, or a token the registry does not know.',
  403: '`FORBIDDEN`: the read token on a write.',
  404: '`NOT_FOUND`: an unknown service, version, environment or route, named in the message.',
  409: '`CONFLICT`: different content is already stored for that version; the stored one is kept.',
  413: '`PAYLOAD_TOO_LARGE`: the body is over the registry\'s limit; the message gives the limit.',
  415: '`UNSUPPORTED_MEDIA_TYPE`: a body of a content type this route does not take.',
  500: '`INTERNAL`: a bug; the details are in the registry\'s log, not in the answer.',
  503: '`STORE_BUSY`: another writer held the database lock too long; nothing was written. Retry after `Retry-After` seconds.',
};

/** The `Retry-After` header of a 503, in the form a response schema declares headers. */
export const RETRY_AFTER_HEADER = {
  'retry-after': Type.Integer({ minimum: 1, description: 'seconds to wait before retrying' }),
};

/** One error response: `body` (default `ErrorBody`) described for `status`, with `Retry-After` on a 503. */
export function errorResponse<T extends TSchema>(status: number, body?: T): TUnsafe<Static<typeof ErrorBody>> {
  const schema = body ?? ref(ErrorBody);
  const description = ERROR_DESCRIPTIONS[status];
  return Type.Unsafe<Static<typeof ErrorBody>>({
    ...schema,
    ...(description ? { description } : {}),
    ...(status === 503 ? { headers: RETRY_AFTER_HEADER } : {}),
  });
}

/**
 * Error responses a route may give, for its `response` map: the statuses named, plus the 500 (a
 * bug) and the 503 (a busy store, see `StoreBusyError`) that any route may answer.
 */
export function errorResponses(...statuses: number[]): Record<number, TUnsafe<Static<typeof ErrorBody>>> {
  return Object.fromEntries([...new Set([...statuses, 500, 503])].map((status) => [status, errorResponse(status)]));
}
