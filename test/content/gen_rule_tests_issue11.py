#!/usr/bin/env python3
"""Writes rules/T1021.007/<rule>.tests.yaml for the issue-11 rules (MFA fatigue, session replay, AWS federation,
service-principal credentials, low-and-slow). Cases are data here; run `python3 test/content/gen_rule_tests_issue11.py`
after editing. Names, hosts and IPs are documentation values (contoso, RFC 5737, RFC 3849, private ASNs 64496-64511 and
a few public hosting ASNs from the rules' own shipped list), unrelated to any simulator's pools.
"""
import json, os, uuid, yaml

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'rules', 'T1021.007')
NOW = '2024-06-15T00:00:00Z'

CLI_APP = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
AZPS_APP = '1950a258-227b-4e31-a9cf-717495945fc2'
GRAPH_PS = '14d82eec-204b-4c2f-b7e8-296a70dab67e'
PORTAL_APP = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'
OFFICE_APP = 'd3590ed6-52b3-4102-aeff-aad2292ab01c'
OUTLOOK_APP = '00000002-0000-0ff1-ce00-000000000000'
ARM = '797f4846-ba00-4fd7-ba43-dac1f8f63013'
GRAPH = '00000003-0000-0000-c000-000000000000'
EXO = '00000002-0000-0ff1-ce00-000000000000'
SPO = '00000003-0000-0ff1-ce00-000000000000'
NAMES = {CLI_APP: 'Microsoft Azure CLI', AZPS_APP: 'Microsoft Azure PowerShell', GRAPH_PS: 'Microsoft Graph Command Line Tools',
         PORTAL_APP: 'Azure Portal', OFFICE_APP: 'Microsoft Office', OUTLOOK_APP: 'Office 365 Exchange Online'}
RES_NAMES = {ARM: 'Windows Azure Service Management API', GRAPH: 'Microsoft Graph', EXO: 'Office 365 Exchange Online', SPO: 'Office 365 SharePoint Online'}
WIN_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36 Edg/125.0'
MAC_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'
PY_UA = 'python-requests/2.31.0'
LINUX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0'

_n = [0]


def gid(prefix='00000000'):
    _n[0] += 1
    return str(uuid.UUID(int=_n[0] * 7919 + 0x1000)).replace('00000000', prefix, 1)


def signin(t, upn, ip, app=OFFICE_APP, result='0', resource=GRAPH, interactive=True, ua=WIN_UA, device='', os_='Windows 10',
           asn='64500', network='[]', corr=None, session='', uti='', status=None, auth='', risk_types='[]', country='FR', oid=''):
    dd = {'deviceId': device, 'displayName': device, 'operatingSystem': os_, 'browser': 'Edge 125'} if device else {'operatingSystem': os_, 'browser': 'Edge 125'}
    ld = {'city': 'Paris', 'countryOrRegion': country}
    row = {'TimeGenerated': t, 'UserPrincipalName': upn, 'AppId': app, 'AppDisplayName': NAMES.get(app, 'App'), 'ResourceIdentity': resource,
           'ResourceDisplayName': RES_NAMES.get(resource, ''), 'IPAddress': ip, 'AutonomousSystemNumber': asn, 'ResultType': result,
           'NetworkLocationDetails': network, 'RiskEventTypes_V2': risk_types, 'UserAgent': ua, 'IsInteractive': interactive,
           'CorrelationId': corr or gid('c0c0c0c0'), 'SessionId': session, 'UniqueTokenIdentifier': uti or gid('7070aaaa'),
           'AuthenticationDetails': auth, 'Location': country}
    if oid:
        row['UserId'] = oid
    if interactive:
        row['DeviceDetail'] = dd
        row['LocationDetails'] = ld
        row['Status'] = status or ({'errorCode': 0} if result == '0' else {'errorCode': int(result)})
    else:
        row['DeviceDetail'] = json.dumps(dd)
        row['LocationDetails'] = json.dumps(ld)
        row['Status'] = json.dumps(status or ({'errorCode': 0} if result == '0' else {'errorCode': int(result)}))
    return row


def audit(t, op, actor=None, app=None, targets=(), ip='', result='success', details=None, modified=None):
    by = {'user': {'userPrincipalName': actor, 'ipAddress': ip}} if actor else {'app': app or {'displayName': 'Device Registration Service'}}
    return {'TimeGenerated': t, 'OperationName': op, 'Result': result, 'Category': 'Device' if 'evice' in op else 'ApplicationManagement',
            'InitiatedBy': by, 'TargetResources': list(targets), 'AdditionalDetails': details or []}


def trail(t, event, ip, arn='', itype='AssumedRole', user='', key='', principal='', error='', params='', response='', ua='aws-cli/2.15.0', source='iam.amazonaws.com'):
    return {'TimeGenerated': t, 'EventName': event, 'EventSource': source, 'UserIdentityArn': arn, 'UserIdentityType': itype,
            'UserIdentityUserName': user, 'UserIdentityAccessKeyId': key, 'UserIdentityPrincipalid': principal, 'SourceIpAddress': ip,
            'ErrorCode': error, 'RequestParameters': params, 'ResponseElements': response, 'UserAgent': ua, 'RecipientAccountId': '111122223333',
            'AWSRegion': 'eu-west-1'}


def sp_signin(t, sp_id, app_id, name, ip, asn='64500', key_id='', result='0'):
    return {'TimeGenerated': t, 'ServicePrincipalId': sp_id, 'AppId': app_id, 'ServicePrincipalName': name, 'IPAddress': ip,
            'AutonomousSystemNumber': asn, 'ResultType': result, 'ServicePrincipalCredentialKeyId': key_id, 'ResourceIdentity': GRAPH,
            'ResourceDisplayName': 'Microsoft Graph', 'CorrelationId': gid('5b5b5b5b'), 'Location': 'FR', 'LocationDetails': '{}'}


def case(name, kind, tables, alerts, **expect):
    return {'name': name, 'kind': kind, 'now': NOW, 'tables': tables, 'expect': {'alerts': alerts, **expect}}


def tp(name, tables, alerts=1, **expect):
    return case(name, 'true-positive', tables, alerts, **expect)


def tn(name, tables, **expect):
    return case(name, 'true-negative', tables, 0, **expect)


