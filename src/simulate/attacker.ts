/**
 * What attack scenarios share about the attacker: where their traffic comes from (rented VPS /
 * hosting or residential-proxy exits, abroad or in the victim's own country, from real providers'
 * address space), the browsers and tools they show, the devices they register, the days they act.
 */
import type { Rng } from './rng.js';
import type { Network } from './org.js';
import { ipIn } from './org.js';
import { type SimContext, DAY, HOUR } from './context.js';

export type Where = 'abroad' | 'home';
export type Flavour = 'vps' | 'proxy';

/**
 * A network the attacker uses. `home`: in the organisation's country (a VPS there, else a
 * residential proxy exit there, else an ISP of that country); `abroad`: anywhere else.
 */
export function attackerNet(ctx: SimContext, rng: Rng, where: Where, flavour: Flavour): Network {
  const { infra, homeCountry } = ctx.org;
  const inHome = (n: Network): boolean => n.city.country === homeCountry;
  const pool = (xs: readonly Network[]): Network[] => xs.filter((n) => (where === 'home' ? inHome(n) : !inHome(n)));
  const order = flavour === 'vps' ? [pool(infra.vps), pool(infra.proxies)] : [pool(infra.proxies), pool(infra.vps)];
  for (const p of order) if (p.length) return rng.pick(p);
  const isps = ctx.org.networks.filter((n) => n.kind === 'home' && n.wide && (where === 'home' ? inHome(n) : !inHome(n)));
  return rng.pick(isps.length ? isps : infra.vps);
}

export function attackerIp(ctx: SimContext, rng: Rng, where: Where = 'abroad', flavour: Flavour = 'vps'): { ip: string; net: Network } {
  const net = attackerNet(ctx, rng, where, flavour);
  return { ip: ipIn(net, rng), net };
}

/** Browsers attackers sign in with (their own machines, not the victim's managed device). */
export function attackerBrowser(ctx: SimContext, rng: Rng): { ua: string; browser: string; os: string } {
  const v = ctx.v;
  return rng.pick([
    { ua: `Mozilla/5.0 (X11; Linux x86_64; rv:${v.firefox}) Gecko/20100101 Firefox/${v.firefox}`, browser: 'Firefox', os: 'Linux' },
    { ua: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v.chrome} Safari/537.36`, browser: 'Chrome', os: 'Windows10' },
    { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', browser: 'Safari', os: 'MacOs' },
    { ua: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v.chrome} Safari/537.36`, browser: 'Chrome', os: 'Linux' },
  ]);
}

/** A machine name as Windows gives a fresh install (what a registered / joined attacker device shows). */
export function freshHostName(rng: Rng): string {
  return rng.pick([`DESKTOP-${rng.alnum(7, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`, `WIN-${rng.alnum(11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`, `LAPTOP-${rng.alnum(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`]);
}

/** A moment on a given day near a local hour, kept inside the day's UTC bounds with room for follow-ups. */
export function timeOnDay(ctx: SimContext, day: number, localHour: number): number {
  const utcHour = Math.min(20.5, Math.max(0.5, (((localHour - ctx.tz) % 24) + 24) % 24));
  return ctx.start + day * DAY + Math.round(utcHour * HOUR);
}

/** AuthenticationDetails of a password step (the first step of every interactive sign-in). */
export function passwordStep(t: number, ok = true): Record<string, unknown> {
  return { authenticationStepDateTime: new Date(t).toISOString(), authenticationMethod: 'Password', authenticationMethodDetail: 'Password Hash Sync', succeeded: ok, authenticationStepResultDetail: ok ? 'Correct password' : 'Invalid username or password or Invalid on-premise username or password.', authenticationStepRequirement: 'Primary authentication' };
}

/** AuthenticationDetails of a push-notification MFA step. */
export function pushStep(t: number, result: 'approved' | 'denied' | 'unanswered'): Record<string, unknown> {
  return {
    authenticationStepDateTime: new Date(t).toISOString(), authenticationMethod: 'Mobile app notification', authenticationMethodDetail: 'Microsoft Authenticator',
    succeeded: result === 'approved',
    authenticationStepResultDetail: result === 'approved' ? 'MFA successfully completed' : result === 'denied' ? 'MFA denied; user declined the authentication' : 'MFA denied; user did not respond to mobile app notification',
    authenticationStepRequirement: 'Multifactor authentication',
  };
}
