export * from './types.js';
export * from './config.js';
export * from './match.js';
export * from './apply.js';
export * from './fail-on.js';