def merge(*parts):
    out = {}
    for p in parts:
        if isinstance(p, list):  # bare sign-in rows go to SigninLogs
            p = {'SigninLogs': p}
        for k, v in p.items():
            out.setdefault(k, []).extend(v)
    return out


def office_egress(t, ip_prefix='192.0.2', n=6, interactive=True, asn='64501'):
    """n colleagues signing in from the company's egress /24 (an organisation network)."""
    return [signin(t, f'staff{i}@contoso.com', f'{ip_prefix}.{10 + i}', interactive=interactive, asn=asn, device=f'ws-{i:02d}') for i in range(n)]


FILES = {}

# ---------------------------------------------------------------- a. MFA fatigue, then device registration / control plane
A = 'alice@contoso.com'


def alice_history():
    return {'SigninLogs': [signin('now-10d', A, '198.51.100.10', device='lt-alice'), signin('now-5d', A, '198.51.100.10', device='lt-alice'),
                           signin('now-4d', A, '192.0.2.20', device='lt-alice')] + office_egress('now-4d')}


def prompts(start_min, n, code='500121', ip='203.0.113.50', corr_prefix=None, status=None, auth='', gap=6):
    rows = []
    for i in range(n):
        rows.append(signin(f'now-{start_min - i * gap}m', A, ip, app=OFFICE_APP, result=code, status=status, auth=auth, device='', os_='Windows 10',
                           corr=(f'{corr_prefix}-{i}' if corr_prefix else None)))
    return rows


def device_target(name='DESKTOP-7QK2L9', upn=A):
    return [{'type': 'Device', 'id': gid('de7ce000'), 'displayName': name},
            {'type': 'User', 'id': gid('0a0a0a0a'), 'userPrincipalName': upn}]


FILES['mfa-fatigue-then-device-registration'] = [
    tp('six denied pushes from an in-country IP, device registered, Azure portal from that device: High', merge(alice_history(), {
        'SigninLogs': prompts(300, 6, status={'errorCode': 500121, 'additionalDetails': 'MFA denied; user declined the authentication'}) +
                      [signin('now-200m', A, '203.0.113.50', app=PORTAL_APP, resource=ARM, device='DESKTOP-7QK2L9')],
        'AuditLogs': [audit('now-230m', 'Register device', targets=device_target(),
                            details=[{'key': 'Device Owner', 'value': A}])]}),
       severity='High', entities=[{'type': 'account', 'name': 'alice', 'upnSuffix': 'contoso.com'}, {'type': 'ip', 'address': '203.0.113.50'},
                                  {'type': 'host', 'hostName': 'DESKTOP-7QK2L9'}]),
    tp('unanswered strong-auth interrupts (50074/50076, flows never completed), then Azure CLI token from a new network', merge(alice_history(), {
        'SigninLogs': prompts(400, 3, code='50074') + prompts(380, 3, code='50076'),
        'AADNonInteractiveUserSignInLogs': [signin('now-300m', A, '203.0.113.77', app=CLI_APP, resource=ARM, interactive=False)]}),
       severity='Medium', entities=[{'type': 'ip', 'address': '203.0.113.77'}, {'type': 'cloud-application', 'appId': CLI_APP}]),
    tp('timed-out prompts in AuthenticationDetails, then the user added as registered owner of a device (joined by the app)', merge(alice_history(), {
        'SigninLogs': prompts(200, 4, code='500121', auth='[{"authenticationMethod":"Mobile app notification","succeeded":false,"authenticationStepResultDetail":"MFA denied; user did not respond to mobile app notification"}]'),
        'AuditLogs': [audit('now-100m', 'Add registered owner to device', targets=device_target('iPad-QX'))]}),
       customDetails={'DeniedPrompts': 4}, entities=[{'type': 'host', 'hostName': 'iPad-QX'}]),
    tp('a burst straddling an hour boundary (2 + 2 prompts) is still one burst', merge(alice_history(), {
        'SigninLogs': [signin('now-125m', A, '203.0.113.51', result='500121'), signin('now-122m', A, '203.0.113.51', result='500121'),
                       signin('now-118m', A, '203.0.113.51', result='500121'), signin('now-115m', A, '203.0.113.51', result='500121'),
                       signin('now-60m', A, '203.0.113.51', app=GRAPH_PS, resource=GRAPH)]}),
       customDetails={'Prompts': 4}),
    tp('fatigue accepted: one sign-in flow with five interrupts that finally succeeds, then a device joined', merge(alice_history(), {
        'SigninLogs': [signin(f'now-{250 - i * 3}m', A, '203.0.113.52', result='50074', corr='flow-fatigue') for i in range(5)] +
                      [signin('now-234m', A, '203.0.113.52', corr='flow-fatigue')],
        'AuditLogs': [audit('now-200m', 'Add device', targets=[{'type': 'Device', 'id': gid('de7ce000'), 'displayName': 'WIN-ATTK01'}],
                            details=[{'key': 'Device Owner', 'value': A}])]}),
       entities=[{'type': 'host', 'hostName': 'WIN-ATTK01'}], customDetails={'Prompts': 5}),
    tp('a device registration naming the user only by object id', merge(alice_history(), {
        'SigninLogs': [signin('now-6d', A, '198.51.100.10', device='lt-alice', oid='a11ce000-0000-4000-8000-00000000a11c')] + prompts(300, 5),
        'AuditLogs': [audit('now-230m', 'Add registered users to device', targets=[{'type': 'Device', 'id': gid('de7ce000'), 'displayName': 'DESKTOP-OID'},
                                                                           {'type': 'User', 'id': 'a11ce000-0000-4000-8000-00000000a11c'}])]}),
       entities=[{'type': 'account', 'name': 'alice'}, {'type': 'host', 'hostName': 'DESKTOP-OID'}]),
    tn('risk remediation: interrupts each completed by MFA in the same flow, then the portal from a new network', merge(alice_history(), {
        'SigninLogs': [r for i in range(6) for r in (signin(f'now-{300 - i * 5}m', A, '198.51.100.10', result='50074', corr=f'flow-{i}'),
                                                      signin(f'now-{299 - i * 5}m', A, '198.51.100.10', corr=f'flow-{i}', device='lt-alice'))] +
                      [signin('now-200m', A, '203.0.113.60', app=PORTAL_APP, resource=ARM)]})),
    tn('new hire / re-imaged laptop: device registered and first portal sign-in from a new device, no MFA burst', merge(alice_history(), {
        'SigninLogs': [signin('now-200m', A, '192.0.2.20', app=PORTAL_APP, resource=ARM, device='LT-NEW-01')],
        'AuditLogs': [audit('now-230m', 'Register device', targets=device_target('LT-NEW-01'))]})),
    tn('MFA registration drive: registration-required codes (50072, 50079) then a device registration', merge(alice_history(), {
        'SigninLogs': prompts(300, 6, code='50079') + prompts(240, 2, code='50072'),
        'AuditLogs': [audit('now-200m', 'Register device', targets=device_target('LT-NEW-02')),
                      audit('now-210m', 'User registered security info', actor=A, targets=[{'type': 'User', 'userPrincipalName': A}])]})),
    tn('burst of denials, then only a control-plane sign-in from the user\'s own device on the office network', merge(alice_history(), {
        'SigninLogs': prompts(300, 5) + [signin('now-200m', A, '192.0.2.20', app=PORTAL_APP, resource=ARM, device='lt-alice')] +
                      office_egress('now-3h')})),
    tn('burst, then a device registration 20 hours later (outside the follow window)', merge(alice_history(), {
        'SigninLogs': prompts(1400, 6),
        'AuditLogs': [audit('now-3h', 'Register device', targets=device_target())]})),
    tn('burst, then the portal from the company\'s new egress network (whole company moved today)', merge(alice_history(), {
        'SigninLogs': prompts(300, 5) + office_egress('now-6h', ip_prefix='198.18.7') +
                      [signin('now-200m', A, '198.18.7.99', app=PORTAL_APP, resource=ARM)]})),
]

