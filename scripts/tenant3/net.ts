import type { Rng } from './rng.js';

/**
 * Networks and places the tenant3 organisation and its adversaries use: residential and mobile ISPs
 * per country, business transit providers (the company's own egress), hosting/VPS providers and a
 * secure web gateway, each with public address space it really announces (approximate, from public
 * registry knowledge) and its ASN. Cities carry coordinates for LocationDetails.
 */
export interface City { readonly city: string; readonly state: string; readonly lat: number; readonly lon: number }
export interface Network { readonly asn: number; readonly org: string; readonly cidrs: readonly string[]; readonly kind: 'isp' | 'mobile' | 'transit' | 'hosting' | 'swg' }
export interface Country { readonly code: string; readonly name: string; readonly tz: number; readonly cities: readonly City[]; readonly isps: readonly Network[]; readonly mobile: Network; readonly names: NamePool }
export interface NamePool { readonly first: readonly string[]; readonly last: readonly string[] }
export interface Place { readonly ip: string; readonly asn: number; readonly org: string; readonly country: string; readonly city: City; readonly kind: Network['kind'] }

const ANGLO: NamePool = {
  first: ['James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Mason', 'Isabella', 'Lucas', 'Mia', 'Logan', 'Amelia', 'Jack', 'Harper', 'Aiden', 'Evelyn', 'Owen', 'Abigail', 'Ryan', 'Grace', 'Nathan', 'Chloe', 'Dylan', 'Zoe', 'Caleb', 'Lily', 'Connor', 'Hannah', 'Tyler', 'Megan', 'Jordan', 'Rachel', 'Kevin', 'Laura', 'Brian', 'Sarah', 'Daniel', 'Emily', 'Marcus', 'Priya', 'Samuel', 'Aisha', 'Patrick', 'Fiona', 'Gareth', 'Niamh', 'Callum', 'Imogen'],
  last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Lewis', 'Walker', 'Hall', 'Allen', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Patel', 'Khan', 'OBrien', 'Kelly', 'Hughes', 'Price', 'Bennett', 'Fletcher', 'Hayes', 'Gallagher'],
};
const CONTINENTAL: NamePool = {
  first: ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Marie', 'Maximilian', 'Sophie', 'Paul', 'Laura', 'Julien', 'Camille', 'Antoine', 'Manon', 'Hugo', 'Chloe', 'Daan', 'Sanne', 'Bram', 'Femke', 'Javier', 'Lucia', 'Pablo', 'Elena', 'Mateo', 'Carmen', 'Erik', 'Astrid', 'Lars', 'Ingrid', 'Piotr', 'Katarzyna', 'Tomasz', 'Agnieszka', 'Jakub', 'Zofia', 'Matteo', 'Giulia', 'Stefan', 'Nina', 'Tobias', 'Clara', 'Niklas', 'Greta', 'Thomas', 'Eva', 'Mathieu', 'Ines', 'Sven', 'Maja'],
  last: ['Muller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Koch', 'Martin', 'Bernard', 'Dubois', 'Durand', 'Lefevre', 'Moreau', 'Laurent', 'Garcia', 'Fernandez', 'Lopez', 'Martinez', 'Sanchez', 'Romero', 'deVries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Andersson', 'Johansson', 'Lindqvist', 'Nilsson', 'Kowalski', 'Nowak', 'Wisniewski', 'Wojcik', 'Rossi', 'Bianchi', 'Ferrari', 'Keller', 'Vogel', 'Brandt', 'Roux', 'Fontaine', 'Peeters', 'Maes', 'Berg', 'Dahl', 'Zielinski', 'Lange'],
};
const ASIAPAC: NamePool = {
  first: ['Hiroshi', 'Yuki', 'Kenji', 'Aiko', 'Takumi', 'Sakura', 'Ravi', 'Ananya', 'Arjun', 'Divya', 'Vikram', 'Neha', 'Wei', 'Mei', 'Jun', 'Li', 'Chen', 'Hui', 'Rahul', 'Kavya', 'Jack', 'Charlotte', 'Oliver', 'Ruby', 'Harry', 'Matilda', 'Kai', 'Isla', 'Sanjay', 'Pooja', 'Haruto', 'Mio', 'Daichi', 'Rin', 'Arun', 'Lakshmi', 'Ethan', 'Chloe', 'Ming', 'Xin'],
  last: ['Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Sharma', 'Gupta', 'Iyer', 'Reddy', 'Nair', 'Menon', 'Rao', 'Tan', 'Lim', 'Ng', 'Wong', 'Lee', 'Chua', 'Goh', 'Ong', 'Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Nguyen', 'Kelly', 'Ryan', 'Walsh', 'Sato', 'Kato', 'Mehta', 'Kapoor', 'Teo', 'Koh', 'Chan'],
};

