// Network facts of the hold-out tenant: places, and the address space each kind of actor uses.
// Prefixes are from well-known public allocations (ISPs' residential space, hosting/VPS providers,
// cloud providers, a secure-web-gateway vendor) with their origin ASNs, so that an IP-to-ASN
// database gives the answer a real log would. Offices egress from business blocks of local ISPs.

export interface Site { cc: string; country: string; city: string; state: string; lat: number; lon: number; tz: number }
/** An address block: `prefix` has 2 or 3 octets; `asn` is its origin AS. */
export interface Net { prefix: string; asn: number; org: string; kind: 'office' | 'isp' | 'hosting' | 'cloud' | 'swg' | 'hotel' }

const site = (cc: string, country: string, city: string, state: string, lat: number, lon: number, tz: number): Site => ({ cc, country, city, state, lat, lon, tz });

/** Offices; each has the egress block it uses before the egress change and the one after. */
export interface Office { site: Site; before: Net; after: Net }
export const OFFICES: Office[] = [
  { site: site('US', 'United States', 'Minneapolis', 'Minnesota', 44.98, -93.27, -6), before: { prefix: '12.155.33', asn: 7018, org: 'AT&T Services', kind: 'office' }, after: { prefix: '71.217.40', asn: 209, org: 'CenturyLink Communications (Lumen)', kind: 'office' } },
  { site: site('DE', 'Germany', 'Hamburg', 'Hamburg', 53.55, 9.99, 1), before: { prefix: '217.6.112', asn: 3320, org: 'Deutsche Telekom AG', kind: 'office' }, after: { prefix: '88.79.206', asn: 3209, org: 'Vodafone GmbH', kind: 'office' } },
  { site: site('SG', 'Singapore', 'Singapore', 'Singapore', 1.29, 103.85, 8), before: { prefix: '116.14.92', asn: 9506, org: 'Singtel Fibre Broadband', kind: 'office' }, after: { prefix: '203.116.45', asn: 4657, org: 'StarHub Ltd', kind: 'office' } },
  { site: site('MX', 'Mexico', 'Guadalajara', 'Jalisco', 20.67, -103.35, -6), before: { prefix: '189.203.71', asn: 8151, org: 'Uninet (Telmex)', kind: 'office' }, after: { prefix: '187.189.44', asn: 22884, org: 'Total Play Telecomunicaciones', kind: 'office' } },
];

/** Residential ISP space per home country. */
export const HOME_ISPS: Record<string, Net[]> = {
  US: [{ prefix: '73.162', asn: 7922, org: 'Comcast Cable', kind: 'isp' }, { prefix: '98.207', asn: 7922, org: 'Comcast Cable', kind: 'isp' }, { prefix: '108.28', asn: 7018, org: 'AT&T Internet', kind: 'isp' }],
  DE: [{ prefix: '84.150', asn: 3320, org: 'Deutsche Telekom AG', kind: 'isp' }, { prefix: '93.204', asn: 3320, org: 'Deutsche Telekom AG', kind: 'isp' }, { prefix: '88.72', asn: 3209, org: 'Vodafone GmbH', kind: 'isp' }],
  SG: [{ prefix: '118.200', asn: 9506, org: 'Singtel Fibre Broadband', kind: 'isp' }, { prefix: '116.87', asn: 4657, org: 'StarHub Ltd', kind: 'isp' }],
  MX: [{ prefix: '189.203', asn: 8151, org: 'Uninet (Telmex)', kind: 'isp' }, { prefix: '201.141', asn: 8151, org: 'Uninet (Telmex)', kind: 'isp' }, { prefix: '187.190', asn: 22884, org: 'Total Play Telecomunicaciones', kind: 'isp' }],
};

/** Places staff travel to, with a hotel / local ISP block there. */
export const TRAVEL: { site: Site; net: Net }[] = [
  { site: site('GB', 'United Kingdom', 'London', 'England', 51.51, -0.13, 0), net: { prefix: '81.2.69', asn: 20712, org: 'Andrews & Arnold', kind: 'hotel' } },
  { site: site('JP', 'Japan', 'Osaka', 'Osaka', 34.69, 135.5, 9), net: { prefix: '153.156.7', asn: 4713, org: 'NTT OCN', kind: 'hotel' } },
  { site: site('FR', 'France', 'Lyon', 'Auvergne-Rhone-Alpes', 45.76, 4.84, 1), net: { prefix: '90.84.22', asn: 3215, org: 'Orange S.A.', kind: 'hotel' } },
  { site: site('CA', 'Canada', 'Toronto', 'Ontario', 43.65, -79.38, -5), net: { prefix: '142.114.9', asn: 577, org: 'Bell Canada', kind: 'hotel' } },
  { site: site('ES', 'Spain', 'Barcelona', 'Catalunya', 41.39, 2.17, 1), net: { prefix: '88.26.140', asn: 3352, org: 'Telefonica de Espana', kind: 'hotel' } },
  { site: site('IT', 'Italy', 'Milan', 'Lombardia', 45.46, 9.19, 1), net: { prefix: '151.38.12', asn: 1267, org: 'WIND Tre', kind: 'hotel' } },
];

