/** First-party application and resource identifiers seen in sign-in logs (Microsoft's published list). */
export interface App { readonly id: string; readonly name: string }

export const APPS = {
  azureCli: { id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', name: 'Microsoft Azure CLI' },
  azurePowerShell: { id: '1950a258-227b-4e31-a9cf-717495945fc2', name: 'Microsoft Azure PowerShell' },
  graphCli: { id: '14d82eec-204b-4c2f-b7e8-296a70dab67e', name: 'Microsoft Graph Command Line Tools' },
  exoPowerShell: { id: 'fb78d390-0c51-40cd-8e17-fdbfab77341b', name: 'Microsoft Exchange Online Remote PowerShell' },
  aadPowerShell: { id: '1b730954-1685-4b74-9bfd-dac224a7b894', name: 'Azure Active Directory PowerShell' },
  azurePortal: { id: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', name: 'Azure Portal' },
  cloudShell: { id: '2233b157-f44d-4812-b777-036cdaf9a96e', name: 'Azure Cloud Shell' },
  office: { id: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', name: 'Microsoft Office' },
  officeHome: { id: '4765445b-32c6-49b0-83e6-1d93765276ca', name: 'OfficeHome' },
  teams: { id: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', name: 'Microsoft Teams' },
  outlookMobile: { id: '27922004-5251-4030-b22d-91ecd9a37ea4', name: 'Outlook Mobile' },
  oneDrive: { id: 'ab9b8c07-8f02-4f72-87fa-80105867a763', name: 'OneDrive SyncEngine' },
  authBroker: { id: '29d9ed98-a469-4536-ade2-f981bc1d605e', name: 'Microsoft Authentication Broker' },
  myApps: { id: '2793995e-0a7d-40d7-bd35-6968ba142197', name: 'My Apps' },
  wcss: { id: '89bee1f7-5e6e-4d8a-9f3d-ecd601259da7', name: 'Office365 Shell WCSS-Client' },
  aadConnect: { id: 'cb1056e2-e479-49de-ae31-7812af012ed8', name: 'Microsoft Azure Active Directory Connect' },
  windowsSignIn: { id: '38aa3b87-a06d-4817-b275-7a316988d93b', name: 'Windows Sign In' },
  myProfile: { id: '8c59ead7-d703-4a27-9e55-c96a0054c8d2', name: 'My Profile' },
  mySignins: { id: '19db86c3-b2b9-44cc-b339-36da233a3be2', name: 'My Signins' },
  deviceRegistrationClient: { id: 'dd762716-544d-4aeb-a526-687b73838a22', name: 'Device Registration Client' },
} as const satisfies Record<string, App>;

export const RESOURCES = {
  graph: { id: '00000003-0000-0000-c000-000000000000', name: 'Microsoft Graph' },
  arm: { id: '797f4846-ba00-4fd7-ba43-dac1f8f63013', name: 'Azure Resource Manager' },
  aadGraph: { id: '00000002-0000-0000-c000-000000000000', name: 'Windows Azure Active Directory' },
  exchange: { id: '00000002-0000-0ff1-ce00-000000000000', name: 'Office 365 Exchange Online' },
  sharepoint: { id: '00000003-0000-0ff1-ce00-000000000000', name: 'Office 365 SharePoint Online' },
  teamsSvc: { id: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', name: 'Microsoft Teams Services' },
  officePortal: { id: '00000006-0000-0ff1-ce00-000000000000', name: 'Microsoft Office 365 Portal' },
  keyVault: { id: 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093', name: 'Azure Key Vault' },
  storage: { id: 'e406a681-f3d4-42a8-90b6-c2b029497af1', name: 'Azure Storage' },
  sqlDatabase: { id: '022907d3-0f1b-48f7-badc-1ba6abab6d66', name: 'Azure SQL Database' },
  deviceRegistration: { id: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', name: 'Device Registration Service' },
} as const satisfies Record<string, App>;

/** Entra ID sign-in error codes used by the background (code → description). */
export const SIGNIN_ERRORS: Readonly<Record<string, string>> = {
  '50126': 'Error validating credentials due to invalid username or password.',
  '50074': 'Strong Authentication is required.',
  '50140': 'This error occurred due to \'Keep me signed in\' interrupt when the user was signing in.',
  '50055': 'The password is expired.',
  '50076': 'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access this resource.',
  '53003': 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  '500121': 'Authentication failed during strong authentication request.',
  '50158': 'External security challenge was not satisfied.',
  '70044': 'The session has expired or is invalid due to sign-in frequency checks by conditional access.',
  '50173': 'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
  '16000': 'Either multiple user identities are available for the current request or selected account is not supported for the scenario.',
  '700082': 'The refresh token has expired due to inactivity.',
  '50089': 'Flow token expired - Authentication Failed.',
  '50079': 'Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access this resource.',
  '7000215': 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.',
  '7000222': 'The provided client secret keys for app are expired.',
  '700027': 'Client assertion failed signature validation.',
  '50097': 'Device authentication is required.',
};
