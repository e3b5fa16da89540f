import { GenesysService } from './model';

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

  /** The component ids of one service. */
  public static forService(service: GenesysService): string[] {
    switch (service) {
      case GenesysService.WWE:
        return [ComponentIds.WWE_NGINX];
      case GenesysService.GWS:
        return [
          ComponentIds.GWS_SERVICE_PROXY,
          ComponentIds.GWS_APP_WORKSPACE,
          ComponentIds.GWS_APP_PROVISIONING,
          ...ComponentIds.gwsPlatformServices(),
          ComponentIds.GWS_UI_CRMWORKSPACE,
          ComponentIds.GWS_UI_PROVISIONING,
        ];
      case GenesysService.NEXUS:
        return [ComponentIds.NEXUS];
      case GenesysService.UCSX:
        return [ComponentIds.UCSX, ComponentIds.UDM, ComponentIds.UDM_GATEWAY];
      default:
        throw new Error(`catalog: unknown service ${String(service)} (use a GenesysService member)`);
    }
  }

  /** Every canonical component id of the four services. */
  public static all(): string[] {
    return [GenesysService.WWE, GenesysService.GWS, GenesysService.NEXUS, GenesysService.UCSX].flatMap((s) => ComponentIds.forService(s));
  }

  /** The service a component id belongs to, or undefined. */
  public static serviceOf(id: string): GenesysService | undefined {
    for (const s of [GenesysService.WWE, GenesysService.GWS, GenesysService.NEXUS, GenesysService.UCSX]) {
      if (ComponentIds.forService(s).includes(id)) return s;
    }
    return undefined;
  }

  private constructor() {}
}
