// What the Kubernetes API server refuses although the JSON schema lets it through: list-map keys,
// names per kind, labels, selectors and annotations, field rules, quantities. Each rule names the
// page of the Kubernetes API reference (kubernetes.io/docs/reference/kubernetes-api/) or of the
// concepts documentation it comes from. Internal.
import { byName, checkCustomResourceLists, Fail, isObject, unique } from './api-server-lists';
import { CheckFinding, finding, FindingSeverity } from './findings';
import { ManifestSet } from './manifests';
import { groupOf, POD_TEMPLATE_PATHS, podTemplateOf } from './objects';
import { parseQuantity } from './quantity';
import { mapBySchema } from './schema';
import { selectorMatches } from './selector';


// "Object Names and IDs" (concepts/overview/working-with-objects/names): DNS-1123 subdomain (at most
// 253 characters, lower-case alphanumerics, '-' and '.', starting and ending alphanumeric), DNS-1123
// label (at most 63, no '.'), DNS-1035 label (a DNS-1123 label starting with a letter).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
// "Labels and Selectors": a key is an optional DNS subdomain prefix and '/', then a name of at most
// 63 characters (alphanumerics, '-', '_', '.', starting and ending alphanumeric); a value is empty
// or such a name.
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
// ContainerPort.name (Pod reference): an IANA_SVC_NAME, at most 15 lower-case alphanumerics or
// '-', with at least one letter, no '-' at either end and no '--'.
const IANA_SVC_NAME = /^[-a-z0-9]+$/;
// EnvVar.name (Pod reference, Kubernetes 1.27 validation): a C identifier-like name that may also
// hold '-' and '.', not starting with a digit.
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
// ConfigMap.data / Secret.data keys (ConfigMap and Secret references): '-', '_', '.' and
// alphanumerics, at most 253 characters.
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
/** "Annotations": the keys and values of one object's annotations total at most 256 KiB. */
const ANNOTATIONS_MAX = 256 * 1024;
/** ConfigMap reference: the data held in a ConfigMap cannot exceed 1 MiB. */
const CONFIGMAP_MAX = 1024 * 1024;

function dnsLabelProblem(value: any): string | undefined {
  if (typeof value !== 'string' || value === '') return 'is empty (give a name)';
  if (value.length > 63) return `is ${value.length} characters long (a DNS-1123 label has at most 63)`;
  if (!DNS1123_LABEL.test(value)) return 'is not a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit)';
  return undefined;
}

function dnsSubdomainProblem(value: any): string | undefined {
  if (typeof value !== 'string' || value === '') return 'is empty (give a name)';
  if (value.length > 253) return `is ${value.length} characters long (a DNS-1123 subdomain has at most 253)`;
  if (!DNS1123_SUBDOMAIN.test(value)) return 'is not a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit)';
  return undefined;
}

/** The problem of a Service name (a DNS-1035 label), or undefined. */
export function dns1035Problem(value: any): string | undefined {
  if (typeof value !== 'string' || value === '') return 'is empty (give a name)';
  if (value.length > 63) return `is ${value.length} characters long (a DNS-1035 label has at most 63)`;
  if (!DNS1035_LABEL.test(value)) return 'is not a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter and ending with a letter or digit)';
  return undefined;
}

/** The problem of a label or annotation key, or a selector key (a qualified name). */
export function qualifiedNameProblem(key: any): string | undefined {
  if (typeof key !== 'string' || key === '') return 'is empty';
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one \'/\' (write prefix/name)';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') return 'has an empty prefix before \'/\'';
    const p = dnsSubdomainProblem(prefix);
    if (p) return `has a prefix that ${p}`;
  }
  if (name === '') return 'has an empty name after the prefix';
  if (name.length > 63) return `has a name part of ${name.length} characters (at most 63)`;
  if (!QUALIFIED_NAME.test(name)) return 'has a name part that is not alphanumerics, \'-\', \'_\' and \'.\' starting and ending with an alphanumeric';
  return undefined;
}

/** The problem of a label value. */
export function labelValueProblem(value: any): string | undefined {
  if (typeof value !== 'string') return `is ${value === null ? 'null' : typeof value}, not a string (quote it)`;
  if (value === '') return undefined;
  if (value.length > 63) return `is ${value.length} characters long (at most 63)`;
  if (!QUALIFIED_NAME.test(value)) return 'is not alphanumerics, \'-\', \'_\' and \'.\' starting and ending with an alphanumeric';
  return undefined;
}

