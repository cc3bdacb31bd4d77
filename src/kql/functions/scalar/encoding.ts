/** URL, path, command-line, CSV, base64 and similar parsers/encoders. */
import { randomUUID } from 'node:crypto';
import { deflateSync, gzipSync, gunzipSync, inflateSync } from 'node:zlib';
import type { DynamicValue } from '../../data/types.js';
import { formatReal, toGuidValue } from '../../semantics/convert.js';
import type { ScalarImpl } from '../types.js';
import { arr, def, int, num, str } from './util.js';

export function registerEncoding(m: Map<string, ScalarImpl>): void {
  def(m, 'url_decode', (a, t) => {
    const s = str(a, t, 0);
    try { return decodeURIComponent(s); } catch { return null; }
  });
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16)).replace(/%[0-9A-F]{2}/g, (x) => x.toLowerCase());
  // url_encode is application/x-www-form-urlencoded: a space becomes '+'; url_encode_component
  // writes %20 (url-encode-function.md).
  def(m, 'url_encode', (a, t) => enc(str(a, t, 0)).replace(/%20/g, '+'));
  def(m, 'url_encode_component', (a, t) => enc(str(a, t, 0)));
  def(m, 'base64_encode_tostring', (a, t) => Buffer.from(str(a, t, 0), 'utf8').toString('base64'));
  def(m, 'base64_decode_tostring', (a, t) => {
    const b = decodeBase64(str(a, t, 0));
    if (!b) return null;
    const s = new TextDecoder('utf-8', { fatal: true });
    try { return s.decode(b); } catch { return null; }
  });
  def(m, 'base64_decode_toarray', (a, t) => {
    const b = decodeBase64(str(a, t, 0));
    return b ? Array.from(b) : null;
  });
  def(m, 'base64_encode_fromarray', (a) => {
    const xs = arr(a, 0);
    if (!xs || xs.some((x) => typeof x !== 'number' || x < 0 || x > 255)) return null;
    return Buffer.from(xs as number[]).toString('base64');
  });
  def(m, 'base64_encode_fromguid', (a, t) => {
    const g = toGuidValue(a[0] ?? null, t[0] ?? 'guid');
    if (!g) return null;
    return Buffer.from(guidToBytes(g)).toString('base64');
  });
  def(m, 'base64_decode_toguid', (a, t) => {
    const b = decodeBase64(str(a, t, 0));
    if (!b || b.length !== 16) return null;
    return bytesToGuid(b);
  });
  def(m, 'parse_url', (a, t) => parseUrl(str(a, t, 0)));
  def(m, 'parse_urlquery', (a, t) => {
    let q = str(a, t, 0);
    if (q.startsWith('?')) q = q.slice(1);
    return { 'Query Parameters': parseQuery(q) };
  });
  def(m, 'parse_path', (a, t) => parsePath(str(a, t, 0)));
  def(m, 'parse_command_line', (a, t) => {
    const kind = str(a, t, 1).toLowerCase();
    if (kind !== 'windows') return null;
    return parseWindowsCommandLine(str(a, t, 0));
  });
  def(m, 'parse_csv', (a, t) => parseCsvRecord(str(a, t, 0)));
  def(m, 'parse_version', (a, t) => {
    const s = str(a, t, 0).trim();
    const mt = /^(\d{1,8})(?:\.(\d{1,8}))?(?:\.(\d{1,8}))?(?:\.(\d{1,8}))?$/.exec(s);
    if (!mt) return null; // one to four parts (parse-version-function.md: "1" is 1.0.0.0)
    const parts = [mt[1], mt[2] ?? '0', mt[3] ?? '0', mt[4] ?? '0'].map((x) => x!.padStart(8, '0'));
    return Number(parts.join(''));
  });
  def(m, 'format_bytes', (a, t) => {
    const size = num(a, t, 0);
    if (size === null) return '';
    const prec = a.length > 1 ? (int(a, t, 1) ?? 0) : 0;
    const units = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
    let u = 0;
    const want = a.length > 2 ? str(a, t, 2).toUpperCase() : '';
    let v = size;
    if (want) { const k = units.findIndex((x) => x.toUpperCase() === want || (want === 'BYTES' && x === 'Bytes')); u = k < 0 ? 0 : k; v = size / 1024 ** u; }
    else while (Math.abs(v) >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return `${formatReal(Number(v.toFixed(Math.max(0, Math.min(prec, 15)))))} ${units[u]}`;
  });
  def(m, 'dynamic_to_json', (a) => sortedJson((a[0] ?? null) as DynamicValue));
  def(m, 'new_guid', () => randomUUID());
  const unzip = (f: (b: Uint8Array) => Buffer): ScalarImpl => (a, t) => {
    const b = decodeBase64(str(a, t, 0));
    if (!b) return '';
    try { return new TextDecoder('utf-8', { fatal: true }).decode(f(b)); } catch { return ''; }
  };
  def(m, 'zlib_decompress_from_base64_string', unzip((b) => inflateSync(b)));
  def(m, 'gzip_decompress_from_base64_string', unzip((b) => gunzipSync(b)));
  def(m, 'zlib_compress_to_base64_string', (a, t) => deflateSync(Buffer.from(str(a, t, 0), 'utf8')).toString('base64'));
  def(m, 'gzip_compress_to_base64_string', (a, t) => gzipSync(Buffer.from(str(a, t, 0), 'utf8')).toString('base64'));
  def(m, 'estimate_data_size', (a, t) => {
    let n = 0;
    a.forEach((v, i) => {
      const ty = t[i] ?? 'dynamic';
      if (v === null) return;
      if (ty === 'string') n += Buffer.byteLength(v as string, 'utf8');
      else if (ty === 'bool') n += 1;
      else if (ty === 'int') n += 4;
      else if (ty === 'guid') n += 16;
      else if (ty === 'dynamic') n += Buffer.byteLength(JSON.stringify(v), 'utf8');
      else n += 8;
    });
    return n;
  });
}

