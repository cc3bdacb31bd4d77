#!/usr/bin/env python3
"""Writes rules/T1021.007/<rule>.tests.yaml (the rule-test format of docs/rules-format.md).

The cases are written here as data so each stays short; run `python3 test/content/gen_rule_tests.py`
after editing. Names, hosts and IPs are documentation values (contoso, fabrikam, RFC 5737), unrelated
to the simulator's pools.
"""
import json, os, yaml

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'rules', 'T1021.007')
NOW = '2024-06-15T00:00:00Z'

CLI_APP = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
AZPS_APP = '1950a258-227b-4e31-a9cf-717495945fc2'
GRAPH_APP = '14d82eec-204b-4c2f-b7e8-296a70dab67e'
AADPS_APP = '1b730954-1685-4b74-9bfd-dac224a7b894'
PORTAL_APP = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'
OFFICE_APP = 'd3590ed6-52b3-4102-aeff-aad2292ab01c'
AADC_APP = 'cb1056e2-e479-49de-ae31-7812af012ed8'
ARM = '797f4846-ba00-4fd7-ba43-dac1f8f63013'

PLACES = {
    'paris': ('Paris', 'FR', 48.8566, 2.3522), 'lyon': ('Lyon', 'FR', 45.764, 4.8357),
    'london': ('London', 'GB', 51.5072, -0.1276), 'madrid': ('Madrid', 'ES', 40.4168, -3.7038),
    'newyork': ('New York', 'US', 40.7128, -74.006), 'sydney': ('Sydney', 'AU', -33.8688, 151.2093),
    'saopaulo': ('Sao Paulo', 'BR', -23.5505, -46.6333), 'lagos': ('Lagos', 'NG', 6.5244, 3.3792),
}


def proc(t, dev, acct, cmd, upn='', file='powershell.exe', parent='explorer.exe', grandparent='userinit.exe', domain='CONTOSO', oid=''):
    return {'TimeGenerated': t, 'Timestamp': t, 'DeviceName': dev, 'AccountName': acct, 'AccountDomain': domain,
            'AccountUpn': upn, 'AccountObjectId': oid, 'FileName': file, 'ProcessCommandLine': cmd,
            'InitiatingProcessFileName': parent, 'InitiatingProcessParentFileName': grandparent}


def loc(place):
    city, cc, lat, lon = PLACES[place]
    return {'city': city, 'countryOrRegion': cc, 'geoCoordinates': {'latitude': lat, 'longitude': lon}}


def signin(t, upn, app, ip, place='paris', result='0', app_name=None, resource=ARM, risk='none', risk_state='none',
           risk_detail='none', network='[]', interactive=True, ua='Mozilla/5.0', display=None, oid=None, device=None, created=None):
    row = {'TimeGenerated': t, 'UserPrincipalName': upn, 'AppId': app, 'AppDisplayName': app_name or app_names.get(app, 'App'),
           'ResourceIdentity': resource, 'IPAddress': ip, 'ResultType': result, 'RiskLevelDuringSignIn': risk,
           'RiskLevelAggregated': risk, 'RiskState': risk_state, 'RiskDetail': risk_detail, 'NetworkLocationDetails': network,
           'UserAgent': ua, 'IsInteractive': interactive}
    if created:
        row['CreatedDateTime'] = created
    if display:
        row['UserDisplayName'] = display
    if oid:
        row['UserId'] = oid
    if device:
        dd = {'deviceId': device, 'displayName': device}
        row['DeviceDetail'] = dd if interactive else json.dumps(dd)
    if place is None:
        row['LocationDetails'] = {} if interactive else '{}'
        row['Location'] = ''
    else:
        l = loc(place)
        row['LocationDetails'] = l if interactive else json.dumps(l)
        row['Location'] = l['countryOrRegion']
    return row


app_names = {CLI_APP: 'Microsoft Azure CLI', AZPS_APP: 'Microsoft Azure PowerShell', GRAPH_APP: 'Microsoft Graph Command Line Tools',
             AADPS_APP: 'Azure Active Directory PowerShell', PORTAL_APP: 'Azure Portal', OFFICE_APP: 'Microsoft Office',
             AADC_APP: 'Microsoft Azure Active Directory Connect'}


def audit(t, actor, op, target='victim@contoso.com', ip='198.51.100.20', result='success', activity=None):
    return {'TimeGenerated': t, **({'ActivityDateTime': activity} if activity else {}), 'OperationName': op, 'Result': result, 'Category': 'Core Directory',
            'InitiatedBy': {'user': {'userPrincipalName': actor, 'ipAddress': ip}},
            'TargetResources': [{'userPrincipalName': target, 'displayName': target.split('@')[0], 'type': 'User'}]}


def trail(t, event, arn, ip, itype='AssumedRole', principal='', user='', error='', response='', additional='', ua='aws-cli/2.15.0', account='111122223333', source='iam.amazonaws.com', issuer=''):
    return {'TimeGenerated': t, 'EventName': event, 'EventSource': source, 'UserIdentityArn': arn, 'UserIdentityType': itype,
            'UserIdentityPrincipalid': principal, 'UserIdentityUserName': user, 'SourceIpAddress': ip, 'ErrorCode': error,
            'ResponseElements': response, 'AdditionalEventData': additional, 'UserAgent': ua, 'RecipientAccountId': account,
            'AWSRegion': 'eu-west-1', 'SessionIssuerUserName': issuer}


def gcp(t, principal, ip, method='storage.buckets.list', ua='google-cloud-sdk gcloud/470.0.0'):
    return {'TimeGenerated': t, 'PrincipalEmail': principal, 'MethodName': method, 'ServiceName': method.split('.')[0] + '.googleapis.com',
            'ProjectId': 'contoso-prod', 'RequestMetadata': {'callerIp': ip, 'callerSuppliedUserAgent': ua}}


def case(name, kind, tables, alerts, _fresh=(), **expect):
    c = {'name': name, 'kind': kind, 'now': NOW, 'tables': tables, 'expect': {'alerts': alerts, **expect}}
    if _fresh:
        c['_fresh'] = list(_fresh)
    return c


def tp(name, tables, alerts=1, **expect):
    return case(name, 'true-positive', tables, alerts, **expect)


def tn(name, tables, **expect):
    return case(name, 'true-negative', tables, 0, **expect)


FILES = {}

# ---------------------------------------------------------------- seed (verbatim): pins its Kusto behaviour, flaws included
FILES['seed-verbatim'] = [
    tp('az login on an endpoint alerts (pattern 1, every DevOps az login does)', {
        'DeviceProcessEvents': [proc('now-1h', 'ws-17.contoso.local', 'alice', 'az login', file='az.cmd', parent='cmd.exe')]},
        customDetails={'CloudPlatform': 'Azure'}, entities=[{'type': 'host', 'hostName': 'ws-17'}]),
    tp('Connect-AzAccount alerts but is classified Unknown (has_any term match flaw)', {
        'DeviceProcessEvents': [proc('now-2h', 'ws-18.contoso.local', 'bob', 'powershell.exe -c Connect-AzAccount')]},
        customDetails={'CloudPlatform': 'Unknown'}),
    tp('high-risk successful sign-in alerts (pattern 2)', {
        'SigninLogs': [signin('now-3h', 'carol@contoso.com', OFFICE_APP, '203.0.113.9', risk='high')]},
        entities=[{'type': 'ip', 'address': '203.0.113.9'}]),
    tp('anonymizer sign-in and gcloud token print alert once each', {
        'SigninLogs': [signin('now-3h', 'dave@contoso.com', OFFICE_APP, '203.0.113.10', network='[{"networkType":"anonymizedIPAddress"}]')],
        'DeviceProcessEvents': [proc('now-1h', 'lt-5.contoso.local', 'dave', 'gcloud auth print-access-token', file='gcloud.cmd')]}, alerts=2),
    tn('events older than 24 hours do not alert', {
        'DeviceProcessEvents': [proc('now-30h', 'ws-17.contoso.local', 'alice', 'az login', file='az.cmd')],
        'SigninLogs': [signin('now-30h', 'carol@contoso.com', OFFICE_APP, '203.0.113.9', risk='high')]}),
    tn('low-risk sign-ins and failed risky sign-ins do not alert', {
        'SigninLogs': [signin('now-3h', 'carol@contoso.com', OFFICE_APP, '203.0.113.9', risk='low'),
                       signin('now-2h', 'carol@contoso.com', OFFICE_APP, '203.0.113.9', risk='high', result='50126')]}),
    tn('ordinary processes do not alert', {
        'DeviceProcessEvents': [proc('now-1h', 'ws-17.contoso.local', 'alice', 'notepad.exe C:\\notes\\azure.txt', file='notepad.exe'),
                                proc('now-1h', 'ws-17.contoso.local', 'alice', 'git pull', file='git.exe')]}),
]

