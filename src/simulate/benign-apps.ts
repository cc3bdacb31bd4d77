/**
 * `app-secret-rotation`: routine rotation of app registrations' secrets and certificates, by an
 * admin in the portal, by a rotation automation (a managed identity calling Graph), or a
 * certificate renewal. The application's sign-ins (AADServicePrincipalSignInLogs, drawn by the
 * background from the tenant's workload identities) carry the new credential's key id from the
 * moment of rotation, and keep coming from the addresses the application always uses.
 */
import type { SimEvent } from './rows.js';
import { iso } from './rows.js';
import { APPS, RESOURCES } from './apps.js';
import { type SimContext, MINUTE, HOUR, DAY, localTime, isWeekend, attackTouches, winUa, psUa } from './context.js';
import { Story, type Scenario } from './scenario.js';
import { principalsOf, type AppPrincipal } from './principals.js';
import { psProcess } from './tools.js';
import { accountOf } from './rows.js';

const OP_APP = 'Update application – Certificates and secrets management ';

export const appSecretRotation: Scenario = {
  name: 'app-secret-rotation', class: 'app-secret-rotation', kind: 'benign', variants: ['admin-portal', 'rotation-automation', 'certificate-renewal'],
  summary: 'Routine secret / certificate rotation of app registrations; the apps keep signing in from their usual addresses with the new credential',
  generate(ctx: SimContext, variant: string) {
    const s = new Story();
    const { org, rows } = ctx;
    const rng = ctx.rng.fork('app-secret-rotation');
    const { sps, mis } = principalsOf(org);
    // Applications an attack abuses are not rotated here (their rows belong to the attack).
    const free = sps.filter((sp) => !attackTouches(ctx, sp.appId) && !attackTouches(ctx, sp.appObjectId));
    const apps = rng.sample(free.length ? free : sps, Math.min(3, Math.max(1, free.length)));
    const wd = Array.from({ length: ctx.days }, (_, d) => d).filter((d) => !isWeekend(ctx, d));
    const admin = rng.pick(org.cloudAdmins.length ? org.cloudAdmins : org.itStaff);
    const automation = mis[0];
    const cert = variant === 'certificate-renewal';
    const swaps: { appId: string; from: string; to: { keyId: string; thumbprint?: string }; at: number }[] = [];
    apps.forEach((sp: AppPrincipal, i) => {
      const day = i === 0 ? wd[wd.length - 1]! : rng.pick(wd.slice(0, Math.max(1, wd.length - 1)));
      const t = variant === 'rotation-automation' ? localTime(ctx, day, 2 + rng.next() * 2) : localTime(ctx, day, 10 + rng.next() * 5);
      const newKey = rng.guid();
      const thumb = cert || sp.credential.type === 'clientAssertion' ? rng.hex(40).toUpperCase() : undefined;
      const keyType = thumb ? 'AsymmetricX509Cert' : 'Password';
      const desc = (id: string): string => `[KeyIdentifier=${id},KeyType=${keyType},KeyUsage=Verify,DisplayName=${thumb ? `CN=${sp.name.replace(/\s+/g, '-').toLowerCase()}` : `rotated-${iso(t).slice(0, 10)}`}]`;
      const appTarget = (oldKeys: string[], newKeys: string[]) => ({ id: sp.appObjectId, displayName: sp.name, type: 'Application', modifiedProperties: [{ displayName: 'KeyDescription', oldValue: JSON.stringify(oldKeys.map(desc)), newValue: JSON.stringify(newKeys.map(desc)) }, { displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' }] });
      s.cloud.add(sp.appId); s.cloud.add(sp.name);
      for (const ip of sp.ips) s.ips.add(ip);
      let added: SimEvent;
      if (variant === 'rotation-automation' && automation) {
        // The rotation function gets a Graph token with its managed identity, then calls addPassword.
        s.add(rows.principalSignin({ t: t - rng.int(5_000, 30_000), kind: 'mi', principal: automation, resource: RESOURCES.graph, ip: automation.ips[0]!, msi: { type: automation.msiType, resourceId: automation.resourceId }, sourceAppClientId: automation.appId }));
        s.cloud.add(automation.appId);
        const init = { app: { name: automation.name, appId: automation.appId, spId: automation.spId } };
        added = s.add(rows.audit({ t, op: OP_APP, category: 'ApplicationManagement', opType: 'Update', initiator: init, targets: [appTarget([sp.credential.keyId], [sp.credential.keyId, newKey])] }), `${automation.name} adds a new secret to ${sp.name}`);
        s.add(rows.audit({ t: t + rng.int(500, 3_000), op: 'Add service principal credentials', category: 'ApplicationManagement', opType: 'Update', initiator: init, targets: [{ id: sp.spId, displayName: sp.name, type: 'ServicePrincipal', modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: JSON.stringify([desc(newKey)]) }] }] }));
        s.add(rows.audit({ t: t + DAY + rng.int(0, HOUR), op: OP_APP, category: 'ApplicationManagement', opType: 'Update', initiator: init, targets: [appTarget([sp.credential.keyId, newKey], [newKey])] }), i === 0 ? undefined : `${automation.name} removes the old secret of ${sp.name}`);
      } else {
        const ip = admin.office.egress[0]!;
        s.accounts.add(admin.upn);
        if (admin.paw) s.devices.add(admin.paw.fqdn);
        if (cert && admin.paw) {
          s.add(psProcess(ctx, admin.paw, accountOf(org, admin), t - 3 * MINUTE, `Connect-MgGraph -Scopes Application.ReadWrite.All; Update-MgApplication -ApplicationId ${sp.appObjectId} -KeyCredentials @(@{Type='AsymmetricX509Cert';Usage='Verify';Key=[IO.File]::ReadAllBytes('.\\${sp.name.replace(/\s+/g, '-').toLowerCase()}-${iso(t).slice(0, 4)}.cer')})`, { core: true, parent: 'WindowsTerminal.exe', integrity: 'High' }));
          s.add(rows.signin({ t: t - 2 * MINUTE, user: admin, app: APPS.graphCli, resource: RESOURCES.graph, ip, interactive: true, ua: psUa(ctx, true), device: admin.paw, mfa: true, clientApp: 'Mobile Apps and Desktop clients' }));
        } else {
          s.add(rows.signin({ t: t - rng.int(2, 10) * MINUTE, user: admin, app: APPS.azurePortal, resource: RESOURCES.arm, ip, interactive: true, ua: winUa(ctx, 'edge'), device: admin.paw ?? admin.device, mfa: true, browser: 'Edge' }));
        }
        added = s.add(rows.audit({ t, op: OP_APP, category: 'ApplicationManagement', opType: 'Update', initiator: { user: admin, ip }, targets: [appTarget([sp.credential.keyId], [sp.credential.keyId, newKey])], ua: cert ? psUa(ctx, true) : winUa(ctx, 'edge') }), `${admin.upn} adds a new ${thumb ? 'certificate' : 'secret'} to ${sp.name}`);
        s.add(rows.audit({ t: t + rng.int(2, 6) * HOUR, op: OP_APP, category: 'ApplicationManagement', opType: 'Update', initiator: { user: admin, ip }, targets: [appTarget([sp.credential.keyId, newKey], [newKey])], ua: winUa(ctx, 'edge') }));
      }
      // The app's owner deploys the new credential; from then on its sign-ins present it.
      const from = added.t + rng.int(10, 40) * MINUTE;
      swaps.push({ appId: sp.appId, from: sp.credential.keyId, to: { keyId: newKey, thumbprint: thumb }, at: from });
      for (let k = 0; k < 3; k++) {
        s.add(rows.principalSignin({ t: from + k * rng.int(5, 60) * MINUTE, kind: 'sp', principal: sp, resource: rng.pick(sp.resources), ip: rng.pick(sp.ips), credential: { type: thumb ? 'clientAssertion' : 'clientSecret', keyId: newKey, thumbprint: thumb }, library: sp.library }), k === 0 ? `${sp.name} signs in with the new credential from its usual address` : undefined);
      }
    });
    // Background sign-ins of a rotated application after its rotation use the new credential.
    s.rewrite = (e) => {
      if (e.table !== 'AADServicePrincipalSignInLogs') return false;
      for (const w of swaps) {
        if (e.t < w.at || e.row.AppId !== w.appId || e.row.ServicePrincipalCredentialKeyId !== w.from) continue;
        e.row.ServicePrincipalCredentialKeyId = w.to.keyId;
        if (w.to.thumbprint) { e.row.ServicePrincipalCredentialThumbprint = w.to.thumbprint; e.row.ClientCredentialType = 'clientAssertion'; }
        return true;
      }
      return false;
    };
    s.description = `${apps.map((a) => a.name).join(', ')}: ${variant === 'rotation-automation' ? `the rotation automation (${automation?.name ?? 'a managed identity'}) adds a new secret at night and removes the old one a day later` : variant === 'certificate-renewal' ? `${admin.upn} uploads renewed certificates with Microsoft Graph PowerShell` : `${admin.upn} adds new client secrets in the portal and removes the old ones hours later`}; each application keeps signing in from its usual addresses, presenting the new credential.`;
    s.window = { start: swaps.length ? Math.min(...swaps.map((w) => w.at)) - 2 * HOUR : ctx.start, end: ctx.start + ctx.days * DAY };
    return s;
  },
};
