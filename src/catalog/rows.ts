import { ComponentIds as C } from './components';
import { componentEnd, peerEnd } from './ends';
import { CatalogConnection, Classification, ConnectionEnd, Direction, EndKind, GenesysService, PeerKindId as P, PeerLocation, ServiceTable } from './model';
import { EmbeddedStores } from './stores';

// The four connection tables of the Genesys architecture pages, row by row. Values the
// documentation leaves out or gets wrong are decided here, with the decision text beside them.

// Numbers several rows share. They are only spellings inside this table: the rows are the one
// place a port lives, and everything else (Services, policies, URLs, peers' defaults) is read from them.
/** Service port of every GWS microservice (the documented default, configurable per service). */
const GWS_SERVICE_PORT = 80;
/** Pod port of every GWS microservice (library default). */
const GWS_POD_PORT = 8080;
/** The UCS-X API pod port. */
const UCSX_API_PORT = 8080;
/** Metrics port of UCS-X, UDM and UDM Gateway. */
const UCSX_METRICS_PORT = 10052;

const CYRILLIC = 'the Protocol cell is written with Cyrillic look-alike letters; read as ';
const PLATFORM = '"Platform services" means every gws-platform-* workload';
const EGRESS_IN_CLUSTER = '"Egress" means GWS is the source; the peer is a Genesys service in the cluster';
const INBOUND = 'the Inbound/Ingress Gateway is the ingress controller; TLS terminates there';
const CONSUL = 'Consul is often a node-local agent: the Consul peer is an in-cluster Service or a node CIDR group';
const LOST_COLUMN = 'the Classification cell is empty in the documentation (the row lost a column); the row is intra-cluster by its ends';

function platformServices(): ConnectionEnd {
  return { id: C.GWS_PLATFORM_SERVICES, kind: EndKind.COMPONENT_GROUP, components: C.gwsPlatformServices(), documented: 'Platform services' };
}

interface Row {
  readonly n: number;
  readonly src: ConnectionEnd;
  readonly dst: ConnectionEnd;
  /** Protocol column as written. */
  readonly doc: string;
  /** Effective protocol (defaults to the written one). */
  readonly proto?: string;
  readonly port?: number;
  readonly svc?: number;
  readonly pod?: number;
  readonly cfg?: boolean;
  readonly cls: Classification;
  readonly dir: Direction;
  readonly loc: PeerLocation;
  readonly data: string;
  readonly decision?: string;
  /** Name of the destination's port (see `defaultPortName`). */
  readonly name?: string;
}

/**
 * The port a row dials, by name: `metrics` for Prometheus, `http` on a component, the engine's port
 * name on a store, else `https` or `http` by protocol.
 */
function defaultPortName(r: Row): string {
  if (r.name) return r.name;
  if (r.src.id === P.PROMETHEUS) return 'metrics';
  if (r.dst.kind !== EndKind.PEER) return 'http';
  return EmbeddedStores.portName(r.dst.id) ?? ((r.proto ?? r.doc) === 'HTTPS' ? 'https' : 'http');
}

function table(service: GenesysService, rows: Row[]): CatalogConnection[] {
  return rows.map((r) => ({
    ref: `${service}#${r.n}`,
    service,
    number: r.n,
    source: r.src,
    destination: r.dst,
    documentedProtocol: r.doc,
    protocol: r.proto ?? r.doc,
    documentedPort: r.port,
    servicePort: r.svc ?? r.port,
    podPort: r.pod ?? r.svc ?? r.port,
    portName: defaultPortName(r),
    portConfigurable: r.cfg ?? false,
    classification: r.cls,
    direction: r.dir,
    peerLocation: r.loc,
    data: r.data,
    decision: r.decision,
  }));
}

const { INGRESS, EGRESS, INTRA_CLUSTER, INGRESS_EGRESS, UNSPECIFIED } = Classification;
const IN = Direction.INGRESS;
const OUT = Direction.EGRESS;
const INTERNAL = Direction.INTERNAL;
const NEITHER = Direction.NEITHER;
const CLUSTER = PeerLocation.IN_CLUSTER;
const EXTERNAL = PeerLocation.EXTERNAL;
const H = '\u041d\u0422\u0422\u0420'; // "HTTP" in Cyrillic letters, as the GWS table writes it
const T = '\u0422\u0421\u0420'; // "TCP" in Cyrillic letters

