/**
 * Process rows for the cloud tools as Defender for Endpoint records them: `az` on Windows is a
 * cmd.exe wrapper around the bundled python.exe; gcloud likewise; aws.exe is a native binary;
 * PowerShell modules run inside powershell.exe / pwsh.exe. Callers choose spellings.
 */
import type { Device } from './org.js';
import type { ProcAccount, SimEvent } from './rows.js';
import type { SimContext } from './context.js';

const AZ_DIR = 'C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2';

export function azProcess(ctx: SimContext, d: Device, acct: ProcAccount, t: number, args: string, parent = 'powershell.exe', parentCmd?: string): SimEvent[] {
  const rows = ctx.rows;
  if (d.os === 'Windows') {
    return [
      rows.process({ t, device: d, account: acct, file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: `C:\\Windows\\system32\\cmd.exe /d /c ""${AZ_DIR}\\wbin\\az.cmd" ${args}"`, parent: { file: parent, cmd: parentCmd } }),
      rows.process({ t: t + 40, device: d, account: acct, file: 'python.exe', folder: AZ_DIR, cmd: `"${AZ_DIR}\\python.exe" -IBm azure.cli ${args}`, parent: { file: 'cmd.exe' }, grandparent: parent, company: 'Python Software Foundation' }),
    ];
  }
  const py = d.os === 'macOS' ? '/opt/homebrew/Cellar/azure-cli/2.61.0/libexec/bin/python' : '/opt/az/bin/python3';
  return [rows.process({ t, device: d, account: acct, file: py.split('/').pop()!, folder: py.slice(0, py.lastIndexOf('/')), cmd: `${py} -Im azure.cli ${args}`, parent: { file: parent === 'powershell.exe' ? (d.os === 'macOS' ? 'zsh' : 'bash') : parent, cmd: parentCmd } })];
}

export function awsProcess(ctx: SimContext, d: Device, acct: ProcAccount, t: number, args: string, parent = 'powershell.exe'): SimEvent[] {
  if (d.os === 'Windows') return [ctx.rows.process({ t, device: d, account: acct, file: 'aws.exe', folder: 'C:\\Program Files\\Amazon\\AWSCLIV2', cmd: `aws ${args}`, parent: { file: parent }, company: 'Amazon Services LLC' })];
  return [ctx.rows.process({ t, device: d, account: acct, file: 'aws', folder: '/usr/local/aws-cli/v2/current/bin', cmd: `aws ${args}`, parent: { file: parent === 'powershell.exe' ? (d.os === 'macOS' ? 'zsh' : 'bash') : parent } })];
}

export function gcloudProcess(ctx: SimContext, d: Device, acct: ProcAccount, t: number, args: string, parent = 'powershell.exe'): SimEvent[] {
  const rows = ctx.rows;
  if (d.os === 'Windows') {
    const sdk = `C:\\Users\\${acct.name}\\AppData\\Local\\Google\\Cloud SDK\\google-cloud-sdk`;
    return [
      rows.process({ t, device: d, account: acct, file: 'cmd.exe', folder: 'C:\\Windows\\System32', cmd: `C:\\Windows\\system32\\cmd.exe /c ""${sdk}\\bin\\gcloud.cmd" ${args}"`, parent: { file: parent } }),
      rows.process({ t: t + 60, device: d, account: acct, file: 'python.exe', folder: `${sdk}\\platform\\bundledpython`, cmd: `"${sdk}\\platform\\bundledpython\\python.exe" -S "${sdk}\\lib\\gcloud.py" ${args}`, parent: { file: 'cmd.exe' }, grandparent: parent, company: 'Python Software Foundation' }),
    ];
  }
  const sdk = d.os === 'macOS' ? '/opt/homebrew/share/google-cloud-sdk' : '/usr/lib/google-cloud-sdk';
  return [rows.process({ t, device: d, account: acct, file: 'python3', folder: '/usr/bin', cmd: `python3 ${sdk}/lib/gcloud.py ${args}`, parent: { file: parent === 'powershell.exe' ? (d.os === 'macOS' ? 'zsh' : 'bash') : parent } })];
}

export function psProcess(ctx: SimContext, d: Device, acct: ProcAccount, t: number, script: string, opts: { core?: boolean; parent?: string; style?: 'command' | 'c' | 'file'; integrity?: 'Medium' | 'High'; remote?: { ip: string; device: string } } = {}): SimEvent {
  const core = opts.core ?? false;
  const exe = core ? 'pwsh.exe' : 'powershell.exe';
  const folder = core ? 'C:\\Program Files\\PowerShell\\7' : 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0';
  const style = opts.style ?? 'command';
  const cmd = style === 'c' ? `${exe} -nop -c "${script}"` : style === 'file' ? `"${folder}\\${exe}" -NoProfile -ExecutionPolicy Bypass -File ${script}` : `"${folder}\\${exe}" -NoLogo -Command "${script}"`;
  if (d.os !== 'Windows') return ctx.rows.process({ t, device: d, account: acct, file: 'pwsh', folder: '/usr/bin', cmd: `pwsh -c "${script}"`, parent: { file: opts.parent ?? 'bash' } });
  return ctx.rows.process({ t, device: d, account: acct, file: exe, folder, cmd, parent: { file: opts.parent ?? 'explorer.exe' }, integrity: opts.integrity, remoteSession: opts.remote });
}

/** PowerShell's -EncodedCommand form: base64 of the UTF-16LE script. */
export function encodePs(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}
