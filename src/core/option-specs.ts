import { Labels } from '../shared';
import {
  absolutePath, annotationMap, dnsLabel, dnsName, envName, envNameProblem, labelKeyProblem, labelMap, notSecretLikeProblem, secretRef, urlPath,
} from './checks';
import { ContainerImage, IMAGE_SHAPE } from './image';
import { Fields, flag, Input, list, map, oneOf, shape, show, Spec, text, whole } from './input';
import {
  AutoscalingOptions, ConfigFile, EnvFromSource, PersistentStorage, PodSettings, PodToleration, ProbeOptions, ResourceOptions,
  SecretEnvVar, SizingOptions, TaintEffect, TolerationOperator, TopologySpread, UnsatisfiableAction,
} from './workload-options';

/** How the option interfaces every workload takes are read (`workload-options.ts`): one spec per interface. */

/** The canonical labels selectors depend on: never set by a user. */
const CANONICAL = [Labels.NAME, Labels.COMPONENT, Labels.PART_OF, Labels.INSTANCE, Labels.MANAGED_BY];

const RESOURCES = shape<ResourceOptions>('resources', {
  cpuRequestMillis: whole(1, 1_000_000),
  cpuLimitMillis: whole(1, 1_000_000),
  memoryRequestMebibytes: whole(1, 10_000_000),
  memoryLimitMebibytes: whole(1, 10_000_000),
}, '{ cpuRequestMillis: 500, memoryLimitMebibytes: 2048 }');

const AUTOSCALING = shape<AutoscalingOptions>('autoscaling', {
  minReplicas: whole(1, 1000),
  maxReplicas: whole(1, 1000),
  cpuUtilizationPercent: whole(1, 1000),
  memoryUtilizationPercent: whole(1, 1000),
}, '{ maxReplicas: 4 }');

/** The sizing fields (replicas, resources, autoscaling, disruption budget), shared by every workload's options. */
export const SIZING_FIELDS: Fields<SizingOptions> = {
  replicas: whole(0, 1000),
  resources: RESOURCES,
  autoscaling: AUTOSCALING,
  podDisruptionBudget: flag,
};

const TOLERATION = shape<PodToleration>('a toleration', {
  key: text(),
  operator: oneOf(TolerationOperator, 'an operator', 'TolerationOperator.EQUAL or EXISTS'),
  value: text(),
  effect: oneOf(TaintEffect, 'a taint effect', 'TaintEffect.NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE'),
  tolerationSeconds: whole(0, 31_536_000),
}, '{ key, operator, value, effect }');

/** A toleration whose fields agree (a key unless Exists, no value with Exists, a label-like key and value). */
const toleration: Spec<PodToleration> = Object.assign((input: Input, value: unknown) => {
  const t = TOLERATION(input, value);
  if (t === undefined) return undefined;
  if (t.key === undefined && t.operator !== TolerationOperator.EXISTS) {
    input.fail('has no key (a toleration of every taint needs operator TolerationOperator.EXISTS)');
    return undefined;
  }
  if (t.operator === TolerationOperator.EXISTS && t.value !== undefined) {
    input.at('value').fail('is set with operator Exists (remove the value or use Equal)');
    return undefined;
  }
  if (t.key !== undefined && labelMap(input.at('key'), { [t.key]: t.value ?? '' }) === undefined) return undefined;
  return t;
}, { kind: TOLERATION.kind, fields: TOLERATION.fields });

const SPREAD = shape<TopologySpread>('a spread constraint', {
  topologyKey: text((k) => labelKeyProblem(k), '"topology.kubernetes.io/zone"'),
  maxSkew: whole(1, 1000),
  whenUnsatisfiable: oneOf(UnsatisfiableAction, 'an action', 'UnsatisfiableAction.SCHEDULE_ANYWAY or DO_NOT_SCHEDULE'),
}, '{ topologyKey }');

const spread: Spec<TopologySpread> = Object.assign((input: Input, value: unknown) => {
  const s = SPREAD(input, value);
  if (s !== undefined && s.topologyKey === undefined) {
    if (!input.at('topologyKey').failedAround) input.at('topologyKey').fail('is missing (give the node label of the topology, e.g. "topology.kubernetes.io/zone")');
    return undefined;
  }
  return s;
}, { kind: SPREAD.kind, fields: SPREAD.fields });