const WWE = componentEnd(C.WWE_NGINX, 'Workspace Web Edition');
const BROWSER = peerEnd(P.BROWSER, 'Browser');

export const WWE_ROWS = table(GenesysService.WWE, [
  { n: 1, src: BROWSER, dst: WWE, doc: 'HTTPS', port: 443, pod: 8080, cls: INGRESS, dir: IN, loc: EXTERNAL, data: 'HTML 5 content required to render WWE in the browser.', decision: 'the browser reaches WWE through its Ingress on 443; the ingress controller forwards to the NGINX pod port 8080 (row 9)' },
  { n: 2, src: BROWSER, dst: peerEnd(P.AUTH_SERVICE, 'Genesys Authentication'), doc: 'HTTPS', port: 443, cls: INGRESS, dir: NEITHER, loc: EXTERNAL, data: 'Authentication information such as user credentials and JWT tokens.', decision: 'browser traffic to another service: WWE only carries the public URL in its runtime configuration' },
  { n: 3, src: BROWSER, dst: componentEnd(C.GWS_SERVICE_PROXY, 'Genesys Web Services and Applications'), doc: 'HTTPS', port: 443, pod: GWS_POD_PORT, cls: INGRESS, dir: NEITHER, loc: EXTERNAL, data: 'Provisioning data, contact and interaction history, statistics, business data, interaction control and digital content.', decision: 'browser traffic to GWS through the GWS Ingress (gws#1); WWE carries the public URL in its runtime configuration' },
  { n: 4, src: BROWSER, dst: peerEnd(P.WEBRTC, 'WebRTC Media Service'), doc: 'HTTPS', port: 443, cls: INGRESS, dir: NEITHER, loc: EXTERNAL, data: 'VoIP control and media streams of WebRTC calls.', decision: 'browser traffic to another service: WWE only carries the public URL in its runtime configuration' },
  { n: 5, src: BROWSER, dst: peerEnd(P.TELEMETRY, 'Telemetry Service'), doc: 'HTTPS', port: 443, cls: INGRESS, dir: NEITHER, loc: EXTERNAL, data: 'Metrics, events and logs (cleared of customer data) generated by the browser.', decision: 'browser traffic to another service: WWE only carries the public URL in its runtime configuration' },
  { n: 6, src: BROWSER, dst: componentEnd(C.NEXUS, 'Digital Channels'), doc: 'HTTPS', port: 443, pod: 8080, cls: INGRESS, dir: NEITHER, loc: EXTERNAL, data: 'Digital interaction content.', decision: 'browser traffic to Digital Channels through its Ingress (nexus#3); WWE carries the public URL in its runtime configuration' },
  { n: 7, src: BROWSER, dst: peerEnd(P.INGRESS_CONTROLLER, 'Inbound Gateway'), doc: 'HTTPS', port: 443, cls: INGRESS, dir: NEITHER, loc: EXTERNAL, data: 'HTML 5 content required to render WWE in the browser.', decision: INBOUND },
  { n: 8, src: peerEnd(P.INGRESS_PROXY, 'Ingress proxy'), dst: peerEnd(P.INGRESS_CONTROLLER, 'Ingress controller'), doc: 'HTTPS', port: 443, cls: INTRA_CLUSTER, dir: NEITHER, loc: CLUSTER, data: 'HTML 5 content required to render WWE in the browser.', decision: 'both ends belong to the cluster\'s ingress layer, outside this library\'s workloads' },
  { n: 9, src: peerEnd(P.INGRESS_CONTROLLER, 'Ingress controller'), dst: WWE, doc: 'HTTP', port: 8080, svc: 80, pod: 8080, cls: INTRA_CLUSTER, dir: IN, loc: CLUSTER, data: 'HTML 5 content required to render WWE in the browser.', decision: 'the documented 8080 is the NGINX pod port; the wwe-nginx Service exposes 80 to it' },
]);

