import { createWriteStream } from 'node:fs';

/**
 * Writes a DeviceProcessEvents JSONL file of realistic shape (about 450 bytes a row, like the
 * Defender advanced-hunting export): used by the workspace tests (small) and bench/ingest.ts (1 M rows).
 */
const DEVICES = Array.from({ length: 400 }, (_, i) => `ws-${String(i).padStart(4, '0')}.contoso.local`);
const USERS = Array.from({ length: 900 }, (_, i) => `user${i}`);
const FILES = ['powershell.exe', 'cmd.exe', 'az.cmd', 'aws.exe', 'gcloud.cmd', 'python.exe', 'svchost.exe', 'chrome.exe', 'msedge.exe', 'curl.exe', 'conhost.exe', 'git.exe'];
const CMDS = ['-nop -c "Connect-AzAccount"', 'az login --use-device-code', 'sts get-caller-identity', 'auth login', '/c whoami', '-k netsvcs', '--type=renderer', 'https://169.254.169.254/latest/meta-data/'];

export function dpeRow(i: number): string {
  const t = new Date(Date.UTC(2024, 5, 1) + i * 997).toISOString();
  const f = FILES[i % FILES.length]!;
  const dev = DEVICES[(i * 7) % DEVICES.length]!;
  const user = USERS[(i * 13) % USERS.length]!;
  return JSON.stringify({
    Timestamp: t, DeviceId: ((i * 7) % DEVICES.length * 2654435761 % 4294967296).toString(16).padStart(40, 'a'), DeviceName: dev, ActionType: 'ProcessCreated',
    FileName: f, SHA1: ((i % 5000) * 40503).toString(16).padStart(40, '0'),
    ProcessId: 1000 + (i % 60000), ProcessCommandLine: `${f} ${CMDS[i % CMDS.length]} ${i % 1000}`,
    AccountDomain: 'contoso', AccountName: user, AccountUpn: `${user}@contoso.example`,
    InitiatingProcessFileName: FILES[(i + 3) % FILES.length], InitiatingProcessId: 500 + (i % 3000),
    IsProcessRemoteSession: i % 17 === 0, ReportId: i,
  });
}

export function writeDpeJsonl(path: string, rows: number, start = 0): Promise<void> {
  return new Promise((res, rej) => {
    const out = createWriteStream(path);
    out.on('error', rej);
    let i = start;
    const end = start + rows;
    const pump = () => {
      while (i < end) {
        let chunk = '';
        for (let k = 0; k < 2000 && i < end; k++, i++) chunk += dpeRow(i) + '\n';
        if (!out.write(chunk)) { out.once('drain', pump); return; }
      }
      out.end(res);
    };
    pump();
  });
}
