import type { FastifyPluginAsync } from 'fastify';
import { HalResponse } from '../schemas.js';
import type { HalLink, HalResource, Hrefs } from '../hal.js';
import { CLIENT_CONSTRAINT } from '../constraints.js';

/** The Broker index: every `pb:` relation the Pact clients look up, as (templated) absolute links. */
export function indexResource(hrefs: Hrefs): HalResource {
  const t = (path: string, title: string): HalLink => ({ href: `${hrefs.base}${path}`, title, templated: path.includes('{') });
  return {
    _links: {
      self: { href: hrefs.base, title: 'Index' },
      'pb:publish-contracts': t('/contracts/publish', 'Publish contracts'),
      'pb:publish-pact': t('/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}', 'Publish a pact'),
      'pb:pacticipants': t('/pacticipants', 'Pacticipants'),
      'pb:pacticipant': t('/pacticipants/{pacticipant}', 'Fetch pacticipant by name'),
      'pb:pacticipant-version': t('/pacticipants/{pacticipant}/versions/{version}', 'Get, create or delete a pacticipant version'),
      'pb:pacticipant-version-tag': t('/pacticipants/{pacticipant}/versions/{version}/tags/{tag}', 'Get, create or delete a tag for a pacticipant version'),
      'pb:pacticipant-branch-version': t('/pacticipants/{pacticipant}/branches/{branch}/versions/{version}', 'Get or add a pacticipant version to a branch'),
      'pb:latest-version': t('/pacticipants/{pacticipant}/latest-version', 'Latest pacticipant version'),
      'pb:latest-tagged-version': t('/pacticipants/{pacticipant}/latest-version/{tag}', 'Latest pacticipant version with the tag'),
      'pb:environments': t('/environments', 'Environments'),
      'pb:environment': t('/environments/{uuid}', 'Environment by UUID'),
      'pb:provider-pacts-for-verification': t('/pacts/provider/{provider}/for-verification', 'Pacts to verify for a provider'),
      'pb:can-i-deploy-pacticipant-version-to-environment': t(
        '/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}',
        'Can a pacticipant version be deployed to an environment',
      ),
      'pb:matrix': t('/matrix', 'The matrix of pacts and verification results (Rack-style q[] query)'),
    },
  };
}

/** `GET /` for HAL clients (the index) and browsers (a redirect to the UI). */
const indexRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/',
    {
      constraints: { [CLIENT_CONSTRAINT]: 'hal' },
      schema: { hide: true, response: { 200: HalResponse } },
    },
    async (request) => indexResource(request.hrefs()),
  );

  // Public: the redirect reveals nothing, and the UI asks for the token itself.
  app.get('/', { constraints: { [CLIENT_CONSTRAINT]: 'html' }, config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    return reply.redirect('/ui/', 302);
  });
};

export default indexRoutes;
