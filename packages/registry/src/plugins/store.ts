import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

/** Options of the store plugin. */
export interface StorePluginOptions {
  store: Store;
  /** Close the store with the app (when the app opened it). */
  closeWithApp: boolean;
}

const storePlugin: FastifyPluginAsync<StorePluginOptions> = async (app, options) => {
  app.decorate('store', options.store);
  if (options.closeWithApp) app.addHook('onClose', async () => options.store.close());
};

/** Decorates the app with the registry's store. */
export default fp(storePlugin, { name: 'rollgate-store' });