/** The problem of an IANA_SVC_NAME port name. */
export function portNameProblem(name: any): string | undefined {
  if (typeof name !== 'string' || name === '') return 'is empty';
  if (name.length > 15) return `is ${name.length} characters long (a port name has at most 15)`;
  if (!IANA_SVC_NAME.test(name)) return 'has characters other than lower-case letters, digits and \'-\'';
  if (!/[a-z]/.test(name)) return 'has no letter';
  if (name.startsWith('-') || name.endsWith('-')) return 'starts or ends with \'-\'';
  if (name.includes('--')) return 'holds \'--\'';
  return undefined;
}

function portNumberProblem(port: any): string | undefined {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `${JSON.stringify(port)} is not a port number (1-65535)`;
  return undefined;
}

/** A port that is a number or an IANA_SVC_NAME (targetPort, probe ports, NetworkPolicy ports). */
function checkNumberOrName(value: any, at: string, what: string, fail: Fail): void {
  if (value === undefined) return;
  if (typeof value === 'number') {
    const p = portNumberProblem(value);
    if (p) fail(`${what} ${p}`, at);
  } else {
    const p = portNameProblem(value);
    if (p) fail(`${what} ${JSON.stringify(value)} ${p} (give a port number or a container port name)`, at);
  }
}


// ---------------------------------------------------------------------------------------------
// Names ("Object Names and IDs")

/** RBAC objects: their names are path segments, not DNS names. */
const PATH_SEGMENT_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function checkNames(object: any, fail: Fail): void {
  const name = object.metadata?.name;
  const kind = object.kind;
  let problem: string | undefined;
  if (kind === 'Namespace' && groupOf(object.apiVersion) === '') {
    problem = dnsLabelProblem(name); // Namespace: a DNS-1123 label
  } else if (kind === 'Service' && groupOf(object.apiVersion) === '') {
    problem = dns1035Problem(name); // Service: a DNS-1035 label
  } else if (isBuiltIn(object) && PATH_SEGMENT_KINDS.has(kind)) {
    if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || /[/%]/.test(name)) problem = 'is not a path segment name (no \'/\' or \'%\', not "." or "..")';
  } else {
    problem = dnsSubdomainProblem(name); // other built-in kinds and custom resources: a DNS-1123 subdomain
  }
  if (!problem && kind === 'CronJob' && groupOf(object.apiVersion) === 'batch' && typeof name === 'string' && name.length > 52) {
    // CronJob ("CronJob" concepts page): the controller appends 11 characters to name its Jobs (at most 63)
    problem = `is ${name.length} characters long (a CronJob name has at most 52: its Jobs add 11 characters)`;
  }
  if (problem) fail(`metadata.name ${JSON.stringify(name)} ${problem}; rename the ${kind}`, 'metadata.name');
  const namespace = object.metadata?.namespace;
  if (namespace !== undefined) {
    const p = dnsLabelProblem(namespace);
    if (p) fail(`metadata.namespace ${JSON.stringify(namespace)} ${p}`, 'metadata.namespace');
  }
}

// ---------------------------------------------------------------------------------------------
// Labels, selectors, annotations ("Labels and Selectors", "Annotations")

function checkLabels(labels: any, at: string, fail: Fail): void {
  if (!isObject(labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    const k = qualifiedNameProblem(key);
    if (k) fail(`label key ${JSON.stringify(key)} ${k}`, `${at}.${key}`);
    const v = labelValueProblem(value);
    if (v) fail(`label ${JSON.stringify(key)} value ${JSON.stringify(value)} ${v}`, `${at}.${key}`);
  }
}

function checkAnnotations(annotations: any, at: string, fail: Fail): void {
  if (!isObject(annotations)) return;
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    // annotation keys are checked in lower case
    const k = qualifiedNameProblem(key.toLowerCase());
    if (k) fail(`annotation key ${JSON.stringify(key)} ${k}`, `${at}.${key}`);
    size += Buffer.byteLength(key) + Buffer.byteLength(typeof value === 'string' ? value : String(value));
  }
  if (size > ANNOTATIONS_MAX) fail(`annotations total ${size} bytes (at most ${ANNOTATIONS_MAX}, 256 KiB): move large values to a ConfigMap`, at);
}

