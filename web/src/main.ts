/**
 * The workbench's entry: takes the token (fragment, sessionStorage or the prompt), registers the
 * pages and starts the router. A page is added with `registerPage` (see web/README.md).
 */
import './styles.css';
import { tokenFromFragment, token, askToken } from './auth.js';
import { registerPage, show } from './router.js';
import { queryPage } from './pages/query.js';
import { schemaPage } from './pages/schema.js';
import { incidentsPage } from './pages/incidents.js';
import { incidentPage } from './pages/incident.js';
import { rulesPage } from './pages/rules.js';
import * as api from './api.js';
import { h, visible } from './dom.js';

registerPage('query', queryPage);
registerPage('schema', schemaPage);
registerPage('incidents', incidentsPage);
registerPage('incident', incidentPage);
registerPage('rules', rulesPage);

async function start(): Promise<void> {
  tokenFromFragment();
  const root = document.getElementById('page')!;
  let why = 'This workbench needs the bearer token of the server.';
  for (;;) {
    if (!token()) await askToken(root, why);
    try { await api.schema(); break; } catch (e) {
      if (e instanceof api.Unauthorized) { why = 'The server refused that token.'; continue; }
      root.replaceChildren(h('p', { class: 'error' }, visible(`cannot reach the server: ${(e as Error).message}`)));
      return;
    }
  }
  window.addEventListener('hashchange', () => { void show().catch(fail); });
  await show().catch(fail);
  document.body.dataset.ready = '1';
}

function fail(e: unknown): void {
  if (e instanceof api.Unauthorized) { location.reload(); return; }
  document.getElementById('page')!.append(h('p', { class: 'error' }, visible(String((e as Error).message ?? e))));
}

void start();
