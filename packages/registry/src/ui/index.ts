export { default as uiPlugin, type UiOptions } from './plugin.js';
export { html, escapeHtml, raw, join, SafeHtml } from './html.js';
export { layoutGraph, type GraphLayout, type GraphEdge } from './graph-layout.js';
