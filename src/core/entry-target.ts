import { Construct } from 'constructs';
import { annotationMap, dnsLabel, dnsName, selectorMap } from './checks';
import {
  DataPlaneLocation, DEFAULT_GATEWAY_NAMESPACE, EntryPointApi, EntryPoints, GatewayApiOptions, GatewayImplementation, GatewayProfile,
  GatewayReference, IngressApiOptions, IngressProfile, IngressProfileSpec,
} from './entry-points';
import { Input, instance, shape, show, Spec } from './input';
import { PEER } from './peer-spec';
import { Peer } from './peers';

/** Where one entry point's traffic comes from and how it is written, settled from an `EntryPoints` choice. */
export interface EntryTarget {
  /** Gateway API or Ingress. */
  readonly api: EntryPointApi;
  /** The pods that forward the traffic (the NetworkPolicy source). */
  readonly source: Peer;
  /** The Gateway routes attach to (Gateway API). @default - none */
  readonly gateway?: GatewayReference;
  /** Where the Gateway's data plane runs (Gateway API). @default - none */
  readonly dataPlane?: DataPlaneLocation;
  /** The implementation (Gateway API). @default - none */
  readonly profile?: GatewayProfile;
  /** The class of the Gateways the library writes. @default - the Gateways are not written */
  readonly gatewayClassName?: string;
  /** Ingress class (Ingress). @default - none */
  readonly className?: string;
  /** The controller (Ingress). @default - none */
  readonly ingressProfile?: IngressProfileSpec;
  /** User annotations of every Ingress. @default - none */
  readonly annotations?: { [key: string]: string };
}

const GATEWAY_REFERENCE = shape<GatewayReference>('a Gateway reference', {
  name: dnsName,
  namespace: dnsLabel(),
  sectionName: dnsName,
}, '{ name: "public", namespace: "gateway" }');

const DATA_PLANE = shape<DataPlaneLocation>('a data-plane location', { namespace: dnsLabel(), labels: selectorMap }, '{ namespace, labels }');

const GATEWAY_OPTIONS = shape<GatewayApiOptions>('Gateway API options', {
  implementation: instance(GatewayImplementation, 'a Gateway implementation', 'GatewayImplementation.ENVOY_GATEWAY, NGINX_GATEWAY_FABRIC, ISTIO, CILIUM or GENERIC'),
  publicGateway: GATEWAY_REFERENCE,
  internalGateway: GATEWAY_REFERENCE,
  gatewayClassName: dnsName,
  dataPlane: DATA_PLANE,
  internalDataPlane: DATA_PLANE,
}, '{ implementation: GatewayImplementation.ENVOY_GATEWAY, publicGateway: { name, namespace } }');

const INGRESS_OPTIONS = shape<IngressApiOptions>('Ingress options', {
  profile: instance(IngressProfile, 'an ingress profile', 'IngressProfile.GENERIC or INGRESS_NGINX'),
  className: dnsName,
  controller: PEER,
  internalClassName: dnsName,
  internalController: PEER,
  annotations: annotationMap,
}, '{ className: "traefik", controller: Peer.inCluster({ ... }) }');

const A_CHOICE = instance(EntryPoints, 'an entry-point choice', 'EntryPoints.gatewayApi({ ... }) or EntryPoints.ingress({ ... })');

/** An entry-point choice: its options read where the user gave them (`entryPoints.publicGateway.name`...). */
export const ENTRY_POINTS: Spec<EntryPoints> = Object.assign((input: Input, value: unknown) => {
  const choice = A_CHOICE(input, value);
  if (choice === undefined) return undefined;
  if (choice._api === EntryPointApi.GATEWAY) {
    const read = GATEWAY_OPTIONS(input, choice._gateway ?? {});
    return read === undefined ? undefined : EntryPoints.gatewayApi(read);
  }
  const read = INGRESS_OPTIONS(input, choice._ingress ?? {});
  return read === undefined ? undefined : EntryPoints.ingress(read);
}, { kind: A_CHOICE.kind });

/**
 * Where one entry point's traffic comes from and how it is written, for the public or the internal
 * entry points. A value the choice needs and does not have (a class and controller for the generic
 * ingress profile, a data plane for Cilium) is reported at `input`; undefined then.
 */
export function entryTarget(input: Input, choice: EntryPoints, internal: boolean): EntryTarget | undefined {
  const target = choice._api === EntryPointApi.GATEWAY
    ? gatewayTarget(input, choice._gateway ?? {}, internal)
    : ingressTarget(input, choice._ingress ?? {}, internal);
  if (target === undefined || !internal) return target;
  return internalApart(input, choice, target) ? target : undefined;
}

/**
 * True when the internal entry points are served apart from the public ones: another Gateway, or
 * another ingress class. With the same one, an internal entry point (GWS `gws-int`, the UCS-X
 * internal API) would be published on the public data plane: reported at the field that makes
 * them equal.
 */
