/**
 * Pools the organisation model draws from. They are large on purpose: two seeds should share few
 * names, hosts or networks, so rules cannot key on any one of them.
 */

export const FIRST_NAMES = `Aaliyah Aaron Abigail Adam Adele Adrian Aisha Alan Albert Alejandro Alex Alice Alina Amara Amelia
Amir Ana Andre Andrea Angela Anika Anna Anton Arjun Arthur Astrid Aurora Ava Axel Beatriz Ben Bianca Boris Brian
Bruno Caleb Camila Carla Carlos Carmen Catalina Cedric Chen Chiara Chloe Chris Clara Connor Dalia Daniel Daria
David Deepa Diana Diego Dmitri Dora Duncan Eero Elena Eli Elif Elise Ella Emeka Emil Emma Enzo Erik Esther Ethan
Eva Fatima Felix Femi Fiona Florian Freya Gabriel Gemma George Gina Grace Greta Hana Hannah Hassan Heidi Henrik
Hiro Hugo Ian Ida Ines Ingrid Irene Isaac Isabel Ivan Jack Jamal James Jana Jasmine Javier Jin Joao Johan Jonas
Jorge Julia Julian Kai Karim Karin Kate Kenji Kiara Klaus Lara Lars Laura Leah Leila Lena Leo Liam Lina Linnea
Lucas Lucia Luis Luka Maja Malik Marco Maria Marta Mateo Maya Mehmet Mia Mika Milan Mina Mohammed Nadia Naomi
Nathan Nia Nico Nina Noah Nora Olga Oliver Omar Oscar Paula Pedro Petra Philip Priya Rafael Rahul Rania Raul
Rebecca Ren Rosa Ruben Ruth Sami Sara Sean Selin Sergio Simone Sofia Sonia Stefan Sven Tanvir Tariq Tessa Theo
Tobias Tomas Uma Valentina Victor Vera Viktor Wei Willem Xavier Yara Yusuf Zara Zoe Zoltan`.split(/\s+/);

export const LAST_NAMES = `Abbott Adeyemi Aguilar Ahmed Akhtar Alvarez Andersen Arslan Bauer Becker Bergstrom Bianchi
Blom Bose Brandt Brooks Caldwell Campos Carvalho Castillo Chan Chowdhury Christensen Costa Cruz Dahl Das Diaz
Dimitrov Dubois Duarte Eriksen Esposito Evans Falk Farouk Fernandes Fischer Fleming Fontaine Fox Garcia Gill Gomez
Greco Grant Gupta Haddad Hahn Hansen Hart Herrera Hoffmann Holm Horvat Hughes Ibrahim Ito Ivanova Jansen Jensen
Jovanovic Kaur Keller Khan Kim Klein Koch Kowalski Kraus Kumar Lange Larsen Laurent Lee Lehmann Lindqvist Lopez
Lund Maier Malik Marino Martens Martin Mendes Meyer Miller Mishra Molina Moreau Moreno Murphy Nagy Nakamura
Nguyen Nielsen Novak Nowak Obi Okafor Oliveira Olsen Ortiz Ozturk Park Patel Pereira Peters Petrov Popescu
Quinn Rahman Ramos Reyes Ribeiro Richter Rossi Russo Saito Salazar Santos Sato Schmidt Schneider Schulz Sharma
Silva Singh Sokolov Sorensen Stein Suzuki Svensson Takahashi Tan Tanaka Thomsen Torres Tran Vargas Vasquez
Vogel Wagner Walsh Wang Weber Williams Wolf Wong Yamamoto Yilmaz Young Zhang Zimmermann`.split(/\s+/);

export const COMPANY_WORDS_A = `acme alder amber apex arbor argent aster atlas aurora azure basalt beacon birch bluewater
boreal brightline cascade cedar citadel cobalt coral crescent crown cypress delta ember evergreen falcon fjord
foxglove granite harbor helios heron highland horizon indigo iron juniper keystone kestrel lakeside lumen maple
meridian mistral monarch northwind nova oakridge obsidian orchid pacific pinnacle polaris prairie quartz raven
redwood ridgeline riverbend sapphire sequoia sierra silverline solstice spruce starling summit sunstone tidewater
timber trident tundra vantage verdant vista willow zenith`.split(/\s+/);

export const COMPANY_WORDS_B = `analytics bank biotech brands builders capital care cargo chemicals clinics consulting
dynamics energy engineering foods freight health holdings industries insurance labs legal logistics manufacturing
media metals mining motors networks partners pharma power retail robotics shipping software solutions systems
telecom textiles therapeutics travel utilities ventures works`.split(/\s+/);

