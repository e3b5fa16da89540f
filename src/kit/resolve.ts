import { DnsOptions, EntryPoints, PodSettings } from '../core';
import { ComponentOptions, GenesysCommonProps, GenesysServiceOptions, GenesysServiceProps } from './props';
import { cidrGroups, dnsLabel, dnsName, dnsNameProblem, envName, tcpPort } from '../core/checks';
import { EXTERNAL_DEPLOYMENT } from '../core/external-deployment';
import { registryProblem } from '../core/image';
import { Fields, flag, Input, map, propsObject, shape, show, Spec, text } from '../core/input';
import { DNS_OPTIONS, namespaceName } from '../core/namespace';
import { ENV, ENV_FROM, IMAGE, POD_SETTINGS, SECRET_ENV, SIZING_FIELDS } from '../core/option-specs';
import { mergePodSettings } from '../core/workload-options';

/**
 * The resolve phase every service shares: the common props read once (on the platform for all four
 * services, or on a service used on its own), the defaults settled, the entry-point classes and
 * controllers chosen. Services read their own options with their own specs and build from the model.
 */

/** A region or location name: text of 1-253 characters without control characters. */
const location: Spec<string> = text((v) => (/^[^\x00-\x1f\x7f]{1,253}$/.test(v) && v.trim() !== ''
  ? undefined
  : 'is empty, longer than 253 characters or holds control characters (give the region or location name, e.g. "usw1")'), '"usw1"');

/** Names of configuration keys: the library's key → the name to write (variable names, each used once). */
const configurationNames: Spec<{ [key: string]: string }> = Object.assign((input: Input, value: unknown) => {
  const names = map(envName)(input, value);
  if (names === undefined) return undefined;
  const seen = new Set<string>();
  for (const [from, to] of Object.entries(names)) {
    if (seen.has(to)) {
      input.entry(from).fail(`gives the name ${show(to)} a second key (each key its own name)`);
      delete names[from];
    }
    seen.add(to);
  }
  return names;
}, { kind: map(envName).kind, item: envName });

/** How `GenesysCommonProps` is read. */
export const COMMON_FIELDS: Fields<GenesysCommonProps> = {
  domain: Object.assign((input: Input, value: unknown) => {
    // a blank domain is no domain: a service that needs one says it is missing
    if (typeof value === 'string' && value.trim() === '') return undefined;
    return dnsName(input, value);
  }, { kind: dnsName.kind }),
  dns: DNS_OPTIONS,
  location,
  imageRegistry: text(registryProblem, '"registry.example.com/genesys"'),
  pods: POD_SETTINGS,
  developmentStores: flag,
  configurationNames,
};

/** How `GenesysServiceProps` is read. */
export const SERVICE_FIELDS: Fields<GenesysServiceProps> = {
  ...COMMON_FIELDS,
  namespace: namespaceName,
  manageNamespace: flag,
};

/** How `GenesysServiceOptions` is read (spread into each service's option fields). */
export const SHARED_OPTION_FIELDS: Fields<GenesysServiceOptions> = {
  deployedElsewhere: EXTERNAL_DEPLOYMENT,
};

/** How `ComponentOptions` is read. */
export const COMPONENT_FIELDS: Fields<ComponentOptions> = {
  ...SIZING_FIELDS,
  image: IMAGE,
  pods: POD_SETTINGS,
  envFrom: ENV_FROM,
  env: ENV,
  secretEnv: SECRET_ENV,
  deployedElsewhere: EXTERNAL_DEPLOYMENT,
};

/** How `ComponentOptions` is read on its own. */
export const COMPONENT_OPTIONS = shape<ComponentOptions>('component options', COMPONENT_FIELDS, '{ replicas: 2, image: { repository, tag } }');

/** The common props, checked and defaulted. */
export interface CommonModel {
  /** The domain. @default - none (not given, or bad and reported) */
  readonly domain?: string;
  /** Where the domain is in the user's props, for the message when a service needs it. */
  readonly domainInput: Input;
  /** Cluster DNS. @default - kube-dns */
  readonly dns?: DnsOptions;
  /** How entry points are written, unless a service says otherwise. */
  readonly entryPoints: EntryPoints;
  /** Where that choice was given, for its messages. */
  readonly entryPointsInput: Input;
  /** Region or location. @default - none */
  readonly location?: string;
  /** Registry of the Genesys images. @default - none */
  readonly imageRegistry?: string;
  /** Pod settings of every workload. */
  readonly pods: PodSettings;
  /** Embed the stores not given as external. */
  readonly developmentStores: boolean;
  /** New names of configuration keys. */
  readonly configurationNames: { [libraryName: string]: string };
}

/** Settles the common props (already read with `COMMON_FIELDS`). */
export function resolveCommon(input: Input, props: GenesysCommonProps, entryPoints?: EntryPoints): CommonModel {
  return {
    domain: props.domain,
    domainInput: input.at('domain'),
    dns: props.dns,
    entryPoints: entryPoints ?? EntryPoints.gatewayApi(),
    entryPointsInput: input.at('entryPoints'),
    location: props.location,
    imageRegistry: props.imageRegistry,
    pods: mergePodSettings(props.pods),
    developmentStores: props.developmentStores ?? false,
    configurationNames: props.configurationNames ?? {},
  };
}

/** What a platform hands a service it creates: its place in the platform's props and the common model. */
export interface ServiceContext {
  /** The service's options in the platform's props (`gws`), with the fields the platform sets aliased to its own paths. */
  readonly input: Input;
  /** The common props, settled. */
  readonly common: CommonModel;
  /** The stores left without an address, reported by the platform in one message. */
  readonly missingStores: string[];
}

const CONTEXTS = new WeakMap<object, ServiceContext>();

/** Attaches a platform's context to the props it passes a service (the props it read already). */
export function withContext<P extends object>(props: P, context: ServiceContext): P {
  CONTEXTS.set(props, context);
  return props;
}

/** The context a platform attached to a service's props, if any. */
export function contextOf(props: unknown): ServiceContext | undefined {
  return props !== null && typeof props === 'object' ? CONTEXTS.get(props) : undefined;
}

/**
 * Reads a service's props: inside a platform, they were read there (the context says where); on its
 * own, the props object is read here with the service's fields, unknown props refused.
 */
export function readServiceProps<P extends GenesysServiceProps>(input: Input, given: unknown, what: string,
  fields: Fields<P>, example: string): { props: P; context?: ServiceContext } {
  const context = contextOf(given);
  if (context) return { props: given as P, context };
  const raw = propsObject<P>(input, given, what, example);
  const props = raw === undefined ? ({} as P) : (shape<P>(what, fields, example)(input, raw) ?? ({} as P));
  return { props };
}

/** How an endpoint outside the cluster is read (webhook receivers, aggregators, clients, file storage). */
export const EXTERNAL_ENDPOINT_FIELDS = {
  name: dnsLabel(),
  host: text((v) => dnsNameProblem(v.toLowerCase()), '"hooks.example.com"'),
  port: tcpPort,
  cidrGroups,
};
