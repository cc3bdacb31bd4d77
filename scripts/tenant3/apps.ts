/** First-party Microsoft application and resource identifiers (Microsoft's published list). */
export type AppRef = readonly [name: string, appId: string];
export const APP = {
  office: ['Microsoft Office', 'd3590ed6-52b3-4102-aeff-aad2292ab01c'],
  officeHome: ['OfficeHome', '4765445b-32c6-49b0-83e6-1d93765276ca'],
  teams: ['Microsoft Teams', '1fec8e78-bce4-4aaf-ab1b-5451cc387264'],
  outlookMobile: ['Outlook Mobile', '27922004-5251-4030-b22d-91ecd9a37ea4'],
  broker: ['Microsoft Authentication Broker', '29d9ed98-a469-4536-ade2-f981bc1d605e'],
  windowsSignIn: ['Windows Sign In', '38aa3b87-a06d-4817-b275-7a316988d93b'],
  portal: ['Azure Portal', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c'],
  azCli: ['Microsoft Azure CLI', '04b07795-8ddb-461a-bbee-02f9e1bf7b46'],
  azPs: ['Microsoft Azure PowerShell', '1950a258-227b-4e31-a9cf-717495945fc2'],
  graphCli: ['Microsoft Graph Command Line Tools', '14d82eec-204b-4c2f-b7e8-296a70dab67e'],
  exoPs: ['Exchange Online PowerShell', 'fb78d390-0c51-40cd-8e17-fdbfab77341b'],
  aadPs: ['Azure Active Directory PowerShell', '1b730954-1685-4b74-9bfd-dac224a7b894'],
  cloudShell: ['Azure Cloud Shell', '2233b157-f44d-4812-b777-036cdaf9a96e'],
  mySignins: ['My Signins', '19db86c3-b2b9-44cc-b339-36da233a3be2'],
  companyPortal: ['Microsoft Intune Company Portal', '9ba1a5c7-f17a-4de9-a1f1-6178c8d51223'],
  deviceRegClient: ['Device Registration Client', 'dd762716-544d-4aeb-a526-687b73838a22'],
  aadConnect: ['Microsoft Azure Active Directory Connect', 'cb1056e2-e479-49de-ae31-7812af012ed8'],
} as const satisfies Record<string, AppRef>;
export const RES = {
  exchange: ['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000'],
  sharepoint: ['Office 365 SharePoint Online', '00000003-0000-0ff1-ce00-000000000000'],
  graph: ['Microsoft Graph', '00000003-0000-0000-c000-000000000000'],
  arm: ['Azure Resource Manager', '797f4846-ba00-4fd7-ba43-dac1f8f63013'],
  aadGraph: ['Windows Azure Active Directory', '00000002-0000-0000-c000-000000000000'],
  teams: ['Microsoft Teams Services', 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe'],
  drs: ['Device Registration Service', '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9'],
  intune: ['Microsoft Intune', '0000000a-0000-0000-c000-000000000000'],
} as const satisfies Record<string, AppRef>;