function checkMetadata(metadata: any, at: string, fail: Fail): void {
  if (!isObject(metadata)) return;
  checkLabels(metadata.labels, `${at}.labels`, fail);
  checkAnnotations(metadata.annotations, `${at}.annotations`, fail);
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A LabelSelector: matchLabels as labels, matchExpressions with known operators and fitting values. */
function checkLabelSelector(selector: any, at: string, fail: Fail): void {
  if (!isObject(selector)) return;
  checkLabels(selector.matchLabels, `${at}.matchLabels`, fail);
  (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).forEach((e: any, i: number) => {
    const here = `${at}.matchExpressions[${i}]`;
    const k = qualifiedNameProblem(e?.key);
    if (k) fail(`selector key ${JSON.stringify(e?.key)} ${k}`, `${here}.key`);
    const values: any[] = Array.isArray(e?.values) ? e.values : [];
    if (!SELECTOR_OPERATORS.includes(e?.operator)) {
      fail(`selector operator ${JSON.stringify(e?.operator)} is not one of ${SELECTOR_OPERATORS.join(', ')}`, `${here}.operator`);
    } else if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      fail(`selector operator ${e.operator} needs at least one value`, `${here}.values`);
    } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
      fail(`selector operator ${e.operator} takes no values (remove values)`, `${here}.values`);
    }
    values.forEach((v, j) => {
      const p = labelValueProblem(v);
      if (p) fail(`selector value ${JSON.stringify(v)} ${p}`, `${here}.values[${j}]`);
    });
  });
}

const SELECTOR_FIELDS = new Set(['selector', 'podSelector', 'namespaceSelector', 'labelSelector']);

/** Every LabelSelector of a built-in object (a Service's and a ReplicationController's selector are label maps). */
function checkSelectors(value: any, at: string, object: any, fail: Fail): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkSelectors(v, `${at}[${i}]`, object, fail));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, v] of Object.entries(value) as Array<[string, any]>) {
    const here = at === '' ? key : `${at}.${key}`;
    if (here === 'metadata') continue;
    if (here === 'spec.selector' && (object.kind === 'Service' || object.kind === 'ReplicationController') && groupOf(object.apiVersion) === '') {
      checkLabels(v, here, fail);
      continue;
    }
    if (SELECTOR_FIELDS.has(key) && isObject(v) && (v.matchLabels !== undefined || v.matchExpressions !== undefined)) {
      checkLabelSelector(v, here, fail);
      continue;
    }
    checkSelectors(v, here, object, fail);
  }
}

// ---------------------------------------------------------------------------------------------
// Pod specs (Pod reference: PodSpec, Container, ContainerPort, EnvVar, VolumeMount, Probe)

function claimTemplateNames(object: any): string[] {
  if (object.kind !== 'StatefulSet') return [];
  return (Array.isArray(object.spec?.volumeClaimTemplates) ? object.spec.volumeClaimTemplates : []).map((t: any) => t?.metadata?.name).filter((n: any) => typeof n === 'string');
}

function checkProbePort(probe: any, at: string, fail: Fail): void {
  if (!isObject(probe)) return;
  checkNumberOrName(probe.httpGet?.port, `${at}.httpGet.port`, 'probe port', fail);
  checkNumberOrName(probe.tcpSocket?.port, `${at}.tcpSocket.port`, 'probe port', fail);
  if (probe.grpc?.port !== undefined) {
    const p = portNumberProblem(probe.grpc.port);
    if (p) fail(`probe port ${p}`, `${at}.grpc.port`);
  }
}

