import { assetUrl } from './assets.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

/** Top-level sections, used to mark the current one in the navigation. */
export type Section = 'services' | 'rollback' | 'graph' | 'login' | 'none';

/** What the frame around every page shows about the visitor; the same for all pages of a request. */
export interface Frame {
  /** Signed in with the session cookie: the header offers to sign out. */
  signedIn?: boolean;
}

/** What every page needs besides its content. */
export interface PageOptions {
  title: string;
  section: Section;
  /** Trail of links above the heading; the last item is the current page and is not a link. */
  breadcrumbs?: { label: string; href?: string }[];
  /** Adds the script (list filter, version suggestions); every page works without it. */
  script?: boolean;
  frame?: Frame;
}

const NAV: { section: Section; label: string; href: string }[] = [
  { section: 'services', label: 'Services', href: '/ui/' },
  { section: 'rollback', label: 'Rollback check', href: '/ui/rollback' },
  { section: 'graph', label: 'Dependency graph', href: '/ui/graph' },
];

/** Wraps page content in the document shell: skip link, header with navigation, main landmark, footer. */
export function page(opts: PageOptions, content: HtmlValue): SafeHtml {
  const crumbs = opts.breadcrumbs ?? [];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · Rollgate registry</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl('ui.css')}">
${opts.script ? html`<script src="${assetUrl('ui.js')}" defer></script>` : ''}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div class="inner">
<a class="brand" href="/ui/">Rollgate registry</a>
<nav aria-label="Main">
<ul>
${NAV.map(
  (item) =>
    html`<li><a href="${item.href}"${item.section === opts.section ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
)}
</ul>
</nav>
${
  opts.frame?.signedIn
    ? html`<form class="sign-out" method="post" action="/ui/logout"><button type="submit" class="secondary">Sign out</button></form>`
    : ''
}
</div>
</header>
<main id="main" tabindex="-1">
${
  crumbs.length > 0
    ? html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>${crumbs.map((c, i) =>
        c.href && i < crumbs.length - 1
          ? html`<li><a href="${c.href}">${c.label}</a></li>`
          : html`<li><span aria-current="page">${c.label}</span></li>`,
      )}</ol></nav>`
    : ''
}
${content}
</main>
<footer class="site-footer"><p>Rollgate contract registry · <a href="/openapi.json">API description</a></p></footer>
</body>
</html>
`;
}