export interface City {
  readonly city: string; readonly state: string; readonly country: string;
  readonly lat: number; readonly lon: number; readonly tz: number; // hours from UTC (standard time)
}

function cities(text: string): City[] {
  return text.trim().split('\n').map((l) => {
    const [city, state, country, lat, lon, tz] = l.split('|');
    return { city: city!, state: state!, country: country!, lat: Number(lat), lon: Number(lon), tz: Number(tz) };
  });
}

/** Home-region cities by country (an organisation lives in one country, several cities). */
export const CITIES: readonly City[] = cities(`
New York|New York|US|40.7128|-74.006|-5
Boston|Massachusetts|US|42.3601|-71.0589|-5
Chicago|Illinois|US|41.8781|-87.6298|-6
Austin|Texas|US|30.2672|-97.7431|-6
Denver|Colorado|US|39.7392|-104.9903|-7
Seattle|Washington|US|47.6062|-122.3321|-8
Atlanta|Georgia|US|33.749|-84.388|-5
San Diego|California|US|32.7157|-117.1611|-8
London|England|GB|51.5074|-0.1278|0
Manchester|England|GB|53.4808|-2.2426|0
Edinburgh|Scotland|GB|55.9533|-3.1883|0
Bristol|England|GB|51.4545|-2.5879|0
Berlin|Berlin|DE|52.52|13.405|1
Munich|Bavaria|DE|48.1351|11.582|1
Hamburg|Hamburg|DE|53.5511|9.9937|1
Frankfurt am Main|Hesse|DE|50.1109|8.6821|1
Amsterdam|North Holland|NL|52.3676|4.9041|1
Rotterdam|South Holland|NL|51.9244|4.4777|1
Utrecht|Utrecht|NL|52.0907|5.1214|1
Paris|Ile-de-France|FR|48.8566|2.3522|1
Lyon|Auvergne-Rhone-Alpes|FR|45.764|4.8357|1
Toulouse|Occitanie|FR|43.6047|1.4442|1
Stockholm|Stockholm|SE|59.3293|18.0686|1
Gothenburg|Vastra Gotaland|SE|57.7089|11.9746|1
Malmo|Skane|SE|55.605|13.0038|1
Toronto|Ontario|CA|43.6532|-79.3832|-5
Montreal|Quebec|CA|45.5017|-73.5673|-5
Vancouver|British Columbia|CA|49.2827|-123.1207|-8
Sydney|New South Wales|AU|-33.8688|151.2093|10
Melbourne|Victoria|AU|-37.8136|144.9631|10
Brisbane|Queensland|AU|-27.4698|153.0251|10
Madrid|Madrid|ES|40.4168|-3.7038|1
Barcelona|Catalonia|ES|41.3874|2.1686|1
Valencia|Valencia|ES|39.4699|-0.3763|1
Milan|Lombardy|IT|45.4642|9.19|1
Rome|Lazio|IT|41.9028|12.4964|1
Turin|Piedmont|IT|45.0703|7.6869|1
Tokyo|Tokyo|JP|35.6762|139.6503|9
Osaka|Osaka|JP|34.6937|135.5023|9
Singapore|Singapore|SG|1.3521|103.8198|8
Zurich|Zurich|CH|47.3769|8.5417|1
Geneva|Geneva|CH|46.2044|6.1432|1
Dublin|Leinster|IE|53.3498|-6.2603|0
Cork|Munster|IE|51.8985|-8.4756|0
Copenhagen|Capital Region|DK|55.6761|12.5683|1
Aarhus|Central Jutland|DK|56.1629|10.2039|1
Oslo|Oslo|NO|59.9139|10.7522|1
Bergen|Vestland|NO|60.3913|5.3221|1
Warsaw|Masovia|PL|52.2297|21.0122|1
Krakow|Lesser Poland|PL|50.0647|19.945|1
Helsinki|Uusimaa|FI|60.1699|24.9384|2
Tampere|Pirkanmaa|FI|61.4978|23.761|2
Vienna|Vienna|AT|48.2082|16.3738|1
Graz|Styria|AT|47.0707|15.4395|1
Brussels|Brussels|BE|50.8503|4.3517|1
Antwerp|Flanders|BE|51.2194|4.4025|1
Lisbon|Lisbon|PT|38.7223|-9.1393|0
Porto|Porto|PT|41.1579|-8.6291|0
Auckland|Auckland|NZ|-36.8485|174.7633|12
Wellington|Wellington|NZ|-41.2865|174.7762|12
Sao Paulo|Sao Paulo|BR|-23.5505|-46.6333|-3
Rio de Janeiro|Rio de Janeiro|BR|-22.9068|-43.1729|-3
Mumbai|Maharashtra|IN|19.076|72.8777|5.5
Bengaluru|Karnataka|IN|12.9716|77.5946|5.5
Johannesburg|Gauteng|ZA|-26.2041|28.0473|2
Cape Town|Western Cape|ZA|-33.9249|18.4241|2
Mexico City|CDMX|MX|19.4326|-99.1332|-6
Seoul|Seoul|KR|37.5665|126.978|9
Dubai|Dubai|AE|25.2048|55.2708|4
Tel Aviv|Tel Aviv|IL|32.0853|34.7818|2
`);

