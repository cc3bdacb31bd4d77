/**
 * What scenarios and the background share: the organisation, the row factory, the calendar, and
 * tool versions (user agents) drawn once per seed.
 */
import type { Rng } from './rng.js';
import { hashString } from './rng.js';
import type { Org, User, Device } from './org.js';
import { ipIn } from './org.js';
import type { RowFactory, SimEvent } from './rows.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const MINUTE = 60_000;

export interface Versions {
  readonly azCli: string; readonly python: string; readonly awsCli: string; readonly boto3: string; readonly gcloud: string;
  readonly chrome: string; readonly edge: string; readonly firefox: string; readonly pwsh: string; readonly winBuild: string;
  readonly graphSdk: string; readonly azModule: string; readonly goSdk: string; readonly terraform: string;
}

export function drawVersions(rng: Rng): Versions {
  return {
    azCli: `2.${rng.int(55, 68)}.${rng.int(0, 2)}`, python: `3.${rng.int(10, 12)}.${rng.int(1, 9)}`,
    awsCli: `2.${rng.int(13, 22)}.${rng.int(1, 40)}`, boto3: `1.${rng.int(28, 36)}.${rng.int(1, 90)}`,
    gcloud: `${rng.int(450, 510)}.0.0`, chrome: `${rng.int(120, 138)}.0.${rng.int(6000, 7200)}.${rng.int(40, 200)}`,
    edge: `${rng.int(120, 138)}.0.${rng.int(2000, 3400)}.${rng.int(40, 120)}`, firefox: `${rng.int(118, 140)}.0`,
    pwsh: `7.${rng.int(2, 5)}.${rng.int(0, 6)}`, winBuild: `10.0.${rng.pick(['19045', '22621', '22631', '26100'])}`,
    graphSdk: `2.${rng.int(10, 28)}.0`, azModule: `${rng.int(10, 14)}.${rng.int(0, 5)}.0`, goSdk: `1.${rng.int(48, 55)}.${rng.int(0, 20)}`,
    terraform: `1.${rng.int(5, 10)}.${rng.int(0, 6)}`,
  };
}

export interface SimContext {
  readonly org: Org;
  readonly rows: RowFactory;
  readonly rng: Rng;
  readonly start: number; // ms, UTC midnight of day 0
  readonly days: number;
  readonly attackDay: number; // index of the attack day (the last)
  readonly v: Versions;
  readonly tz: number; // org home offset in hours
  /** Day index on which `egress-change` moves the company's egress (see SimulateOptions). */
  readonly egressChangeDay?: number;
}

/** The attack scenarios' events (filled as they are generated, before the benign ones), so benign
 *  scenarios that replace devices or rotate credentials leave what an attack touched alone. */
export function attackEvents(ctx: SimContext): SimEvent[] {
  const c = ctx as unknown as { _attackEvents?: SimEvent[] };
  return (c._attackEvents ??= []);
}
/** Whether an attack's rows mention `id` (a device id, an app id...). */
export function attackTouches(ctx: SimContext, id: string): boolean {
  const c = ctx as unknown as { _attackText?: { n: number; text: string } };
  const evs = attackEvents(ctx);
  if (!c._attackText || c._attackText.n !== evs.length) c._attackText = { n: evs.length, text: evs.map((e) => JSON.stringify(e.row)).join('\n') };
  return c._attackText.text.includes(id);
}

/** UTC ms of a local time (hours, fractional) on a given day index. */
export function localTime(ctx: SimContext, day: number, localHour: number): number {
  return ctx.start + day * DAY + Math.round((localHour - ctx.tz) * HOUR);
}

export function isWeekend(ctx: SimContext, day: number): boolean {
  const dow = new Date(ctx.start + day * DAY + 12 * HOUR).getUTCDay();
  return dow === 0 || dow === 6;
}

/** Deterministic per (user, day) choice of where someone works from. */
export function dayMode(ctx: SimContext, u: User, day: number): 'office' | 'home' {
  if (isWeekend(ctx, day)) return 'home';
  const h = hashString(`${ctx.org.seed}:${u.id}:${day}`) / 4294967296;
  return h < u.remoteDays ? 'home' : 'office';
}