/** Extra pod labels: the canonical `app.kubernetes.io/*` labels cannot be set. */
const podLabels: Spec<{ [key: string]: string }> = Object.assign((input: Input, value: unknown) => {
  const labels = labelMap(input, value);
  if (labels === undefined) return undefined;
  for (const key of Object.keys(labels)) {
    if (CANONICAL.includes(key)) {
      input.failAlso(`sets ${show(key)}, a canonical label the library writes itself (selectors depend on it: remove it)`);
      delete labels[key];
    }
  }
  return labels;
}, { kind: labelMap.kind, item: labelMap.item });

/** Pod settings (`PodSettings`). */
export const POD_SETTINGS: Spec<PodSettings> = shape<PodSettings>('pods', {
  imagePullSecrets: list(dnsName, '["genesys-registry"]'),
  nodeSelector: labelMap,
  tolerations: list(toleration, '[{ key, operator, value, effect }]'),
  topologySpread: list(spread, '[{ topologyKey: "topology.kubernetes.io/zone" }]'),
  priorityClassName: dnsName,
  labels: podLabels,
  annotations: annotationMap,
}, '{ imagePullSecrets, nodeSelector, tolerations, ... }');

/** Plain configuration values: variable names, text values, no secret-like name. */
export const ENV: Spec<{ [name: string]: string }> = map(
  text(undefined, '"8080"'),
  (name) => envNameProblem(name) ?? notSecretLikeProblem(name),
  '{ "NAME": "value" }',
);

const SECRET_ENV_VAR = shape<SecretEnvVar>('a Secret variable', { name: envName, secret: secretRef }, '{ name, secret: { name, key } }');

/** Values from existing Secrets. */
export const SECRET_ENV: Spec<SecretEnvVar[]> = list(Object.assign((input: Input, value: unknown) => {
  const v = SECRET_ENV_VAR(input, value);
  if (v === undefined) return undefined;
  if (v.name === undefined || v.secret === undefined) {
    if (!input.failedAround) input.fail(`${show(value)} needs both name and secret (give { name, secret: { name, key } })`);
    return undefined;
  }
  return v;
}, { kind: SECRET_ENV_VAR.kind, fields: SECRET_ENV_VAR.fields }), '[{ name, secret: { name, key } }]');

const ENV_FROM_SHAPE = shape<EnvFromSource>('an envFrom source', {
  configMap: dnsName,
  secret: dnsName,
  prefix: envName,
  optional: flag,
}, '{ configMap } or { secret }');

/** Every key of an existing ConfigMap or Secret: exactly one of the two. */
export const ENV_FROM: Spec<EnvFromSource[]> = list(Object.assign((input: Input, value: unknown) => {
  const source = ENV_FROM_SHAPE(input, value);
  if (source === undefined) return undefined;
  if ((source.configMap === undefined) === (source.secret === undefined)) {
    if (!input.failedAround) input.fail(`${show(value)} names ${source.configMap !== undefined ? 'both a ConfigMap and a Secret' : 'neither a ConfigMap nor a Secret'} (give exactly one of configMap and secret)`);
    return undefined;
  }
  return source;
}, { kind: ENV_FROM_SHAPE.kind, fields: ENV_FROM_SHAPE.fields }), '[{ configMap: "my-config" }]');

/** Liveness and readiness probes. */
export const PROBE: Spec<ProbeOptions> = shape<ProbeOptions>('probe', {
  path: urlPath,
  port: dnsLabel(15),
  initialDelaySeconds: whole(0, 3600),
  periodSeconds: whole(1, 3600),
}, '{ path: "/health", initialDelaySeconds: 30 }');

/** A file from a ConfigMap. */
export const CONFIG_FILE: Spec<ConfigFile> = shape<ConfigFile>('a file', { path: absolutePath, content: text() }, '{ path, content }');

/** A persistent volume of a StatefulSet. */
export const STORAGE: Spec<PersistentStorage> = shape<PersistentStorage>('storage', {
  mountPath: absolutePath,
  sizeGibibytes: whole(1, 1_000_000),
  storageClassName: dnsName,
}, '{ mountPath, sizeGibibytes }');

/** A container image. */
export const IMAGE: Spec<ContainerImage> = IMAGE_SHAPE;
