/** Canonical component ids (the value of `app.kubernetes.io/name`) of the four services. */
export class ComponentIds {
  /** Workspace Web Edition: the static NGINX. */
  public static readonly WWE_NGINX = 'wwe-nginx';
  /** GWS service proxy. */
  public static readonly GWS_SERVICE_PROXY = 'gws-service-proxy';
  /** GWS Workspace Service. */
  public static readonly GWS_APP_WORKSPACE = 'gws-app-workspace';
  /** GWS Provisioning Service. */
  public static readonly GWS_APP_PROVISIONING = 'gws-app-provisioning';
  /** GWS Configuration Service. */
  public static readonly GWS_PLATFORM_CONFIGURATION = 'gws-platform-configuration';
  /** GWS Data Collector Service. */
  public static readonly GWS_PLATFORM_DATACOLLECTOR = 'gws-platform-datacollector';
  /** GWS Interaction Service. */
  public static readonly GWS_PLATFORM_IXN = 'gws-platform-ixn';
  /** GWS OCS Service. */
  public static readonly GWS_PLATFORM_OCS = 'gws-platform-ocs';
  /** GWS Setting Service. */
  public static readonly GWS_PLATFORM_SETTING = 'gws-platform-setting';
  /** GWS Statistics Service. */
  public static readonly GWS_PLATFORM_STATISTICS = 'gws-platform-statistics';
  /** GWS Voice Service. */
  public static readonly GWS_PLATFORM_VOICE = 'gws-platform-voice';
  /** GWS UCS Service. */
  public static readonly GWS_PLATFORM_UCS = 'gws-platform-ucs';
  /** GWS Chat Service. */
  public static readonly GWS_PLATFORM_CHAT = 'gws-platform-chat';
  /** Gplus Adapter for Salesforce. */
  public static readonly GWS_UI_CRMWORKSPACE = 'gws-ui-crmworkspace';
  /** Agent Setup. */
  public static readonly GWS_UI_PROVISIONING = 'gws-ui-provisioning';
  /** Digital Channels. */
  public static readonly NEXUS = 'nexus';
  /** Universal Contact Service. */
  public static readonly UCSX = 'ucsx';
  /** Universal Data Migrator. */
  public static readonly UDM = 'udm';
  /** UDM Gateway. */
  public static readonly UDM_GATEWAY = 'udm-gateway';
  /** The group id of "Platform services" in the GWS table. */
  public static readonly GWS_PLATFORM_SERVICES = 'gws-platform-services';

  /** Every `gws-platform-*` id: what the GWS table calls "Platform services". */
  public static gwsPlatformServices(): string[] {
    return [
      ComponentIds.GWS_PLATFORM_CONFIGURATION,
      ComponentIds.GWS_PLATFORM_DATACOLLECTOR,
      ComponentIds.GWS_PLATFORM_IXN,
      ComponentIds.GWS_PLATFORM_OCS,
      ComponentIds.GWS_PLATFORM_SETTING,
      ComponentIds.GWS_PLATFORM_STATISTICS,
      ComponentIds.GWS_PLATFORM_VOICE,
      ComponentIds.GWS_PLATFORM_UCS,
      ComponentIds.GWS_PLATFORM_CHAT,
    ];
  }

  private constructor() {}
}