const PROXY = componentEnd(C.GWS_SERVICE_PROXY, 'Service proxy');
const WORKSPACE = componentEnd(C.GWS_APP_WORKSPACE, 'GWS Workspace Service');
const PROVISIONING = componentEnd(C.GWS_APP_PROVISIONING, 'GWS Provisioning Service');
const CONFIGURATION = componentEnd(C.GWS_PLATFORM_CONFIGURATION, 'GWS Configuration Service');
const DATACOLLECTOR = componentEnd(C.GWS_PLATFORM_DATACOLLECTOR, 'GWS Data Collector Service');
const SETTING = componentEnd(C.GWS_PLATFORM_SETTING, 'GWS Setting Service');
const GWS_CONSUL = peerEnd(P.CONSUL, 'Consul');
const GWS_REDIS = peerEnd(P.REDIS, 'Redis');
const GWS_POSTGRES = peerEnd(P.POSTGRESQL, 'PostgreSQL');
const AUTH = peerEnd(P.AUTH_SERVICE, 'Authentication Service');
const gwsPort = { port: GWS_SERVICE_PORT, pod: GWS_POD_PORT, cfg: true };

export const GWS_ROWS = table(GenesysService.GWS, [
  { n: 1, src: peerEnd(P.BROWSER, 'Clients/ WWE/Agent Setup'), dst: PROXY, doc: 'HTTPS', port: 443, pod: GWS_POD_PORT, cls: INGRESS, dir: IN, loc: EXTERNAL, data: 'REST API requests and responses, and UI static content.', decision: 'clients enter through the GWS Ingress (gws.<domain>, gws-int.<domain>) on 443; CometD long polling gets cookie affinity and long read timeouts' },
  { n: 2, src: PROXY, dst: platformServices(), doc: H, proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'REST API requests and responses.', decision: `${CYRILLIC}HTTP; ${PLATFORM}; the port is set per service (default 80)` },
  { n: 3, src: PROXY, dst: GWS_CONSUL, doc: 'HTTP', port: 8500, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Service discovery information.', decision: CONSUL },
  { n: 4, src: PROXY, dst: componentEnd(C.GWS_UI_CRMWORKSPACE, 'Gplus Adapter for Salesforce'), doc: '', proto: 'HTTP', svc: GWS_SERVICE_PORT, pod: GWS_POD_PORT, cfg: true, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'Gplus Adapter for Salesforce UI content.', decision: 'no protocol or port documented: HTTP on the GWS Service port (default 80), like every GWS service' },
  { n: 5, src: PROXY, dst: componentEnd(C.GWS_UI_PROVISIONING, 'Agent Setup'), doc: '', proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'UI static content.', decision: 'no protocol documented: HTTP; the port is the Agent Setup Service port (default 80)' },
  { n: 6, src: PROXY, dst: WORKSPACE, doc: H, proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'Workspace REST API requests and responses.', decision: `${CYRILLIC}HTTP` },
  { n: 7, src: PROXY, dst: PROVISIONING, doc: H, proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'Provisioning REST API requests and responses.', decision: `${CYRILLIC}HTTP` },
  { n: 8, src: platformServices(), dst: GWS_CONSUL, doc: 'HTTP', port: 8500, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Service discovery information.', decision: `${PLATFORM}; ${CONSUL}` },
  { n: 9, src: SETTING, dst: GWS_POSTGRES, doc: 'TCP', proto: 'PostgreSQL', port: 5432, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Tenant information.', decision: 'the port depends on the PostgreSQL configuration: default 5432, configurable; embedded or external' },
  { n: 10, src: platformServices(), dst: peerEnd(P.TENANT_SERVICE, 'Tenant Service'), doc: '', proto: 'HTTP', cfg: true, cls: EGRESS, dir: OUT, loc: CLUSTER, data: 'Tenant configuration, voice events, multimedia interactions and statistical information.', decision: `${PLATFORM}; no protocol or port documented ("depends on your Tenant Service"): HTTP on a required port prop; ${EGRESS_IN_CLUSTER}` },
  { n: 11, src: platformServices(), dst: AUTH, doc: H, proto: 'HTTP', svc: 80, cfg: true, cls: EGRESS, dir: OUT, loc: CLUSTER, data: 'Authentication and authorization information.', decision: `${CYRILLIC}HTTP; ${PLATFORM}; no port documented: GAuth port prop, default 80; ${EGRESS_IN_CLUSTER}` },
  { n: 12, src: DATACOLLECTOR, dst: GWS_REDIS, doc: 'TCP', proto: 'Redis', port: 6379, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Session data cache.' },
  { n: 13, src: DATACOLLECTOR, dst: peerEnd(P.ELASTICSEARCH, 'Elasticsearch'), doc: T, proto: 'TCP', port: 9200, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Store monitored statistics for fast access.', decision: `${CYRILLIC}TCP` },
  { n: 14, src: WORKSPACE, dst: AUTH, doc: H, proto: 'HTTP', svc: 80, cfg: true, cls: EGRESS, dir: OUT, loc: CLUSTER, data: 'Authentication and authorization information.', decision: `${CYRILLIC}HTTP; no port documented: GAuth port prop, default 80; ${EGRESS_IN_CLUSTER}` },
  { n: 15, src: WORKSPACE, dst: DATACOLLECTOR, doc: H, proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'Contacts search requests and contacts state information.', decision: `${CYRILLIC}HTTP` },
  { n: 16, src: WORKSPACE, dst: CONFIGURATION, doc: H, proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'Contact center configuration information.', decision: `${CYRILLIC}HTTP` },
  { n: 17, src: WORKSPACE, dst: peerEnd(P.VOICEMAIL, 'Voicemail'), doc: H, proto: 'HTTP', svc: 8081, cfg: true, cls: EGRESS, dir: OUT, loc: CLUSTER, data: 'Voice mailbox message count data.', decision: `${CYRILLIC}HTTP; no port documented: Voicemail port prop, default 8081; ${EGRESS_IN_CLUSTER}` },
  { n: 18, src: WORKSPACE, dst: GWS_REDIS, doc: 'TCP', proto: 'Redis', port: 6379, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Session data cache.' },
  { n: 19, src: WORKSPACE, dst: GWS_CONSUL, doc: 'HTTP', port: 8500, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Service discovery information.', decision: CONSUL },
  { n: 20, src: PROVISIONING, dst: AUTH, doc: H, proto: 'HTTP', svc: 80, cfg: true, cls: EGRESS, dir: OUT, loc: CLUSTER, data: 'Authentication and authorization information.', decision: `${CYRILLIC}HTTP; no port documented: GAuth port prop, default 80; ${EGRESS_IN_CLUSTER}` },
  { n: 21, src: PROVISIONING, dst: CONFIGURATION, doc: H, proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'Read and write requests for contact center configuration information.', decision: `${CYRILLIC}HTTP` },
  { n: 22, src: PROVISIONING, dst: GWS_CONSUL, doc: 'HTTP', port: 8500, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Service discovery information.', decision: CONSUL },
  { n: 23, src: PROVISIONING, dst: GWS_POSTGRES, doc: T, proto: 'PostgreSQL', port: 5432, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Tenant information.', decision: `${CYRILLIC}TCP; the port depends on the PostgreSQL configuration: default 5432, configurable` },
  { n: 24, src: componentEnd(C.GWS_PLATFORM_IXN, 'GWS Interaction Service'), dst: GWS_REDIS, doc: T, proto: 'Redis', port: 6379, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Session data cache.', decision: `${CYRILLIC}TCP` },
  { n: 25, src: componentEnd(C.GWS_PLATFORM_VOICE, 'GWS Voice Service'), dst: GWS_REDIS, doc: 'TCP', proto: 'Redis', port: 6379, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Session data cache.' },
  { n: 26, src: WORKSPACE, dst: peerEnd(P.IWD, 'Intelligent Workload Distribution'), doc: H, proto: 'HTTP', cfg: true, cls: EGRESS, dir: OUT, loc: CLUSTER, data: 'IWD API requests and responses.', decision: `${CYRILLIC}HTTP; no port documented ("depends on your IWD"): a required port prop; ${EGRESS_IN_CLUSTER}` },
  { n: 27, src: WORKSPACE, dst: componentEnd(C.NEXUS, 'Digital Channels'), doc: H, proto: 'HTTP', svc: 80, pod: 8080, cfg: true, cls: EGRESS, dir: OUT, loc: CLUSTER, data: 'Chat API requests and responses, and CometD polling for chat events.', decision: `${CYRILLIC}HTTP; no port documented: the Digital Channels Service port (80, nexus#4-6); wired to NexusService when it is in the app; ${EGRESS_IN_CLUSTER}` },
  { n: 28, src: WORKSPACE, dst: componentEnd(C.UCSX, 'Universal Contact Service'), doc: H, proto: 'HTTP', svc: UCSX_API_PORT, pod: UCSX_API_PORT, cfg: true, cls: EGRESS, dir: OUT, loc: CLUSTER, data: 'UCS API requests and responses, and CometD polling for UCS asynchronous responses.', decision: `${CYRILLIC}HTTP; no port documented: UCS-X API port prop, default 8080; wired to UcsxStack when it is in the app; ucsx#13 (the reverse) is implemented too; ${EGRESS_IN_CLUSTER}` },
  { n: 29, src: WORKSPACE, dst: componentEnd(C.GWS_PLATFORM_VOICE, 'GWS Voice Service'), doc: H, proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'Voice API requests and responses, CometD polling for voice related events.', decision: `${CYRILLIC}HTTP` },
  { n: 30, src: WORKSPACE, dst: componentEnd(C.GWS_PLATFORM_STATISTICS, 'GWS Statistics Service'), doc: H, proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'Statistics API requests and responses.', decision: `${CYRILLIC}HTTP` },
  { n: 31, src: WORKSPACE, dst: SETTING, doc: H, proto: 'HTTP', ...gwsPort, cls: INTRA_CLUSTER, dir: INTERNAL, loc: CLUSTER, data: 'Favorite and recent data for agents.', decision: `${CYRILLIC}HTTP` },
]);

const NEXUS = componentEnd(C.NEXUS, 'Digital Channels');
const NEXUS_POD_PORT = 8080;

export const NEXUS_ROWS = table(GenesysService.NEXUS, [
  { n: 1, src: peerEnd(P.ASYNC_API_CLIENT, 'Async API custom client'), dst: componentEnd(C.NEXUS, 'Digital Channels through Third-Party Messaging API'), doc: 'HTTPS', port: 443, pod: NEXUS_POD_PORT, cls: INGRESS_EGRESS, dir: IN, loc: EXTERNAL, data: 'Delivers messages to Digital Channels and sends messages from Digital Channels.', decision: 'Ingress/Egress: clients enter through the Digital Channels Ingress on 443; replies to the client\'s endpoint leave on 443 to its external CIDR groups' },
  { n: 2, src: peerEnd(P.GENESYS_WIDGETS, 'Genesys Widgets'), dst: NEXUS, doc: 'HTTPS', port: 443, pod: NEXUS_POD_PORT, cls: INGRESS, dir: IN, loc: EXTERNAL, data: 'Chat interaction data.', decision: 'widgets enter through the Digital Channels Ingress on 443' },
  { n: 3, src: peerEnd(P.BROWSER, 'Workspace Web Edition'), dst: NEXUS, doc: 'HTTPS/WSS', port: 443, pod: NEXUS_POD_PORT, cls: INGRESS, dir: IN, loc: EXTERNAL, data: 'Data for chat, social media, and SMS interactions.', decision: 'WWE runs in the agent\'s browser: it enters through the Digital Channels Ingress, which allows WebSocket upgrade and long timeouts (WSS)' },
  { n: 4, src: peerEnd(P.DESIGNER, 'Designer'), dst: NEXUS, doc: 'HTTP', port: 80, pod: NEXUS_POD_PORT, cls: INTRA_CLUSTER, dir: IN, loc: CLUSTER, data: 'Routing information for various Digital Channels.' },
  { n: 5, src: peerEnd(P.TENANT_SERVICE, 'Tenant Service'), dst: NEXUS, doc: 'HTTP', port: 80, pod: NEXUS_POD_PORT, cls: INTRA_CLUSTER, dir: IN, loc: CLUSTER, data: 'Chat communication for routing and self-service purposes.' },
  { n: 6, src: peerEnd(P.CX_CONTACT, 'CX Contact'), dst: NEXUS, doc: 'HTTP/WS', port: 80, pod: NEXUS_POD_PORT, cls: INTRA_CLUSTER, dir: IN, loc: CLUSTER, data: 'Outbound campaign data and record statuses.' },
  { n: 7, src: NEXUS, dst: componentEnd(C.GWS_SERVICE_PROXY, 'Genesys Web Services and Applications'), doc: 'HTTP/CometD', port: 80, pod: GWS_POD_PORT, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Interaction management and configuration access.', decision: 'GWS is reached through its service proxy; wired to GwsCluster when it is in the app' },
  { n: 8, src: NEXUS, dst: componentEnd(C.UCSX, 'Universal Contact Service'), doc: 'HTTP', port: 80, name: 'http-80', pod: UCSX_API_PORT, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Access to contact and interaction history.', decision: 'this row says UCS on 80 and ucsx#15 says 8080: the UCS-X Service exposes 8080 and 80, both to pod port 8080' },
  { n: 9, src: NEXUS, dst: peerEnd(P.REDIS, 'Redis'), doc: 'Redis', svc: 6379, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Shared real-time data for ongoing chat sessions.', decision: 'no port documented: Redis port prop, default 6379 (cluster mode supported); embedded or external' },
  { n: 10, src: NEXUS, dst: peerEnd(P.POSTGRESQL, 'PostgreSQL'), doc: 'Postgres', proto: 'PostgreSQL', svc: 5432, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Provisioning data and authentication information for third-party bots.', decision: 'no port documented: PostgreSQL port prop, default 5432; embedded or external' },
  { n: 11, src: NEXUS, dst: peerEnd(P.MESSAGING_AGGREGATORS, 'Third-Party SMS and Email aggregators'), doc: 'HTTPS', port: 443, cls: INGRESS, dir: OUT, loc: EXTERNAL, data: 'SMS and email messages exchanged with the aggregators.', decision: 'documented source is Digital Channels but classified Ingress: implemented in the documented direction (egress to the aggregators\' CIDR groups on 443); aggregator callbacks enter through the Digital Channels Ingress' },
  { n: 12, src: NEXUS, dst: peerEnd(P.WEBHOOKS, 'Interactions Webhooks'), doc: 'HTTPS', port: 443, cls: EGRESS, dir: OUT, loc: EXTERNAL, data: 'Notifications about state changes in chat and secure email interactions.' },
]);

const UCSX = componentEnd(C.UCSX, 'Universal Contact Service');
const UDM = componentEnd(C.UDM, 'UDM');
const UDM_GATEWAY = componentEnd(C.UDM_GATEWAY, 'UDM Gateway');
const PROMETHEUS = peerEnd(P.PROMETHEUS, 'Prometheus');
const UCS_AUTH = peerEnd(P.AUTH_SERVICE, 'Authentication Service');
const UDM_DB = peerEnd(P.UDM_MASTER_DB, 'UDM Master DB');
const MASTER_DB = peerEnd(P.UCSX_MASTER_DB, 'UCSX Master Database');
const FILES = peerEnd(P.FILE_STORAGE, 'External File Storage');
const IWD = peerEnd(P.IWD, 'Intelligent Workload Distribution');

export const UCSX_ROWS = table(GenesysService.UCSX, [
  { n: 1, src: BROWSER, dst: peerEnd(P.INGRESS_CONTROLLER, 'Inbound Gateway'), doc: 'HTTP', port: 80, cls: INGRESS, dir: NEITHER, loc: EXTERNAL, data: 'Inbound web traffic.', decision: INBOUND },
  { n: 2, src: peerEnd(P.INGRESS_CONTROLLER, 'Ingress Gateway'), dst: UDM_GATEWAY, doc: 'TCP', proto: 'HTTP', port: 80, pod: 8080, cls: INGRESS, dir: IN, loc: CLUSTER, data: 'Inbound web traffic.', decision: `${INBOUND}; the udm-gateway Service exposes 80 to pod port 8080` },
  { n: 3, src: UDM_GATEWAY, dst: UDM_DB, doc: 'TCP', proto: 'PostgreSQL', port: 5432, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'UDM Gateway reads information about the jobs from the UDM Master DB.' },
  { n: 4, src: UDM, dst: UDM_DB, doc: 'TCP', proto: 'PostgreSQL', port: 443, svc: 5432, pod: 5432, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'UDM reads information about the jobs from the UDM Master DB.', decision: 'documented TCP 443 for a PostgreSQL database: effective 5432 (configurable), the port of row 3' },
  { n: 5, src: UDM_GATEWAY, dst: FILES, doc: 'HTTP', proto: 'HTTPS', port: 443, cls: INTRA_CLUSTER, dir: OUT, loc: EXTERNAL, data: 'UDM Gateway uploads exported data to the External File Storage.', decision: 'documented HTTP on 443: HTTPS; classified intra-cluster, but the storage is outside the cluster: external CIDR groups' },
  { n: 6, src: UDM, dst: FILES, doc: 'HTTP', proto: 'HTTPS', port: 443, cls: INTRA_CLUSTER, dir: OUT, loc: EXTERNAL, data: 'UDM uploads exported data to the External File Storage.', decision: 'documented HTTP on 443: HTTPS; classified intra-cluster, but the storage is outside the cluster: external CIDR groups' },
  { n: 7, src: PROMETHEUS, dst: UDM_GATEWAY, doc: 'TCP', proto: 'HTTP', port: UCSX_METRICS_PORT, cls: INTRA_CLUSTER, dir: IN, loc: CLUSTER, data: 'Prometheus polls UDM Gateway for metric endpoints.' },
  { n: 8, src: IWD, dst: UDM, doc: 'HTTP', port: 8080, cls: UNSPECIFIED, dir: IN, loc: CLUSTER, data: 'UDM exports iWD events using the iWD API.', decision: LOST_COLUMN },
  { n: 9, src: UDM, dst: UCS_AUTH, doc: 'TCP', proto: 'HTTP', port: 80, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'UDM connects to GAuth for authenticating UDM clients.' },
  { n: 10, src: UDM_GATEWAY, dst: UCS_AUTH, doc: 'TCP', proto: 'HTTP', port: 80, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'UDM Gateway connects to GAuth for authenticating UDM Gateway.' },
  { n: 11, src: PROMETHEUS, dst: UDM, doc: 'TCP', proto: 'HTTP', port: UCSX_METRICS_PORT, cls: INTRA_CLUSTER, dir: IN, loc: CLUSTER, data: 'Prometheus polls UDM for metric endpoints.' },
  { n: 12, src: UCSX, dst: UCS_AUTH, doc: 'TCP', proto: 'HTTP', port: 80, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'UCS-X connects to GAuth for authenticating UCS-X clients.' },
  { n: 13, src: UCSX, dst: componentEnd(C.GWS_APP_WORKSPACE, 'GWS Workspace Service'), doc: 'HTTP', port: 80, pod: GWS_POD_PORT, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'Agent Workspace accesses UCS-X through the aggregator (GWS Workspace API); the internal ingress keeps CometD sessions sticky.', decision: 'implemented as documented, as is the reverse gws#28; wired to GwsCluster when it is in the app' },
  { n: 14, src: IWD, dst: UCSX, doc: 'HTTP', port: 80, name: 'http-80', pod: UCSX_API_PORT, cls: INTRA_CLUSTER, dir: IN, loc: CLUSTER, data: 'iWD stores workitem interactions in UCS-X and reads contacts from UCS-X.', decision: 'the UCS-X Service exposes 80 and 8080, both to pod port 8080' },
  { n: 15, src: componentEnd(C.NEXUS, 'Nexus'), dst: UCSX, doc: 'TCP', proto: 'HTTP', port: UCSX_API_PORT, pod: UCSX_API_PORT, cls: INTRA_CLUSTER, dir: IN, loc: CLUSTER, data: 'Nexus accesses the UCS-X API for storing and reading interactions and contacts.', decision: 'this row says 8080 and nexus#8 says 80: the UCS-X Service exposes 8080 and 80, both to pod port 8080' },
  { n: 16, src: PROMETHEUS, dst: UCSX, doc: 'TCP', proto: 'HTTP', port: UCSX_METRICS_PORT, cls: UNSPECIFIED, dir: IN, loc: CLUSTER, data: 'Prometheus polls UCS-X for metric endpoints.', decision: LOST_COLUMN },
  { n: 17, src: UCSX, dst: peerEnd(P.ELASTICSEARCH, 'Elasticsearch'), doc: 'TCP', proto: 'HTTP', port: 9200, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'UCS-X logs are passed to Elasticsearch.' },
  { n: 18, src: UCSX, dst: peerEnd(P.UCSX_TENANT_DB, 'UCSX Tenant Database'), doc: 'TCP', proto: 'PostgreSQL', port: 5432, cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'UCS-X operations with tenant data (interactions, contacts, categories).' },
  { n: 19, src: UCSX, dst: MASTER_DB, doc: 'TCP', proto: 'PostgreSQL', port: 6432, name: 'pgbouncer', cfg: true, cls: INTRA_CLUSTER, dir: OUT, loc: CLUSTER, data: 'UCS-X stores and accesses configuration data in the UCS-X Master database.', decision: 'the Master Database is documented on 6432 here and on 5432 in row 20: both kept (6432 is the usual PgBouncer port)' },
  { n: 20, src: UDM, dst: MASTER_DB, doc: 'TCP', proto: 'PostgreSQL', port: 5432, cfg: true, cls: UNSPECIFIED, dir: OUT, loc: CLUSTER, data: 'UDM exports data from the UCS-X databases.', decision: `the Master Database is documented on 5432 here and on 6432 in row 19: both kept (6432 is the usual PgBouncer port); ${LOST_COLUMN}` },
  { n: 21, src: UDM_GATEWAY, dst: UCSX, doc: 'TCP', proto: 'HTTP', port: 443, svc: UCSX_API_PORT, pod: UCSX_API_PORT, cls: UNSPECIFIED, dir: INTERNAL, loc: CLUSTER, data: 'UDM Gateway retrieves contact information for GDPR related jobs.', decision: `documented TCP 443, but UCS-X serves its API on 8080: effective 8080; ${LOST_COLUMN}` },
]);

/** The four tables of the Genesys architecture pages, as the catalog registers them. */
export const BUILT_IN_TABLES: ServiceTable[] = [
  { service: GenesysService.WWE, title: 'Workspace Web Edition', components: [C.WWE_NGINX], rows: WWE_ROWS },
  {
    service: GenesysService.GWS,
    title: 'Genesys Web Services and Applications',
    components: [
      C.GWS_SERVICE_PROXY, C.GWS_APP_WORKSPACE, C.GWS_APP_PROVISIONING, ...C.gwsPlatformServices(), C.GWS_UI_CRMWORKSPACE, C.GWS_UI_PROVISIONING,
    ],
    groups: [{ id: C.GWS_PLATFORM_SERVICES, components: C.gwsPlatformServices() }],
    rows: GWS_ROWS,
  },
  { service: GenesysService.NEXUS, title: 'Digital Channels', components: [C.NEXUS], rows: NEXUS_ROWS },
  { service: GenesysService.UCSX, title: 'Universal Contact Service', components: [C.UCSX, C.UDM, C.UDM_GATEWAY], rows: UCSX_ROWS },
];