const c = (city: string, state: string, lat: number, lon: number): City => ({ city, state, lat, lon });
const isp = (asn: number, org: string, ...cidrs: string[]): Network => ({ asn, org, cidrs, kind: 'isp' });
const mob = (asn: number, org: string, ...cidrs: string[]): Network => ({ asn, org, cidrs, kind: 'mobile' });

export const COUNTRIES: readonly Country[] = [
  { code: 'US', name: 'United States', tz: -5, names: ANGLO, cities: [c('New York', 'New York', 40.7128, -74.006), c('Boston', 'Massachusetts', 42.3601, -71.0589), c('Philadelphia', 'Pennsylvania', 39.9526, -75.1652), c('Atlanta', 'Georgia', 33.749, -84.388), c('Charlotte', 'North Carolina', 35.2271, -80.8431)],
    isps: [isp(7922, 'Comcast Cable Communications, LLC', '73.0.0.0/8', '98.192.0.0/10'), isp(701, 'Verizon Business', '71.160.0.0/11', '108.0.0.0/13'), isp(7018, 'AT&T Services, Inc.', '99.0.0.0/10', '107.192.0.0/10')], mobile: mob(21928, 'T-Mobile USA, Inc.', '172.32.0.0/11') },
  { code: 'GB', name: 'United Kingdom', tz: 0, names: ANGLO, cities: [c('London', 'England', 51.5074, -0.1278), c('Manchester', 'England', 53.4808, -2.2426), c('Leeds', 'England', 53.8008, -1.5491), c('Bristol', 'England', 51.4545, -2.5879), c('Edinburgh', 'Scotland', 55.9533, -3.1883)],
    isps: [isp(2856, 'British Telecommunications PLC', '86.128.0.0/10', '81.128.0.0/11'), isp(5089, 'Virgin Media Limited', '82.0.0.0/14', '86.0.0.0/13'), isp(5607, 'Sky UK Limited', '2.96.0.0/12', '90.192.0.0/11')], mobile: mob(25135, 'Vodafone Limited', '92.40.0.0/14') },
  { code: 'DE', name: 'Germany', tz: 1, names: CONTINENTAL, cities: [c('Berlin', 'Berlin', 52.52, 13.405), c('Munich', 'Bavaria', 48.1351, 11.582), c('Hamburg', 'Hamburg', 53.5511, 9.9937), c('Frankfurt am Main', 'Hesse', 50.1109, 8.6821), c('Cologne', 'North Rhine-Westphalia', 50.9375, 6.9603)],
    isps: [isp(3320, 'Deutsche Telekom AG', '79.192.0.0/10', '87.128.0.0/10', '93.192.0.0/10'), isp(3209, 'Vodafone GmbH', '88.64.0.0/12', '94.134.0.0/15'), isp(6805, 'Telefonica Germany GmbH & Co.OHG', '77.0.0.0/11')], mobile: mob(3320, 'Deutsche Telekom AG', '80.187.0.0/16') },
  { code: 'FR', name: 'France', tz: 1, names: CONTINENTAL, cities: [c('Paris', 'Ile-de-France', 48.8566, 2.3522), c('Lyon', 'Auvergne-Rhone-Alpes', 45.764, 4.8357), c('Toulouse', 'Occitanie', 43.6047, 1.4442), c('Lille', 'Hauts-de-France', 50.6292, 3.0573), c('Nantes', 'Pays de la Loire', 47.2184, -1.5536)],
    isps: [isp(3215, 'Orange S.A.', '90.0.0.0/9', '86.192.0.0/11'), isp(12322, 'Free SAS', '82.224.0.0/11', '88.160.0.0/11'), isp(5410, 'Bouygues Telecom SA', '176.128.0.0/10')], mobile: mob(51207, 'Free Mobile SAS', '37.160.0.0/12') },
  { code: 'NL', name: 'Netherlands', tz: 1, names: CONTINENTAL, cities: [c('Amsterdam', 'North Holland', 52.3676, 4.9041), c('Rotterdam', 'South Holland', 51.9244, 4.4777), c('Utrecht', 'Utrecht', 52.0907, 5.1214), c('Eindhoven', 'North Brabant', 51.4416, 5.4697)],
    isps: [isp(1136, 'KPN B.V.', '77.160.0.0/12', '145.128.0.0/11'), isp(33915, 'Vodafone Libertel B.V. (Ziggo)', '84.24.0.0/13', '89.98.0.0/16')], mobile: mob(31615, 'Odido Netherlands B.V.', '188.88.0.0/15') },
  { code: 'CA', name: 'Canada', tz: -5, names: ANGLO, cities: [c('Toronto', 'Ontario', 43.6532, -79.3832), c('Montreal', 'Quebec', 45.5017, -73.5673), c('Ottawa', 'Ontario', 45.4215, -75.6972), c('Mississauga', 'Ontario', 43.589, -79.6441)],
    isps: [isp(812, 'Rogers Communications Canada Inc.', '99.224.0.0/11', '174.112.0.0/12'), isp(577, 'Bell Canada', '70.48.0.0/13', '142.112.0.0/12')], mobile: mob(7122, 'TELUS Communications Inc.', '198.48.0.0/17') },
  { code: 'AU', name: 'Australia', tz: 10, names: ASIAPAC, cities: [c('Sydney', 'New South Wales', -33.8688, 151.2093), c('Melbourne', 'Victoria', -37.8136, 144.9631), c('Brisbane', 'Queensland', -27.4698, 153.0251), c('Canberra', 'Australian Capital Territory', -35.2809, 149.13)],
    isps: [isp(1221, 'Telstra Limited', '1.120.0.0/13', '110.140.0.0/14'), isp(4804, 'Optus Internet', '49.176.0.0/12'), isp(7545, 'TPG Telecom Limited', '101.160.0.0/11')], mobile: mob(1221, 'Telstra Limited', '101.112.0.0/13') },
  { code: 'ES', name: 'Spain', tz: 1, names: CONTINENTAL, cities: [c('Madrid', 'Madrid', 40.4168, -3.7038), c('Barcelona', 'Catalonia', 41.3851, 2.1734), c('Valencia', 'Valencia', 39.4699, -0.3763), c('Seville', 'Andalusia', 37.3891, -5.9845)],
    isps: [isp(3352, 'Telefonica de Espana SAU', '83.32.0.0/11', '88.0.0.0/11'), isp(12479, 'Orange Espagne SA', '90.160.0.0/11')], mobile: mob(12430, 'Vodafone Spain', '37.132.0.0/14') },
  { code: 'IE', name: 'Ireland', tz: 0, names: ANGLO, cities: [c('Dublin', 'Leinster', 53.3498, -6.2603), c('Cork', 'Munster', 51.8985, -8.4756), c('Galway', 'Connacht', 53.2707, -9.0568)],
    isps: [isp(5466, 'Eircom Limited', '86.40.0.0/13', '79.97.0.0/16'), isp(6830, 'Virgin Media Ireland', '89.100.0.0/15')], mobile: mob(15502, 'Vodafone Ireland Limited', '89.19.64.0/18') },
  { code: 'SE', name: 'Sweden', tz: 1, names: CONTINENTAL, cities: [c('Stockholm', 'Stockholm County', 59.3293, 18.0686), c('Gothenburg', 'Vastra Gotaland', 57.7089, 11.9746), c('Malmo', 'Skane', 55.605, 13.0038)],
    isps: [isp(3301, 'Telia Company AB', '78.64.0.0/12', '90.224.0.0/12'), isp(39651, 'Tele2 Sverige AB', '85.224.0.0/13')], mobile: mob(1257, 'Tele2 Sverige AB', '90.128.0.0/12') },
  { code: 'PL', name: 'Poland', tz: 1, names: CONTINENTAL, cities: [c('Warsaw', 'Mazovia', 52.2297, 21.0122), c('Krakow', 'Lesser Poland', 50.0647, 19.945), c('Wroclaw', 'Lower Silesia', 51.1079, 17.0385), c('Gdansk', 'Pomerania', 54.352, 18.6466)],
    isps: [isp(5617, 'Orange Polska Spolka Akcyjna', '83.0.0.0/11', '79.184.0.0/13'), isp(6830, 'UPC Polska Sp. z o.o.', '89.64.0.0/13')], mobile: mob(12912, 'T-Mobile Polska S.A.', '31.0.0.0/13') },
  { code: 'JP', name: 'Japan', tz: 9, names: ASIAPAC, cities: [c('Tokyo', 'Tokyo', 35.6762, 139.6503), c('Osaka', 'Osaka', 34.6937, 135.5023), c('Yokohama', 'Kanagawa', 35.4437, 139.638), c('Nagoya', 'Aichi', 35.1815, 136.9066)],
    isps: [isp(4713, 'NTT Communications Corporation', '60.32.0.0/12', '153.128.0.0/11'), isp(2516, 'KDDI CORPORATION', '106.128.0.0/11', '118.152.0.0/13'), isp(17676, 'SoftBank Corp.', '126.0.0.0/8')], mobile: mob(9605, 'NTT DOCOMO, INC.', '1.66.0.0/15') },
  { code: 'SG', name: 'Singapore', tz: 8, names: ASIAPAC, cities: [c('Singapore', 'Central Singapore', 1.3521, 103.8198)],
    isps: [isp(3758, 'SingNet Pte Ltd', '116.86.0.0/15', '118.200.0.0/14'), isp(55430, 'Starhub Ltd', '27.104.0.0/14')], mobile: mob(4773, 'MobileOne Ltd', '111.65.32.0/19') },
  { code: 'IN', name: 'India', tz: 5.5, names: ASIAPAC, cities: [c('Bengaluru', 'Karnataka', 12.9716, 77.5946), c('Mumbai', 'Maharashtra', 19.076, 72.8777), c('Pune', 'Maharashtra', 18.5204, 73.8567), c('Hyderabad', 'Telangana', 17.385, 78.4867)],
    isps: [isp(24560, 'Bharti Airtel Ltd., Telemedia Services', '122.160.0.0/12', '182.64.0.0/12'), isp(45609, 'Bharti Airtel Ltd. AS for GPRS Service', '106.192.0.0/11')], mobile: mob(55836, 'Reliance Jio Infocomm Limited', '49.32.0.0/12') },
];

