/** IPv4 / IPv6 functions. Text forms `a.b.c.d`, `a.b.c.d/n`, IPv6 with `::` and embedded IPv4. */
import type { DynamicValue, Value } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { def, int, str } from './util.js';

/** Parses `a.b.c.d` → 32-bit unsigned number, or undefined. */
export function ipv4ToNumber(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) { const o = +m[i]!; if (o > 255) return undefined; v = v * 256 + o; }
  return v;
}

/** `a.b.c.d[/n]` → { ip, prefix } (prefix 32 when absent). */
export function parseIpv4Cidr(s0: string): { ip: number; prefix: number } | undefined {
  const s = s0.trim();
  const slash = s.indexOf('/');
  const ip = ipv4ToNumber(slash < 0 ? s : s.slice(0, slash));
  if (ip === undefined) return undefined;
  let prefix = 32;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,2}$/.test(p) || +p > 32) return undefined;
    prefix = +p;
  }
  return { ip, prefix };
}

const mask32 = (prefix: number) => (prefix <= 0 ? 0 : prefix >= 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0);
const masked = (ip: number, prefix: number) => ((ip & mask32(prefix)) >>> 0);
export const numberToIpv4 = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');

function ipv4Compare(a: string, b: string, prefixArg: number | null | undefined): number | null {
  const x = parseIpv4Cidr(a), y = parseIpv4Cidr(b);
  if (!x || !y) return null;
  let p = Math.min(x.prefix, y.prefix);
  if (prefixArg !== undefined) { if (prefixArg === null || prefixArg < 0 || prefixArg > 32) return null; p = Math.min(p, prefixArg); }
  const u = masked(x.ip, p), v = masked(y.ip, p);
  return u < v ? -1 : u > v ? 1 : 0;
}

function inRange(ip: string, range: string): boolean | null {
  const x = parseIpv4Cidr(ip), r = parseIpv4Cidr(range);
  if (!x || !r) return null;
  return masked(x.ip, r.prefix) === masked(r.ip, r.prefix);
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((r) => parseIpv4Cidr(r)!);

/** Candidate IPv4 tokens in text: runs of digits and dots not touching letters, digits or dots. */
function ipv4Tokens(s: string): string[] {
  const out: string[] = [];
  const re = /[0-9.]+/g;
  for (const m of s.matchAll(re)) {
    const before = m.index! > 0 ? s[m.index! - 1]! : '';
    const after = s[m.index! + m[0].length] ?? '';
    if (/[A-Za-z_]/.test(before) || /[A-Za-z_]/.test(after)) continue;
    let tok = m[0];
    if (tok.endsWith('.')) tok = tok.slice(0, -1);
    if (tok.startsWith('.')) continue;
    if (ipv4ToNumber(tok) !== undefined) out.push(tok);
  }
  return out;
}

function listOfStrings(a: readonly Value[], from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < a.length; i++) {
    const v = a[i];
    if (Array.isArray(v)) for (const x of v as DynamicValue[]) { if (typeof x === 'string') out.push(x); }
    else if (typeof v === 'string') out.push(v);
  }
  return out;
}

// ---- IPv6 (as BigInt 128-bit)

export function parseIpv6(s0: string): bigint | undefined {
  let s = s0.trim();
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  if (ipv4ToNumber(s) !== undefined) return (0xffffn << 32n) | BigInt(ipv4ToNumber(s)!);
  // IPv4-compatible `::a.b.c.d` is read as the mapped form `::ffff:a.b.c.d` (docs: parse_ipv6_mask)
  if (/^::\d/.test(s) && ipv4ToNumber(s.slice(2)) !== undefined) return (0xffffn << 32n) | BigInt(ipv4ToNumber(s.slice(2))!);
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4ToNumber(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    s = s.slice(0, lastColon + 1) + (v4 >>> 16).toString(16) + ':' + (v4 & 0xffff).toString(16);
  }
  const dbl = s.indexOf('::');
  const parseGroups = (x: string) => (x === '' ? [] : x.split(':'));
  let groups: string[];
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined;
    const head = parseGroups(s.slice(0, dbl)), rest = parseGroups(s.slice(dbl + 2));
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array(fill).fill('0'), ...rest];
  } else groups = parseGroups(s);
  const nums = groups.map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : -1));
  if (nums.length !== 8 || nums.some((n) => n < 0)) return undefined;
  let v = 0n;
  for (const n of nums) v = (v << 16n) | BigInt(n);
  return v;
}