# ---------------------------------------------------------------- b. one session, two networks within minutes
B = 'bob@contoso.com'


def bob_history():
    return {'SigninLogs': [signin('now-9d', B, '198.51.100.30', device='lt-bob'), signin('now-6d', B, '192.0.2.31', device='lt-bob')] + office_egress('now-6d'),
            'AADNonInteractiveUserSignInLogs': [signin('now-8d', B, '198.51.100.30', device='lt-bob', interactive=False)]}


def bs(t, ip, interactive=False, **kw):
    kw.setdefault('device', 'lt-bob')
    return signin(t, B, ip, interactive=interactive, **kw)


FILES['session-replay-two-networks'] = [
    tp('non-interactive only: the refresh token of a home session redeemed from a VPS with a script user agent', merge(bob_history(), {
        'AADNonInteractiveUserSignInLogs': [bs('now-180m', '198.51.100.30', session='sess-b1'), bs('now-170m', '203.0.113.90', session='sess-b1', device='', ua=PY_UA, asn='14061', os_='')]}),
       entities=[{'type': 'account', 'name': 'bob', 'upnSuffix': 'contoso.com'}, {'type': 'ip', 'address': '203.0.113.90'}],
       customDetails={'ReplayNetworkKind': 'hosting', 'Reason': 'second network is hosting, device changed, user-agent platform changed'}),
    tp('interactive session from the office replayed from a residential network on another OS', merge(bob_history(), office_egress('now-5h'), {
        'SigninLogs': [bs('now-300m', '192.0.2.31', interactive=True, session='sess-b2'),
                       bs('now-290m', '198.18.40.7', interactive=True, session='sess-b2', device='', ua=MAC_UA, os_='MacOs', asn='64503')]}),
       customDetails={'ReplayNetworkKind': 'other', 'Reason': 'device changed, operating system changed, user-agent platform changed'}, entities=[{'type': 'ip', 'address': '198.18.40.7'}]),
    tp('cookie replayed with the same device and user agent from an anonymizer', merge(bob_history(), {
        'SigninLogs': [bs('now-120m', '198.51.100.30', interactive=True, session='sess-b3'),
                       bs('now-110m', '198.18.50.9', interactive=True, session='sess-b3', asn='64504', network='[{"networkType":"anonymizedIPAddress"}]')]}),
       customDetails={'Reason': 'second network is anonymizer'}),
    tp('one unique token identifier seen from the user and from a hosting network (no SessionId)', merge(bob_history(), {
        'AADNonInteractiveUserSignInLogs': [bs('now-60m', '198.51.100.30', uti='uti-b4'), bs('now-55m', '203.0.113.91', uti='uti-b4', asn='16276')]}),
       customDetails={'ReplayNetworkKind': 'hosting'}),
    tp('refresh token of a registered laptop redeemed from a residential network with the same platform but no device id', merge(bob_history(), {
        'AADNonInteractiveUserSignInLogs': [bs('now-100m', '198.51.100.30', session='sess-b11'),
                                            bs('now-80m', '198.18.130.33', session='sess-b11', device='', asn='64530'),
                                            bs('now-60m', '198.18.130.33', session='sess-b11', device='', asn='64530', resource=EXO, app=OUTLOOK_APP)]}),
       customDetails={'Reason': 'device changed', 'ReplayNetworkKind': 'other'}, entities=[{'type': 'ip', 'address': '198.18.130.33'}]),
    tn('VPN traveller: a session flips between hotel and office within minutes, same laptop and browser', merge(bob_history(), office_egress('now-4h'), {
        'SigninLogs': [bs('now-240m', '203.0.113.120', interactive=True, session='sess-b5', asn='64505')],
        'AADNonInteractiveUserSignInLogs': [bs('now-235m', '192.0.2.31', session='sess-b5'), bs('now-230m', '203.0.113.120', session='sess-b5', asn='64505'),
                                            bs('now-220m', '192.0.2.31', session='sess-b5')]})),
    tn('split-tunnel traveller: hotel network and a corporate VPN egress hosted in a cloud, same registered laptop', merge(bob_history(), {
        'AADNonInteractiveUserSignInLogs': [signin('now-3d', f'staff{i}@contoso.com', f'198.18.150.{10 + i}', interactive=False, asn='8075', device=f'ws-{i}') for i in range(3)] +
                                           [bs('now-200m', '203.0.113.150', session='sess-b12', asn='64531'),
                                            bs('now-195m', '198.18.150.20', session='sess-b12', asn='8075'),
                                            bs('now-190m', '203.0.113.150', session='sess-b12', asn='64531')]})),
    tn('cloud proxy: a session egressing from two hosting /24s of the proxy provider the user already egressed from', merge(bob_history(), {
        'AADNonInteractiveUserSignInLogs': [signin('now-5h', f'staff{i}@contoso.com', f'198.18.{i}.5', interactive=False, asn='16509') for i in range(6)] +
                                           [bs('now-5d', '198.18.9.6', asn='16509')] +
                                           [bs('now-100m', '198.18.1.6', session='sess-b6', asn='16509'), bs('now-95m', '198.18.2.6', session='sess-b6', asn='16509')]})),
    tn('company-wide egress change: the session moves from the old office egress to the new one', merge(bob_history(), office_egress('now-3h', ip_prefix='198.18.60'), {
        'SigninLogs': [bs('now-200m', '192.0.2.31', interactive=True, session='sess-b7'), bs('now-190m', '198.18.60.31', interactive=True, session='sess-b7')]})),
    tn('the same session on a hosting network five hours later is not "within minutes"', merge(bob_history(), {
        'AADNonInteractiveUserSignInLogs': [bs('now-400m', '198.51.100.30', session='sess-b8'), bs('now-100m', '203.0.113.92', session='sess-b8', asn='14061')]})),
    tn('the user\'s phone on its usual carrier (new CGNAT /24) shares the laptop\'s session', merge(bob_history(), {
        'AADNonInteractiveUserSignInLogs': [bs('now-7d', '198.18.120.9', asn='64520', device='', ua='Outlook-iOS/2.0', os_='Ios'),
                                            bs('now-80m', '198.51.100.30', session='sess-b10'),
                                            bs('now-75m', '198.18.121.44', session='sess-b10', asn='64520', device='', ua='Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)', os_='Ios')]})),
    tn('laptop tethered to a phone: new mobile network, same device and browser', merge(bob_history(), {
        'SigninLogs': [bs('now-150m', '198.51.100.30', interactive=True, session='sess-b9'), bs('now-145m', '198.18.70.3', interactive=True, session='sess-b9', asn='64506')]})),
]

