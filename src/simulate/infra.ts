/**
 * Public address space of real providers, for the addresses attackers and cloud workloads use:
 * hosting / VPS companies (what an attacker rents), residential ISPs (what residential-proxy
 * services exit from), and Azure datacenters (where managed identities and most service
 * principals run). Each row is one /16 held by that provider with its real ASN, placed where the
 * provider has a datacenter or its customers live.
 *
 * Limits: written from public allocation records (RIR WHOIS, providers' published ranges) as they
 * were known when this file was written; a /16 can hold more than one location, and
 * re-allocations happen, so a geolocation service may place a given address elsewhere. The
 * simulator only needs "an address a real VPS / proxy / Azure resource would have".
 */
import type { City } from './pools.js';
import { CITIES } from './pools.js';
import type { Network, NetKind } from './org.js';
import type { Rng } from './rng.js';

export type InfraKind = 'vps' | 'proxy' | 'azure';

/** prefix(/16) | ASN | owner | kind | city | state | country | lat | lon | tz */
const TABLE = `
46.101|14061|DigitalOcean, LLC|vps|Frankfurt am Main|Hesse|DE|50.1109|8.6821|1
188.166|14061|DigitalOcean, LLC|vps|Amsterdam|North Holland|NL|52.3676|4.9041|1
159.65|14061|DigitalOcean, LLC|vps|London|England|GB|51.5074|-0.1278|0
128.199|14061|DigitalOcean, LLC|vps|Singapore|Singapore|SG|1.3521|103.8198|8
139.59|14061|DigitalOcean, LLC|vps|Bengaluru|Karnataka|IN|12.9716|77.5946|5.5
138.197|14061|DigitalOcean, LLC|vps|Toronto|Ontario|CA|43.6532|-79.3832|-5
143.198|14061|DigitalOcean, LLC|vps|Santa Clara|California|US|37.3541|-121.9552|-8
170.64|14061|DigitalOcean, LLC|vps|Sydney|New South Wales|AU|-33.8688|151.2093|10
95.216|24940|Hetzner Online GmbH|vps|Helsinki|Uusimaa|FI|60.1699|24.9384|2
135.181|24940|Hetzner Online GmbH|vps|Helsinki|Uusimaa|FI|60.1699|24.9384|2
88.198|24940|Hetzner Online GmbH|vps|Falkenstein|Saxony|DE|50.4779|12.3713|1
116.202|24940|Hetzner Online GmbH|vps|Nuremberg|Bavaria|DE|49.4521|11.0767|1
51.38|16276|OVH SAS|vps|Gravelines|Hauts-de-France|FR|50.9865|2.1281|1
54.36|16276|OVH SAS|vps|Roubaix|Hauts-de-France|FR|50.6942|3.1746|1
51.89|16276|OVH SAS|vps|London|England|GB|51.5074|-0.1278|0
144.217|16276|OVH SAS|vps|Beauharnois|Quebec|CA|45.3151|-73.8779|-5
95.179|20473|The Constant Company, LLC (Vultr)|vps|Amsterdam|North Holland|NL|52.3676|4.9041|1
136.244|20473|The Constant Company, LLC (Vultr)|vps|Stockholm|Stockholm|SE|59.3293|18.0686|1
141.164|20473|The Constant Company, LLC (Vultr)|vps|Seoul|Seoul|KR|37.5665|126.978|9
64.176|20473|The Constant Company, LLC (Vultr)|vps|Tokyo|Tokyo|JP|35.6762|139.6503|9
216.238|20473|The Constant Company, LLC (Vultr)|vps|Mexico City|CDMX|MX|19.4326|-99.1332|-6
139.84|20473|The Constant Company, LLC (Vultr)|vps|Johannesburg|Gauteng|ZA|-26.2041|28.0473|2
155.138|20473|The Constant Company, LLC (Vultr)|vps|Piscataway|New Jersey|US|40.5549|-74.4643|-5
45.77|20473|The Constant Company, LLC (Vultr)|vps|Madrid|Madrid|ES|40.4168|-3.7038|1
139.162|63949|Akamai Technologies (Linode)|vps|London|England|GB|51.5074|-0.1278|0
45.79|63949|Akamai Technologies (Linode)|vps|Newark|New Jersey|US|40.7357|-74.1724|-5
172.105|63949|Akamai Technologies (Linode)|vps|Mumbai|Maharashtra|IN|19.076|72.8777|5.5
161.97|51167|Contabo GmbH|vps|Nuremberg|Bavaria|DE|49.4521|11.0767|1
173.212|51167|Contabo GmbH|vps|Munich|Bavaria|DE|48.1351|11.582|1
51.15|12876|Scaleway S.A.S.|vps|Paris|Ile-de-France|FR|48.8566|2.3522|1
163.172|12876|Scaleway S.A.S.|vps|Paris|Ile-de-France|FR|48.8566|2.3522|1
85.17|60781|LeaseWeb Netherlands B.V.|vps|Amsterdam|North Holland|NL|52.3676|4.9041|1
37.120|9009|M247 Europe SRL|vps|Bucharest|Bucharest|RO|44.4268|26.1025|2
18.184|16509|Amazon.com, Inc.|vps|Frankfurt am Main|Hesse|DE|50.1109|8.6821|1
44.200|14618|Amazon.com, Inc.|vps|Ashburn|Virginia|US|39.0438|-77.4874|-5
73.162|7922|Comcast Cable Communications, LLC|proxy|Chicago|Illinois|US|41.8781|-87.6298|-6
99.33|7018|AT&T Services, Inc.|proxy|Austin|Texas|US|30.2672|-97.7431|-6
86.150|2856|British Telecommunications PLC|proxy|Manchester|England|GB|53.4808|-2.2426|0
82.2|5089|Virgin Media Limited|proxy|Bristol|England|GB|51.4545|-2.5879|0
79.210|3320|Deutsche Telekom AG|proxy|Hamburg|Hamburg|DE|53.5511|9.9937|1
87.150|3320|Deutsche Telekom AG|proxy|Berlin|Berlin|DE|52.52|13.405|1
77.165|1136|KPN B.V.|proxy|Utrecht|Utrecht|NL|52.0907|5.1214|1
90.45|3215|Orange S.A.|proxy|Lyon|Auvergne-Rhone-Alpes|FR|45.764|4.8357|1
82.65|12322|Free SAS|proxy|Toulouse|Occitanie|FR|43.6047|1.4442|1
78.70|3301|Telia Company AB|proxy|Gothenburg|Vastra Gotaland|SE|57.7089|11.9746|1
99.230|812|Rogers Communications Canada Inc.|proxy|Montreal|Quebec|CA|45.5017|-73.5673|-5
1.144|1221|Telstra Limited|proxy|Melbourne|Victoria|AU|-37.8136|144.9631|10
80.28|3352|Telefonica de Espana S.A.U.|proxy|Barcelona|Catalonia|ES|41.3874|2.1686|1
87.10|3269|Telecom Italia S.p.A.|proxy|Turin|Piedmont|IT|45.0703|7.6869|1
126.15|17676|SoftBank Corp.|proxy|Osaka|Osaka|JP|34.6937|135.5023|9
85.1|3303|Swisscom (Schweiz) AG|proxy|Geneva|Geneva|CH|46.2044|6.1432|1
86.42|5466|Eircom Limited|proxy|Cork|Munster|IE|51.8985|-8.4756|0
87.52|3292|TDC Holding A/S|proxy|Aarhus|Central Jutland|DK|56.1629|10.2039|1
84.210|2119|Telenor Norge AS|proxy|Bergen|Vestland|NO|60.3913|5.3221|1
83.10|5617|Orange Polska Spolka Akcyjna|proxy|Krakow|Lesser Poland|PL|50.0647|19.945|1
91.155|719|Elisa Oyj|proxy|Tampere|Pirkanmaa|FI|61.4978|23.761|2
77.117|8447|A1 Telekom Austria AG|proxy|Graz|Styria|AT|47.0707|15.4395|1
81.244|5432|Proximus NV|proxy|Antwerp|Flanders|BE|51.2194|4.4025|1
85.243|3243|MEO - Servicos de Comunicacoes e Multimedia S.A.|proxy|Porto|Porto|PT|41.1579|-8.6291|0
122.58|4771|Spark New Zealand Trading Ltd.|proxy|Wellington|Wellington|NZ|-41.2865|174.7762|12
49.36|55836|Reliance Jio Infocomm Limited|proxy|Mumbai|Maharashtra|IN|19.076|72.8777|5.5
189.145|8151|UNINET (Telmex)|proxy|Mexico City|CDMX|MX|19.4326|-99.1332|-6
126.200|17676|SoftBank Corp.|proxy|Tokyo|Tokyo|JP|35.6762|139.6503|9
52.170|8075|Microsoft Corporation|azure|Boydton|Virginia|US|36.6676|-78.3875|-5
20.26|8075|Microsoft Corporation|azure|London|England|GB|51.5074|-0.1278|0
20.79|8075|Microsoft Corporation|azure|Frankfurt am Main|Hesse|DE|50.1109|8.6821|1
20.103|8075|Microsoft Corporation|azure|Amsterdam|North Holland|NL|52.3676|4.9041|1
20.111|8075|Microsoft Corporation|azure|Paris|Ile-de-France|FR|48.8566|2.3522|1
20.91|8075|Microsoft Corporation|azure|Gavle|Gavleborg|SE|60.6749|17.1413|1
20.151|8075|Microsoft Corporation|azure|Toronto|Ontario|CA|43.6532|-79.3832|-5
20.211|8075|Microsoft Corporation|azure|Sydney|New South Wales|AU|-33.8688|151.2093|10
68.221|8075|Microsoft Corporation|azure|Madrid|Madrid|ES|40.4168|-3.7038|1
4.232|8075|Microsoft Corporation|azure|Milan|Lombardy|IT|45.4642|9.19|1
20.78|8075|Microsoft Corporation|azure|Tokyo|Tokyo|JP|35.6762|139.6503|9
20.208|8075|Microsoft Corporation|azure|Zurich|Zurich|CH|47.3769|8.5417|1
20.67|8075|Microsoft Corporation|azure|Dublin|Leinster|IE|53.3498|-6.2603|0
20.215|8075|Microsoft Corporation|azure|Warsaw|Masovia|PL|52.2297|21.0122|1
191.233|8075|Microsoft Corporation|azure|Sao Paulo|Sao Paulo|BR|-23.5505|-46.6333|-3
20.192|8075|Microsoft Corporation|azure|Pune|Maharashtra|IN|18.5204|73.8567|5.5
102.133|8075|Microsoft Corporation|azure|Johannesburg|Gauteng|ZA|-26.2041|28.0473|2
20.194|8075|Microsoft Corporation|azure|Seoul|Seoul|KR|37.5665|126.978|9
20.195|8075|Microsoft Corporation|azure|Singapore|Singapore|SG|1.3521|103.8198|8
`;