/** Business internet / transit providers the company buys its office egress from. */
export const TRANSIT: readonly Network[] = [
  { asn: 3356, org: 'Lumen Technologies (Level 3 Parent, LLC)', cidrs: ['4.0.0.0/9', '8.0.0.0/9'], kind: 'transit' },
  { asn: 174, org: 'Cogent Communications', cidrs: ['38.0.0.0/8'], kind: 'transit' },
  { asn: 6461, org: 'Zayo Bandwidth', cidrs: ['64.125.0.0/16'], kind: 'transit' },
  { asn: 2914, org: 'NTT America, Inc.', cidrs: ['128.241.0.0/16', '131.103.0.0/16'], kind: 'transit' },
  { asn: 1299, org: 'Arelion Sweden AB', cidrs: ['80.239.128.0/18', '62.115.0.0/16'], kind: 'transit' },
  { asn: 3257, org: 'GTT Communications Inc.', cidrs: ['213.200.64.0/18', '89.149.128.0/17'], kind: 'transit' },
];

/** A hosting/VPS provider's presence in one country (a real VPS gets an address from the provider's range of that region). */
export interface HostingSite { readonly net: Network; readonly country: string; readonly city: City }
const h = (asn: number, org: string, country: string, city: City, ...cidrs: string[]): HostingSite => ({ net: { asn, org, cidrs, kind: 'hosting' }, country, city });
export const HOSTING: readonly HostingSite[] = [
  h(14061, 'DigitalOcean, LLC', 'US', c('North Bergen', 'New Jersey', 40.7934, -74.0246), '167.99.0.0/16', '159.203.0.0/16'),
  h(14061, 'DigitalOcean, LLC', 'GB', c('London', 'England', 51.5074, -0.1278), '178.62.0.0/16', '46.101.0.0/17'),
  h(14061, 'DigitalOcean, LLC', 'NL', c('Amsterdam', 'North Holland', 52.3676, 4.9041), '188.166.0.0/16', '128.199.0.0/17'),
  h(14061, 'DigitalOcean, LLC', 'DE', c('Frankfurt am Main', 'Hesse', 50.1109, 8.6821), '164.90.160.0/19', '207.154.192.0/18'),
  h(14061, 'DigitalOcean, LLC', 'SG', c('Singapore', 'Central Singapore', 1.3521, 103.8198), '128.199.128.0/17', '139.59.96.0/19'),
  h(20473, 'The Constant Company, LLC (Vultr)', 'US', c('Piscataway', 'New Jersey', 40.4993, -74.3991), '45.76.0.0/17', '149.28.0.0/17'),
  h(20473, 'The Constant Company, LLC (Vultr)', 'JP', c('Tokyo', 'Tokyo', 35.6762, 139.6503), '45.77.0.0/18', '202.182.96.0/19'),
  h(20473, 'The Constant Company, LLC (Vultr)', 'AU', c('Sydney', 'New South Wales', -33.8688, 151.2093), '139.180.160.0/19', '149.28.160.0/19'),
  h(20473, 'The Constant Company, LLC (Vultr)', 'NL', c('Amsterdam', 'North Holland', 52.3676, 4.9041), '136.244.64.0/18', '95.179.128.0/17'),
  h(63949, 'Akamai Connected Cloud (Linode)', 'US', c('Newark', 'New Jersey', 40.7357, -74.1724), '45.79.0.0/16', '173.255.192.0/18'),
  h(63949, 'Akamai Connected Cloud (Linode)', 'GB', c('London', 'England', 51.5074, -0.1278), '178.79.128.0/17', '212.71.232.0/21'),
  h(63949, 'Akamai Connected Cloud (Linode)', 'DE', c('Frankfurt am Main', 'Hesse', 50.1109, 8.6821), '172.104.128.0/18', '139.162.128.0/19'),
  h(16276, 'OVH SAS', 'FR', c('Roubaix', 'Hauts-de-France', 50.6942, 3.1746), '51.68.0.0/16', '54.36.0.0/16'),
  h(16276, 'OVH SAS', 'CA', c('Beauharnois', 'Quebec', 45.3151, -73.8779), '158.69.0.0/16', '144.217.0.0/16'),
  h(16276, 'OVH SAS', 'PL', c('Warsaw', 'Mazovia', 52.2297, 21.0122), '51.83.128.0/17', '146.59.0.0/17'),
  h(24940, 'Hetzner Online GmbH', 'DE', c('Falkenstein', 'Saxony', 50.4779, 12.3713), '168.119.0.0/16', '116.202.0.0/16'),
  h(24940, 'Hetzner Online GmbH', 'FI', c('Helsinki', 'Uusimaa', 60.1699, 24.9384), '65.108.0.0/16', '95.216.0.0/16'),
  h(9009, 'M247 Europe SRL', 'RO', c('Bucharest', 'Bucharest', 44.4268, 26.1025), '89.46.100.0/22', '185.45.12.0/22'),
];

