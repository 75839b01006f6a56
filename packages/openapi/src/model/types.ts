import type { LoadedSpec } from '../load/types.js';

/**
 * A schema as it sits in the document: the pointer of the node (which may itself be a `$ref`)
 * and the raw node. Resolution is lazy (`ApiModel.resolveSchema`), so cycles never expand.
 */
export interface SchemaHandle {
  pointer: string;
  node: Record<string, unknown>;
}

/** A request or response body in one media type. */
export interface MediaTypeModel {
  mediaType: string;
  pointer: string;
  schema?: SchemaHandle;
}

/** A parameter after path-level inheritance and `$ref` resolution (the schema stays lazy). */
export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  deprecated: boolean;
  pointer: string;
  schema?: SchemaHandle;
  style?: string;
  explode?: boolean;
  /** `allowEmptyValue: true` (query parameters): clients may send `?name=` with no value. */
  allowEmptyValue?: boolean;
  /** `allowReserved: true` (query parameters, OpenAPI 3): reserved characters may be sent unencoded. */
  allowReserved?: boolean;
  /** Set for `content`-style parameters (OpenAPI 3) instead of `schema`. */
  content?: MediaTypeModel[];
}

/** A response header. */
export interface HeaderModel {
  name: string;
  required: boolean;
  deprecated: boolean;
  pointer: string;
  schema?: SchemaHandle;
}

/** One response of an operation: a status code, a range (`4XX`) or `default`. */
export interface ResponseModel {
  status: string;
  pointer: string;
  headers: HeaderModel[];
  content: MediaTypeModel[];
}

/** One alternative of a security requirement: scheme name to required scopes (all must hold). */
export type SecurityRequirementModel = Record<string, string[]>;

/** An operation with everything it inherits from its path item and the document root. */
export interface OperationModel {
  /** Upper-case HTTP method. */
  method: string;
  /** Path template as written in the document, e.g. `/books/{bookId}`. */
  path: string;
  /** Method plus the path with parameter names erased (`GET /books/{}`): matches renamed path parameters. */
  key: string;
  pointer: string;
  operationId?: string;
  summary?: string;
  deprecated: boolean;
  /** `x-sunset` (ISO date) when present. */
  sunset?: string;
  /** `x-stability-level` when present (`draft`, `alpha`, `beta`, `stable`). */
  stability?: string;
  tags: string[];
  parameters: ParameterModel[];
  requestBody?: { required: boolean; pointer: string; content: MediaTypeModel[] };
  responses: ResponseModel[];
  /** Effective security: the operation's own, else the root's; `[]` means explicitly none. */
  security: SecurityRequirementModel[];
  /**
   * Server URLs declared for this operation (OpenAPI 3), its own or else its path item's, without
   * trailing slashes; absent when it uses the document's servers.
   */
  servers?: string[];
  /** Set on webhook operations (OpenAPI 3.1 `webhooks`); `path` is then the webhook's name. */
  webhook?: boolean;
  /**
   * Set on callback operations: the operation whose `callbacks` hold it and the callback's name;
   * `path` is then the runtime expression of the URL (`{$request.body#/callbackUrl}`).
   */
  callback?: { owner: { method: string; path: string }; ownerKey: string; name: string };
}

/** A normalised, lazily resolved view over one loaded document, shared by the diff and the Pact checks. */
export interface ApiModel {
  spec: LoadedSpec;
  operations: OperationModel[];
  /** Operations of the document's `webhooks` (OpenAPI 3.1): requests the API sends to subscribers. */
  webhooks: OperationModel[];
  /** Operations of the operations' `callbacks` (OpenAPI 3): requests the API sends to URLs clients give. */
  callbacks: OperationModel[];
  /** The document's server URLs (OpenAPI 3 `servers`, Swagger `host` + `basePath`), without trailing slashes. */
  servers: string[];
  /** Operation by method and path template (exact) or by its `key` (parameter names ignored). */
  findOperation(method: string, pathOrKey: string): OperationModel | undefined;
  /** Follows `$ref`s (chains included) to the schema they name; returns the final pointer and node. */
  resolveSchema(handle: SchemaHandle): SchemaHandle;
  /** Security schemes by name (`components.securitySchemes` or Swagger `securityDefinitions`). */
  securitySchemes: Record<string, Record<string, unknown>>;
}
