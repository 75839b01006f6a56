import type { CheckContext } from './context.js';
import type { Rule } from './rule.js';

/** Document-level facts: title, declared version, servers. */
export const rules: Rule[] = [
  {
    id: 'api-title-changed',
    level: 'info',
    direction: 'none',
    family: 'info',
    description: 'The title of the API changed.',
    message: 'API title changed from {from} to {to}',
    why: '',
  },
  {
    id: 'api-version-changed',
    level: 'info',
    direction: 'none',
    family: 'info',
    description: 'The declared version of the API (info.version) changed.',
    message: 'API version changed from {from} to {to}',
    why: '',
  },
  {
    id: 'api-server-removed',
    level: 'warning',
    direction: 'none',
    family: 'info',
    description: 'A server URL was removed from the description.',
    message: 'server {url} was removed',
    why: 'Clients configured with that base URL may lose access if the server is also shut down.',
  },
  {
    id: 'api-server-added',
    level: 'info',
    direction: 'none',
    family: 'info',
    description: 'A server URL was added to the description.',
    message: 'server {url} was added',
    why: '',
  },
];

/** Reports changes of the title, the declared version and the servers. */
export function checkInfo(ctx: CheckContext): void {
  const { diff, emit } = ctx;
  if (diff.info.title) emit({ id: 'api-title-changed', operation: null, pointer: '/info/title', side: 'revision', args: { ...diff.info.title } });
  if (diff.info.version) emit({ id: 'api-version-changed', operation: null, pointer: '/info/version', side: 'revision', args: { ...diff.info.version } });
  const serverPointer = (swagger: boolean): string => (swagger ? '/host' : '/servers');
  for (const url of diff.servers.deleted) {
    emit({ id: 'api-server-removed', operation: null, pointer: serverPointer(diff.base.spec.specVersion === '2.0'), side: 'base', args: { url } });
  }
  for (const url of diff.servers.added) {
    emit({ id: 'api-server-added', operation: null, pointer: serverPointer(diff.revision.spec.specVersion === '2.0'), side: 'revision', args: { url } });
  }
}