function checkPodSpec(object: any, spec: any, base: string, fail: Fail): void {
  if (!isObject(spec)) return;
  const at = (field: string) => `${base}.${field}`;
  const groups = ['initContainers', 'containers', 'ephemeralContainers'];
  const all: Array<{ c: any; at: string }> = groups.flatMap((g) => (Array.isArray(spec[g]) ? spec[g] : []).map((c: any, i: number) => ({ c, at: `${at(g)}[${i}]` })));
  // PodSpec: containers, init containers and ephemeral containers share one name space
  const names = new Map<string, string>();
  for (const { c, at: cAt } of all) {
    if (typeof c?.name !== 'string') continue;
    const first = names.get(c.name);
    if (first) fail(`${cAt}.name: duplicate container name ${JSON.stringify(c.name)} (also ${first}); give each container its own name`, `${cAt}.name`);
    else names.set(c.name, cAt);
  }
  unique(spec.volumes, at('volumes'), byName, 'give each volume its own name', fail);
  unique(spec.imagePullSecrets, at('imagePullSecrets'), byName, 'list each pull secret once', fail);
  unique(spec.resourceClaims, at('resourceClaims'), byName, 'give each resource claim its own name', fail);
  unique(spec.schedulingGates, at('schedulingGates'), byName, 'list each scheduling gate once', fail);
  unique(spec.hostAliases, at('hostAliases'), (h) => (h.ip === undefined ? undefined : [['ip', h.ip]]), 'list each IP once, with all its hostnames', fail);
  unique(spec.topologySpreadConstraints, at('topologySpreadConstraints'),
    (t) => [['topologyKey', t.topologyKey], ['whenUnsatisfiable', t.whenUnsatisfiable]], 'keep one constraint per topologyKey and whenUnsatisfiable', fail);
  const volumes = new Set<string>([
    ...(Array.isArray(spec.volumes) ? spec.volumes : []).map((v: any) => v?.name),
    ...claimTemplateNames(object),
  ]);
  for (const { c, at: cAt } of all) {
    if (!isObject(c)) continue;
    unique(c.ports, `${cAt}.ports`, (p) => [['containerPort', p.containerPort], ['protocol', p.protocol ?? 'TCP']], 'give each port its own number and protocol', fail);
    unique(c.ports, `${cAt}.ports`, (p) => (p.name === undefined ? undefined : [['name', p.name]]), 'give each port its own name', fail);
    unique(c.env, `${cAt}.env`, byName, 'set each variable once', fail);
    unique(c.volumeMounts, `${cAt}.volumeMounts`, (m) => [['mountPath', m.mountPath]], 'mount one volume per path', fail);
    unique(c.volumeDevices, `${cAt}.volumeDevices`, (m) => [['devicePath', m.devicePath]], 'attach one device per path', fail);
    (Array.isArray(c.ports) ? c.ports : []).forEach((p: any, i: number) => {
      const n = portNumberProblem(p?.containerPort);
      if (n) fail(`containerPort ${n}`, `${cAt}.ports[${i}].containerPort`);
      if (p?.name !== undefined) {
        const np = portNameProblem(p.name);
        if (np) fail(`container port name ${JSON.stringify(p.name)} ${np} (an IANA service name: at most 15 lower-case letters, digits and '-')`, `${cAt}.ports[${i}].name`);
      }
    });
    (Array.isArray(c.env) ? c.env : []).forEach((e: any, i: number) => {
      if (typeof e?.name === 'string' && !ENV_VAR_NAME.test(e.name)) {
        fail(`env name ${JSON.stringify(e.name)} is not a variable name (letters, digits, '_', '-' and '.', not starting with a digit)`, `${cAt}.env[${i}].name`);
      }
    });
    for (const field of ['volumeMounts', 'volumeDevices']) {
      (Array.isArray(c[field]) ? c[field] : []).forEach((m: any, i: number) => {
        if (typeof m?.name === 'string' && !volumes.has(m.name)) {
          fail(`${field.slice(0, -1)} names volume ${JSON.stringify(m.name)}, which the pod does not declare (add it to spec.volumes${object.kind === 'StatefulSet' ? ' or volumeClaimTemplates' : ''}, or fix the name)`, `${cAt}.${field}[${i}].name`);
        }
      });
    }
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) checkProbePort(c[probe], `${cAt}.${probe}`, fail);
  }
}

// ---------------------------------------------------------------------------------------------
// Kinds

function checkService(object: any, fail: Fail): void {
  const ports: any[] = Array.isArray(object.spec?.ports) ? object.spec.ports : [];
  // Service reference: ports are a list map on port and protocol (protocol defaults to TCP); names are unique
  unique(ports, 'spec.ports', (p) => [['port', p.port], ['protocol', p.protocol ?? 'TCP']], 'give each port its own number and protocol, or drop the copy', fail);
  unique(ports, 'spec.ports', (p) => (p.name === undefined ? undefined : [['name', p.name]]), 'give each port its own name', fail);
  ports.forEach((p: any, i: number) => {
    const n = portNumberProblem(p?.port);
    if (n) fail(`port ${n}`, `spec.ports[${i}].port`);
    if (p?.name !== undefined) {
      const np = dnsLabelProblem(p.name);
      if (np) fail(`port name ${JSON.stringify(p.name)} ${np}`, `spec.ports[${i}].name`);
    } else if (ports.length > 1) {
      fail('port has no name although the Service has several ports (name every port)', `spec.ports[${i}].name`);
    }
    checkNumberOrName(p?.targetPort, `spec.ports[${i}].targetPort`, 'targetPort', fail);
  });
}