export function parseIpv6Cidr(s0: string): { ip: bigint; prefix: number } | undefined {
  const s = s0.trim();
  const slash = s.indexOf('/');
  const ipText = slash < 0 ? s : s.slice(0, slash);
  const ip = parseIpv6(ipText);
  if (ip === undefined) return undefined;
  // IPv4 notation (plain, `::a.b.c.d`, `::ffff:a.b.c.d`): the prefix counts IPv4 bits
  const isV4 = ipv4ToNumber(ipText) !== undefined || /^::(?:ffff:)?\d{1,3}(?:\.\d{1,3}){3}$/i.test(ipText.trim());
  let prefix = 128;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = isV4 ? +p + 96 : +p;
    if (prefix > 128) return undefined;
  }
  return { ip, prefix };
}

export const mask128 = (prefix: number) => (prefix <= 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n));

function ipv6Compare(a: string, b: string, prefixArg?: number | null): number | null {
  const x = parseIpv6Cidr(a), y = parseIpv6Cidr(b);
  if (!x || !y) return null;
  let p = Math.min(x.prefix, y.prefix);
  if (prefixArg !== undefined) { if (prefixArg === null || prefixArg < 0 || prefixArg > 128) return null; p = Math.min(p, prefixArg); }
  const u = x.ip & mask128(p), v = y.ip & mask128(p);
  return u < v ? -1 : u > v ? 1 : 0;
}

function formatIpv6Full(v: bigint): string {
  const gs: string[] = [];
  for (let i = 7; i >= 0; i--) gs.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16).padStart(4, '0'));
  return gs.join(':');
}

