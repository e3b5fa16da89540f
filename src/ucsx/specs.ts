import {
  FileStorageOptions, UcsxComponentOptions, UcsxDatabaseOptions, UcsxInternalApiOptions, UcsxMasterDatabaseOptions, UcsxPublicApiOptions,
  UcsxStackOptions, UcsxStackProps, UcsxTenant,
} from './options';
import { dnsLabel, dnsName, secretRef, tcpPort, urlPath } from '../core/checks';
import { ENTRY_POINTS } from '../core/entry-target';
import { Fields, flag, Input, list, shape, Spec, text } from '../core/input';
import { PEER } from '../core/peer-spec';
import { STORE_FIELDS } from '../core/stores';
import { COMPONENT_FIELDS, EXTERNAL_ENDPOINT_FIELDS, SERVICE_FIELDS, SHARED_OPTION_FIELDS } from '../kit/internal';

/** Longest tenant id an embedded tenant database takes (`postgres-ucsx-tenant-<id>` plus `-headless` fits 63). */
export const MAX_EMBEDDED_TENANT_ID = 54 - 'postgres-ucsx-tenant-'.length;

const databaseName = text((v) => (/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(v) ? undefined : 'is not a database name (a letter or \'_\', then letters, digits or \'_\', at most 63)'), '"ucsx"');

const COMPONENT = shape<UcsxComponentOptions>('component options', { ...COMPONENT_FIELDS, healthPath: urlPath }, '{ replicas: 2 }');

const DATABASE = shape<UcsxDatabaseOptions>('a database', { ...STORE_FIELDS, databaseName }, '{ external: { host, cidrGroups } }');

const TENANT_FIELDS = shape<UcsxTenant>('a tenant', { id: dnsLabel(), database: DATABASE }, '{ id: "t100" }');

/** A tenant: its id is required, and short enough for an embedded database's object names. */
const tenant: Spec<UcsxTenant> = Object.assign((input: Input, value: unknown) => {
  const t = TENANT_FIELDS(input, value);
  if (t === undefined) return undefined;
  if (t.id === undefined) {
    if (!input.at('id').failedAround) input.at('id').fail('is missing (give each tenant its id)');
    return undefined;
  }
  if (!t.database?.external && t.id.length > MAX_EMBEDDED_TENANT_ID && !input.at('database').at('external').failedAround) {
    input.at('id').fail(`${JSON.stringify(t.id)} is too long for an embedded database (at most ${MAX_EMBEDDED_TENANT_ID} characters, for the StatefulSet postgres-ucsx-tenant-<id>): give the tenant an external database or a shorter id`);
    return undefined;
  }
  return t;
}, { kind: TENANT_FIELDS.kind, fields: TENANT_FIELDS.fields });

const FILE_STORAGE = shape<FileStorageOptions>('file storage', {
  host: EXTERNAL_ENDPOINT_FIELDS.host,
  port: EXTERNAL_ENDPOINT_FIELDS.port,
  cidrGroups: EXTERNAL_ENDPOINT_FIELDS.cidrGroups,
  container: text(),
  credentials: secretRef,
}, '{ host, cidrGroups }');

const paths = (example: string) => list(urlPath, example, { key: (p: string) => p, why: 'each path goes to one backend' });

/** How `UcsxStackOptions` is read. */
export const UCSX_OPTION_FIELDS: Fields<UcsxStackOptions> = {
  ...SHARED_OPTION_FIELDS,
  entryPoints: ENTRY_POINTS,
  ucsx: COMPONENT,
  udm: COMPONENT,
  udmGateway: COMPONENT,
  udmEnabled: flag,
  tenants: list(tenant, '[{ id: "t100" }]', { key: (t) => t.id, field: 'id', why: 'tenant ids are unique: give each tenant its own id' }),
  masterDatabase: shape<UcsxMasterDatabaseOptions>('the master database', { ...STORE_FIELDS, poolerPort: tcpPort, databaseName }, '{ external: { host, cidrGroups } }'),
  udmMasterDatabase: DATABASE,
  elasticsearch: shape('elasticsearch', STORE_FIELDS, '{ external: { host, cidrGroups } }'),
  fileStorage: FILE_STORAGE,
  authService: PEER,
  iwd: PEER,
  digitalChannels: PEER,
  gwsWorkspace: PEER,
  prometheus: PEER,
  monitoring: flag,
  publicApi: shape<UcsxPublicApiOptions>('publicApi', {
    host: dnsName,
    tlsSecretName: dnsName,
    paths: paths('["/ucs/v3/"]'),
    configurationApi: flag,
    configurationPath: urlPath,
  }, '{ host: "ucsx.example.com" }'),
  internalApi: shape<UcsxInternalApiOptions>('internalApi', { host: dnsName, tlsSecretName: dnsName, paths: paths('["/"]') }, '{ host }'),
  udmGatewayHost: dnsName,
  udmGatewayTlsSecretName: dnsName,
};

/** How `UcsxStackProps` is read. */
export const UCSX_PROPS: Fields<UcsxStackProps> = { ...SERVICE_FIELDS, ...UCSX_OPTION_FIELDS };