function internalApart(input: Input, choice: EntryPoints, internal: EntryTarget): boolean {
  // the public side is read only to compare: its own problems are reported where it is used
  const quiet = Input.root(new Construct(undefined as any, 'public-side'));
  const publicTarget = choice._api === EntryPointApi.GATEWAY
    ? gatewayTarget(quiet, choice._gateway ?? {}, false)
    : ingressTarget(quiet, choice._ingress ?? {}, false);
  if (publicTarget === undefined) return true; // the public side's problem is reported where it is used
  if (internal.api === EntryPointApi.GATEWAY) {
    const a = internal.gateway!;
    const b = publicTarget.gateway!;
    if (a.namespace !== b.namespace || a.name !== b.name) {
      const samePods = internal.dataPlane!.namespace === publicTarget.dataPlane!.namespace
        && JSON.stringify(sortedLabels(internal.dataPlane!.labels)) === JSON.stringify(sortedLabels(publicTarget.dataPlane!.labels));
      if (!samePods) return true;
      const plane = input.at('internalDataPlane');
      if (!plane.failedAround) {
        plane.fail(`${show(internal.dataPlane)} selects the public data plane's pods: internal entry points would be served by them, and the policies would admit them `
          + '(give the pods of the internal Gateway\'s data plane)');
      }
      return false;
    }
    const at = input.at('internalGateway');
    if (!at.failedAround) {
      at.fail(`${show(a)} is the public Gateway too: internal entry points would be published on it (give internalGateway another Gateway, reached only from inside, e.g. { name: "genesys-internal", namespace: ${show(a.namespace)} })`);
    }
    return false;
  }
  if (internal.className !== publicTarget.className) return true;
  const given = choice._ingress?.internalClassName !== undefined;
  const at = input.at('internalClassName');
  if (!at.failedAround) {
    at.fail(given
      ? `${show(internal.className)} is the public ingress class too: internal entry points would be published by the public controller (give the class of your internal controller)`
      : `is missing, so internal entry points would use the public class ${show(publicTarget.className)} and be published by the public controller (give the class of your internal controller, and internalController when its pods differ)`);
  }
  return false;
}

function gatewayTarget(input: Input, o: GatewayApiOptions, internal: boolean): EntryTarget | undefined {
  const profile = (o.implementation ?? GatewayImplementation.GENERIC)._profile;
  const publicGateway = o.publicGateway ?? { name: 'genesys-public', namespace: DEFAULT_GATEWAY_NAMESPACE };
  const gateway = internal ? o.internalGateway ?? { name: 'genesys-internal', namespace: publicGateway.namespace } : publicGateway;
  const field = internal ? 'internalDataPlane' : 'dataPlane';
  const dataPlane = (internal ? o.internalDataPlane : o.dataPlane) ?? profile.dataPlane(gateway);
  if (dataPlane === undefined) {
    if (!input.at(field).failedAround) {
      input.at(field).fail(`is missing: ${profile.dataPlaneNote ?? `${profile.name} has no default data-plane location`} (give { namespace, labels } of the pods that forward the traffic)`);
    }
    return undefined;
  }
  return {
    api: EntryPointApi.GATEWAY,
    source: Peer.inCluster({ name: `gateway-${gateway.name}`, namespace: dataPlane.namespace, labels: dataPlane.labels }),
    gateway,
    dataPlane,
    profile,
    gatewayClassName: o.gatewayClassName,
  };
}

function ingressTarget(input: Input, o: IngressApiOptions, internal: boolean): EntryTarget | undefined {
  const spec = (o.profile ?? IngressProfile.GENERIC)._spec;
  const className = internal ? o.internalClassName ?? spec.internalClassName ?? o.className ?? spec.className : o.className ?? spec.className;
  const defaultController = spec.controller ? Peer.inCluster({ name: 'ingress-controller', ...spec.controller }) : undefined;
  const controller = internal ? o.internalController ?? o.controller ?? defaultController : o.controller ?? defaultController;
  let ok = true;
  if (className === undefined && !input.at('className').failedAround) {
    input.at('className').fail(`is missing (the ${spec.name} profile has no default ingress class: give the class of your controller)`);
    ok = false;
  }
  if (controller === undefined && !input.at('controller').failedAround) {
    input.at('controller').fail(`is missing (the ${spec.name} profile has no default controller location: give its pods, e.g. Peer.inCluster({ name: "traefik", namespace: "traefik", labels: { ... } }))`);
    ok = false;
  }
  if (!ok || className === undefined || controller === undefined) return undefined;
  return { api: EntryPointApi.INGRESS, source: controller, className, ingressProfile: spec, annotations: o.annotations };
}

/** A short description of a target for messages (`Gateway gateway/genesys-public`, `ingress class nginx`). */
export function describeTarget(target: EntryTarget): string {
  return target.api === EntryPointApi.GATEWAY ? `Gateway ${target.gateway!.namespace}/${target.gateway!.name}` : `ingress class ${show(target.className)}`;
}

function sortedLabels(labels: { [key: string]: string }): Array<[string, string]> {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