interface Row { readonly prefix: string; readonly asn: number; readonly owner: string; readonly kind: InfraKind; readonly city: City }

const ROWS: readonly Row[] = TABLE.trim().split('\n').map((l) => {
  const [prefix, asn, owner, kind, city, state, country, lat, lon, tz] = l.split('|');
  const known = CITIES.find((c) => c.city === city && c.country === country);
  return { prefix: prefix!, asn: Number(asn), owner: owner!, kind: kind as InfraKind, city: known ?? { city: city!, state: state!, country: country!, lat: Number(lat), lon: Number(lon), tz: Number(tz) } };
});

/** Azure region that serves a home country (its datacenter nearest the organisation). */
const AZURE_HOME: Readonly<Record<string, string>> = {
  US: 'US', GB: 'GB', DE: 'DE', NL: 'NL', BE: 'NL', FR: 'FR', SE: 'SE', NO: 'SE', DK: 'SE', FI: 'SE', CA: 'CA', AU: 'AU', NZ: 'AU',
  ES: 'ES', PT: 'ES', IT: 'IT', JP: 'JP', CH: 'CH', AT: 'CH', IE: 'IE', PL: 'PL', BR: 'BR', IN: 'IN', ZA: 'ZA', MX: 'US', KR: 'KR', SG: 'SG',
};