# ---------------------------------------------------------------- 1. cloud CLI first seen
WS = 'ws-17.contoso.local'
FILES['cloud-cli-auth-first-seen'] = [
    tp('Connect-AzAccount by an account with no CLI history', {
        'DeviceProcessEvents': [proc('now-2h', WS, 'alice', 'powershell.exe -NoProfile -Command "Connect-AzAccount -Tenant contoso.com"', upn='alice@contoso.com')]},
        customDetails={'CloudPlatform': 'Azure'}, entities=[{'type': 'account', 'name': 'alice'}, {'type': 'host', 'hostName': 'ws-17'}]),
    tp('known Azure CLI user authenticates on a device new to Azure CLI', {
        'DeviceProcessEvents': [proc('now-5d', WS, 'alice', 'az login', upn='alice@contoso.com', file='az.cmd', parent='cmd.exe'),
                                proc('now-3d', WS, 'alice', 'az login', upn='alice@contoso.com', file='az.cmd', parent='cmd.exe'),
                                proc('now-1h', 'srv-app07.contoso.local', 'alice', '"C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd" login --use-device-code', upn='alice@contoso.com', file='az.cmd', parent='cmd.exe')]},
        customDetails={'Novelty': 'device'}),
    tp('known CLI user on a workstation it never used for the cloud (the owner does)', {
        'DeviceProcessEvents': [proc('now-6d', 'paw-02.contoso.local', 'adm-bob', 'pwsh -c Connect-MgGraph', upn='adm-bob@contoso.com', file='pwsh.exe'),
                                proc('now-5d', 'ws-55.contoso.local', 'carl', 'gcloud.cmd auth login', upn='carl@contoso.com', file='gcloud.cmd'),
                                proc('now-3h', 'ws-55.contoso.local', 'adm-bob', 'pwsh -c Connect-MgGraph -Scopes Application.ReadWrite.All', upn='adm-bob@contoso.com', file='pwsh.exe')]},
        customDetails={'Novelty': 'account on this device', 'CloudPlatform': 'EntraID'}),
    tp('AWS and Graph PowerShell spellings are classified', {
        'DeviceProcessEvents': [proc('now-3h', 'lt-22.contoso.local', 'erin', 'aws.exe sts get-caller-identity --profile prod', upn='erin@contoso.com', file='aws.exe', parent='cmd.exe'),
                                proc('now-2h', 'lt-23.contoso.local', 'erin', 'pwsh -c "Import-Module Microsoft.Graph; Connect-MgGraph -Scopes Directory.ReadWrite.All"', upn='erin@contoso.com', file='pwsh.exe')]},
        alerts=2, matches=[{'customDetails': {'CloudPlatform': 'AWS'}}, {'customDetails': {'CloudPlatform': 'EntraID'}}]),
    tp('PowerShell -EncodedCommand hiding Connect-MgGraph is decoded', {
        'DeviceProcessEvents': [proc('now-1h', 'ws-77.contoso.local', 'gina', 'powershell.exe -nop -w hidden -enc ' + __import__('base64').b64encode('Connect-MgGraph -Scopes Directory.ReadWrite.All'.encode('utf-16-le')).decode(), upn='gina@contoso.com')]},
        customDetails={'CloudPlatform': 'EntraID'}),
    tp('AWS Tools for PowerShell and aws-vault spellings', {
        'DeviceProcessEvents': [proc('now-3h', 'lt-90.contoso.local', 'omar', 'powershell -c "Set-AWSCredentials -ProfileName prod"', upn='omar@contoso.com'),
                                proc('now-2h', 'lt-91.contoso.local', 'pia', 'aws-vault exec prod -- aws s3 ls', upn='pia@contoso.com', file='aws-vault.exe', parent='cmd.exe')]},
        alerts=2, customDetails={'CloudPlatform': 'AWS'}),
    tn('first use of a second cloud from a workstation the account already uses for the cloud', {
        'DeviceProcessEvents': [proc('now-6d', WS, 'bob', 'az login', upn='bob@contoso.com', file='az.cmd'),
                                proc('now-3h', WS, 'bob', 'gcloud.cmd auth login --no-launch-browser', upn='bob@contoso.com', file='gcloud.cmd', parent='cmd.exe')]}),
    tn('daily user on the same device is baseline', {
        'DeviceProcessEvents': [proc('now-9d', WS, 'alice', 'az login', upn='alice@contoso.com', file='az.cmd'),
                                proc('now-2d', WS, 'alice', 'az login', upn='alice@contoso.com', file='az.cmd'),
                                proc('now-2h', WS, 'alice', 'az.cmd login --tenant contoso.com', upn='alice@contoso.com', file='az.cmd')]}),
    tn('service principal, managed identity and certificate logins are automation', {
        'DeviceProcessEvents': [proc('now-2h', 'bld-01.contoso.local', 'svc_build', 'az login --service-principal -u 0000 -p *** --tenant contoso.com', file='az.cmd', parent='cmd.exe'),
                                proc('now-2h', 'bld-01.contoso.local', 'svc_build', 'pwsh -c Connect-AzAccount -Identity', file='pwsh.exe'),
                                proc('now-1h', 'bld-01.contoso.local', 'svc_build', 'gcloud auth activate-service-account --key-file key.json', file='gcloud'),
                                proc('now-1h', 'bld-01.contoso.local', 'svc_build', 'pwsh -c Connect-MgGraph -ClientId 1111 -CertificateThumbprint ABCD', file='pwsh.exe')]}),
    tn('CLIs launched by Arc, Entra Connect or CI agents (watchlist) are excluded', {
        'DeviceProcessEvents': [proc('now-2h', 'srv-hv01.contoso.local', 'system', 'az login', file='az.cmd', parent='azcmagent.exe', domain='nt authority'),
                                proc('now-2h', 'aadc01.contoso.local', 'system', 'powershell -c Connect-MgGraph', parent='miiserver.exe', domain='nt authority'),
                                proc('now-1h', 'bld-02.contoso.local', 'svc_ci', 'aws sts get-caller-identity', file='aws', parent='bash', grandparent='Runner.Worker')]}),
    tn('re-imaged PAW: a device with no endpoint history in the tenant (newly onboarded)', {
        'DeviceProcessEvents': [proc('now-8d', 'paw-01.contoso.local', 'adm-bob', 'pwsh -c Connect-MgGraph', upn='adm-bob@contoso.com', file='pwsh.exe'),
                                proc('now-2h', 'paw-09.contoso.local', 'adm-bob', 'pwsh -c Connect-MgGraph -Scopes RoleManagement.ReadWrite.Directory', upn='adm-bob@contoso.com', file='pwsh.exe')],
        # the rebuilt PAW is joined to Entra ID again: its sign-ins name it as adm-bob's device
        'SigninLogs': [signin('now-3h', 'adm-bob@contoso.com', OFFICE_APP, '198.51.100.21', device='paw-09.contoso.local')]},
        _fresh=['paw-09.contoso.local']),
    tn('a new Linux laptop (local account, no UPN) added to Entra ID the same hour: newly onboarded', {
        'DeviceProcessEvents': [proc('now-3h', 'jdoe-ubuntu', 'jdoe', 'az login', file='python3', parent='bash', grandparent='gnome-terminal', domain='jdoe-ubuntu')],
        'AuditLogs': [{'TimeGenerated': 'now-150m', 'OperationName': 'Add device', 'Result': 'success', 'Category': 'Device',
                       'InitiatedBy': {'app': {'displayName': 'Device Registration Service'}},
                       'TargetResources': [{'displayName': 'jdoe-ubuntu', 'type': 'Device'}]}]},
        _fresh=['jdoe-ubuntu']),
    tp('a server with no endpoint history that is not the account\'s registered device is judged', {
        'DeviceProcessEvents': [proc('now-2h', 'srv-mgmt03.contoso.local', 'adm-bob', '"C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe" configure sso --profile ops', upn='adm-bob@contoso.com', file='aws.exe', parent='cmd.exe')],
        'SigninLogs': [signin('now-5d', 'adm-bob@contoso.com', OFFICE_APP, '198.51.100.21', device='paw-01.contoso.local')]},
        _fresh=['srv-mgmt03.contoso.local'], customDetails={'CloudPlatform': 'AWS'}),
    tn('first CLI use by an account on the workstation it has always used (its own machine)', {
        'DeviceProcessEvents': [proc('now-6d', 'ws-31.contoso.local', 'hugo', 'outlook.exe', upn='hugo@contoso.com', file='outlook.exe'),
                                proc('now-2h', 'ws-31.contoso.local', 'hugo', 'az login', upn='hugo@contoso.com', file='az.cmd', parent='cmd.exe')]}),
    tn('new hire: first day, new laptop, first CLI logins (the account was created yesterday)', {
        'AuditLogs': [audit('now-30h', 'Sync_AADC01_0a1b2c3d4e5f@contoso.onmicrosoft.com', 'Add user', target='new.hire@contoso.com')],
        'DeviceProcessEvents': [proc('now-3h', 'mac-nh01', 'nhire', '/usr/local/bin/python3 -Im azure.cli login', upn='new.hire@contoso.com', file='python3', parent='zsh'),
                                proc('now-2h', 'mac-nh01', 'nhire', '/usr/local/bin/aws configure sso', upn='new.hire@contoso.com', file='aws', parent='zsh')]},
        _fresh=['mac-nh01']),
    tn('a device listed in the CloudhopCloudAdminDevices watchlist', {
        'DeviceProcessEvents': [proc('now-2h', 'jump-07.contoso.local', 'adm-zoe', 'pwsh -c Connect-AzAccount', upn='adm-zoe@contoso.com', file='pwsh.exe')]}),
    tn('non-authentication cloud commands and look-alike words do not count', {
        'DeviceProcessEvents': [proc('now-2h', WS, 'alice', 'az account show', upn='alice@contoso.com', file='az.cmd'),
                                proc('now-2h', WS, 'alice', 'notepad.exe C:\\docs\\azure-login-notes.txt', file='notepad.exe'),
                                proc('now-1h', WS, 'alice', 'aws s3 ls s3://bucket', file='aws.exe')]}),
]