function decodeBase64(s: string): Uint8Array | undefined {
  const c = s.trim().replace(/-/g, '+').replace(/_/g, '/');
  // Padding is required, as .NET's Convert.FromBase64String requires it: the docs'
  // base64_decode_toarray("U3RyaW5n0KHR0tGA0L7Rh9C60LA") (27 characters) gives null
  // (base64-encode-fromarray-function.md).
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(c) || c.length % 4 !== 0) return undefined;
  return new Uint8Array(Buffer.from(c, 'base64'));
}

/**
 * Guid bytes in .NET's layout (Guid.ToByteArray): the first three groups little-endian, the last
 * two as written. base64_encode_fromguid(toguid("ae3133f2-6e22-49ae-b06a-16e6a9b212eb")) is
 * "8jMxriJurkmwahbmqbIS6w==" (f2 33 31 ae | 22 6e | ae 49 | b0 6a …), base64-encode-fromguid-function.md.
 */
function guidToBytes(g: string): number[] {
  const h = g.replace(/-/g, '');
  const bytes = [];
  for (let i = 0; i < 32; i += 2) bytes.push(parseInt(h.slice(i, i + 2), 16));
  const d1 = bytes.slice(0, 4).reverse(), d2 = bytes.slice(4, 6).reverse(), d3 = bytes.slice(6, 8).reverse();
  return [...d1, ...d2, ...d3, ...bytes.slice(8)];
}