export interface Infra {
  /** Hosting / VPS networks (attackers' rented servers), every country. */
  readonly vps: readonly Network[];
  /** Residential ISP networks (exits of residential-proxy services). */
  readonly proxies: readonly Network[];
  /** Azure datacenter networks; `azureHome` is the region nearest the organisation. */
  readonly azure: readonly Network[];
  readonly azureHome: Network;
}

const NET_KIND: Record<InfraKind, NetKind> = { vps: 'attacker', proxy: 'home', azure: 'hosting' };

/**
 * The networks of the table as /24s (third octet drawn from the seed), skipping any /16 the
 * organisation's own networks already use so that an address maps to one place.
 */
export function buildInfra(rng: Rng, homeCountry: string, taken: ReadonlySet<string>): Infra {
  const nets = ROWS.filter((r) => !taken.has(r.prefix)).map((r) => ({
    kind: NET_KIND[r.kind], name: r.owner, prefix: `${r.prefix}.${rng.int(0, 255)}`, wide: false, city: r.city, asn: r.asn, infra: r.kind,
  }));
  const of = (k: InfraKind): Network[] => nets.filter((n) => n.infra === k).map(({ infra: _i, ...n }) => n);
  const azure = of('azure');
  const want = AZURE_HOME[homeCountry] ?? 'NL';
  return { vps: of('vps'), proxies: of('proxy'), azure, azureHome: azure.find((n) => n.city.country === want) ?? azure[0]! };
}
