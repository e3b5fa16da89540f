/**
 * Names of the environment variables `GwsCluster` gives the GWS containers. Every value is taken
 * from the connection it belongs to (host and port of the destination's Service, or of the
 * external peer), so an address is never typed twice; passwords and tokens come from Secret
 * references and never appear in the manifests. Each variable is set only on the workloads that
 * have the connection.
 *
 * Origin of each name: "Genesys sample" names are the ones Genesys' public sample deployments set
 * in the GWS containers; the others are library choices, which `configurationNames` renames.
 */
export class GwsEnvironment {
  /** Authentication Service URL (gws#11, 14, 20): platform services, workspace, provisioning. Genesys sample. */
  public static readonly AUTH_URL = 'GWS_SERVICE_AUTH_URL';
  /** Client id for GAuth (where `GWS_SERVICE_AUTH_URL` is set, when `authClient` is given). Library choice. */
  public static readonly AUTH_CLIENT_ID = 'GWS_AUTH_CLIENT_ID';
  /** Client secret for GAuth, from a Secret. Library choice. */
  public static readonly AUTH_CLIENT_SECRET = 'GWS_AUTH_CLIENT_SECRET';
  /** Tenant Service (environment) URL (gws#10): platform services. Library choice. */
  public static readonly TENANT_URL = 'GWS_TENANT_URL';
  /** Voicemail URL with its `/fs` path (gws#17): workspace. Genesys sample. */
  public static readonly VOICEMAIL_URL = 'GWS_SERVICE_VOICEMAIL_URL';
  /** IWD URL (gws#26): workspace. Library choice. */
  public static readonly IWD_URL = 'GWS_IWD_URL';
  /** Digital Channels URL (gws#27): workspace. Library choice. */
  public static readonly DIGITAL_CHANNELS_URL = 'GWS_DIGITAL_CHANNELS_URL';
  /** Universal Contact Service URL (gws#28): workspace. Library choice. */
  public static readonly UCS_URL = 'GWS_UCS_URL';
  /** The public URL of GWS (`https://gws.<domain>`): workspace, provisioning and the UIs (links and redirects; not dialled in the cluster). Library choice. */
  public static readonly PUBLIC_URL = 'GWS_PUBLIC_URL';
  /** The data center (`location`): every workload. Library choice. */
  public static readonly LOCATION = 'GWS_LOCATION';

  /** PostgreSQL host (gws#9, 23): setting, provisioning. Library choice. */
  public static readonly POSTGRES_HOST = 'GWS_POSTGRES_HOST';
  /** PostgreSQL port. Library choice. */
  public static readonly POSTGRES_PORT = 'GWS_POSTGRES_PORT';
  /** `true` when PostgreSQL needs TLS. Library choice. */
  public static readonly POSTGRES_TLS = 'GWS_POSTGRES_TLS';
  /** Database name (the GWS database for setting, the Agent Setup database for provisioning). Library choice. */
  public static readonly POSTGRES_DATABASE = 'GWS_POSTGRES_DATABASE';
  /** PostgreSQL user, when known. Library choice. */
  public static readonly POSTGRES_USER = 'GWS_POSTGRES_USER';
  /** PostgreSQL password, from a Secret. Library choice. */
  public static readonly POSTGRES_PASSWORD = 'GWS_POSTGRES_PASSWORD';

  /** Redis host (gws#12, 18, 24, 25): data collector, workspace, interaction, voice. Library choice. */
  public static readonly REDIS_HOST = 'GWS_REDIS_HOST';
  /** Redis port. Library choice. */
  public static readonly REDIS_PORT = 'GWS_REDIS_PORT';
  /** `true` when Redis needs TLS. Library choice. */
  public static readonly REDIS_TLS = 'GWS_REDIS_TLS';
  /** Redis password, from a Secret. Library choice. */
  public static readonly REDIS_PASSWORD = 'GWS_REDIS_PASSWORD';

  /** Elasticsearch URL (gws#13): data collector. Library choice. */
  public static readonly ELASTICSEARCH_URL = 'GWS_ELASTICSEARCH_URL';
  /** Elasticsearch host. Library choice. */
  public static readonly ELASTICSEARCH_HOST = 'GWS_ELASTICSEARCH_HOST';
  /** Elasticsearch port. Library choice. */
  public static readonly ELASTICSEARCH_PORT = 'GWS_ELASTICSEARCH_PORT';
  /** `true` when Elasticsearch needs TLS. Library choice. */
  public static readonly ELASTICSEARCH_TLS = 'GWS_ELASTICSEARCH_TLS';
  /** Elasticsearch user, when known. Library choice. */
  public static readonly ELASTICSEARCH_USER = 'GWS_ELASTICSEARCH_USER';
  /** Elasticsearch password, from a Secret. Library choice. */
  public static readonly ELASTICSEARCH_PASSWORD = 'GWS_ELASTICSEARCH_PASSWORD';

  /** Consul host (gws#3, 8, 19, 22): proxy, platform services, workspace, provisioning. The node's IP (`status.hostIP`) for a node-local agent. Library choice. */
  public static readonly CONSUL_HOST = 'GWS_CONSUL_HOST';
  /** Consul port. Library choice. */
  public static readonly CONSUL_PORT = 'GWS_CONSUL_PORT';
  /** `true` when the Consul API needs TLS. Library choice. */
  public static readonly CONSUL_TLS = 'GWS_CONSUL_TLS';
  /** Consul ACL token, from a Secret. Library choice. */
  public static readonly CONSUL_TOKEN = 'GWS_CONSUL_TOKEN';

  /**
   * The variable holding the URL of another GWS component: `GWS_` and the id without `gws-`, in
   * upper case, then `_URL`, e.g. `GWS_PLATFORM_CONFIGURATION_URL` for `gws-platform-configuration`.
   * The proxy gets one per service it routes to (gws#2, 4-7), workspace and provisioning one per
   * service they dial (gws#15, 16, 21, 29-31). Library choice.
   */
  public static componentUrl(componentId: string): string {
    return `GWS_${componentId.replace(/^gws-/, '').replace(/-/g, '_').toUpperCase()}_URL`;
  }

  private constructor() {}
}