/** The corporate remote-access VPN concentrator (in Azure, US East). */
export const VPN = { site: site('US', 'United States', 'Boydton', 'Virginia', 36.67, -78.39, -5), net: { prefix: '52.167.230', asn: 8075, org: 'Microsoft Corporation', kind: 'cloud' } as Net };

/** Secure web gateway points of presence (one vendor, many countries, shared by many customers). */
export const SWG_POPS: { site: Site; net: Net }[] = [
  { site: site('US', 'United States', 'Chicago', 'Illinois', 41.88, -87.63, -6), net: { prefix: '165.225.8', asn: 53813, org: 'Zscaler, Inc.', kind: 'swg' } },
  { site: site('US', 'United States', 'Dallas', 'Texas', 32.78, -96.8, -6), net: { prefix: '165.225.216', asn: 53813, org: 'Zscaler, Inc.', kind: 'swg' } },
  { site: site('DE', 'Germany', 'Frankfurt am Main', 'Hesse', 50.11, 8.68, 1), net: { prefix: '165.225.72', asn: 53813, org: 'Zscaler, Inc.', kind: 'swg' } },
  { site: site('NL', 'Netherlands', 'Amsterdam', 'North Holland', 52.37, 4.9, 1), net: { prefix: '165.225.80', asn: 53813, org: 'Zscaler, Inc.', kind: 'swg' } },
  { site: site('SG', 'Singapore', 'Singapore', 'Singapore', 1.29, 103.85, 8), net: { prefix: '165.225.112', asn: 53813, org: 'Zscaler, Inc.', kind: 'swg' } },
  { site: site('MY', 'Malaysia', 'Kuala Lumpur', 'Kuala Lumpur', 3.14, 101.69, 8), net: { prefix: '165.225.114', asn: 53813, org: 'Zscaler, Inc.', kind: 'swg' } },
  { site: site('CA', 'Canada', 'Toronto', 'Ontario', 43.65, -79.38, -5), net: { prefix: '165.225.210', asn: 53813, org: 'Zscaler, Inc.', kind: 'swg' } },
  { site: site('MX', 'Mexico', 'Queretaro', 'Queretaro', 20.59, -100.39, -6), net: { prefix: '147.161.180', asn: 53813, org: 'Zscaler, Inc.', kind: 'swg' } },
];