# ---------------------------------------------------------------- c. AWS federation from outside, then IAM persistence
C = 'carol@contoso.com'
ROLE = 'arn:aws:sts::111122223333:assumed-role/AdminRole/'


def carol_history():
    return merge(office_egress('now-7d'), {
        'SigninLogs': [signin('now-9d', C, '198.51.100.50', device='lt-carol'), signin('now-7d', C, '192.0.2.41', device='lt-carol')],
        'AWSCloudTrail': [trail('now-7d', 'AssumeRoleWithSAML', '192.0.2.41', itype='SAMLUser', user=C, source='sts.amazonaws.com',
                                response=json.dumps({'assumedRoleUser': {'arn': ROLE + C}, 'credentials': {'accessKeyId': 'ASIAOLD0001'}})),
                          trail('now-7d', 'ListUsers', '192.0.2.41', arn=ROLE + C, key='ASIAOLD0001')]})


def saml(t, ip, key, user=C):
    return trail(t, 'AssumeRoleWithSAML', ip, itype='SAMLUser', user=user, source='sts.amazonaws.com',
                 response=json.dumps({'assumedRoleUser': {'arn': ROLE + user}, 'credentials': {'accessKeyId': key}}))


def role(t, event, ip, key, user=C, params='', response='', source='iam.amazonaws.com'):
    return trail(t, event, ip, arn=ROLE + user, key=key, params=params, response=response, source=source)


def chained(t, event, ip, key, params=''):
    """a call by a role session the person's session assumed in another account (role chaining), session name 'maint'"""
    row = trail(t, event, ip, arn='arn:aws:sts::444455556666:assumed-role/OrganizationAccountAccessRole/maint', key=key, params=params)
    row['RecipientAccountId'] = '444455556666'
    return row