# ---------------------------------------------------------------- 2. chain
CH = 'ws-31.contoso.local'
FILES['cli-signin-change-chain'] = [
    tn('new hire created yesterday: first Graph PowerShell, sign-in and a first change on day two', {
        'DeviceProcessEvents': [proc('now-3h', CH, 'nhire2', 'powershell -c Connect-MgGraph -Scopes User.Read', upn='new.hire2@contoso.com')],
        'SigninLogs': [signin('now-175m', 'new.hire2@contoso.com', GRAPH_APP, '198.51.100.8', resource='00000003-0000-0000-c000-000000000000')],
        'AuditLogs': [audit('now-30h', 'Sync_AADC01_0a1b2c3d4e5f@contoso.onmicrosoft.com', 'Add user', target='new.hire2@contoso.com'),
                      audit('now-150m', 'new.hire2@contoso.com', 'Update user', target='new.hire2@contoso.com')]}),
    tp('Connect-MgGraph, Graph PowerShell sign-in, role grant (new device)', {
        'DeviceProcessEvents': [proc('now-3h', CH, 'alice', 'powershell -c Connect-MgGraph -Scopes RoleManagement.ReadWrite.Directory', upn='alice@contoso.com')],
        'SigninLogs': [signin('now-175m', 'alice@contoso.com', GRAPH_APP, '198.51.100.7', resource='00000003-0000-0000-c000-000000000000')],
        'AuditLogs': [audit('now-150m', 'alice@contoso.com', 'Add member to role')]},
        severity='High', entities=[{'type': 'account', 'name': 'alice'}, {'type': 'ip', 'address': '198.51.100.7'}],
        customDetails={'Tool': 'Graph PowerShell', 'CloudPlatform': 'EntraID'}),
    tp('sam name differs from UPN: AccountUpn joins the non-interactive Azure CLI sign-in', {
        'DeviceProcessEvents': [proc('now-5h', CH, 'asmith', 'az login', upn='alice.smith@contoso.com', file='az.cmd')],
        'AADNonInteractiveUserSignInLogs': [signin('now-290m', 'alice.smith@contoso.com', CLI_APP, '198.51.100.8', interactive=False)],
        'AuditLogs': [audit('now-4h', 'alice.smith@contoso.com', 'Add service principal credentials', target='app-x')]},
        customDetails={'Tool': 'Azure CLI'}),
    tp('known device but the sign-in comes from a new IP', {
        'DeviceProcessEvents': [proc('now-6d', CH, 'bob', 'az login', upn='bob@contoso.com', file='az.cmd'),
                                proc('now-2h', CH, 'bob', 'az login', upn='bob@contoso.com', file='az.cmd')],
        'SigninLogs': [signin('now-6d', 'bob@contoso.com', CLI_APP, '198.51.100.50'),
                       signin('now-115m', 'bob@contoso.com', CLI_APP, '203.0.113.77')],
        'AuditLogs': [audit('now-90m', 'bob@contoso.com', 'Reset user password')]},
        customDetails={'Novelty': 'new sign-in IP'}),
    tp('no UPN on the endpoint: the Entra object id links the sam name to the UPN', {
        'DeviceProcessEvents': [proc('now-3h', CH, 'u48213', 'pwsh -c Connect-AzAccount', oid='6f1c2a9e-0000-4000-8000-000000000001')],
        'SigninLogs': [signin('now-170m', 'paula.ng@contoso.com', AZPS_APP, '198.51.100.9', oid='6f1c2a9e-0000-4000-8000-000000000001')],
        'AuditLogs': [audit('now-2h', 'paula.ng@contoso.com', 'Add owner to application', target='payroll-app')]},
        customDetails={'Tool': 'Azure PowerShell'}),
    tp('aws configure on a new device, then IAM writes by the same identity', {
        'DeviceProcessEvents': [proc('now-3h', CH, 'carol', 'aws configure --profile admin', upn='carol@contoso.com', file='aws.exe')],
        'AWSCloudTrail': [trail('now-2h', 'CreateAccessKey', 'arn:aws:iam::111122223333:user/carol', '203.0.113.40', itype='IAMUser', user='carol')]},
        customDetails={'CloudPlatform': 'AWS'}),
    tp('a chain across the window edge is reported by the run in which the change lands', {
        'DeviceProcessEvents': [proc('now-25h', CH, 'alice', 'pwsh -c Connect-MgGraph', upn='alice@contoso.com', file='pwsh.exe')],
        'SigninLogs': [signin('now-1495m', 'alice@contoso.com', GRAPH_APP, '198.51.100.7')],
        'AuditLogs': [audit('now-1410m', 'alice@contoso.com', 'Add member to role')]}),
    tn('a chain whose change landed in the previous run is not reported again', {
        'DeviceProcessEvents': [proc('now-30h', CH, 'alice', 'pwsh -c Connect-MgGraph', upn='alice@contoso.com', file='pwsh.exe')],
        'SigninLogs': [signin('now-1795m', 'alice@contoso.com', GRAPH_APP, '198.51.100.7')],
        'AuditLogs': [audit('now-26h', 'alice@contoso.com', 'Add member to role')]}),
    tn('the whole chain from a known device and a known IP is routine', {
        'DeviceProcessEvents': [proc('now-8d', CH, 'bob', 'az login', upn='bob@contoso.com', file='az.cmd'),
                                proc('now-2h', CH, 'bob', 'az login', upn='bob@contoso.com', file='az.cmd')],
        'SigninLogs': [signin('now-8d', 'bob@contoso.com', CLI_APP, '198.51.100.50'),
                       signin('now-115m', 'bob@contoso.com', CLI_APP, '198.51.100.50')],
        'AuditLogs': [audit('now-90m', 'bob@contoso.com', 'Update application')]}),
    tn('CLI and sign-in without any change', {
        'DeviceProcessEvents': [proc('now-3h', CH, 'alice', 'Connect-MgGraph', upn='alice@contoso.com')],
        'SigninLogs': [signin('now-175m', 'alice@contoso.com', GRAPH_APP, '198.51.100.7')]}),
    tn('sign-in to a different application than the tool uses', {
        'DeviceProcessEvents': [proc('now-3h', CH, 'alice', 'Connect-MgGraph', upn='alice@contoso.com')],
        'SigninLogs': [signin('now-175m', 'alice@contoso.com', OFFICE_APP, '198.51.100.7')],
        'AuditLogs': [audit('now-150m', 'alice@contoso.com', 'Add member to role')]}),
    tn('changes made by another identity do not complete the chain', {
        'DeviceProcessEvents': [proc('now-3h', CH, 'alice', 'Connect-MgGraph', upn='alice@contoso.com')],
        'SigninLogs': [signin('now-175m', 'alice@contoso.com', GRAPH_APP, '198.51.100.7')],
        'AuditLogs': [audit('now-150m', 'mallory@contoso.com', 'Add member to role')]}),
    tn('re-imaged PAW: a device with no endpoint history in the tenant, from a known network', {
        'DeviceProcessEvents': [proc('now-8d', 'paw-01.contoso.local', 'adm-bob', 'pwsh -c Connect-MgGraph', upn='adm-bob@contoso.com', file='pwsh.exe'),
                                proc('now-3h', 'paw-09.contoso.local', 'adm-bob', 'pwsh -c Connect-MgGraph', upn='adm-bob@contoso.com', file='pwsh.exe')],
        'SigninLogs': [signin('now-8d', 'adm-bob@contoso.com', GRAPH_APP, '198.51.100.50'),
                       signin('now-175m', 'adm-bob@contoso.com', GRAPH_APP, '198.51.100.51')],
        'AuditLogs': [audit('now-150m', 'adm-bob@contoso.com', 'Add member to role')]}, _fresh=['paw-09.contoso.local']),
    tn('admin travelling: new network, but the sign-in comes from the admin\'s own registered device', {
        'DeviceProcessEvents': [proc('now-8d', CH, 'bob', 'az login', upn='bob@contoso.com', file='az.cmd'),
                                proc('now-2h', CH, 'bob', 'az login', upn='bob@contoso.com', file='az.cmd')],
        'SigninLogs': [signin('now-8d', 'bob@contoso.com', CLI_APP, '198.51.100.50', device='d-0031'),
                       signin('now-115m', 'bob@contoso.com', CLI_APP, '203.0.113.78', place='madrid', device='d-0031')],
        'AuditLogs': [audit('now-90m', 'bob@contoso.com', 'Reset user password')]}),
    tp('new network from a registered device the identity never used (another user\'s) is still new', {
        'DeviceProcessEvents': [proc('now-8d', CH, 'bob', 'az login', upn='bob@contoso.com', file='az.cmd'),
                                proc('now-2h', CH, 'bob', 'az login', upn='bob@contoso.com', file='az.cmd')],
        'SigninLogs': [signin('now-8d', 'bob@contoso.com', CLI_APP, '198.51.100.50', device='d-0031'),
                       signin('now-7d', 'carl@contoso.com', OFFICE_APP, '198.51.100.50', device='d-0055'),
                       signin('now-115m', 'bob@contoso.com', CLI_APP, '203.0.113.79', device='d-0055')],
        'AuditLogs': [audit('now-90m', 'bob@contoso.com', 'Reset user password')]},
        customDetails={'Novelty': 'new sign-in IP'}),
    tp('ingestion lag: sign-in and change ordered by their event times, not TimeGenerated', {
        'DeviceProcessEvents': [proc('now-3h', CH, 'alice', 'powershell -c Connect-MgGraph', upn='alice@contoso.com')],
        'SigninLogs': [signin('now-170m', 'alice@contoso.com', GRAPH_APP, '198.51.100.7', created='now-178m')],
        'AuditLogs': [audit('now-173m', 'alice@contoso.com', 'Add member to role', activity='now-174m')]},
        customDetails={'Tool': 'Graph PowerShell'}),
]

