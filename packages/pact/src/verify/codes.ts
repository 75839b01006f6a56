/** Finding codes of `verifyPact`: stable once released, in the spirit of PactFlow's comparator. */
export type PactFindingCode =
  | 'interaction.unsupported'
  | 'request.path-or-method.unknown'
  | 'request.path.incompatible'
  | 'request.query.incompatible'
  | 'request.query.unknown'
  | 'request.header.incompatible'
  | 'request.header.unknown'
  | 'request.cookie.incompatible'
  | 'request.authorization.missing'
  | 'request.content-type.incompatible'
  | 'request.content-type.missing'
  | 'request.accept.incompatible'
  | 'request.body.incompatible'
  | 'request.body.unknown'
  | 'response.status.unknown'
  | 'response.status.default'
  | 'response.content-type.incompatible'
  | 'response.header.incompatible'
  | 'response.header.unknown'
  | 'response.body.incompatible'
  | 'response.body.unknown'
  | 'response.body.field-not-guaranteed';

/** One row of the finding catalog: the code, its default level and what it means for the consumer. */
export interface PactFindingRule {
  code: PactFindingCode;
  level: 'error' | 'warning';
  summary: string;
}

/** The catalog of finding codes, in the order a request then a response are checked. */
export const PACT_FINDING_RULES: readonly PactFindingRule[] = [
  { code: 'interaction.unsupported', level: 'warning', summary: 'A message or plugin interaction: not checked against OpenAPI.' },
  { code: 'request.path-or-method.unknown', level: 'error', summary: 'No operation of the provider has this method and a path template the request path fits.' },
  { code: 'request.path.incompatible', level: 'error', summary: 'The path fits a template, but a path parameter value is invalid for its schema.' },
  { code: 'request.query.incompatible', level: 'error', summary: 'A required query parameter is missing, or a value is invalid for its schema.' },
  { code: 'request.query.unknown', level: 'warning', summary: 'The consumer sends a query parameter the operation does not declare.' },
  { code: 'request.header.incompatible', level: 'error', summary: 'A required header is missing, or a header value is invalid for its schema.' },
  { code: 'request.header.unknown', level: 'warning', summary: 'The consumer sends a non-standard header the operation does not declare.' },
  { code: 'request.cookie.incompatible', level: 'error', summary: 'A required cookie is missing from the Cookie header, or a cookie value is invalid for its schema.' },
  { code: 'request.authorization.missing', level: 'error', summary: 'The operation requires credentials and the request carries none of the accepted ones.' },
  { code: 'request.content-type.incompatible', level: 'error', summary: 'The request body media type is not one the operation accepts.' },
  { code: 'request.content-type.missing', level: 'warning', summary: 'The request has a body but no Content-Type header.' },
  { code: 'request.accept.incompatible', level: 'error', summary: 'The Accept header admits none of the media types the response can have.' },
  { code: 'request.body.incompatible', level: 'error', summary: 'The request body is invalid for the schema, or a required body is missing.' },
  { code: 'request.body.unknown', level: 'warning', summary: 'The consumer sends a body to an operation that declares none.' },
  { code: 'response.status.unknown', level: 'error', summary: 'The operation never responds with the status the consumer expects.' },
  { code: 'response.status.default', level: 'warning', summary: 'The expected status is covered only by the `default` response.' },
  { code: 'response.content-type.incompatible', level: 'error', summary: 'The expected response media type is not one the provider produces.' },
  { code: 'response.header.incompatible', level: 'error', summary: 'An expected response header value is invalid for the provider\'s header schema.' },
  { code: 'response.header.unknown', level: 'warning', summary: 'The consumer expects a response header the provider does not document.' },
  { code: 'response.body.incompatible', level: 'error', summary: 'An expected response field has a type or value the provider never produces, or is not in its schema.' },
  { code: 'response.body.unknown', level: 'error', summary: 'The consumer expects a body where the provider documents none.' },
  {
    code: 'response.body.field-not-guaranteed',
    level: 'warning',
    summary: 'The consumer relies on a field the provider marks optional or nullable (level set by `optionalFieldLevel`).',
  },
];