FILES['aws-federation-then-persistence'] = [
    tp('role chaining: the person\'s SAML session used from a new network assumes a role in another account, which creates a user', merge(carol_history(), {
        'AWSCloudTrail': [saml('now-6h', '192.0.2.41', 'ASIACAR0009'),
                          role('now-5h', 'GetCallerIdentity', '203.0.113.150', 'ASIACAR0009', source='sts.amazonaws.com'),
                          role('now-5h', 'AssumeRole', '203.0.113.150', 'ASIACAR0009', source='sts.amazonaws.com',
                               params=json.dumps({'roleArn': 'arn:aws:iam::444455556666:role/OrganizationAccountAccessRole', 'roleSessionName': 'maint'}),
                               response=json.dumps({'assumedRoleUser': {'arn': 'arn:aws:sts::444455556666:assumed-role/OrganizationAccountAccessRole/maint'}, 'credentials': {'accessKeyId': 'ASIACHAIN001'}})),
                          chained('now-4h', 'CreateUser', '203.0.113.150', 'ASIACHAIN001', params=json.dumps({'userName': 'svc-sync2'})),
                          chained('now-4h', 'CreateAccessKey', '203.0.113.150', 'ASIACHAIN001', params=json.dumps({'userName': 'svc-sync2'}))]}),
       entities=[{'type': 'account', 'name': 'carol'}]),
    tp('SAML federation from an unknown network, then CreateUser and CreateAccessKey from that session', merge(carol_history(), {
        'AWSCloudTrail': [saml('now-5h', '203.0.113.20', 'ASIAATK0001'), role('now-290m', 'ListRoles', '203.0.113.20', 'ASIAATK0001'),
                          role('now-4h', 'CreateUser', '203.0.113.20', 'ASIAATK0001', params=json.dumps({'userName': 'backup-svc'})),
                          role('now-235m', 'CreateAccessKey', '203.0.113.20', 'ASIAATK0001', params=json.dumps({'userName': 'backup-svc'}))]}),
       severity='High', entities=[{'type': 'account', 'name': 'carol'}, {'type': 'ip', 'address': '203.0.113.20'},
                                  {'type': 'cloud-application', 'name': 'Amazon Web Services 111122223333'}],
       customDetails={'Reason': 'AssumeRoleWithSAML from an unknown network', 'FirstPersistence': 'CreateUser'}),
    tp('one role session used from the office and from a second network, then AttachUserPolicy', merge(carol_history(), {
        'AWSCloudTrail': [saml('now-3h', '192.0.2.41', 'ASIAVIC0002'), role('now-175m', 'ListBuckets', '192.0.2.41', 'ASIAVIC0002', source='s3.amazonaws.com'),
                          role('now-170m', 'ListBuckets', '203.0.113.21', 'ASIAVIC0002', source='s3.amazonaws.com'),
                          role('now-2h', 'AttachUserPolicy', '203.0.113.21', 'ASIAVIC0002', params=json.dumps({'userName': 'carol-old', 'policyArn': 'arn:aws:iam::aws:policy/AdministratorAccess'}))]}),
       customDetails={'Reason': 'role session used from several networks'}, entities=[{'type': 'ip', 'address': '203.0.113.21'}]),
    tp('AssumeRole with the person as session name from a residential network, then a console sign-in and an access key', merge(carol_history(), {
        'AWSCloudTrail': [trail('now-6h', 'AssumeRole', '198.18.9.9', arn='arn:aws:iam::111122223333:user/carol', itype='IAMUser', user='carol', source='sts.amazonaws.com',
                                params=json.dumps({'roleArn': 'arn:aws:iam::111122223333:role/AdminRole', 'roleSessionName': C}),
                                response=json.dumps({'assumedRoleUser': {'arn': ROLE + C}, 'credentials': {'accessKeyId': 'ASIAATK0003'}})),
                          role('now-5h', 'ConsoleLogin', '198.18.9.9', 'ASIAATK0003', response=json.dumps({'ConsoleLogin': 'Success'}), source='signin.amazonaws.com'),
                          role('now-4h', 'CreateAccessKey', '198.18.9.9', 'ASIAATK0003', params=json.dumps({'userName': 'svc-backup'}))]}),
       customDetails={'FirstPersistence': 'ConsoleLogin', 'Reason': 'AssumeRole from an unknown network'}),
    tn('a person at a new home network: AssumeRole, then only the console sign-in that every federated session makes', merge(carol_history(), {
        'AWSCloudTrail': [trail('now-6h', 'AssumeRole', '198.18.9.9', arn='arn:aws:iam::111122223333:user/carol', itype='IAMUser', user='carol', source='sts.amazonaws.com',
                                params=json.dumps({'roleArn': 'arn:aws:iam::111122223333:role/AdminRole', 'roleSessionName': C}),
                                response=json.dumps({'assumedRoleUser': {'arn': ROLE + C}, 'credentials': {'accessKeyId': 'ASIAATK0004'}})),
                          role('now-5h', 'ConsoleLogin', '198.18.9.9', 'ASIAATK0004', response=json.dumps({'ConsoleLogin': 'Success'}), source='signin.amazonaws.com')]})),
    tn('pipeline role session (no person behind the session name) from a new hosting IP creating roles', merge(carol_history(), {
        'AWSCloudTrail': [trail('now-4h', 'AssumeRoleWithWebIdentity', '203.0.113.140', itype='WebIdentityUser', user='repo:contoso/infra:ref:refs/heads/main', source='sts.amazonaws.com',
                                response=json.dumps({'assumedRoleUser': {'arn': 'arn:aws:sts::111122223333:assumed-role/Deploy/GitHubActions'}, 'credentials': {'accessKeyId': 'ASIACI00001'}})),
                          trail('now-230m', 'CreateRole', '203.0.113.140', arn='arn:aws:sts::111122223333:assumed-role/Deploy/GitHubActions', key='ASIACI00001',
                                params=json.dumps({'roleName': 'app-role'}))]})),
    tn('administrator on her usual networks assumes a role and creates a user', merge(carol_history(), {
        'SigninLogs': [signin('now-5h', C, '198.51.100.50', device='lt-carol')],
        'AWSCloudTrail': [saml('now-5h', '198.51.100.50', 'ASIAOK00004'), role('now-4h', 'CreateUser', '198.51.100.50', 'ASIAOK00004', params=json.dumps({'userName': 'svc-new'}))]})),
    tn('company-wide egress change: SAML federation from the new office egress, then CreateAccessKey', merge(carol_history(), office_egress('now-8h', ip_prefix='198.18.80'), {
        'AWSCloudTrail': [saml('now-5h', '198.18.80.41', 'ASIAOK00005'), role('now-4h', 'CreateAccessKey', '198.18.80.41', 'ASIAOK00005', params=json.dumps({'userName': 'carol'}))]})),
    case('announced pentest from an admin workstation in CloudhopCloudAdminDevices', 'true-negative', merge(carol_history(), {
        'SigninLogs': [signin('now-6h', C, '203.0.113.30', device='paw-07')],
        'AWSCloudTrail': [saml('now-5h', '203.0.113.30', 'ASIAPT00006'), role('now-4h', 'CreateUser', '203.0.113.30', 'ASIAPT00006', params=json.dumps({'userName': 'pentest-x'}))]}), 0),
    tn('SAML sign-in from a phone network, then the person\'s own console sign-in from the office hours later', merge(carol_history(), {
        'AWSCloudTrail': [saml('now-9h', '198.18.140.5', 'ASIAPH00008'), role('now-8h', 'ListBuckets', '192.0.2.41', 'ASIAPH00008', source='s3.amazonaws.com'),
                          role('now-4h', 'ConsoleLogin', '192.0.2.41', 'ASIACO00009', response=json.dumps({'ConsoleLogin': 'Success'}), source='signin.amazonaws.com')]})),
    tn('federation from an unknown network without any IAM write or console sign-in', merge(carol_history(), {
        'AWSCloudTrail': [saml('now-5h', '203.0.113.22', 'ASIARO00007'), role('now-4h', 'ListUsers', '203.0.113.22', 'ASIARO00007'),
                          role('now-4h', 'GetCallerIdentity', '203.0.113.22', 'ASIARO00007', source='sts.amazonaws.com')]})),
]
[c for c in FILES['aws-federation-then-persistence'] if c['name'].startswith('announced pentest')][0]['watchlists'] = {'CloudhopCloudAdminDevices': {'searchKey': 'HostName', 'rows': [{'HostName': 'paw-07', 'Role': 'red team', 'Notes': 'announced test'}]}}