# ---------------------------------------------------------------- 3. impossible travel
U = 'frank@contoso.com'
FILES['impossible-travel-signin'] = [
    tn('a new employee with no sign-in history: onboarding in Paris, then the phone set up on a Sydney relative\'s network', {
        'SigninLogs': [signin('now-3h', 'new.starter@contoso.com', OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-2h', 'new.starter@contoso.com', OFFICE_APP, '203.0.113.67', 'sydney')]}),
    tp('Paris then Sydney within an hour (Sydney new)', {
        'SigninLogs': [signin('now-5d', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-3h', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-2h', U, PORTAL_APP, '203.0.113.66', 'sydney')]},
        entities=[{'type': 'ip', 'address': '203.0.113.66'}, {'type': 'account', 'name': 'frank', 'upnSuffix': 'contoso.com'}]),
    tp('attacker location first, then the user at home (the new one is reported)', {
        'SigninLogs': [signin('now-5d', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-3h', U, OFFICE_APP, '203.0.113.70', 'lagos'),
                       signin('now-2h', U, OFFICE_APP, '198.51.100.1', 'paris')]},
        entities=[{'type': 'ip', 'address': '203.0.113.70'}]),
    tp('Paris to Madrid in 30 minutes', {
        'SigninLogs': [signin('now-6d', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-150m', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-2h', U, OFFICE_APP, '203.0.113.71', 'madrid')]}),
    tp('several hops into the new place: the reported hop keeps its own IP, ends and speed together', {
        'SigninLogs': [signin('now-6d', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-6d', U, OFFICE_APP, '198.51.100.2', 'london'),
                       signin('now-5h', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-4h', U, PORTAL_APP, '203.0.113.66', 'sydney'),
                       signin('now-2h', U, OFFICE_APP, '198.51.100.2', 'london'),
                       signin('now-90m', U, PORTAL_APP, '203.0.113.67', 'sydney')]},
        entities=[{'type': 'ip', 'address': '203.0.113.67'}],
        customDetails={'NewLocation': 'Sydney, AU', 'FromLocation': 'London, GB', 'ToLocation': 'Sydney, AU', 'Hops': 3}),
    tn('a plausible flight is not impossible travel', {
        'SigninLogs': [signin('now-5d', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-20h', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-8h', U, OFFICE_APP, '203.0.113.72', 'newyork')]}),
    tn('two places both used in the last 14 days (VPN exit and home)', {
        'SigninLogs': [signin('now-9d', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-8d', U, OFFICE_APP, '203.0.113.80', 'newyork'),
                       signin('now-3h', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-170m', U, OFFICE_APP, '203.0.113.80', 'newyork')]}),
    tn('anonymizer, missing geo and same-IP hops are skipped', {
        'SigninLogs': [signin('now-5d', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-3h', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-170m', U, OFFICE_APP, '203.0.113.90', 'sydney', network='[{"networkType":"anonymizedIPAddress"}]'),
                       signin('now-160m', U, OFFICE_APP, '203.0.113.91', None)]}),
    tn('sign-in in the new place from the user\'s own registered laptop is a trip', {
        'SigninLogs': [signin('now-5d', U, OFFICE_APP, '198.51.100.1', 'paris', device='lap-77'),
                       signin('now-3h', U, OFFICE_APP, '198.51.100.1', 'paris', device='lap-77'),
                       signin('now-2h', U, OFFICE_APP, '203.0.113.66', 'sydney', device='lap-77')]}),
    tn('phone sign-in abroad while the user\'s registered laptop is there too the same day', {
        'SigninLogs': [signin('now-5d', U, OFFICE_APP, '198.51.100.1', 'paris', device='lap-77'),
                       signin('now-3h', U, OFFICE_APP, '198.51.100.1', 'paris', device='lap-77'),
                       signin('now-2h', U, OFFICE_APP, '203.0.113.67', 'sydney'),
                       signin('now-1h', U, OFFICE_APP, '203.0.113.68', 'sydney', device='lap-77')]}),
    tn('short hops under 500 km never alert', {
        'SigninLogs': [signin('now-5d', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-3h', U, OFFICE_APP, '198.51.100.1', 'paris'),
                       signin('now-170m', U, OFFICE_APP, '203.0.113.92', 'london')]}),
]

# ---------------------------------------------------------------- 4. new country, control plane
G = 'grace@contoso.com'
FILES['new-country-control-plane-signin'] = [
    tp('Azure Portal from a new country', {
        'SigninLogs': [signin('now-5d', G, OFFICE_APP, '198.51.100.2', 'paris'),
                       signin('now-2h', G, PORTAL_APP, '203.0.113.5', 'saopaulo')]},
        customDetails={'Country': 'BR'}, entities=[{'type': 'ip', 'address': '203.0.113.5'}]),
    tp('non-interactive Azure CLI token from a new country (JSON string location)', {
        'SigninLogs': [signin('now-5d', G, OFFICE_APP, '198.51.100.2', 'paris')],
        'AADNonInteractiveUserSignInLogs': [signin('now-2h', G, CLI_APP, '203.0.113.6', 'lagos', interactive=False)]},
        customDetails={'Country': 'NG'}),
    tp('any app reaching Azure Resource Manager from a new country', {
        'SigninLogs': [signin('now-5d', G, OFFICE_APP, '198.51.100.2', 'paris'),
                       signin('now-2h', G, 'aaaaaaaa-0000-0000-0000-000000000001', '203.0.113.7', 'sydney', app_name='Custom admin tool', resource=ARM)]}),
    tp('single sign-on into the AWS console from a new country', {
        'SigninLogs': [signin('now-5d', G, OFFICE_APP, '198.51.100.2', 'paris'),
                       signin('now-2h', G, 'aaaaaaaa-0000-0000-0000-00000000aws1', '203.0.113.8', 'lagos', app_name='AWS IAM Identity Center', resource='aaaaaaaa-0000-0000-0000-00000000aws1')]},
        customDetails={'Country': 'NG'}),
    tn('new country but an ordinary productivity app', {
        'SigninLogs': [signin('now-5d', G, OFFICE_APP, '198.51.100.2', 'paris'),
                       signin('now-2h', G, OFFICE_APP, '203.0.113.5', 'saopaulo', resource='00000002-0000-0ff1-ce00-000000000000')]}),
    tn('admin abroad with the registered laptop opens the portal', {
        'SigninLogs': [signin('now-5d', G, OFFICE_APP, '198.51.100.2', 'paris', device='lap-12'),
                       signin('now-3h', G, OFFICE_APP, '203.0.113.5', 'saopaulo', device='lap-12'),
                       signin('now-2h', G, PORTAL_APP, '203.0.113.5', 'saopaulo')]}),
    tn('control-plane sign-in from a known country', {
        'SigninLogs': [signin('now-5d', G, OFFICE_APP, '198.51.100.2', 'paris'),
                       signin('now-2h', G, PORTAL_APP, '198.51.100.3', 'lyon')]}),
    tn('user without history is not judged', {
        'SigninLogs': [signin('now-2h', 'newhire@contoso.com', PORTAL_APP, '203.0.113.5', 'saopaulo')]}),
    tn('failed sign-in from a new country', {
        'SigninLogs': [signin('now-5d', G, OFFICE_APP, '198.51.100.2', 'paris'),
                       signin('now-2h', G, PORTAL_APP, '203.0.113.5', 'saopaulo', result='50126')]}),
]

# ---------------------------------------------------------------- 5. risky / anonymized control plane
H = 'heidi@contoso.com'
ANON = '[{"networkType":"anonymizedIPAddress","networkNames":["Tor"]}]'
FILES['risky-anonymized-control-plane-signin'] = [
    tp('high-risk Azure PowerShell sign-in from a new IP', {
        'SigninLogs': [signin('now-5d', H, OFFICE_APP, '198.51.100.3'),
                       signin('now-2h', H, AZPS_APP, '203.0.113.11', risk='high', risk_state='atRisk')]},
        customDetails={'Reason': 'Entra ID risk'}, entities=[{'type': 'ip', 'address': '203.0.113.11'}]),
    tp('anonymized Azure Portal sign-in', {
        'SigninLogs': [signin('now-2h', H, PORTAL_APP, '203.0.113.12', network=ANON)]},
        customDetails={'Reason': 'anonymizer'}),
    tp('medium-risk non-interactive Graph PowerShell token', {
        'AADNonInteractiveUserSignInLogs': [signin('now-2h', H, GRAPH_APP, '203.0.113.13', risk='medium', risk_state='atRisk', interactive=False)]}),
    tn('risk remediated by the sign-in itself', {
        'SigninLogs': [signin('now-2h', H, AZPS_APP, '203.0.113.11', risk='high', risk_state='remediated', risk_detail='userPassedMFADrivenByRiskBasedPolicy')]}),
    tn('risky sign-in to an ordinary app', {
        'SigninLogs': [signin('now-2h', H, OFFICE_APP, '203.0.113.11', risk='high', risk_state='atRisk', resource='00000002-0000-0ff1-ce00-000000000000')]}),
    tn('risky sign-in from an IP the user has used for days', {
        'SigninLogs': [signin('now-6d', H, OFFICE_APP, '198.51.100.3'),
                       signin('now-2h', H, AZPS_APP, '198.51.100.3', risk='high', risk_state='atRisk')]}),
    tn('low risk, and risk remediated later the same day', {
        'SigninLogs': [signin('now-5h', H, AZPS_APP, '203.0.113.14', risk='low', risk_state='atRisk'),
                       signin('now-4h', H, PORTAL_APP, '203.0.113.15', risk='high', risk_state='atRisk'),
                       signin('now-3h', H, OFFICE_APP, '203.0.113.15', risk='high', risk_state='remediated', risk_detail='userPerformedSecuredPasswordChange')]}),
]

# ---------------------------------------------------------------- 6. sync account
# A company-wide egress change: today everyone leaves through a new network (100.70.0.0/16). Colleagues' sign-ins
# from it make it the organisation's network on its first day, so nobody's activity from it is a new source.
def egress_colleagues(n=3, t='now-3h'):
    return [signin(t, 'colleague%d@contoso.com' % i, OFFICE_APP, '100.70.8.%d' % (10 + i), interactive=False) for i in range(n)]
S = 'Sync_AADC01_0a1b2c3d4e5f@contoso.onmicrosoft.com'
SYNC_IP = '198.51.100.30'
def sync_base():
    return [signin('now-10d', S, AADC_APP, SYNC_IP, interactive=False, display='On-Premises Directory Synchronization Service Account'),
            signin('now-3d', S, AADC_APP, SYNC_IP, interactive=False)]
FILES['sync-account-anomaly'] = [
    tp('sync account signs in to the Azure portal', {
        'AADNonInteractiveUserSignInLogs': sync_base(),
        'SigninLogs': [signin('now-2h', S, PORTAL_APP, SYNC_IP)]},
        entities=[{'type': 'account', 'name': 'Sync_AADC01_0a1b2c3d4e5f'}]),
    tp('sync account used from a new IP with the sync app', {
        'AADNonInteractiveUserSignInLogs': sync_base() + [signin('now-2h', S, AADC_APP, '203.0.113.31', interactive=False)]},
        entities=[{'type': 'ip', 'address': '203.0.113.31'}]),
    tp('sync account resets a password and grants a role', {
        'AADNonInteractiveUserSignInLogs': sync_base(),
        'AuditLogs': [audit('now-2h', S, 'Reset user password', target='adm-x@contoso.com', ip=SYNC_IP),
                      audit('now-1h', S, 'Add member to role', target='adm-x@contoso.com', ip=SYNC_IP)]}),
    tn('normal synchronization', {
        'AADNonInteractiveUserSignInLogs': sync_base() + [signin('now-2h', S, AADC_APP, SYNC_IP, interactive=False)],
        'AuditLogs': [audit('now-2h', S, 'Update user', ip=SYNC_IP), audit('now-1h', S, 'Add member to group', ip=SYNC_IP)]}),
    tn('ordinary users of the Azure portal are not sync accounts', {
        'SigninLogs': [signin('now-2h', 'syncope.fan@contoso.com', PORTAL_APP, '203.0.113.32')]}),
    tn('company-wide egress change: the sync server leaves through the new network with everyone else', {
        'AADNonInteractiveUserSignInLogs': sync_base() + [signin('now-2h', S, AADC_APP, '100.70.8.2', interactive=False)] + egress_colleagues()}),
    tn('new IP listed in the CloudhopSyncServers watchlist', {
        'AADNonInteractiveUserSignInLogs': sync_base() + [signin('now-2h', S, AADC_APP, '192.0.2.99', interactive=False)]},
    ),
]
[c for c in FILES['cloud-cli-auth-first-seen'] if c['name'].startswith('a device listed')][0]['watchlists'] = {'CloudhopCloudAdminDevices': {'rows': [{'HostName': 'JUMP-07', 'Role': 'admin jump host', 'Notes': 'tuning example'}]}}
FILES['sync-account-anomaly'][-1]['watchlists'] = {'CloudhopSyncServers': {'rows': [{'IPAddress': '192.0.2.99', 'HostName': 'aadc02', 'Notes': 'staging server'}]}}

# ---------------------------------------------------------------- 7. synced privileged account
A = 'adm-jdoe@contoso.com'
PAW = 'paw-01.contoso.local'
def onprem(acct='adm-jdoe', upn=A):
    return [proc('now-7d', PAW, acct, 'mmc.exe dsa.msc', upn=upn, file='mmc.exe')]
FILES['synced-account-privileged-change'] = [
    tp('synced admin: Graph PowerShell from a new IP, then role grant', {
        'DeviceProcessEvents': onprem(),
        'SigninLogs': [signin('now-6d', A, PORTAL_APP, '198.51.100.40'),
                       signin('now-3h', A, GRAPH_APP, '203.0.113.41')],
        'AuditLogs': [audit('now-2h', A, 'Add member to role', target='helper@contoso.com')]},
        entities=[{'type': 'account', 'name': 'adm-jdoe', 'upnSuffix': 'contoso.com'}, {'type': 'ip', 'address': '203.0.113.41'}]),
    tp('synced (maintained by the Sync_ account): Azure AD PowerShell, then SP credentials', {
        'AuditLogs': [audit('now-9d', S, 'Update user', target='adm-kim@contoso.com'),
                      audit('now-1h', 'adm-kim@contoso.com', 'Add service principal credentials', target='backup-app')],
        'SigninLogs': [signin('now-6d', 'adm-kim@contoso.com', AADPS_APP, '198.51.100.42'),
                       signin('now-2h', 'adm-kim@contoso.com', AADPS_APP, '203.0.113.43')]}),
    tp('sam differs from UPN: federation settings changed after a sign-in from another user\'s device', {
        'DeviceProcessEvents': onprem('jdoe2', 'john.doe@contoso.com'),
        'SigninLogs': [signin('now-6d', 'john.doe@contoso.com', PORTAL_APP, '198.51.100.44', device='d-0001'),
                       signin('now-5d', 'clerk@contoso.com', OFFICE_APP, '198.51.100.44', device='d-9999'),
                       signin('now-3h', 'john.doe@contoso.com', PORTAL_APP, '198.51.100.44', device='d-9999')],
        'AuditLogs': [audit('now-2h', 'john.doe@contoso.com', 'Set federation settings on domain', target='contoso.com')]},
        customDetails={'Novelty': "another user's device"}),
    tp('ingestion lag: the sign-in is ingested after the change, but happened before it (event times)', {
        'DeviceProcessEvents': onprem(),
        'SigninLogs': [signin('now-6d', A, PORTAL_APP, '198.51.100.40'),
                       signin('now-170m', A, AZPS_APP, '203.0.113.47', created='now-178m')],
        'AuditLogs': [audit('now-175m', A, 'Add member to role', target='helper@contoso.com', activity='now-176m')]},
        entities=[{'type': 'ip', 'address': '203.0.113.47'}]),
    tn('re-imaged PAW: a device id never seen in the tenant, from the usual network', {
        'DeviceProcessEvents': onprem(),
        'SigninLogs': [signin('now-6d', A, GRAPH_APP, '198.51.100.40', device='d-0100'),
                       signin('now-3h', A, GRAPH_APP, '198.51.100.40', device='d-0777')],
        'AuditLogs': [audit('now-2h', A, 'Add member to role')]}),
    tp('a device never seen in the tenant, registered by the admin itself just before (attacker enrolment)', {
        'DeviceProcessEvents': onprem(),
        'SigninLogs': [signin('now-6d', A, GRAPH_APP, '198.51.100.40', device='d-0100'),
                       signin('now-3h', A, GRAPH_APP, '198.51.100.40', device='d-0666')],
        'AuditLogs': [audit('now-4h', A, 'Register device', target='DESKTOP-X1'),
                      audit('now-2h', A, 'Add member to role', target='helper@contoso.com')]},
        customDetails={'Novelty': 'new device'}),
    tn('admin travelling: a new network, but from the admin\'s own registered device', {
        'DeviceProcessEvents': onprem(),
        'SigninLogs': [signin('now-6d', A, GRAPH_APP, '198.51.100.40', device='d-0100'),
                       signin('now-3h', A, GRAPH_APP, '203.0.113.48', place='madrid', device='d-0100')],
        'AuditLogs': [audit('now-2h', A, 'Reset user password')]}),
    tp('no UPN on the endpoint: the Entra object id proves the account is an on-premises identity', {
        'DeviceProcessEvents': [proc('now-7d', PAW, 'u7731', 'mmc.exe dsa.msc', file='mmc.exe', oid='0b7e3f10-0000-4000-8000-000000000042')],
        'SigninLogs': [signin('now-6d', 'rita.admin@contoso.com', PORTAL_APP, '198.51.100.45', oid='0b7e3f10-0000-4000-8000-000000000042'),
                       signin('now-3h', 'rita.admin@contoso.com', GRAPH_APP, '203.0.113.46', oid='0b7e3f10-0000-4000-8000-000000000042')],
        'AuditLogs': [audit('now-2h', 'rita.admin@contoso.com', 'Add app role assignment to service principal', target='mail-archiver')]},
        entities=[{'type': 'account', 'name': 'rita.admin'}]),
    tn('cloud-only admin (no on-premises evidence)', {
        'SigninLogs': [signin('now-3h', 'admin@contoso.onmicrosoft.com', GRAPH_APP, '203.0.113.41')],
        'AuditLogs': [audit('now-2h', 'admin@contoso.onmicrosoft.com', 'Add member to role')]}),
    tn('synced admin from the usual IP and application', {
        'DeviceProcessEvents': onprem(),
        'SigninLogs': [signin('now-6d', A, GRAPH_APP, '198.51.100.40'),
                       signin('now-3h', A, GRAPH_APP, '198.51.100.40')],
        'AuditLogs': [audit('now-2h', A, 'Add member to role')]}),
    tn('synced admin from a new IP making a non-privileged change', {
        'DeviceProcessEvents': onprem(),
        'SigninLogs': [signin('now-6d', A, PORTAL_APP, '198.51.100.40'),
                       signin('now-3h', A, GRAPH_APP, '203.0.113.41')],
        'AuditLogs': [audit('now-2h', A, 'Update user')]}),
    tn('privileged change before the unusual sign-in', {
        'DeviceProcessEvents': onprem(),
        'SigninLogs': [signin('now-6d', A, PORTAL_APP, '198.51.100.40'),
                       signin('now-2h', A, GRAPH_APP, '203.0.113.41')],
        'AuditLogs': [audit('now-3h', A, 'Add member to role')]}),
]

# ---------------------------------------------------------------- 8. token theft
T = 'ivan@contoso.com'
TW = 'lt-40.contoso.local'
FILES['token-theft-then-new-ip'] = [
    tp('az account get-access-token, then a non-interactive sign-in from a new IP', {
        'DeviceProcessEvents': [proc('now-5h', TW, 'ivan', 'az account get-access-token --resource https://graph.microsoft.com', upn=T, file='az.cmd')],
        'AADNonInteractiveUserSignInLogs': [signin('now-6d', T, OFFICE_APP, '198.51.100.60', interactive=False),
                                            signin('now-3h', T, GRAPH_APP, '203.0.113.61', 'lagos', interactive=False)]},
        entities=[{'type': 'ip', 'address': '203.0.113.61'}, {'type': 'host', 'hostName': 'lt-40'}]),
    tp('token cache copied by an unexpected process', {
        'DeviceProcessEvents': [proc('now-2h', TW, 'ivan', 'cmd.exe /c copy %USERPROFILE%\\.azure\\msal_token_cache.json C:\\Users\\Public\\t.dat', upn=T, file='cmd.exe')]},
        entities=[{'type': 'host', 'hostName': 'lt-40'}]),
    tp('gcloud print-access-token, then GCP calls from a new IP', {
        'DeviceProcessEvents': [proc('now-4h', TW, 'ivan', 'gcloud auth print-access-token', upn=T, file='gcloud.cmd')],
        'GCPAuditLogs': [gcp('now-6d', T, '198.51.100.60'), gcp('now-2h', T, '203.0.113.62', ua='curl/8.4.0')]}),
    tn('token printed, then activity only from known IPs', {
        'DeviceProcessEvents': [proc('now-5h', TW, 'ivan', 'az account get-access-token', upn=T, file='az.cmd')],
        'AADNonInteractiveUserSignInLogs': [signin('now-6d', T, OFFICE_APP, '198.51.100.60', interactive=False),
                                            signin('now-3h', T, GRAPH_APP, '198.51.100.60', interactive=False)]}),
    tn('new-IP activity of another identity', {
        'DeviceProcessEvents': [proc('now-5h', TW, 'ivan', 'az account get-access-token', upn=T, file='az.cmd')],
        'AADNonInteractiveUserSignInLogs': [signin('now-3h', 'judy@contoso.com', GRAPH_APP, '203.0.113.61', interactive=False)]}),
    tn('company-wide egress change: token printed, then activity from the new network colleagues use too', {
        'DeviceProcessEvents': [proc('now-5h', TW, 'ivan', 'az account get-access-token', upn=T, file='az.cmd')],
        'AADNonInteractiveUserSignInLogs': [signin('now-6d', T, OFFICE_APP, '198.51.100.60', interactive=False),
                                            signin('now-3h', T, GRAPH_APP, '100.70.8.60', interactive=False)] + egress_colleagues()}),
    tn('new-IP activity long after the token was printed', {
        'DeviceProcessEvents': [proc('now-23h', TW, 'ivan', 'gcloud auth print-access-token', upn=T, file='gcloud.cmd')],
        'GCPAuditLogs': [gcp('now-6d', T, '198.51.100.60'), gcp('now-1h', T, '203.0.113.62')]}),
    tp('Linux local account (no UPN, no object id): the device\'s primary Entra user links the replay', {
        'DeviceProcessEvents': [proc('now-5h', 'lt-41', 'iwolf', 'az account get-access-token --resource https://management.azure.com', file='python3', parent='bash', grandparent='sshd', domain='lt-41')],
        'SigninLogs': [signin('now-5d', T, OFFICE_APP, '198.51.100.60', device='lt-41'),
                       signin('now-4d', T, OFFICE_APP, '198.51.100.60', device='lt-41'),
                       signin('now-4d', 'adm-ivan@contoso.com', PORTAL_APP, '198.51.100.60', device='lt-41')],
        'AADNonInteractiveUserSignInLogs': [signin('now-3h', T, CLI_APP, '203.0.113.63', 'lagos', interactive=False)]},
        entities=[{'type': 'ip', 'address': '203.0.113.63'}, {'type': 'host', 'hostName': 'lt-41'}]),
    tn('local account on a device several identities sign in from is not guessed', {
        'DeviceProcessEvents': [proc('now-5h', 'jmp-01', 'ops', 'az account get-access-token', file='python3', parent='bash', grandparent='sshd', domain='jmp-01')],
        'SigninLogs': [signin('now-5d', T, OFFICE_APP, '198.51.100.60', device='jmp-01'),
                       signin('now-4d', 'judy@contoso.com', OFFICE_APP, '198.51.100.60', device='jmp-01')],
        'AADNonInteractiveUserSignInLogs': [signin('now-3h', T, CLI_APP, '203.0.113.64', 'lagos', interactive=False)]}),
    tn('cache reads on a device where a backup job reads them every day', {
        'DeviceProcessEvents': [proc('now-%dd' % d, 'srv-bkp01.contoso.local', 'svc_backup', 'robocopy C:\\Users\\x\\.azure D:\\bkp msal_token_cache.json', file='robocopy.exe') for d in (2, 3, 4)]
        + [proc('now-2h', 'srv-bkp01.contoso.local', 'svc_backup', 'robocopy C:\\Users\\x\\.azure D:\\bkp msal_token_cache.json', file='robocopy.exe')]}),
]

# ---------------------------------------------------------------- 9. AWS instance credentials
INST = 'i-0abc1234def567890'
ARN = 'arn:aws:sts::111122223333:assumed-role/web-app-role/' + INST
PID = 'AROAEXAMPLEROLEID:' + INST
NAT = '198.51.100.80'
def inst_base():
    return [trail('now-5d', 'DescribeInstances', ARN, NAT, principal=PID, source='ec2.amazonaws.com'),
            trail('now-2d', 'GetObject', ARN, NAT, principal=PID, source='s3.amazonaws.com')]
FILES['aws-instance-credentials-outside'] = [
    tp('instance credentials used from an outside IP', {
        'AWSCloudTrail': inst_base() + [trail('now-2h', 'ListBuckets', ARN, '203.0.113.81', principal=PID, source='s3.amazonaws.com'),
                                        trail('now-1h', 'GetCallerIdentity', ARN, '203.0.113.81', principal=PID, source='sts.amazonaws.com')]},
        entities=[{'type': 'ip', 'address': '203.0.113.81'}, {'type': 'host', 'hostName': INST}]),
    tp('console session minted from instance credentials', {
        'AWSCloudTrail': inst_base() + [trail('now-1h', 'GetSigninToken', ARN, NAT, principal=PID, source='signin.amazonaws.com')]},
        customDetails={'ConsoleAccess': 'true'}),
    tp('ARN-only identity (no principal id) from an outside IP', {
        'AWSCloudTrail': [trail('now-1h', 'ListUsers', 'arn:aws:sts::111122223333:assumed-role/etl/i-0fedcba9876543210', '203.0.113.82')]}),
    tn('instance credentials from their usual NAT address', {
        'AWSCloudTrail': inst_base() + [trail('now-1h', 'GetObject', ARN, NAT, principal=PID, source='s3.amazonaws.com')]}),
    tn('private addresses and AWS service principals', {
        'AWSCloudTrail': inst_base() + [trail('now-1h', 'GetObject', ARN, '10.20.30.40', principal=PID),
                                        trail('now-1h', 'Decrypt', ARN, 'ec2.amazonaws.com', principal=PID, source='kms.amazonaws.com')]}),
    tn('ordinary assumed-role sessions from new IPs are not instance credentials', {
        'AWSCloudTrail': [trail('now-1h', 'ListBuckets', 'arn:aws:sts::111122223333:assumed-role/DevOps/alice@contoso.com', '203.0.113.83', principal='AROAEXAMPLE2:alice@contoso.com')]}),
]

# ---------------------------------------------------------------- 10. AWS console federation
FED = 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/karl@contoso.com'
def karl_entra():
    return [signin('now-5d', 'karl@contoso.com', OFFICE_APP, '198.51.100.90')]
FILES['aws-console-federation-new-source'] = [
    tp('federated console sign-in from a new IP', {
        'SigninLogs': karl_entra(),
        'AWSCloudTrail': [trail('now-2h', 'ConsoleLogin', FED, '203.0.113.91', response='{"ConsoleLogin":"Success"}', source='signin.amazonaws.com', ua='Mozilla/5.0')]},
        entities=[{'type': 'account', 'name': 'karl'}, {'type': 'ip', 'address': '203.0.113.91'}]),
    tp('GetSigninToken by a federated user from a new IP', {
        'AWSCloudTrail': [trail('now-2h', 'GetSigninToken', 'arn:aws:sts::111122223333:federated-user/lena', '203.0.113.92', itype='FederatedUser', source='signin.amazonaws.com')]}),
    tp('IAM user with an on-premises name signs in to the console without MFA', {
        'DeviceProcessEvents': [proc('now-3d', 'ws-50.contoso.local', 'mike', 'outlook.exe', upn='mike@contoso.com', file='outlook.exe')],
        'AWSCloudTrail': [trail('now-2h', 'ConsoleLogin', 'arn:aws:iam::111122223333:user/mike', '203.0.113.93', itype='IAMUser', user='mike',
                                response='{"ConsoleLogin":"Success"}', additional='{"MFAUsed":"No","LoginTo":"https://console.aws.amazon.com"}', source='signin.amazonaws.com')]},
        customDetails={'Path': 'IAM console sign-in without MFA by an on-premises identity'} if False else {}),
    tn('federated console sign-in from the IP the user signs in to Entra from', {
        'SigninLogs': karl_entra(),
        'AWSCloudTrail': [trail('now-2h', 'ConsoleLogin', FED, '198.51.100.90', response='{"ConsoleLogin":"Success"}', source='signin.amazonaws.com')]}),
    tn('company-wide egress change: federated console sign-in from the new network colleagues use too', {
        'SigninLogs': karl_entra(),
        'AADNonInteractiveUserSignInLogs': egress_colleagues(),
        'AWSCloudTrail': [trail('now-2h', 'ConsoleLogin', FED, '100.70.8.91', response='{"ConsoleLogin":"Success"}', source='signin.amazonaws.com', ua='Mozilla/5.0')]}),
    tn('IAM user without MFA that is not an on-premises identity', {
        'AWSCloudTrail': [trail('now-2h', 'ConsoleLogin', 'arn:aws:iam::111122223333:user/break-glass', '203.0.113.94', itype='IAMUser', user='break-glass',
                                response='{"ConsoleLogin":"Success"}', additional='{"MFAUsed":"No"}', source='signin.amazonaws.com')]}),
    tn('failed console sign-in', {
        'AWSCloudTrail': [trail('now-2h', 'ConsoleLogin', FED, '203.0.113.95', response='{"ConsoleLogin":"Failure"}', error='Failed authentication', source='signin.amazonaws.com')]}),
]

# ---------------------------------------------------------------- 11. GCP
N = 'nina@contoso.com'
FILES['gcp-user-credentials-new-source'] = [
    tp('synced identity calls GCP from a new IP', {
        'SigninLogs': [signin('now-5d', N, OFFICE_APP, '198.51.100.100')],
        'GCPAuditLogs': [gcp('now-6d', N, '198.51.100.100'), gcp('now-2h', N, '203.0.113.101', method='iam.serviceAccountKeys.create')]},
        entities=[{'type': 'ip', 'address': '203.0.113.101'}], customDetails={'Novelty': 'new IP'}),
    tp('new IP and a new user agent', {
        'SigninLogs': [signin('now-5d', N, OFFICE_APP, '198.51.100.100')],
        'GCPAuditLogs': [gcp('now-6d', N, '198.51.100.100'), gcp('now-2h', N, '203.0.113.102', ua='curl/8.4.0', method='compute.instances.insert')]},
        customDetails={'Novelty': 'new IP and new user agent'}),
    tp('on-premises identity known from endpoints only', {
        'DeviceProcessEvents': [proc('now-3d', 'ws-60.contoso.local', 'oscar', 'excel.exe', upn='oscar@contoso.com', file='excel.exe')],
        'GCPAuditLogs': [gcp('now-2h', 'oscar@contoso.com', '203.0.113.103')]}),
    tn('service accounts never alert', {
        'SigninLogs': [signin('now-5d', N, OFFICE_APP, '198.51.100.100')],
        'GCPAuditLogs': [gcp('now-2h', 'deployer@contoso-prod.iam.gserviceaccount.com', '203.0.113.104')]}),
    tn('IP already used in GCP', {
        'SigninLogs': [signin('now-5d', N, OFFICE_APP, '198.51.100.100')],
        'GCPAuditLogs': [gcp('now-6d', N, '203.0.113.105'), gcp('now-2h', N, '203.0.113.105')]}),
    tn('IP the identity signs in to Entra ID from', {
        'SigninLogs': [signin('now-5d', N, OFFICE_APP, '198.51.100.100')],
        'GCPAuditLogs': [gcp('now-2h', N, '198.51.100.100')]}),
    tn('company-wide egress change: GCP calls from the new network colleagues use too', {
        'SigninLogs': [signin('now-5d', N, OFFICE_APP, '198.51.100.100')],
        'AADNonInteractiveUserSignInLogs': egress_colleagues(),
        'GCPAuditLogs': [gcp('now-6d', N, '198.51.100.100'), gcp('now-2h', N, '100.70.8.101', method='storage.buckets.list')]}),
    tn('external identity with no on-premises or Entra presence', {
        'GCPAuditLogs': [gcp('now-2h', 'partner@fabrikam.com', '203.0.113.106')]}),
    tp('a service-account key used from a VPS the service account never used', {
        'GCPAuditLogs': [gcp('now-6d', 'deployer@contoso-prod.iam.gserviceaccount.com', '1.179.112.10'),
                         gcp('now-2h', 'deployer@contoso-prod.iam.gserviceaccount.com', '5.42.203.9', method='storage.objects.list', ua='python-requests/2.31')]},
        entities=[{'type': 'ip', 'address': '5.42.203.9'}], customDetails={'Novelty': 'service-account key used from a hosting DigitalOcean network'}),
    tn('a service account on a new Google Cloud address (its workloads run there)', {
        'GCPAuditLogs': [gcp('now-6d', 'deployer@contoso-prod.iam.gserviceaccount.com', '1.179.112.10'),
                         gcp('now-2h', 'deployer@contoso-prod.iam.gserviceaccount.com', '1.179.115.77')]}),
    tn('an announced penetration tester listed in CloudhopAuthorizedTesting for this week', {
        'SigninLogs': [signin('now-5d', N, OFFICE_APP, '198.51.100.100')],
        'GCPAuditLogs': [gcp('now-6d', N, '198.51.100.100'), gcp('now-2h', N, '203.0.113.107', method='iam.serviceAccountKeys.create')]}),
    tp('a tester entry whose engagement ended last month no longer applies', {
        'SigninLogs': [signin('now-5d', N, OFFICE_APP, '198.51.100.100')],
        'GCPAuditLogs': [gcp('now-6d', N, '198.51.100.100'), gcp('now-2h', N, '203.0.113.108', method='iam.serviceAccountKeys.create')]},
        entities=[{'type': 'ip', 'address': '203.0.113.108'}]),
]
for c in FILES['gcp-user-credentials-new-source']:
    if c['name'].startswith('an announced penetration tester'):
        c['watchlists'] = {'CloudhopAuthorizedTesting': {'rows': [{'SearchKey': N, 'Kind': 'account', 'Start': '2024-06-10T00:00:00Z', 'End': '2024-06-16T00:00:00Z', 'Notes': 'pentest CHG-1'}]}}
    if c['name'].startswith('a tester entry whose engagement ended'):
        c['watchlists'] = {'CloudhopAuthorizedTesting': {'rows': [{'SearchKey': N, 'Kind': 'account', 'Start': '2024-05-01T00:00:00Z', 'End': '2024-05-10T00:00:00Z', 'Notes': 'pentest CHG-0'}]}}


MARKERS = {
    'DeviceProcessEvents': lambda: proc('now-330h', 'ws-00.contoso.local', 'svc_history', 'svchost.exe -k netsvcs', file='svchost.exe', parent='services.exe', grandparent='wininit.exe'),
    'SigninLogs': lambda: signin('now-330h', 'history.marker@contoso.com', OFFICE_APP, '100.64.0.10'),
    'AADNonInteractiveUserSignInLogs': lambda: signin('now-330h', 'history.marker@contoso.com', OFFICE_APP, '100.64.0.10', interactive=False),
    'AuditLogs': lambda: audit('now-330h', 'history.marker@contoso.com', 'Update user', target='history.marker@contoso.com', ip='100.64.0.10'),
    'AWSCloudTrail': lambda: trail('now-330h', 'DescribeRegions', 'arn:aws:iam::111122223333:user/history-marker', '100.64.0.11', itype='IAMUser', user='history-marker', source='ec2.amazonaws.com'),
    'GCPAuditLogs': lambda: gcp('now-330h', 'history.marker@contoso.com', '100.64.0.12', method='compute.zones.list'),
}

# The improved rules learn for 13 days before they judge (learning period): every case carries one
# innocuous row 13.75 days old in each of its tables, as a tenant with history would.
for name, cases in FILES.items():
    if name == 'seed-verbatim':
        continue
    for c in cases:
        for table, rows in c['tables'].items():
            rows.insert(0, MARKERS[table]())

# The endpoint rules count a device as new for an account only when the tenant already knew the device
# (another account's machine); a device with no endpoint history at all is newly onboarded. So every
# device in an endpoint case has ordinary history 10 days back (a logon shell of its owner), except
# the devices a case lists as fresh (re-imaged PAW, new hire's laptop).
for name in ('cloud-cli-auth-first-seen', 'cli-signin-change-chain'):
    for c in FILES[name]:
        fresh = set(c.pop('_fresh', []))
        rows = c['tables'].get('DeviceProcessEvents')
        if not rows:
            continue
        devices = sorted({r['DeviceName'] for r in rows if r['DeviceName'] not in fresh and r['AccountName'] != 'svc_history'})
        for d in devices:
            rows.insert(1, proc('now-240h', d, 'owner', 'explorer.exe', file='explorer.exe', parent='userinit.exe', grandparent='winlogon.exe'))
for cases in FILES.values():
    for c in cases:
        c.pop('_fresh', None)


def strip(obj):
    if isinstance(obj, dict):
        return {k: strip(v) for k, v in obj.items() if not (k in ('customDetails',) and v == {})}
    if isinstance(obj, list):
        return [strip(x) for x in obj]
    return obj


class Dumper(yaml.SafeDumper):
    pass


def str_presenter(dumper, data):
    return dumper.represent_scalar('tag:yaml.org,2002:str', data)


Dumper.add_representer(str, str_presenter)

for name, cases in FILES.items():
    doc = {'rule': name + '.yaml', 'cases': strip(cases)}
    with open(os.path.join(OUT, name + '.tests.yaml'), 'w') as f:
        f.write('# Generated by test/content/gen_rule_tests.py: edit the cases there and re-run it.\n')
        yaml.dump(doc, f, Dumper=Dumper, sort_keys=False, width=160, allow_unicode=True)
    print(name, len(cases), 'cases')
