import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { PodSettings, TolerationOperator, UnsatisfiableAction } from './workload-options';

const ZONE = 'topology.kubernetes.io/zone';

/**
 * Pod Security "restricted" fields cdk8s-plus-27 cannot express (seccomp RuntimeDefault on the pod,
 * `drop: [ALL]` on every container), and the removal of what only restates Kubernetes defaults
 * (`minReadySeconds: 0`, `hostNetwork: false`...), written in this one place as JSON patches.
 */
export function harden(workload: kplus.Workload, initContainers: number): void {
  const api = ApiObject.of(workload);
  const pod = '/spec/template/spec';
  api.addJsonPatch(JsonPatch.add(`${pod}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
  // cdk8s-plus labels every pod with its construct address; selectors here use only the canonical labels.
  api.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
  const containers = ['containers/0', ...Array.from({ length: initContainers }, (_, i) => `initContainers/${i}`)];
  for (const c of containers) {
    api.addJsonPatch(JsonPatch.add(`${pod}/${c}/securityContext/capabilities`, { drop: ['ALL'] }));
    api.addJsonPatch(JsonPatch.add(`${pod}/${c}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
  }
  // Kubernetes defaults cdk8s-plus writes out: noise for reviewers, same objects once applied
  const defaults = [
    '/spec/minReadySeconds',
    `${pod}/dnsPolicy`,
    `${pod}/hostNetwork`,
    `${pod}/restartPolicy`,
    `${pod}/setHostnameAsFqdn`, // the name before cdk8s-plus converts it to setHostnameAsFQDN
    `${pod}/terminationGracePeriodSeconds`,
    `${pod}/securityContext/fsGroupChangePolicy`,
    `${pod}/containers/0/livenessProbe/failureThreshold`,
    `${pod}/containers/0/readinessProbe/failureThreshold`,
  ];
  if (workload instanceof kplus.Deployment) defaults.push('/spec/progressDeadlineSeconds', '/spec/strategy');
  if (workload instanceof kplus.StatefulSet) defaults.push('/spec/podManagementPolicy', '/spec/updateStrategy');
  for (const path of defaults) api.addJsonPatch(JsonPatch.remove(path));
}

/** Writes the pod settings (and the default zone spread) into the pod template. */
export function applyPodSettings(workload: kplus.Workload, settings: PodSettings, selector: { [key: string]: string }, maxReplicas: number): void {
  const api = ApiObject.of(workload);
  const pod = '/spec/template/spec';
  const secrets = settings.imagePullSecrets ?? [];
  if (secrets.length > 0) api.addJsonPatch(JsonPatch.add(`${pod}/imagePullSecrets`, secrets.map((name) => ({ name }))));
  if (settings.nodeSelector && Object.keys(settings.nodeSelector).length > 0) {
    api.addJsonPatch(JsonPatch.add(`${pod}/nodeSelector`, { ...settings.nodeSelector }));
  }
  const tolerations = settings.tolerations ?? [];
  if (tolerations.length > 0) {
    api.addJsonPatch(JsonPatch.add(`${pod}/tolerations`, tolerations.map((t) => ({
      ...(t.key !== undefined ? { key: t.key } : {}),
      operator: t.operator ?? TolerationOperator.EQUAL,
      ...(t.value !== undefined ? { value: t.value } : {}),
      ...(t.effect !== undefined ? { effect: t.effect } : {}),
      ...(t.tolerationSeconds !== undefined ? { tolerationSeconds: t.tolerationSeconds } : {}),
    }))));
  }
  const spread = settings.topologySpread ?? (maxReplicas > 1 ? [{ topologyKey: ZONE }] : []);
  if (spread.length > 0) {
    api.addJsonPatch(JsonPatch.add(`${pod}/topologySpreadConstraints`, spread.map((s) => ({
      maxSkew: s.maxSkew ?? 1,
      topologyKey: s.topologyKey,
      whenUnsatisfiable: s.whenUnsatisfiable ?? UnsatisfiableAction.SCHEDULE_ANYWAY,
      labelSelector: { matchLabels: { ...selector } },
    }))));
  }
  if (settings.priorityClassName !== undefined) api.addJsonPatch(JsonPatch.add(`${pod}/priorityClassName`, settings.priorityClassName));
}
