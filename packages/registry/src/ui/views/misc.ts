import { html, type SafeHtml } from '../html.js';
import { page, type Frame } from '../layout.js';

/** An error page (unknown service, bad request) that keeps the navigation. */
export function errorPage(status: number, title: string, message: string, frame: Frame = {}): SafeHtml {
  return page(
    { title, section: 'none', frame },
    html`<h1>${title}</h1>
<p class="error" role="alert">${message}</p>
<p><a href="/ui/">Back to the services</a></p>
<p class="muted">HTTP ${status}</p>`,
  );
}

/** The sign-in form used when the registry requires a read token. */
export function loginPage(opts: { next: string; failed: boolean; signedOut?: boolean }): SafeHtml {
  return page(
    { title: 'Sign in', section: 'login' },
    html`<h1>Sign in</h1>
<p class="lead">This registry requires a read token. Enter it once; it is kept in a cookie for this browser session.</p>
${opts.failed ? html`<p class="error" role="alert">That token was not accepted.</p>` : ''}
${opts.signedOut ? html`<p class="notice" role="status">You are signed out.</p>` : ''}
<form class="inline" method="post" action="/ui/login">
<input type="hidden" name="next" value="${opts.next}">
<div><label for="login-token">Read token</label><input id="login-token" name="token" type="password" required autocomplete="current-password"></div>
<button type="submit">Sign in</button>
</form>`,
  );
}
