import type {
  ApiModel,
  HeaderModel,
  MediaTypeModel,
  OperationModel,
  ParameterModel,
  ResponseModel,
  SchemaHandle,
  SecurityRequirementModel,
} from '../model/types.js';
import type { SchemaDiff } from './schema.js';

/** A value that differs between the two documents. */
export interface Changed<T> {
  from: T;
  to: T;
}

/** Elements only in the revision, only in the base, and in both but different. */
export interface Delta<T, D> {
  added: T[];
  deleted: T[];
  modified: D[];
}

/** A schema pair and what the schema diff made of it (absent when they mean the same). */
export interface SchemaPair {
  base?: SchemaHandle;
  revision?: SchemaHandle;
  diff?: SchemaDiff;
}

/** One media type present on both sides. */
export interface MediaTypeDiff {
  mediaType: string;
  base: MediaTypeModel;
  revision: MediaTypeModel;
  schema: SchemaPair;
  isEmpty: boolean;
}

/** A request parameter present on both sides (path parameters matched by position). */
export interface ParameterDiff {
  base: ParameterModel;
  revision: ParameterModel;
  /** Set when a path parameter kept its position but changed its name. */
  renamed?: Changed<string>;
  required?: Changed<boolean>;
  deprecated?: Changed<boolean>;
  style?: Changed<string | undefined>;
  explode?: Changed<boolean | undefined>;
  allowEmptyValue?: Changed<boolean>;
  allowReserved?: Changed<boolean>;
  schema: SchemaPair;
  content?: Delta<MediaTypeModel, MediaTypeDiff>;
  isEmpty: boolean;
}

/** A response header present on both sides (names compared case-insensitively). */
export interface HeaderDiff {
  base: HeaderModel;
  revision: HeaderModel;
  required?: Changed<boolean>;
  deprecated?: Changed<boolean>;
  schema: SchemaPair;
  isEmpty: boolean;
}

/** A request body present on both sides. */
export interface RequestBodyDiff {
  base: NonNullable<OperationModel['requestBody']>;
  revision: NonNullable<OperationModel['requestBody']>;
  required?: Changed<boolean>;
  content: Delta<MediaTypeModel, MediaTypeDiff>;
  isEmpty: boolean;
}

/** A response status present on both sides. */
export interface ResponseDiff {
  status: string;
  base: ResponseModel;
  revision: ResponseModel;
  content: Delta<MediaTypeModel, MediaTypeDiff>;
  headers: Delta<HeaderModel, HeaderDiff>;
  isEmpty: boolean;
}

/** One alternative of a security requirement whose scheme set is on both sides but whose scopes differ. */
export interface SecurityRequirementDiff {
  base: SecurityRequirementModel;
  revision: SecurityRequirementModel;
  /** Scopes per scheme name. */
  scopes: Record<string, { added: string[]; deleted: string[] }>;
}

/** Security of an operation: alternatives matched by their set of scheme names. */
export interface SecurityDiff {
  base: SecurityRequirementModel[];
  revision: SecurityRequirementModel[];
  requirements: Delta<SecurityRequirementModel, SecurityRequirementDiff>;
  isEmpty: boolean;
}

/** An operation present on both sides, matched by `key` (method plus path with names erased). */
export interface OperationDiff {
  base: OperationModel;
  revision: OperationModel;
  path?: Changed<string>;
  operationId?: Changed<string | undefined>;
  deprecated?: Changed<boolean>;
  sunset?: Changed<string | undefined>;
  stability?: Changed<string | undefined>;
  tags: { added: string[]; deleted: string[] };
  parameters: Delta<ParameterModel, ParameterDiff>;
  requestBody: {
    added?: NonNullable<OperationModel['requestBody']>;
    deleted?: NonNullable<OperationModel['requestBody']>;
    modified?: RequestBodyDiff;
  };
  responses: Delta<ResponseModel, ResponseDiff>;
  security: SecurityDiff;
  /**
   * Server URLs of the operation, compared only when either side declares its own (path item or
   * operation `servers`); otherwise both use the document's, whose changes `SpecDiff.servers` holds.
   */
  servers?: { added: string[]; deleted: string[] };
  isEmpty: boolean;
}

/** A security scheme (components or `securityDefinitions`) present on both sides. */
export interface SecuritySchemeDiff {
  name: string;
  base: Record<string, unknown>;
  revision: Record<string, unknown>;
  /** Top-level fields whose values differ (`type`, `scheme`, `in`, `name`, `bearerFormat`, ...). */
  fields: Record<string, Changed<unknown>>;
  /** OAuth 2 flows by name (`implicit`, `password`, `clientCredentials`, `authorizationCode`). */
  flows: Delta<string, OAuthFlowDiff>;
  isEmpty: boolean;
}

/** An OAuth 2 flow present on both sides. */
export interface OAuthFlowDiff {
  name: string;
  fields: Record<string, Changed<unknown>>;
  scopes: { added: string[]; deleted: string[] };
  isEmpty: boolean;
}

/** The structural difference between two documents. Says what changed, never whether it breaks. */
export interface SpecDiff {
  base: ApiModel;
  revision: ApiModel;
  info: { title?: Changed<string>; version?: Changed<string> };
  servers: { added: string[]; deleted: string[] };
  operations: Delta<OperationModel, OperationDiff>;
  /** Webhook operations (OpenAPI 3.1), matched by method and webhook name. */
  webhooks: Delta<OperationModel, OperationDiff>;
  /** Operations of the operations' callbacks, keyed under their operation. */
  callbacks: Delta<OperationModel, OperationDiff>;
  securitySchemes: Delta<string, SecuritySchemeDiff>;
  isEmpty: boolean;
}