/** The inverse of guidToBytes (so encode and decode round-trip). */
function bytesToGuid(b: Uint8Array): string {
  const bytes = Array.from(b);
  const ordered = [...bytes.slice(0, 4).reverse(), ...bytes.slice(4, 6).reverse(), ...bytes.slice(6, 8).reverse(), ...bytes.slice(8)];
  const h = ordered.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function parseQuery(q: string): Record<string, DynamicValue> {
  const out: Record<string, DynamicValue> = {};
  if (q === '') return out;
  for (const part of q.split('&')) {
    if (part === '') continue;
    const i = part.indexOf('=');
    const k = i < 0 ? part : part.slice(0, i), v = i < 0 ? '' : part.slice(i + 1);
    let dk = k, dv = v;
    try { dk = decodeURIComponent(k.replace(/\+/g, ' ')); } catch { /* keep raw */ }
    try { dv = decodeURIComponent(v.replace(/\+/g, ' ')); } catch { /* keep raw */ }
    out[dk] = dv;
  }
  return out;
}

export function parseUrl(s: string): DynamicValue {
  const mt = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?(\/[^?#]*)?(?:\?([^#]*))?(?:#(.*))?$/.exec(s.trim());
  if (!mt) return {};
  return {
    Scheme: mt[1]!, Host: mt[4] ?? '', Port: mt[5] ?? '', Path: (mt[6] ?? '').replace(/^\//, ''),
    Username: mt[2] ?? '', Password: mt[3] ?? '', 'Query Parameters': parseQuery(mt[7] ?? ''), Fragment: mt[8] ?? '',
  };
}

export function parsePath(p0: string): DynamicValue {
  let p = p0;
  let scheme = '';
  const sm = /^([A-Za-z][A-Za-z0-9+.-]+):\/\/\/?/.exec(p);
  if (sm) { scheme = sm[1]!; p = p.slice(sm[0].length); }
  // alternate data stream: file.txt:stream (a colon after the drive part)
  let ads = '';
  const driveLen = /^[A-Za-z]:/.test(p) ? 2 : 0;
  const colon = p.indexOf(':', driveLen);
  if (colon >= 0) { ads = p.slice(colon + 1); p = p.slice(0, colon); }
  const sepIdx = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
  const dir = sepIdx >= 0 ? p.slice(0, sepIdx) : '';
  const file = sepIdx >= 0 ? p.slice(sepIdx + 1) : p;
  const root = driveLen ? p.slice(0, 2) : '';
  const dsep = Math.max(dir.lastIndexOf('\\'), dir.lastIndexOf('/'));
  const dirName = dsep >= 0 ? dir.slice(dsep + 1) : dir;
  const dot = file.lastIndexOf('.');
  return {
    Scheme: scheme, RootPath: root, DirectoryPath: dir, DirectoryName: dirName === root ? '' : dirName,
    Filename: file, Extension: dot >= 0 ? file.slice(dot + 1) : '', AlternateDataStreamName: ads,
  };
}

/** CommandLineToArgvW rules: whitespace separates; quotes group; 2n backslashes + quote → n backslashes and a quote toggle; 2n+1 → n and a literal quote. */
export function parseWindowsCommandLine(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= n) break;
    let cur = '';
    let inQ = false;
    while (i < n && (inQ || (s[i] !== ' ' && s[i] !== '\t'))) {
      if (s[i] === '\\') {
        let k = 0;
        while (i < n && s[i] === '\\') { k++; i++; }
        if (s[i] === '"') {
          cur += '\\'.repeat(Math.floor(k / 2));
          if (k % 2 === 1) { cur += '"'; i++; }
        } else cur += '\\'.repeat(k);
      } else if (s[i] === '"') {
        if (inQ && s[i + 1] === '"') { cur += '"'; i += 2; continue; }
        inQ = !inQ; i++;
      } else { cur += s[i]; i++; }
    }
    out.push(cur);
  }
  return out;
}

/** The first CSV record of the text (RFC 4180 quoting). */
export function parseCsvRecord(s: string): string[] {
  const out: string[] = [];
  let cur = '', i = 0, inQ = false;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (inQ) {
      if (c === '"') { if (s[i + 1] === '"') { cur += '"'; i++; } else inQ = false; }
      else cur += c;
    } else if (c === '"' && cur === '') inQ = true;
    else if (c === ',') { out.push(cur); cur = ''; }
    else if (c === '\n' || c === '\r') break;
    else cur += c;
  }
  out.push(cur);
  return out;
}

function sortedJson(v: DynamicValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(sortedJson).join(',') + ']';
  return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + sortedJson(v[k]!)).join(',') + '}';
}
