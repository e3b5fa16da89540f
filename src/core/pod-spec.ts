import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Labels } from '../shared';
import { Check, show } from './errors';
import { PodSettings, TaintEffect, TolerationOperator, UnsatisfiableAction } from './workload-options';

const ZONE = 'topology.kubernetes.io/zone';
const CANONICAL = [Labels.NAME, Labels.COMPONENT, Labels.PART_OF, Labels.INSTANCE, Labels.MANAGED_BY];

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

/** Checks pod settings; each bad value is reported once, under `field`. */
export function checkPodSettings(check: Check, field: string, settings: PodSettings | undefined): void {
  if (settings === undefined) return;
  if (settings === null || typeof settings !== 'object') {
    check.fail(`${field} ${show(settings)} is not an object (give { imagePullSecrets, nodeSelector, tolerations, ... } or leave it out)`);
    return;
  }
  (settings.imagePullSecrets ?? []).forEach((name, i) => check.dnsName(`${field}.imagePullSecrets[${i}]`, name));
  check.labels(`${field}.nodeSelector`, settings.nodeSelector);
  check.labels(`${field}.labels`, settings.labels);
  for (const key of Object.keys(settings.labels ?? {})) {
    if (CANONICAL.includes(key)) check.fail(`${field}.labels sets ${show(key)}, a canonical label the library writes itself (selectors depend on it: remove it)`);
  }
  check.annotations(`${field}.annotations`, settings.annotations);
  if (settings.priorityClassName !== undefined) check.dnsName(`${field}.priorityClassName`, settings.priorityClassName);
  (settings.tolerations ?? []).forEach((t, i) => {
    const f = `${field}.tolerations[${i}]`;
    if (!t || typeof t !== 'object') return check.fail(`${f} ${show(t)} is not a toleration (give { key, operator, value, effect })`);
    if (t.operator !== undefined && !Object.values(TolerationOperator).includes(t.operator)) check.fail(`${f}.operator ${show(t.operator)} is not an operator (use TolerationOperator.EQUAL or EXISTS)`);
    if (t.effect !== undefined && !Object.values(TaintEffect).includes(t.effect)) check.fail(`${f}.effect ${show(t.effect)} is not a taint effect (use TaintEffect.NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE)`);
    if (t.key !== undefined) check.labels(`${f}.key`, { [t.key]: t.value ?? '' });
    if (t.key === undefined && t.operator !== TolerationOperator.EXISTS) check.fail(`${f} has no key (a toleration of every taint needs operator TolerationOperator.EXISTS)`);
    if (t.operator === TolerationOperator.EXISTS && t.value !== undefined) check.fail(`${f}.value is set with operator Exists (remove the value or use Equal)`);
    check.integer(`${f}.tolerationSeconds`, t.tolerationSeconds, 0, 31_536_000);
  });
  (settings.topologySpread ?? []).forEach((s, i) => {
    const f = `${field}.topologySpread[${i}]`;
    if (!s || typeof s !== 'object') return check.fail(`${f} ${show(s)} is not a spread constraint (give { topologyKey })`);
    check.labels(`${f}.topologyKey`, { [s.topologyKey]: 'x' }, true);
    check.integer(`${f}.maxSkew`, s.maxSkew, 1, 1000);
    if (s.whenUnsatisfiable !== undefined && !Object.values(UnsatisfiableAction).includes(s.whenUnsatisfiable)) {
      check.fail(`${f}.whenUnsatisfiable ${show(s.whenUnsatisfiable)} is not an action (use UnsatisfiableAction.SCHEDULE_ANYWAY or DO_NOT_SCHEDULE)`);
    }
  });
}