# ---------------------------------------------------------------- d. credential added to an application, then the principal used
D = 'dave@contoso.com'
SP_ID, SP_APP, SP_OBJ = '6f1c2a9e-0b7d-4c35-9e2a-51d0c8b4a111', 'a4b9c2d1-7e36-4f08-b5a1-0c9d8e7f6222', '2d8e4f1a-9c63-4b57-8a0e-7f1b3c5d9333'
NEW_KEY = 'c3e5a7b9-1d2f-4a6b-8c0d-e1f2a3b4c444'
SP_NAME = 'Payroll Sync'


def sp_history(ip='198.51.100.70', days=(10, 8, 6, 4, 2)):
    return {'AADServicePrincipalSignInLogs': [sp_signin(f'now-{d}d', SP_ID, SP_APP, SP_NAME, ip, key_id='0e0e0e0e-0000-4000-8000-000000000001') for d in days],
            'SigninLogs': [signin('now-9d', D, '198.51.100.80', device='lt-dave'), signin('now-5d', D, '192.0.2.51', device='lt-dave')] + office_egress('now-5d')}


def secret_added(t, actor=D, op='Update application – Certificates and secrets management', target_id=SP_OBJ, target_type='Application', app=None):
    targets = [{'type': target_type, 'id': target_id, 'displayName': SP_NAME,
                'modifiedProperties': [{'displayName': 'KeyCredentials', 'oldValue': '[]', 'newValue': json.dumps([{'KeyIdentifier': NEW_KEY, 'KeyType': 'Password'}])}]}]
    return audit(t, op, actor=actor, app=app, ip='192.0.2.51', targets=targets, details=[{'key': 'AppId', 'value': SP_APP}])


FILES['sp-credential-added-then-used'] = [
    tp('a user adds a secret to an app registration; the principal signs in with that key from a new network: High', merge(sp_history(), {
        'AuditLogs': [secret_added('now-6h')],
        'AADServicePrincipalSignInLogs': [sp_signin('now-5h', SP_ID, SP_APP, SP_NAME, '203.0.113.70', asn='14061', key_id=NEW_KEY)]}),
       severity='High', entities=[{'type': 'account', 'name': 'dave', 'upnSuffix': 'contoso.com'}, {'type': 'ip', 'address': '203.0.113.70'},
                                  {'type': 'cloud-application', 'appId': SP_APP}], customDetails={'NewKeyUsed': 1}),
    tp('Add service principal credentials yesterday, sign-in from a new network today (key id not logged)', merge(sp_history(), {
        'AuditLogs': [secret_added('now-30h', op='Add service principal credentials', target_id=SP_ID, target_type='ServicePrincipal')],
        'AADServicePrincipalSignInLogs': [sp_signin('now-2h', SP_ID, SP_APP, SP_NAME, '198.18.90.4')]}),
       severity='Medium', entities=[{'type': 'ip', 'address': '198.18.90.4'}]),
    tp('a dormant application gets a secret and starts writing to the directory', {
        'AADServicePrincipalSignInLogs': [],
        'SigninLogs': [signin('now-9d', D, '198.51.100.80', device='lt-dave')],
        'AuditLogs': [audit('now-5d', 'Update service principal', app={'displayName': SP_NAME, 'servicePrincipalId': SP_ID, 'appId': SP_APP},
                            targets=[{'type': 'ServicePrincipal', 'id': SP_ID, 'displayName': SP_NAME}]),
                      secret_added('now-8h'),
                      audit('now-3h', 'Add member to role', app={'displayName': SP_NAME, 'servicePrincipalId': SP_ID, 'appId': SP_APP},
                            targets=[{'type': 'User', 'userPrincipalName': 'erin@contoso.com'}])]},
       customDetails={'Use': 'new directory operation'}),
    tn('rotation by automation (initiated by an application), then sign-ins from a new network', merge(sp_history(), {
        'AuditLogs': [secret_added('now-6h', actor=None, app={'displayName': 'KeyVault Rotation', 'servicePrincipalId': '7a7a7a7a-0000-4000-8000-000000000777'})],
        'AADServicePrincipalSignInLogs': [sp_signin('now-5h', SP_ID, SP_APP, SP_NAME, '203.0.113.71', key_id=NEW_KEY)]})),
    tn('a user rotates the secret by hand; the principal keeps signing in from its usual network with the new key', merge(sp_history(), {
        'AuditLogs': [secret_added('now-6h')],
        'AADServicePrincipalSignInLogs': [sp_signin('now-5h', SP_ID, SP_APP, SP_NAME, '198.51.100.71', key_id=NEW_KEY),
                                          sp_signin('now-1h', SP_ID, SP_APP, SP_NAME, '198.51.100.72', key_id=NEW_KEY)]})),
    tn('the developer who added the secret tests it from her own home network', merge(sp_history(), {
        'AuditLogs': [secret_added('now-6h')],
        'AADServicePrincipalSignInLogs': [sp_signin('now-5h', SP_ID, SP_APP, SP_NAME, '198.51.100.81', key_id=NEW_KEY)]})),
    tn('a principal on a new network with no credential change', merge(sp_history(), {
        'AADServicePrincipalSignInLogs': [sp_signin('now-5h', SP_ID, SP_APP, SP_NAME, '203.0.113.72')]})),
    tn('secret added by a user; the new network is the workload network three other principals use', merge(sp_history(), {
        'AuditLogs': [secret_added('now-6h')],
        'AADServicePrincipalSignInLogs': [sp_signin('now-9d', f'5a5a5a5a-0000-4000-8000-00000000000{i}', f'5b5b5b5b-0000-4000-8000-00000000000{i}', f'worker-{i}', f'198.18.100.{10 + i}') for i in range(3)] +
                                         [sp_signin('now-5h', SP_ID, SP_APP, SP_NAME, '198.18.100.20', key_id=NEW_KEY)]})),
]

# ---------------------------------------------------------------- e. low and slow: one sign-in a day from a network new to the user
F = 'frank@contoso.com'


def frank_history():
    rows = []
    for d in (13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1):
        rows.append(signin(f'now-{d}d', F, '198.51.100.90', device='lt-frank', asn='64510', resource=EXO, app=OUTLOOK_APP))
        rows.append(signin(f'now-{d * 24 - 10}h', F, '192.0.2.61', device='lt-frank', resource=GRAPH))
    return merge(office_egress('now-6d'), {'SigninLogs': rows})