function checkConfigData(object: any, fail: Fail): void {
  const fields = object.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
  for (const field of fields) {
    for (const key of Object.keys(isObject(object[field]) ? object[field] : {})) {
      if (key.length > 253 || !CONFIG_KEY.test(key) || key === '.' || key === '..' || key.startsWith('..')) {
        fail(`key ${JSON.stringify(key)} is not a valid ${object.kind} key (letters, digits, '-', '_' and '.', at most 253, not "." or "..")`, `${field}.${key}`);
      }
    }
  }
  if (object.kind !== 'ConfigMap') return;
  const data = isObject(object.data) ? object.data : {};
  const binary = isObject(object.binaryData) ? object.binaryData : {};
  for (const key of Object.keys(binary)) {
    if (Object.prototype.hasOwnProperty.call(data, key)) fail(`key ${JSON.stringify(key)} is in both data and binaryData (keep one)`, `binaryData.${key}`);
  }
  let size = 0;
  for (const v of Object.values(data) as any[]) size += Buffer.byteLength(String(v));
  for (const v of Object.values(binary) as any[]) size += Buffer.from(String(v), 'base64').length;
  if (size > CONFIGMAP_MAX) fail(`holds ${size} bytes of data (a ConfigMap holds at most 1 MiB): split it or mount the content another way`, 'data');
}

function checkNetworkPolicy(object: any, fail: Fail): void {
  const spec = object.spec ?? {};
  // NetworkPolicy reference: policyTypes holds Ingress and/or Egress, each once
  if (Array.isArray(spec.policyTypes)) {
    const seen = new Set<string>();
    spec.policyTypes.forEach((t: any, i: number) => {
      if (t !== 'Ingress' && t !== 'Egress') fail(`policyTypes entry ${JSON.stringify(t)} is not Ingress or Egress`, `spec.policyTypes[${i}]`);
      else if (seen.has(t)) fail(`policyTypes lists ${t} twice`, `spec.policyTypes[${i}]`);
      seen.add(t);
    });
  }
  for (const direction of ['ingress', 'egress']) {
    (Array.isArray(spec[direction]) ? spec[direction] : []).forEach((rule: any, i: number) => {
      (Array.isArray(rule?.ports) ? rule.ports : []).forEach((p: any, j: number) => {
        const at = `spec.${direction}[${i}].ports[${j}]`;
        checkNumberOrName(p?.port, `${at}.port`, 'port', fail);
        if (p?.endPort !== undefined) {
          if (typeof p.port !== 'number') fail(`endPort ${p.endPort} needs a numeric port (got ${JSON.stringify(p.port)})`, `${at}.endPort`);
          else if (!(p.endPort >= p.port)) fail(`endPort ${p.endPort} is below port ${p.port} (endPort must be at least port)`, `${at}.endPort`);
        }
      });
    });
  }
}

function checkIngress(object: any, fail: Fail): void {
  // Ingress reference: a path must be absolute (start with '/'); Exact and Prefix paths are required
  (Array.isArray(object.spec?.rules) ? object.spec.rules : []).forEach((rule: any, i: number) => {
    (Array.isArray(rule?.http?.paths) ? rule.http.paths : []).forEach((p: any, j: number) => {
      const at = `spec.rules[${i}].http.paths[${j}]`;
      const needed = p?.pathType === 'Exact' || p?.pathType === 'Prefix';
      if ((needed || (p?.path !== undefined && p.path !== '')) && !(typeof p?.path === 'string' && p.path.startsWith('/'))) {
        fail(`path ${JSON.stringify(p?.path)} is not absolute (start it with '/')`, `${at}.path`);
      }
      const port = p?.backend?.service?.port;
      if (port?.number !== undefined) checkNumberOrName(port.number, `${at}.backend.service.port.number`, 'backend port', fail);
      if (port?.name !== undefined) checkNumberOrName(port.name, `${at}.backend.service.port.name`, 'backend port', fail);
    });
  });
}

