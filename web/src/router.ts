/**
 * Hash routing: `#/NAME?k=v&…`. A page is registered once with `registerPage`; the router renders
 * it into <main id="page"> with the route's parameters whenever the hash changes.
 */
import { h, clear } from './dom.js';

export interface Page {
  /** Shown in the navigation bar (pages without a title are reachable by link only). */
  readonly title?: string;
  /** Draws the page into `root` (emptied before); may return a clean-up run when it is left. */
  render(root: HTMLElement, params: URLSearchParams): void | (() => void) | Promise<void | (() => void)>;
}

const pages = new Map<string, Page>();
let leave: (() => void) | undefined;

export function registerPage(name: string, page: Page): void { pages.set(name, page); }

/** The hash of a route: `route('query', {q: 'T | take 5'})` → `#/query?q=T+%7C+take+5`. */
export function route(name: string, params: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, v);
  const s = p.toString();
  return `#/${name}${s ? `?${s}` : ''}`;
}
export function navigate(name: string, params: Record<string, string | undefined> = {}): void { location.hash = route(name, params); }

export function current(): { name: string; params: URLSearchParams } {
  const m = /^#\/([^?]*)(?:\?(.*))?$/.exec(location.hash);
  return { name: m?.[1] || 'query', params: new URLSearchParams(m?.[2] ?? '') };
}

export async function show(): Promise<void> {
  const { name, params } = current();
  const root = document.getElementById('page')!;
  leave?.(); leave = undefined;
  clear(root);
  document.body.dataset.page = name;
  drawNav(name);
  const page = pages.get(name);
  if (!page) { root.appendChild(h('p', { class: 'error' }, `no page '${name}'`)); return; }
  const r = await page.render(root, params);
  if (typeof r === 'function') leave = r;
}

function drawNav(active: string): void {
  const nav = document.getElementById('nav')!;
  clear(nav);
  for (const [name, p] of pages) if (p.title) nav.appendChild(h('a', { href: `#/${name}`, class: name === active ? 'active' : undefined }, p.title));
}
