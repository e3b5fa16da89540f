import {
  ConsulNodeAgentOptions, GwsAuthClientOptions, GwsClusterOptions, GwsClusterProps, GwsConsulOptions, GwsDatabaseOptions, GwsEntryPointOptions,
  GwsImageOptions, GwsIngressOptions, GwsServiceOptions, GwsServiceProxyOptions, GwsServicesOptions,
} from './props';
import { cidrGroups, dnsLabel, dnsName, secretRef, tcpPort, absolutePath } from '../core/checks';
import { ENTRY_POINT_BEHAVIOUR } from '../core/entry-point-props';
import { ENTRY_POINTS } from '../core/entry-target';
import { ImagePullPolicy } from '../core/image';
import { Fields, flag, Input, list, oneOf, shape, Spec, text } from '../core/input';
import { PROBE } from '../core/option-specs';
import { PEER } from '../core/peer-spec';
import { STORE_FIELDS } from '../core/stores';
import { COMPONENT_FIELDS, SERVICE_FIELDS, SHARED_OPTION_FIELDS } from '../kit/internal';

const SERVICE_OPTION_FIELDS: Fields<GwsServiceOptions> = {
  ...COMPONENT_FIELDS,
  enabled: flag,
  port: tcpPort,
  probe: PROBE,
  writablePaths: list(absolutePath, '["/tmp"]'),
};
const SERVICE = shape<GwsServiceOptions>('GWS service options', SERVICE_OPTION_FIELDS, '{ enabled: false }');
const PROXY = shape<GwsServiceProxyOptions>('service proxy options', { ...SERVICE_OPTION_FIELDS, internalPort: tcpPort }, '{ port: 80, internalPort: 81 }');

const SERVICES = shape<GwsServicesOptions>('services', {
  serviceProxy: PROXY,
  workspace: SERVICE,
  provisioning: SERVICE,
  configuration: SERVICE,
  dataCollector: SERVICE,
  interaction: SERVICE,
  ocs: SERVICE,
  setting: SERVICE,
  statistics: SERVICE,
  voice: SERVICE,
  ucs: SERVICE,
  chat: SERVICE,
  crmWorkspace: SERVICE,
  agentSetup: SERVICE,
}, '{ workspace: { replicas: 2 } }');

const NODE_AGENT_FIELDS = shape<ConsulNodeAgentOptions>('a Consul node agent', {
  nodeCidrGroups: cidrGroups,
  port: tcpPort,
  tls: flag,
  token: secretRef,
}, '{ nodeCidrGroups: [{ name: "nodes", cidrs: ["10.50.0.0/20"] }] }');

/** The node agent: its node CIDR groups are required. */
const nodeAgent: Spec<ConsulNodeAgentOptions> = Object.assign((input: Input, value: unknown) => {
  const agent = NODE_AGENT_FIELDS(input, value);
  if (agent !== undefined && agent.nodeCidrGroups === undefined) {
    if (!input.at('nodeCidrGroups').failedAround) cidrGroups(input.at('nodeCidrGroups'), undefined);
    return undefined;
  }
  return agent;
}, { kind: NODE_AGENT_FIELDS.kind, fields: NODE_AGENT_FIELDS.fields });

const CONSUL_FIELDS = shape<GwsConsulOptions>('consul', { ...STORE_FIELDS, nodeAgent }, '{ nodeAgent: { nodeCidrGroups } }');

/** Consul: a node agent or an external host, not both. */
const consul: Spec<GwsConsulOptions> = Object.assign((input: Input, value: unknown) => {
  const c = CONSUL_FIELDS(input, value);
  if (c !== undefined && c.nodeAgent !== undefined && c.external !== undefined) {
    input.fail('has both nodeAgent and external (Consul is either a node-local agent or an external host: keep one)');
    return undefined;
  }
  return c;
}, { kind: CONSUL_FIELDS.kind, fields: CONSUL_FIELDS.fields });

const databaseName = text((v) => (/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(v) ? undefined : 'is not a database name (a letter or \'_\', then letters, digits or \'_\', at most 63)'), '"gws"');

const AUTH_CLIENT_FIELDS = shape<GwsAuthClientOptions>('authClient', { clientId: text(), clientSecret: secretRef }, '{ clientId, clientSecret: { name, key } }');

/** The GAuth client: its id and secret are required. */
const authClient: Spec<GwsAuthClientOptions> = Object.assign((input: Input, value: unknown) => {
  const c = AUTH_CLIENT_FIELDS(input, value);
  if (c === undefined) return undefined;
  let ok = true;
  if (c.clientId === undefined || c.clientId.trim() === '') {
    if (!input.at('clientId').failedAround) input.at('clientId').fail('is missing (give the client id registered in GAuth)');
    ok = false;
  }
  if (c.clientSecret === undefined) {
    if (!input.at('clientSecret').failedAround) input.at('clientSecret').fail('undefined is not a Secret reference (give { name, key } of an existing Secret)');
    ok = false;
  }
  return ok ? c : undefined;
}, { kind: AUTH_CLIENT_FIELDS.kind, fields: AUTH_CLIENT_FIELDS.fields });

const ENTRY = shape<GwsEntryPointOptions>('an entry point', {
  enabled: flag,
  host: dnsName,
  tlsSecretName: dnsName,
  locationTlsSecretName: dnsName,
  entryPoints: ENTRY_POINTS,
}, '{ host: "gws.example.com" }');

/** How `GwsClusterOptions` is read. */
export const GWS_OPTION_FIELDS: Fields<GwsClusterOptions> = {
  ...SHARED_OPTION_FIELDS,
  entryPoints: ENTRY_POINTS,
  image: shape<GwsImageOptions>('image', {
    repositoryPrefix: text((v) => (/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(v) ? undefined : 'is not a repository path (lowercase path such as "gws")'), '"gws"'),
    tag: text((v) => (v === 'latest' ? 'is not allowed (pin a version tag or a digest)' : /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(v) ? undefined : 'is not an image tag (letters, digits, \'_\', \'.\', \'-\', at most 128)'), '"100.0.100.0156"'),
    pullPolicy: oneOf(ImagePullPolicy, 'a pull policy', 'ImagePullPolicy.IF_NOT_PRESENT, ALWAYS or NEVER'),
  }, '{ tag: "100.0.100.0156" }'),
  services: SERVICES,
  postgres: shape('postgres', STORE_FIELDS, '{ external: { host, cidrGroups } }'),
  databases: shape<GwsDatabaseOptions>('databases', { gws: databaseName, agentSetup: databaseName }, '{ gws: "gws" }'),
  redis: shape('redis', STORE_FIELDS, '{ external: { host, cidrGroups } }'),
  elasticsearch: shape('elasticsearch', STORE_FIELDS, '{ external: { host, cidrGroups } }'),
  consul,
  authService: PEER,
  authClient,
  tenantService: PEER,
  voicemail: PEER,
  iwd: PEER,
  digitalChannels: PEER,
  universalContactService: PEER,
  ingress: shape<GwsIngressOptions>('ingress', { external: ENTRY, internal: ENTRY, behaviour: ENTRY_POINT_BEHAVIOUR, locationHosts: flag }, '{ external: { host } }'),
};

/** How `GwsClusterProps` is read. */
export const GWS_PROPS: Fields<GwsClusterProps> = { ...SERVICE_FIELDS, ...GWS_OPTION_FIELDS };

/** The location names hosts (`gws-<location>.<domain>`) and cookies: a DNS label of at most 20 characters. */
export const gwsLocation = dnsLabel(20);