/** Hosting / VPS providers' blocks with the city of the data centre. */
export const HOSTING: { site: Site; net: Net }[] = [
  { site: site('NL', 'Netherlands', 'Amsterdam', 'North Holland', 52.37, 4.9, 1), net: { prefix: '128.199', asn: 14061, org: 'DigitalOcean, LLC', kind: 'hosting' } },
  { site: site('DE', 'Germany', 'Frankfurt am Main', 'Hesse', 50.11, 8.68, 1), net: { prefix: '46.101', asn: 14061, org: 'DigitalOcean, LLC', kind: 'hosting' } },
  { site: site('US', 'United States', 'North Bergen', 'New Jersey', 40.8, -74.01, -5), net: { prefix: '159.203', asn: 14061, org: 'DigitalOcean, LLC', kind: 'hosting' } },
  { site: site('SG', 'Singapore', 'Singapore', 'Singapore', 1.29, 103.85, 8), net: { prefix: '139.59', asn: 14061, org: 'DigitalOcean, LLC', kind: 'hosting' } },
  { site: site('DE', 'Germany', 'Falkenstein', 'Saxony', 50.48, 12.37, 1), net: { prefix: '88.198', asn: 24940, org: 'Hetzner Online GmbH', kind: 'hosting' } },
  { site: site('FI', 'Finland', 'Helsinki', 'Uusimaa', 60.17, 24.94, 2), net: { prefix: '95.216', asn: 24940, org: 'Hetzner Online GmbH', kind: 'hosting' } },
  { site: site('US', 'United States', 'Ashburn', 'Virginia', 39.04, -77.49, -5), net: { prefix: '5.161', asn: 24940, org: 'Hetzner Online GmbH', kind: 'hosting' } },
  { site: site('US', 'United States', 'Piscataway', 'New Jersey', 40.55, -74.46, -5), net: { prefix: '45.77', asn: 20473, org: 'The Constant Company (Vultr)', kind: 'hosting' } },
  { site: site('MX', 'Mexico', 'Mexico City', 'Ciudad de Mexico', 19.43, -99.13, -6), net: { prefix: '216.238', asn: 20473, org: 'The Constant Company (Vultr)', kind: 'hosting' } },
  { site: site('JP', 'Japan', 'Tokyo', 'Tokyo', 35.68, 139.69, 9), net: { prefix: '139.162', asn: 63949, org: 'Akamai Connected Cloud (Linode)', kind: 'hosting' } },
  { site: site('FR', 'France', 'Gravelines', 'Hauts-de-France', 50.99, 2.13, 1), net: { prefix: '51.38', asn: 16276, org: 'OVH SAS', kind: 'hosting' } },
  { site: site('DE', 'Germany', 'Nuremberg', 'Bavaria', 49.45, 11.08, 1), net: { prefix: '161.97', asn: 51167, org: 'Contabo GmbH', kind: 'hosting' } },
  { site: site('RO', 'Romania', 'Bucharest', 'Bucuresti', 44.43, 26.1, 2), net: { prefix: '89.46', asn: 9009, org: 'M247 Europe SRL', kind: 'hosting' } },
];

/** Residential ISP space abroad (residential proxies, phished users' attackers). */
export const FOREIGN_ISPS: { site: Site; net: Net }[] = [
  { site: site('NG', 'Nigeria', 'Lagos', 'Lagos', 6.52, 3.38, 1), net: { prefix: '105.112', asn: 36873, org: 'Airtel Networks Nigeria', kind: 'isp' } },
  { site: site('VN', 'Vietnam', 'Hanoi', 'Ha Noi', 21.03, 105.85, 7), net: { prefix: '113.185', asn: 45899, org: 'VNPT Corp', kind: 'isp' } },
  { site: site('BR', 'Brazil', 'Sao Paulo', 'Sao Paulo', -23.55, -46.63, -3), net: { prefix: '177.92', asn: 28573, org: 'Claro NXT', kind: 'isp' } },
  { site: site('ID', 'Indonesia', 'Jakarta', 'Jakarta', -6.2, 106.85, 7), net: { prefix: '36.85', asn: 7713, org: 'Telekomunikasi Indonesia', kind: 'isp' } },
];

/** Cloud providers' space (CI runners, the EC2 app server, attacker instances). */
export const CLOUD = {
  azureWeu: { prefix: '20.93', asn: 8075, org: 'Microsoft Corporation', kind: 'cloud' } as Net,
  azureEus: { prefix: '20.124', asn: 8075, org: 'Microsoft Corporation', kind: 'cloud' } as Net,
  githubActions: { prefix: '4.227', asn: 8075, org: 'Microsoft Corporation', kind: 'cloud' } as Net,
  awsUse1: { prefix: '3.91', asn: 14618, org: 'Amazon.com, Inc.', kind: 'cloud' } as Net,
  awsEuc1: { prefix: '3.72', asn: 16509, org: 'Amazon.com, Inc.', kind: 'cloud' } as Net,
  awsApse1: { prefix: '54.179', asn: 16509, org: 'Amazon.com, Inc.', kind: 'cloud' } as Net,
  gcp: { prefix: '34.141', asn: 396982, org: 'Google LLC', kind: 'cloud' } as Net,
};
export const CLOUD_SITE = {
  weu: site('NL', 'Netherlands', 'Amsterdam', 'North Holland', 52.37, 4.9, 1),
  eus: site('US', 'United States', 'Boydton', 'Virginia', 36.67, -78.39, -5),
  use1: site('US', 'United States', 'Ashburn', 'Virginia', 39.04, -77.49, -5),
  euc1: site('DE', 'Germany', 'Frankfurt am Main', 'Hesse', 50.11, 8.68, 1),
  apse1: site('SG', 'Singapore', 'Singapore', 'Singapore', 1.29, 103.85, 8),
};
