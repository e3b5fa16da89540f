// The Kubernetes objects of a probe suite: the namespaces it creates and one Pod per probe.
import { Probe, ProbePlan } from './plan';
import { Annotations } from '../shared';

/** The UID and GID the probes run as (nobody). */
const PROBE_USER = 65534;

/**
 * The shell each probe runs: for every TCP port, a loop that accepts one connection at a time and
 * answers with the probe's name (so a check knows which pod answered), then waits.
 */
export function listenerScript(probe: Probe): string {
  const tcp = [...new Set(probe.ports.filter((p) => p.protocol === 'TCP').map((p) => p.port))].sort((a, b) => a - b);
  const loops = tcp.map((port) => `(while true; do echo ${probe.name} | nc -l -p ${port} >/dev/null 2>&1 || sleep 1; done) &`);
  return [...loops, 'while true; do sleep 3600; done'].join('\n');
}

/** The Pod of a probe: restricted Pod Security, no token, never Ready, listening on the workload's ports. */
export function probePod(probe: Probe, image: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: probe.name,
      namespace: probe.namespace,
      labels: { ...probe.labels },
      annotations: { [Annotations.NOTE]: `connectivity probe standing in for ${probe.standsFor}; never Ready, so no Service sends it traffic` },
    },
    spec: {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 1,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: PROBE_USER,
        runAsGroup: PROBE_USER,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [{
        name: 'probe',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['/bin/sh', '-c', listenerScript(probe)],
        // no empty list: the API server drops it, and the stored form is what the output writes
        ...(probe.ports.length > 0
          ? { ports: probe.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), containerPort: p.port, protocol: p.protocol })) }
          : {}),
        // never Ready: EndpointSlices list the probe as not ready and no Service load-balances to it
        readinessProbe: { exec: { command: ['false'] }, periodSeconds: 30 },
        // alive while its shell runs (an exec probe: a kubelet connection would take the one-shot listeners)
        livenessProbe: { exec: { command: ['/bin/sh', '-c', 'kill -0 1'] }, periodSeconds: 60 },
        resources: {
          requests: { cpu: '10m', memory: '16Mi' },
          limits: { cpu: '100m', memory: '32Mi' },
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        },
      }],
    },
  };
}

/** The namespaces the suite creates, labelled for the restricted Pod Security profile. */
export function probeNamespaces(plan: ProbePlan): any[] {
  return plan.namespaces.map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'kubernetes.io/metadata.name': name,
        'pod-security.kubernetes.io/enforce': 'restricted',
      },
    },
  }));
}
