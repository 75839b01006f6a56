import { describe, expect, it } from 'vitest';
import { escapeHtml, href, html, join, SafeHtml } from '../../src/ui/html.js';
import { NASTY } from './nasty.js';

describe('html', () => {
  it('escapes every interpolated string so it reads back as the same text', () => {
    for (const s of NASTY) {
      const out = html`<p title="${s}">${s}</p>`.toString();
      expect(out).not.toMatch(/<(script|img|svg)/);
      expect(out.match(/"/g)?.length).toBe(2);
      expect(out.slice('<p title="'.length).split('"')[0]).toBe(escapeHtml(s));
      const decoded = escapeHtml(s).replace(/&(lt|gt|quot|#39|#96|amp);/g, (_m, e: string) =>
        ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', amp: '&' })[e] ?? '',
      );
      expect(decoded).toBe(s);
    }
  });

  it('escapes the ampersand first so entities are not double-decoded', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('keeps nested templates as they are', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}</p>`.toString()).toBe('<p><b>&lt;i&gt;</b></p>');
  });

  it('renders arrays item by item and nothing for null, undefined and false', () => {
    expect(html`${['<a>', html`<b></b>`, 3]}`.toString()).toBe('&lt;a&gt;<b></b>3');
    expect(html`[${null}${undefined}${false}]`.toString()).toBe('[]');
    expect(html`${true} ${0}`.toString()).toBe('true 0');
  });

  it('joins with an escaped separator', () => {
    expect(join(['a', 'b'], ' & ').toString()).toBe('a &amp; b');
    expect(join([html`<i>x</i>`, '<y>'], html`<br>`).toString()).toBe('<i>x</i><br>&lt;y&gt;');
    expect(join(['x'])).toBeInstanceOf(SafeHtml);
  });
});

describe('href', () => {
  it('encodes each path segment so names cannot add segments or a query', () => {
    expect(href(['ui', 'services', 'a/b?c#d'])).toBe('/ui/services/a%2Fb%3Fc%23d');
    expect(href(['ui', 'services', '../admin'])).toBe('/ui/services/..%2Fadmin');
  });

  it('adds only the query parameters that have a value', () => {
    expect(href(['ui', 'graph'], { service: 'A&B', environment: undefined, to: '' })).toBe('/ui/graph?service=A%26B');
    expect(href(['ui'], {})).toBe('/ui');
  });

  it('produces values that stay inside a quoted attribute', () => {
    for (const s of NASTY) {
      const out = html`<a href="${href(['ui', 'services', s], { q: s })}">x</a>`.toString();
      expect(out.startsWith('<a href="/ui/services/')).toBe(true);
      expect(out.match(/"/g)?.length).toBe(2);
    }
  });
});
