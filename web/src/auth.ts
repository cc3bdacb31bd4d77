/**
 * The bearer token the API needs. Taken from a `#token=…` fragment (the URL `cloudhop serve`
 * prints; the fragment never reaches the server or its logs) or typed into the prompt, kept in
 * sessionStorage (gone when the tab closes), and removed from the address bar at once.
 */
import { h, clear } from './dom.js';

const KEY = 'cloudhop.token';

export function tokenFromFragment(): void {
  const m = /^#token=([^&]+)(?:&(.*))?$/.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(KEY, decodeURIComponent(m[1]!));
  history.replaceState(null, '', `${location.pathname}${m[2] ? `#${m[2]}` : '#/query'}`);
}

export function token(): string | null { return sessionStorage.getItem(KEY); }
export function forgetToken(): void { sessionStorage.removeItem(KEY); }

/** Shows the token prompt in `root`; resolves once a token is stored. */
export function askToken(root: HTMLElement, why: string): Promise<void> {
  return new Promise((resolve) => {
    clear(root);
    const input = h('input', { type: 'password', id: 'token-input', autocomplete: 'off', placeholder: 'bearer token', size: 50 });
    const form = h('form', { id: 'token-form', class: 'token-form' },
      h('h2', {}, 'Sign in'),
      h('p', {}, why),
      h('p', {}, 'The token is the one `cloudhop serve` printed (or the first line of its --token-file). It is kept in this tab only.'),
      input, ' ', h('button', { type: 'submit' }, 'Open'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const t = input.value.trim();
      if (!t) return;
      sessionStorage.setItem(KEY, t);
      resolve();
    });
    root.appendChild(form);
    input.focus();
  });
}