export function registerNetwork(m: Map<string, ScalarImpl>): void {
  def(m, 'parse_ipv4', (a, t) => { const c = parseIpv4Cidr(str(a, t, 0)); return c ? masked(c.ip, c.prefix) : null; });
  def(m, 'parse_ipv4_mask', (a, t) => {
    const c = parseIpv4Cidr(str(a, t, 0)), p = int(a, t, 1);
    if (!c || p === null || p < 0 || p > 32) return null;
    return masked(c.ip, Math.min(p, c.prefix));
  });
  def(m, 'ipv4_is_private', (a, t) => {
    const c = parseIpv4Cidr(str(a, t, 0));
    if (!c) return null;
    return PRIVATE.some((r) => c.prefix >= r.prefix && masked(c.ip, r.prefix) === r.ip);
  });
  def(m, 'ipv4_is_in_range', (a, t) => inRange(str(a, t, 0), str(a, t, 1)));
  def(m, 'ipv4_is_in_any_range', (a, t) => {
    const ip = str(a, t, 0);
    if (!parseIpv4Cidr(ip)) return null;
    for (const r of listOfStrings(a, 1)) if (inRange(ip, r) === true) return true;
    return false;
  });
  def(m, 'ipv4_is_match', (a, t) => { const c = ipv4Compare(str(a, t, 0), str(a, t, 1), a.length > 2 ? int(a, t, 2) : undefined); return c === null ? null : c === 0; });
  def(m, 'ipv4_compare', (a, t) => ipv4Compare(str(a, t, 0), str(a, t, 1), a.length > 2 ? int(a, t, 2) : undefined));
  def(m, 'ipv4_netmask_suffix', (a, t) => { const c = parseIpv4Cidr(str(a, t, 0)); return c ? c.prefix : null; });
  def(m, 'ipv4_range_to_cidr_list', (a, t) => {
    const s = ipv4ToNumber(str(a, t, 0).trim()), e = ipv4ToNumber(str(a, t, 1).trim());
    if (s === undefined || e === undefined || s > e) return null;
    const out: string[] = [];
    let cur = s;
    while (cur <= e) {
      let size = 32;
      while (size > 0) {
        const blk = 2 ** (32 - (size - 1));
        if (cur % blk !== 0 || cur + blk - 1 > e) break;
        size--;
      }
      out.push(`${numberToIpv4(cur)}/${size}`);
      cur += 2 ** (32 - size);
    }
    return out;
  });
  const fmt = (withMask: boolean): ScalarImpl => (a, t) => {
    const v = a[0];
    let ip: number | undefined, prefix = 32;
    if (typeof v === 'number') { if (v < 0 || v > 0xffffffff) return ''; ip = Math.trunc(v); }
    else { const c = parseIpv4Cidr(str(a, t, 0)); if (c) { ip = c.ip; prefix = c.prefix; } }
    if (ip === undefined) return '';
    if (a.length > 1) { const p = int(a, t, 1); if (p === null || p < 0 || p > 32) return ''; prefix = Math.min(prefix, p); }
    const s = numberToIpv4(masked(ip, prefix));
    return withMask ? `${s}/${prefix}` : s;
  };
  def(m, 'format_ipv4', fmt(false));
  def(m, 'format_ipv4_mask', fmt(true));
  def(m, 'has_ipv4', (a, t) => {
    const ip = str(a, t, 1).trim();
    if (ipv4ToNumber(ip) === undefined) return false;
    return ipv4Tokens(str(a, t, 0)).some((x) => ipv4ToNumber(x) === ipv4ToNumber(ip));
  });
  const prefixOk = (p: string) => /^\d{1,3}(\.\d{1,3}){0,3}\.?$/.test(p);
  const hasPrefix = (text: string, p: string) => {
    const pre = p.endsWith('.') || p.split('.').length === 4 ? p : p + '.';
    return ipv4Tokens(text).some((x) => (x + '.').startsWith(pre.endsWith('.') ? pre : pre + '.') || x === p);
  };
  def(m, 'has_ipv4_prefix', (a, t) => { const p = str(a, t, 1).trim(); return prefixOk(p) ? hasPrefix(str(a, t, 0), p) : false; });
  def(m, 'has_any_ipv4', (a, t) => {
    const toks = new Set(ipv4Tokens(str(a, t, 0)).map((x) => ipv4ToNumber(x)));
    return listOfStrings(a, 1).some((ip) => { const n = ipv4ToNumber(ip.trim()); return n !== undefined && toks.has(n); });
  });
  def(m, 'has_any_ipv4_prefix', (a, t) => {
    const text = str(a, t, 0);
    return listOfStrings(a, 1).some((p) => prefixOk(p.trim()) && hasPrefix(text, p.trim()));
  });
  def(m, 'ipv6_compare', (a, t) => ipv6Compare(str(a, t, 0), str(a, t, 1), a.length > 2 ? int(a, t, 2) : undefined));
  def(m, 'ipv6_is_match', (a, t) => { const c = ipv6Compare(str(a, t, 0), str(a, t, 1), a.length > 2 ? int(a, t, 2) : undefined); return c === null ? null : c === 0; });
  def(m, 'ipv6_is_in_range', (a, t) => {
    const x = parseIpv6Cidr(str(a, t, 0)), r = parseIpv6Cidr(str(a, t, 1));
    if (!x || !r) return null;
    return (x.ip & mask128(r.prefix)) === (r.ip & mask128(r.prefix));
  });
  def(m, 'ipv6_is_in_any_range', (a, t) => {
    const x = parseIpv6Cidr(str(a, t, 0));
    if (!x) return null;
    for (const rs of listOfStrings(a, 1)) {
      const r = parseIpv6Cidr(rs);
      if (r && (x.ip & mask128(r.prefix)) === (r.ip & mask128(r.prefix))) return true;
    }
    return false;
  });
  def(m, 'parse_ipv6', (a, t) => { const c = parseIpv6Cidr(str(a, t, 0)); return c ? formatIpv6Full(c.ip & mask128(c.prefix)) : null; });
  def(m, 'parse_ipv6_mask', (a, t) => {
    const c = parseIpv6Cidr(str(a, t, 0)), p0 = int(a, t, 1);
    if (!c || p0 === null || p0 < 0 || p0 > 128) return null;
    return formatIpv6Full(c.ip & mask128(Math.min(p0, c.prefix)));
  });
}