def daily(times, ip, asn, resource=GRAPH, app=OFFICE_APP, interactive=False, device='', user=F, network='[]', ua=WIN_UA):
    return [signin(t, user, ip, asn=asn, resource=resource, app=app, interactive=interactive, device=device, network=network, ua=ua) for t in times]


THREE_DAYS = ['now-50h', 'now-26h', 'now-2h']
FILES['low-and-slow'] = [
    tn('the user\'s phone wandering across its mobile carrier\'s address blocks (one sign-in per /24, same provider)', merge(frank_history(), {
        'AADNonInteractiveUserSignInLogs': [r for k, t in enumerate(['now-9d', 'now-7d', 'now-5d', 'now-4d']) for r in daily([t], f'198.18.{170 + k}.9', '64570', resource=EXO, app=OUTLOOK_APP, ua='Outlook-Android/2.0')] +
            daily(THREE_DAYS, '198.18.180.9', '64570', resource=EXO, app=OUTLOOK_APP, ua='Outlook-Android/2.0')})),
    tn('the user\'s phone on a mobile carrier: Outlook Mobile from three rotating addresses of one /24 (carrier-grade NAT)', merge(frank_history(), {
        'AADNonInteractiveUserSignInLogs': [r for k, t in enumerate(THREE_DAYS) for r in daily([t], f'198.18.160.{40 + 31 * k}', '64560', resource=EXO, app=OUTLOOK_APP, ua='Outlook-iOS/2.0')]})),
    tn('a new phone: the user registered it this week, then mail from its carrier network on three days', merge(frank_history(), {
        'AuditLogs': [audit('now-60h', 'Register device', actor=F, targets=[{'type': 'Device', 'displayName': 'iPhone 15'}])],
        'AADNonInteractiveUserSignInLogs': daily(THREE_DAYS, '198.18.150.7', '64550', resource=EXO, app=OUTLOOK_APP, ua='Outlook-iOS/2.0')})),
    tn('a cloud-hosted web gateway site six colleagues used on different days (never five on one day): shared infrastructure', merge(frank_history(), {
        'AADNonInteractiveUserSignInLogs': daily(THREE_DAYS, '198.18.140.7', '16509') +
            [r for i in range(6) for r in daily([f'now-{20 + 24 * (i % 3)}h'], f'198.18.140.{20 + i}', '16509', user=f'staff{i}@contoso.com')]})),
    tp('one Graph sign-in a day for three days from a residential network new to the user, no device', merge(frank_history(), {
        'AADNonInteractiveUserSignInLogs': daily(THREE_DAYS, '198.18.110.7', '64511')}),
       severity='Medium', customDetails={'Score': 9, 'Days': 3}, entities=[{'type': 'account', 'name': 'frank'}, {'type': 'ip', 'address': '198.18.110.7'}]),
    tp('a short daily visit (a sign-in and its token refreshes within minutes) counts once a day', merge(frank_history(), {
        'SigninLogs': daily(THREE_DAYS, '198.18.116.7', '64516', resource=EXO, app=OUTLOOK_APP, interactive=True),
        'AADNonInteractiveUserSignInLogs': [r for h in (50, 26, 2) for k in (5, 10, 15) for r in daily([f'now-{h * 60 - k}m'], '198.18.116.7', '64516', resource=EXO, app=OUTLOOK_APP)]}),
       customDetails={'Score': 9, 'Visits': 3, 'SignIns': 12}, entities=[{'type': 'ip', 'address': '198.18.116.7'}]),
    tp('Exchange Online from a VPS once a day: scored High', merge(frank_history(), {
        'AADNonInteractiveUserSignInLogs': daily(THREE_DAYS, '203.0.113.110', '14061', resource=EXO, app=OUTLOOK_APP)}),
       severity='High', customDetails={'Score': 11, 'NetworkKind': 'hosting'}),
    tp('interactive webmail through an anonymizer in the user\'s own ISP, three days', merge(frank_history(), {
        'SigninLogs': daily(THREE_DAYS, '198.18.111.4', '64510', resource=EXO, app=OUTLOOK_APP, interactive=True,
                            network='[{"networkType":"anonymizedIPAddress"}]')}),
       customDetails={'Score': 10, 'NetworkKind': 'anonymizer', 'NewAsn': 'false'}),
    tn('new home network, the user\'s own laptop (device id seen on other networks)', merge(frank_history(), {
        'AADNonInteractiveUserSignInLogs': daily(THREE_DAYS, '198.18.112.9', '64512', device='lt-frank')})),
    tn('traveller without a device id: sign-ins spread over the working day to many apps from a hotel network', merge(frank_history(), {
        'AADNonInteractiveUserSignInLogs': [signin(f'now-{h * 60 - k * 50}m', F, '198.18.113.3', asn='64513', interactive=False, resource=[GRAPH, EXO, ARM, SPO][k % 4],
                                                   app=[OFFICE_APP, OUTLOOK_APP, PORTAL_APP, OFFICE_APP][k % 4]) for h in (58, 34, 10) for k in range(8)]})),
    tn('company-wide egress change: the new office network is shared by the whole company', merge(frank_history(), {
        'AADNonInteractiveUserSignInLogs': daily(THREE_DAYS, '198.18.114.61', '64514') +
                                           [r for t in THREE_DAYS for r in office_egress(t, ip_prefix='198.18.114', interactive=False, asn='64514')]})),
    tn('new hire: the network is there from the user\'s first day', merge(office_egress('now-6d'), {
        'AADNonInteractiveUserSignInLogs': daily(['now-74h'] + THREE_DAYS, '198.18.115.2', '64515', user='new.hire@contoso.com')})),
    tn('only two days', merge(frank_history(), {'AADNonInteractiveUserSignInLogs': daily(['now-26h', 'now-2h'], '198.18.110.8', '64511')})),
    tn('the fourth day of a pattern that already alerted does not alert again', merge(frank_history(), {
        'AADNonInteractiveUserSignInLogs': daily(['now-74h'] + THREE_DAYS, '198.18.110.9', '64511')})),
]

# ---------------------------------------------------------------- f. device-code phishing: the user's own code sign-in, the tokens used elsewhere
G = 'gina@contoso.com'
BROKER = '29d9ed98-a469-4536-ade2-f981bc1d605e'
NAMES[BROKER] = 'Microsoft Authentication Broker'