/** Consumer VPN services' exit networks (people's personal VPNs). */
export const VPN_EXITS: readonly Network[] = [
  { asn: 9009, org: 'M247 Europe SRL', cidrs: ['37.120.128.0/17'], kind: 'hosting' },
  { asn: 60068, org: 'Datacamp Limited', cidrs: ['89.187.160.0/19'], kind: 'hosting' },
  { asn: 62371, org: 'Proton AG', cidrs: ['185.159.156.0/22'], kind: 'hosting' },
];

/** Cloud providers' own address space (CI agents, EC2 instances, managed identities). */
export const AWS_EC2: Record<string, { cidrs: string[]; city: City; country: string }> = {
  'us-east-1': { cidrs: ['3.80.0.0/12', '54.160.0.0/12'], city: c('Ashburn', 'Virginia', 39.0438, -77.4874), country: 'US' },
  'eu-west-1': { cidrs: ['34.240.0.0/13', '52.208.0.0/13'], city: c('Dublin', 'Leinster', 53.3498, -6.2603), country: 'IE' },
  'eu-central-1': { cidrs: ['3.120.0.0/14', '18.192.0.0/15'], city: c('Frankfurt am Main', 'Hesse', 50.1109, 8.6821), country: 'DE' },
  'ap-southeast-2': { cidrs: ['3.104.0.0/14', '13.236.0.0/14'], city: c('Sydney', 'New South Wales', -33.8688, 151.2093), country: 'AU' },
};
export const AZURE: { net: Network; sites: { region: string; country: string; city: City; cidr: string }[] } = {
  net: { asn: 8075, org: 'Microsoft Corporation', cidrs: [], kind: 'hosting' },
  sites: [
    { region: 'westeurope', country: 'NL', city: c('Amsterdam', 'North Holland', 52.3676, 4.9041), cidr: '20.50.0.0/16' },
    { region: 'northeurope', country: 'IE', city: c('Dublin', 'Leinster', 53.3498, -6.2603), cidr: '20.54.0.0/16' },
    { region: 'eastus', country: 'US', city: c('Boydton', 'Virginia', 36.6676, -78.3875), cidr: '20.185.0.0/16' },
    { region: 'uksouth', country: 'GB', city: c('London', 'England', 51.5074, -0.1278), cidr: '51.140.0.0/14' },
    { region: 'australiaeast', country: 'AU', city: c('Sydney', 'New South Wales', -33.8688, 151.2093), cidr: '20.37.192.0/19' },
  ],
};
export const GCP_NET: Network = { asn: 396982, org: 'Google LLC', cidrs: ['34.64.0.0/10', '35.184.0.0/13'], kind: 'hosting' };