function checkWorkloadSelector(object: any, fail: Fail): void {
  if (!['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(object.kind) || groupOf(object.apiVersion) !== 'apps') return;
  const selector = object.spec?.selector;
  const labels = object.spec?.template?.metadata?.labels ?? {};
  // Deployment reference: the selector must match the pod template's labels
  if (!isObject(selector) || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
    fail('spec.selector is empty (select the pod template\'s labels)', 'spec.selector');
  } else if (!selectorMatches(selector, labels)) {
    fail(`spec.selector ${JSON.stringify(selector)} does not match the template labels ${JSON.stringify(labels)} (make the selector a subset of the labels)`, 'spec.selector');
  }
}

function checkQuantities(object: any, fail: Fail): void {
  // Quantity reference: the server parses only binary SI, decimal SI and exponent suffixes
  mapBySchema(object, (value, info, at) => {
    if (info.quantity && typeof value === 'string' && parseQuantity(value) === undefined) {
      fail(`${JSON.stringify(value)} is not a quantity the API server parses (use a suffix Ki, Mi, Gi, Ti, Pi, Ei, m, k, M, G, T, P, E or an exponent, e.g. "500m", "1Gi")`, at);
    }
    return value;
  });
}

/** Template metadata of workloads and claim templates, for the label checks. */
function nestedMetadata(object: any): Array<{ metadata: any; at: string }> {
  const out: Array<{ metadata: any; at: string }> = [];
  const path = POD_TEMPLATE_PATHS[object.kind];
  if (path && podTemplateOf(object)) out.push({ metadata: podTemplateOf(object).metadata, at: `${path.join('.')}.metadata` });
  if (object.kind === 'CronJob') out.push({ metadata: object.spec?.jobTemplate?.metadata, at: 'spec.jobTemplate.metadata' });
  if (object.kind === 'StatefulSet') {
    (Array.isArray(object.spec?.volumeClaimTemplates) ? object.spec.volumeClaimTemplates : []).forEach((t: any, i: number) => {
      out.push({ metadata: t?.metadata, at: `spec.volumeClaimTemplates[${i}].metadata` });
    });
  }
  return out;
}

/** True for kinds of the Kubernetes API itself (core group, `*.k8s.io`, and the unqualified groups). */
function isBuiltIn(object: any): boolean {
  const group = groupOf(object.apiVersion);
  return group === '' || !group.includes('.') || (group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io') && group !== 'gateway.networking.k8s.io');
}

/**
 * The api-server rule: one finding per problem the Kubernetes API server would refuse the object
 * for, beyond what the JSON schema checks.
 */
export function checkApiServer(manifests: ManifestSet, rule: string): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const object of manifests.objects) {
    const fail: Fail = (message, at) => out.push(finding(rule, FindingSeverity.ERROR, object, message, at));
    checkNames(object, fail);
    checkMetadata(object.metadata, 'metadata', fail);
    if (!isBuiltIn(object)) {
      checkCustomResourceLists(object, fail);
      continue;
    }
    for (const { metadata, at } of nestedMetadata(object)) checkMetadata(metadata, at, fail);
    checkSelectors(object, '', object, fail);
    const template = podTemplateOf(object);
    if (template) {
      const path = object.kind === 'Pod' ? 'spec' : `${POD_TEMPLATE_PATHS[object.kind].join('.')}.spec`;
      checkPodSpec(object, template.spec, path, fail);
    }
    const core = groupOf(object.apiVersion) === '';
    if (core && object.kind === 'Service') checkService(object, fail);
    if (core && (object.kind === 'ConfigMap' || object.kind === 'Secret')) checkConfigData(object, fail);
    // ServiceAccount reference: secrets are a list map on name
    if (core && object.kind === 'ServiceAccount') unique(object.secrets, 'secrets', byName, 'list each secret once', fail);
    const group = groupOf(object.apiVersion);
    if (group === 'networking.k8s.io' && object.kind === 'NetworkPolicy') checkNetworkPolicy(object, fail);
    if (group === 'networking.k8s.io' && object.kind === 'Ingress') checkIngress(object, fail);
    // HorizontalPodAutoscaler reference: minReplicas at least 1 and at most maxReplicas
    if (group === 'autoscaling' && object.kind === 'HorizontalPodAutoscaler') {
      const min = object.spec?.minReplicas;
      const max = object.spec?.maxReplicas;
      if (min !== undefined && min < 1) fail(`minReplicas ${min} is below 1`, 'spec.minReplicas');
      if (typeof max === 'number' && (min ?? 1) > max) fail(`minReplicas ${min ?? 1} is above maxReplicas ${max} (raise maxReplicas or lower minReplicas)`, 'spec.minReplicas');
    }
    // PodDisruptionBudget reference: minAvailable and maxUnavailable are mutually exclusive
    if (group === 'policy' && object.kind === 'PodDisruptionBudget' && object.spec?.minAvailable !== undefined && object.spec?.maxUnavailable !== undefined) {
      fail('sets both minAvailable and maxUnavailable (keep one)', 'spec');
    }
    checkWorkloadSelector(object, fail);
    checkQuantities(object, fail);
  }
  return out;
}
