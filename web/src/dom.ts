/**
 * DOM building without HTML strings: every text goes in through textContent, every attribute by
 * name, so log text (attacker-controlled) can never become markup, a script or a live link.
 * `on*` attributes are refused (handlers are added with addEventListener); `href` takes only
 * in-app routes (`#/…`) and the blob: URLs of our own downloads.
 */
type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (/^on/i.test(k)) throw new Error(`h(): event attribute ${k} refused (use addEventListener)`);
    if (k === 'href' && !/^#\/|^blob:/.test(String(v))) throw new Error(`h(): href ${String(v).slice(0, 40)} refused (in-app routes only)`);
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void { el.replaceChildren(); }

/**
 * Text as a user may safely read it: bidi overrides and isolates (U+202A–202E, U+2066–2069) and
 * other invisible format characters shown as `<U+202E>`, so `evil\u202Eexe.txt` cannot reorder what
 * the analyst sees; C0 controls other than tab and newline likewise.
 */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** Downloads text as a file (a blob: URL of our own origin; nothing leaves the page). */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