/** A secure web gateway (Zscaler-like) with points of presence in many countries, shared by many users. */
export const SWG: { net: Network; pops: { country: string; city: City; cidr: string }[] } = {
  net: { asn: 62044, org: 'Zscaler, Inc.', cidrs: [], kind: 'swg' },
  pops: [
    { country: 'GB', city: c('London', 'England', 51.5074, -0.1278), cidr: '165.225.80.0/22' },
    { country: 'DE', city: c('Frankfurt am Main', 'Hesse', 50.1109, 8.6821), cidr: '165.225.72.0/22' },
    { country: 'NL', city: c('Amsterdam', 'North Holland', 52.3676, 4.9041), cidr: '165.225.240.0/22' },
    { country: 'FR', city: c('Paris', 'Ile-de-France', 48.8566, 2.3522), cidr: '165.225.20.0/22' },
    { country: 'US', city: c('Chicago', 'Illinois', 41.8781, -87.6298), cidr: '165.225.0.0/22' },
    { country: 'US', city: c('New York', 'New York', 40.7128, -74.006), cidr: '136.226.64.0/22' },
    { country: 'SG', city: c('Singapore', 'Central Singapore', 1.3521, 103.8198), cidr: '165.225.112.0/22' },
    { country: 'JP', city: c('Tokyo', 'Tokyo', 35.6762, 139.6503), cidr: '165.225.96.0/22' },
    { country: 'CH', city: c('Zurich', 'Zurich', 47.3769, 8.5417), cidr: '147.161.160.0/22' },
    { country: 'SE', city: c('Stockholm', 'Stockholm County', 59.3293, 18.0686), cidr: '147.161.176.0/22' },
  ],
};

function ipToInt(ip: string): number { return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0); }
function intToIp(n: number): string { return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'); }
/** A host address inside the prefix (never the network or broadcast address of its /24). */
export function ipIn(rng: Rng, cidr: string): string {
  const [base, lenText] = cidr.split('/');
  const len = Number(lenText);
  const size = 2 ** (32 - len);
  const start = ipToInt(base!) - (ipToInt(base!) % size);
  for (;;) {
    const n = start + Math.floor(rng.next() * size);
    const last = n & 255;
    if (last !== 0 && last !== 255) return intToIp(n >>> 0);
  }
}
/** A run of consecutive addresses inside the prefix (an office's block). */
export function blockIn(rng: Rng, cidr: string, n: number): string[] {
  const first = ipToInt(ipIn(rng, cidr)) & ~15;
  return Array.from({ length: n }, (_, i) => intToIp((first + 2 + i) >>> 0));
}
export function place(ip: string, net: Network, country: string, city: City): Place { return { ip, asn: net.asn, org: net.org, country, city, kind: net.kind }; }
export function countryOf(code: string): Country { const x = COUNTRIES.find((k) => k.code === code); if (!x) throw new Error(`unknown country ${code}`); return x; }
