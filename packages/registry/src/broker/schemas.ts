import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { HalResource } from './hal.js';

// The Pact clients send fields this API does not use (`target`, `verifiedBy`, `testResults`, ...),
// so request bodies allow additional properties; the fields read here are typed and validated.

/** Any HAL resource: the Broker's resources are open (links vary by state), so no allow-list. */
export const HalResponse = Type.Unsafe<HalResource>(
  Type.Object({ _links: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: true, description: 'A HAL+JSON resource' }),
);

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Text = Type.String({ maxLength: 2_000 });

/** Path parameters naming a pacticipant. */
export const PacticipantParams = Type.Object({ pacticipant: Name });
/** Path parameters naming a pacticipant version. */
export const VersionParams = Type.Object({ pacticipant: Name, version: Name });
/** Path parameters naming an environment by UUID. */
export const EnvironmentParams = Type.Object({ uuid: Name });

/** `POST /pacticipants` and `PATCH /pacticipants/{p}`. */
export const PacticipantBody = Type.Object(
  {
    name: Type.Optional(Name),
    displayName: Type.Optional(Type.Union([Text, Type.Null()])),
    mainBranch: Type.Optional(Type.Union([Name, Type.Null()])),
    repositoryUrl: Type.Optional(Type.Union([Text, Type.Null()])),
  },
  { additionalProperties: true },
);
export type PacticipantBody = Static<typeof PacticipantBody>;

/** `PUT /pacticipants/{p}/versions/{v}` (create-or-update-version). */
export const VersionBody = Type.Object(
  { branch: Type.Optional(Name), buildUrl: Type.Optional(Text), commit: Type.Optional(Name) },
  { additionalProperties: true },
);
export type VersionBody = Static<typeof VersionBody>;

/** `POST /environments` and `PUT /environments/{uuid}`. */
export const EnvironmentBody = Type.Object(
  {
    name: Name,
    displayName: Type.Optional(Type.Union([Text, Type.Null()])),
    production: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type EnvironmentBody = Static<typeof EnvironmentBody>;

/** `POST .../deployed-versions/environment/{uuid}` (record-deployment). */
export const DeploymentBody = Type.Object(
  {
    applicationInstance: Type.Optional(Type.Union([Name, Type.Null()])),
    target: Type.Optional(Type.Union([Name, Type.Null()])),
  },
  { additionalProperties: true },
);
export type DeploymentBody = Static<typeof DeploymentBody>;

/** `PATCH /deployed-versions/{uuid}` (record-undeployment). */
export const UndeployBody = Type.Object({ currentlyDeployed: Type.Boolean() }, { additionalProperties: true });
/** `PATCH /released-versions/{uuid}` (record-support-ended). */
export const UnsupportBody = Type.Object({ currentlySupported: Type.Boolean() }, { additionalProperties: true });

/** One contract of `POST /contracts/publish`. */
export const PublishedContract = Type.Object(
  {
    consumerName: Name,
    providerName: Name,
    specification: Type.String({ minLength: 1 }),
    contentType: Type.String({ minLength: 1 }),
    content: Type.String({ minLength: 1, description: 'base64 of the pact document' }),
    onConflict: Type.Optional(Type.Union([Type.Literal('overwrite'), Type.Literal('merge')], { description: 'merge adds the interactions to a pact already published for the version; other content is refused (409) either way' })),
  },
  { additionalProperties: true },
);

/** `POST /contracts/publish`. */
export const PublishContractsBody = Type.Object(
  {
    pacticipantName: Name,
    pacticipantVersionNumber: Name,
    branch: Type.Optional(Name),
    tags: Type.Optional(Type.Array(Name, { maxItems: 100 })),
    buildUrl: Type.Optional(Text),
    contracts: Type.Array(PublishedContract, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: true },
);
export type PublishContractsBody = Static<typeof PublishContractsBody>;

/** A consumer version selector of `POST /pacts/provider/{p}/for-verification`. */
export const ConsumerVersionSelector = Type.Object(
  {
    consumer: Type.Optional(Name),
    mainBranch: Type.Optional(Type.Boolean()),
    branch: Type.Optional(Name),
    matchingBranch: Type.Optional(Type.Boolean()),
    tag: Type.Optional(Name),
    latest: Type.Optional(Type.Boolean()),
    deployed: Type.Optional(Type.Boolean()),
    released: Type.Optional(Type.Boolean()),
    deployedOrReleased: Type.Optional(Type.Boolean()),
    environment: Type.Optional(Name),
  },
  { additionalProperties: true },
);
export type ConsumerVersionSelector = Static<typeof ConsumerVersionSelector>;

/** `POST /pacts/provider/{p}/for-verification`. */
export const ForVerificationBody = Type.Object(
  {
    consumerVersionSelectors: Type.Optional(Type.Array(ConsumerVersionSelector, { maxItems: 100 })),
    providerVersionBranch: Type.Optional(Type.Union([Name, Type.Null()])),
    providerVersionTags: Type.Optional(Type.Array(Name)),
    includePendingStatus: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type ForVerificationBody = Static<typeof ForVerificationBody>;

/** `POST .../pact-version/{sha}/verification-results`. */
export const VerificationBody = Type.Object(
  {
    success: Type.Boolean(),
    providerApplicationVersion: Name,
    buildUrl: Type.Optional(Type.Union([Text, Type.Null()])),
    testResults: Type.Optional(Type.Unknown()),
    verifiedBy: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);
export type VerificationBody = Static<typeof VerificationBody>;