def gina_history():
    return {'SigninLogs': [signin('now-9d', G, '198.51.100.40', device='lt-gina'), signin('now-5d', G, '192.0.2.41', device='lt-gina')] + office_egress('now-5d'),
            'AADNonInteractiveUserSignInLogs': [signin('now-8d', G, '198.51.100.40', device='lt-gina', interactive=False)]}


def dc(t, ip, upn=G, **kw):
    """the interactive device-code sign-in the user completes on microsoft.com/devicelogin"""
    row = signin(t, upn, ip, **kw)
    row['AuthenticationProtocol'] = 'deviceCode'
    return row


def gs(t, ip, interactive=False, **kw):
    return signin(t, G, ip, interactive=interactive, **kw)


FILES['device-code-then-use-elsewhere'] = [
    tp('code entered at home, the broker tokens refreshed from a VPS minutes later', merge(gina_history(), {
        'SigninLogs': [dc('now-3h', '198.51.100.40', app=BROKER, device='lt-gina', session='sess-g1')],
        'AADNonInteractiveUserSignInLogs': [gs('now-175m', '203.0.113.140', app=BROKER, asn='14061', ua=PY_UA, session='sess-g1', os_=''),
                                            gs('now-170m', '203.0.113.140', asn='14061', ua=PY_UA, os_='')]}),
       entities=[{'type': 'account', 'name': 'gina', 'upnSuffix': 'contoso.com'}, {'type': 'ip', 'address': '203.0.113.140'}],
       customDetails={'UseKind': 'hosting', 'Reason': 'tokens used from a hosting network', 'SameSession': 1}),
    tp('the device-code session continues from a residential network in the same country', merge(gina_history(), {
        'SigninLogs': [dc('now-5h', '192.0.2.41', app=OFFICE_APP, device='lt-gina', session='sess-g2')],
        'AADNonInteractiveUserSignInLogs': [gs('now-290m', '198.18.44.9', asn='64531', session='sess-g2', ua=PY_UA, os_='')]}),
       customDetails={'UseKind': 'other', 'SameSession': 1}, entities=[{'type': 'ip', 'address': '198.18.44.9'}]),
    tp('code entered at the office, Graph read from a network the user never used (no shared session)', merge(gina_history(), office_egress('now-4h'), {
        'SigninLogs': [dc('now-4h', '192.0.2.41', app=GRAPH_PS, device='lt-gina', session='sess-g3')],
        'AADNonInteractiveUserSignInLogs': [gs('now-220m', '198.18.45.10', app=GRAPH_PS, resource=GRAPH, asn='64532', ua=PY_UA, os_='')]}),
       customDetails={'Reason': 'tokens used from a network new to the user', 'SameSession': 0}),
    tn('a user who already signs in with device code (a CLI on a headless host) is not judged', merge(gina_history(), {
        'SigninLogs': [dc('now-6d', '198.51.100.40', app=CLI_APP, device='lt-gina'), dc('now-3h', '198.51.100.40', app=CLI_APP, device='lt-gina', session='sess-g4')],
        'AADNonInteractiveUserSignInLogs': [gs('now-175m', '203.0.113.141', app=CLI_APP, asn='14061', session='sess-g4')]})),
    tn('first device-code sign-in, then use only from the user\'s own home and office networks', merge(gina_history(), office_egress('now-3h'), {
        'SigninLogs': [dc('now-3h', '198.51.100.40', app=CLI_APP, device='lt-gina', session='sess-g5')],
        'AADNonInteractiveUserSignInLogs': [gs('now-170m', '192.0.2.41', app=CLI_APP, session='sess-g5'), gs('now-160m', '198.51.100.40', app=CLI_APP)]})),
    tn('company-wide egress change: after the code sign-in the user works from the new office egress everyone uses', merge(gina_history(), office_egress('now-3h', ip_prefix='198.18.60'), {
        'SigninLogs': [dc('now-3h', '198.51.100.40', app=CLI_APP, device='lt-gina', session='sess-g6')],
        'AADNonInteractiveUserSignInLogs': [gs('now-150m', '198.18.60.41', app=CLI_APP, session='sess-g6')]})),
    tn('a use elsewhere ten hours after the code sign-in is not linked to it', merge(gina_history(), {
        'SigninLogs': [dc('now-12h', '198.51.100.40', app=CLI_APP, device='lt-gina', session='sess-g7')],
        'AADNonInteractiveUserSignInLogs': [gs('now-2h', '203.0.113.142', asn='14061')]})),
]

# ---- footer: history markers and writing (keep last)
MARKERS = {
    'SigninLogs': lambda: signin('now-330h', 'history.marker@contoso.com', '100.64.0.10', asn=''),
    'AADNonInteractiveUserSignInLogs': lambda: signin('now-330h', 'history.marker@contoso.com', '100.64.0.10', interactive=False, asn=''),
    'AuditLogs': lambda: audit('now-330h', 'Update user', actor='history.marker@contoso.com', targets=[{'type': 'User', 'userPrincipalName': 'history.marker@contoso.com'}]),
    'AWSCloudTrail': lambda: trail('now-330h', 'DescribeRegions', '100.64.0.11', arn='arn:aws:iam::111122223333:user/history-marker', itype='IAMUser', user='history-marker', source='ec2.amazonaws.com'),
    'AADServicePrincipalSignInLogs': lambda: sp_signin('now-330h', '00000000-0000-0000-0000-00000000beef', '00000000-0000-0000-0000-00000000cafe', 'history-marker-app', '100.64.0.13', asn=''),
}

# The rules learn for 13 days before they judge (learning period): every case carries one innocuous row
# 13.75 days old in each of its tables, as a tenant with history would.
for cases in FILES.values():
    for c in cases:
        for table, rows in c['tables'].items():
            rows.insert(0, MARKERS[table]())


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(str, lambda d, s: d.represent_scalar('tag:yaml.org,2002:str', s))

for name, cases in FILES.items():
    doc = {'rule': name + '.yaml', 'cases': cases}
    with open(os.path.join(OUT, name + '.tests.yaml'), 'w') as f:
        f.write('# Generated by test/content/gen_rule_tests_issue11.py: edit the cases there and re-run it.\n')
        yaml.dump(doc, f, Dumper=Dumper, sort_keys=False, width=160, allow_unicode=True)
    print(name, len(cases), 'cases')