/** Places attackers' infrastructure appears in (hosting, proxies). */
export const ATTACKER_CITIES: readonly City[] = cities(`
Bucharest|Bucharest|RO|44.4268|26.1025|2
Sofia|Sofia|BG|42.6977|23.3219|2
Kyiv|Kyiv|UA|50.4501|30.5234|2
Moscow|Moscow|RU|55.7558|37.6173|3
Saint Petersburg|Saint Petersburg|RU|59.9311|30.3609|3
Minsk|Minsk|BY|53.9006|27.559|3
Almaty|Almaty|KZ|43.222|76.8512|6
Lagos|Lagos|NG|6.5244|3.3792|1
Ho Chi Minh City|Ho Chi Minh|VN|10.8231|106.6297|7
Hanoi|Hanoi|VN|21.0285|105.8542|7
Jakarta|Jakarta|ID|-6.2088|106.8456|7
Shenzhen|Guangdong|CN|22.5431|114.0579|8
Hong Kong|Hong Kong|HK|22.3193|114.1694|8
Tehran|Tehran|IR|35.6892|51.389|3.5
Istanbul|Istanbul|TR|41.0082|28.9784|3
Chisinau|Chisinau|MD|47.0105|28.8638|2
Tbilisi|Tbilisi|GE|41.7151|44.8271|4
Belgrade|Belgrade|RS|44.7866|20.4489|1
Buenos Aires|Buenos Aires|AR|-34.6037|-58.3816|-3
Lima|Lima|PE|-12.0464|-77.0428|-5
Manila|Metro Manila|PH|14.5995|120.9842|8
Karachi|Sindh|PK|24.8607|67.0011|5
Riga|Riga|LV|56.9496|24.1052|2
Vilnius|Vilnius|LT|54.6872|25.2797|2
`);

/** ISO country → a few plausible hosting / ISP labels for the ASN pool. */
export const ISP_WORDS = `Telecom Broadband Fiber Cable Net Online Connect Wave Link Digital Comms Mobile Networks
Datacenter Hosting Cloud Servers Infra`.split(/\s+/);

export const ROLE_NAMES_AWS = `app-prod-ec2-role web-tier-instance-role batch-worker-role etl-runner-role
ingest-node-role api-backend-role jenkins-agent-role data-pipeline-role reporting-ec2 k8s-node-role
analytics-worker media-transcode-role cron-host-role gateway-instance-role scanner-node-role`.split(/\s+/);

export const SSO_PERMISSION_SETS = `AdministratorAccess PowerUserAccess ReadOnlyAccess Billing DeveloperAccess
SecurityAudit NetworkAdmin DatabaseAdmin`.split(/\s+/);

export const GCP_PROJECT_WORDS = `prod staging data analytics platform web ml shared infra core billing logs edge`.split(/\s+/);

export const AWS_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'eu-north-1', 'ap-southeast-2', 'ap-northeast-1', 'ca-central-1'];
export const GCP_REGIONS = ['us-central1', 'us-east1', 'europe-west1', 'europe-west3', 'europe-north1', 'asia-southeast1', 'australia-southeast1'];

export const MONITOR_PRODUCTS = ['CloudLens', 'Skywatch', 'Panopta', 'Observa', 'Metricly', 'Sentryx', 'Telemetrix', 'Vigil', 'Nimbus Monitor', 'Orbiter'];

export const OFFICE_APPS = ['winword.exe', 'excel.exe', 'powerpnt.exe', 'outlook.exe', 'onenote.exe'];
