import { Chart } from 'cdk8s';
import { chartSynthesisFailure, containerEnv, find, inventory, mainContainer, ofKind, synthesizeChart } from '../support/synth';

/** Test helpers shared by the WWE and Digital Channels tests. */

export { find, inventory, mainContainer, ofKind };

/** The environment of a container as a map (Secret references as `secret:<name>/<key>`). */
export const envOf = containerEnv;

/** Builds into a fresh chart, synthesizes (validation included) and returns the objects written. */
export function synth(build: (chart: Chart) => void): any[] {
  return synthesizeChart(build).objects;
}

/** Builds, expects synthesis to fail, and returns the message and the files written (none expected). */
export function synthFailure(build: (chart: Chart) => void): { message: string; files: string[] } {
  const { message, written } = chartSynthesisFailure(build);
  return { message, files: written };
}


function sorted(labels: { [key: string]: string } | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** A NetworkPolicy peer as a short stable string. */
export function peerString(peer: any): string {
  if (peer.ipBlock) {
    const except = peer.ipBlock.except?.length ? ` except ${[...peer.ipBlock.except].sort().join(',')}` : '';
    return `cidr ${peer.ipBlock.cidr}${except}`;
  }
  const ns = peer.namespaceSelector ? `ns{${sorted(peer.namespaceSelector.matchLabels)}} ` : '';
  return `${ns}pods{${sorted(peer.podSelector?.matchLabels)}}`;
}

/**
 * The (peer, port) pairs a NetworkPolicy allows, each as `<peer> <PROTOCOL>/<port>`, one per
 * peer and port of every rule.
 */
export function allowed(policy: any): Set<string> {
  const direction = policy.spec.policyTypes[0] === 'Ingress' ? 'ingress' : 'egress';
  const out = new Set<string>();
  for (const rule of policy.spec[direction] ?? []) {
    const peers = direction === 'ingress' ? rule.from : rule.to;
    for (const peer of peers ?? [{ any: true }]) {
      for (const port of rule.ports ?? [{ port: 'any' }]) {
        out.add(`${peer.any ? 'any' : peerString(peer)} ${port.protocol ?? 'TCP'}/${port.port}`);
      }
    }
  }
  return out;
}

/** Pods of a namespace other than the policy's: `ns{...} pods{...}`. */
export function podsIn(namespace: string, labels: { [key: string]: string }): string {
  return `ns{kubernetes.io/metadata.name=${namespace}} pods{${sorted(labels)}}`;
}

/** Pods of the policy's own namespace. */
export function podsHere(labels: { [key: string]: string }): string {
  return `pods{${sorted(labels)}}`;
}

/** The canonical selector labels of a component. */
export function canonical(id: string, component: string, instance?: string): { [key: string]: string } {
  return {
    'app.kubernetes.io/name': id,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'genesys-multicloud-cx',
    ...(instance ? { 'app.kubernetes.io/instance': instance } : {}),
  };
}

/** The default ingress controller's pods. */
/** The data plane of the default public Gateway (the generic profile: the Gateway's namespace, GEP-1762's label). */
export const INGRESS_CONTROLLER = podsIn('gateway', { 'gateway.networking.k8s.io/gateway-name': 'genesys-public' });

/** The references of a policy's or Ingress's implements annotation. */
export function refsOf(object: any): string[] {
  const value: string | undefined = object.metadata?.annotations?.['genesys.cdk8s.io/implements'];
  return value ? value.split(',').map((s) => s.trim()) : [];
}


/** The mount path → volume source kind of a pod template's main container. */
export function mountsOf(workload: any): { [path: string]: string } {
  const volumes = new Map<string, any>((workload.spec.template.spec.volumes ?? []).map((v: any) => [v.name, v]));
  const out: { [path: string]: string } = {};
  for (const m of mainContainer(workload).volumeMounts ?? []) {
    const v = volumes.get(m.name);
    out[m.mountPath] = v?.emptyDir ? 'emptyDir' : v?.configMap ? `configMap:${v.configMap.name}${m.subPath ? `#${m.subPath}` : ''}${m.readOnly ? ':ro' : ''}` : m.name;
  }
  return out;
}