/** The public IP a person appears from at a time (office egress, home ISP, or a carrier). */
export function ipOf(ctx: SimContext, u: User, t: number, rng: Rng): string {
  const day = Math.floor((t - ctx.start) / DAY);
  const local = ((t - ctx.start - day * DAY) / HOUR + ctx.tz + 24) % 24;
  const inHours = local >= u.workStart && local < u.workEnd;
  if (rng.chance(0.06)) return ipIn(u.carrier, rng);
  if (inHours && dayMode(ctx, u, day) === 'office') {
    const eg = u.office.egress;
    return eg[hashString(`${u.id}:${day}`) % eg.length]!;
  }
  return u.homeIp;
}

export function winUa(ctx: SimContext, browser: 'chrome' | 'edge' | 'firefox'): string {
  const v = ctx.v;
  if (browser === 'firefox') return `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${v.firefox}) Gecko/20100101 Firefox/${v.firefox}`;
  const base = `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v.chrome} Safari/537.36`;
  return browser === 'edge' ? `${base} Edg/${v.edge}` : base;
}
export function macUa(ctx: SimContext): string {
  return `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${ctx.v.chrome} Safari/537.36`;
}
export function mobileUa(ctx: SimContext, rng: Rng): string {
  return rng.chance(0.5)
    ? `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${rng.int(0, 6)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148`
    : `Mozilla/5.0 (Linux; Android 14; SM-S91${rng.int(1, 8)}B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${ctx.v.chrome} Mobile Safari/537.36`;
}
export function browserUaFor(ctx: SimContext, d: Device | undefined, rng: Rng): string {
  if (d?.os === 'macOS') return macUa(ctx);
  return winUa(ctx, rng.pick(['chrome', 'edge', 'edge', 'firefox'] as const));
}
export function azCliUa(ctx: SimContext, d: Device | undefined): string {
  const plat = d?.os === 'Linux' ? 'Linux-5.15.0-1057-azure-x86_64-with-glibc2.35' : d?.os === 'macOS' ? 'macOS-14.4-arm64-arm-64bit' : `Windows-10-${ctx.v.winBuild}-SP0`;
  return `AZURECLI/${ctx.v.azCli} (MSI) azsdk-python-core/1.30.1 Python/${ctx.v.python} (${plat})`;
}
export function awsCliUa(ctx: SimContext, os: string, command: string): string {
  const o = os === 'Windows' ? 'Windows/10 exe/AMD64' : os === 'macOS' ? 'macOS/23.4.0 exe/arm64' : 'Linux/5.10.215-203.850.amzn2.x86_64 exe/x86_64.amzn.2';
  return `aws-cli/${ctx.v.awsCli} md/awscrt#0.19.19 ua/2.0 os/${o} md/prompt#off md/command#${command}`;
}
export function boto3Ua(ctx: SimContext): string {
  return `Boto3/${ctx.v.boto3} md/Botocore#${ctx.v.boto3.replace(/^1\./, '1.')} ua/2.0 os/linux#5.10.215-203.850.amzn2.x86_64 md/arch#x86_64 lang/python#${ctx.v.python} md/pyimpl#CPython cfg/retry-mode#legacy Botocore/${ctx.v.boto3}`;
}
export function gcloudUa(ctx: SimContext, command: string, os: string): string {
  const cos = os === 'Windows' ? `WINDOWS client-os-ver/${ctx.v.winBuild}` : os === 'macOS' ? 'MACOSX client-os-ver/23.4.0' : 'LINUX client-os-ver/5.15.0';
  return `google-cloud-sdk gcloud/${ctx.v.gcloud} command/gcloud.${command} invocation-id/${'0'.repeat(0)}${ctx.rng.hex(32)} environment/None environment-version/None client-os/${cos} client-pltf-arch/x86_64 interactive/True from-script/False python/${ctx.v.python} term/xterm-256color`;
}
export function psUa(ctx: SimContext, core: boolean): string {
  return core
    ? `Mozilla/5.0 (Windows NT 10.0; Microsoft Windows ${ctx.v.winBuild}; en-US) PowerShell/${ctx.v.pwsh}`
    : `Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.${ctx.v.winBuild.slice(5)}.3031`;
}

/** A moment on the attack day near a local hour, kept inside the day's UTC bounds with room for follow-ups. */
export function attackTime(ctx: SimContext, localHour: number): number {
  const utcHour = Math.min(20.5, Math.max(0.5, (((localHour - ctx.tz) % 24) + 24) % 24));
  return ctx.start + ctx.attackDay * DAY + Math.round(utcHour * HOUR);
}
