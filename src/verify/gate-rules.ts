// The review gate's rules beyond pod specs and reachability (issue #20): workload identity,
// exposure outside the entry points, privilege outside the pod spec, secrets in disguise, and API
// versions the gate cannot judge. Each finding names the object, the field, the value (never a
// secret) and the fix. Internal.
import { describedService, readDescribedWorkloads } from './described-workloads';
import { CheckFinding, finding, FindingSeverity } from './findings';
import { ManifestSet } from './manifests';
import { describeObject, groupOf, podTemplateOf, POD_TEMPLATE_PATHS, refsOf } from './objects';
import { selectorMatches } from './selector';
import { ConnectionCatalog } from '../catalog/catalog';
import { EndKind, PeerKindId } from '../catalog/model';
import { isExtensionRef, Labels } from '../shared';

/** Rule names (`PolicyRule` values). */
export const GateRule = {
  WORKLOAD_IDENTITY: 'workload-identity',
  EXPOSURE: 'exposure',
  PRIVILEGE: 'privilege',
  PLAINTEXT_SECRET: 'plaintext-secret',
  API_VERSION: 'api-version',
  POLICY_SIDE: 'policy-side',
  DEFAULT_DENY: 'default-deny',
} as const;

type Add = (rule: string, object: any, message: string, at?: string) => void;

/** Runs the gate rules not in `skip`. */
export function checkGate(manifests: ManifestSet, skip: Set<string>, defaultNamespace: string): CheckFinding[] {
  const out: CheckFinding[] = [];
  const add: Add = (rule, object, message, at) => {
    if (!skip.has(rule)) out.push(finding(rule, FindingSeverity.ERROR, object, message, at));
  };
  const ns = (o: any): string => o?.metadata?.namespace ?? defaultNamespace;
  checkIdentity(manifests, ns, add);
  checkExposure(manifests, ns, add, defaultNamespace);
  checkPrivilege(manifests, add);
  checkDisguisedSecrets(manifests, add);
  checkApiVersions(manifests, add);
  checkPolicySides(manifests, add);
  checkDefaultDeny(manifests, ns, add);
  return out;
}

// ---------------------------------------------------------------------------------------------
// workload identity

interface Workload {
  readonly object: any;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly name: string;
  /** The component a description of pods deployed elsewhere names. @default - the pods' `app.kubernetes.io/name` */
  readonly component?: string;
}

function workloadsOf(manifests: ManifestSet, ns: (o: any) => string): Workload[] {
  const out: Workload[] = [];
  for (const object of manifests.objects) {
    const template = podTemplateOf(object);
    if (!template) continue;
    const labels = template.metadata?.labels && typeof template.metadata.labels === 'object' ? template.metadata.labels : {};
    out.push({ object, namespace: ns(object), labels, name: describeObject(object) });
  }
  return out;
}

function imagesOf(object: any): string[] {
  const spec = podTemplateOf(object)?.spec ?? {};
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c: any) => String(c?.image ?? ''));
}

/** A workload's own selector (`spec.selector`, or the label map of a ReplicationController). */
function ownSelector(object: any): any {
  if (object.kind === 'Pod') return undefined;
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.selector;
  const selector = object.spec?.selector;
  if (object.kind === 'ReplicationController' && selector && !selector.matchLabels && !selector.matchExpressions) return { matchLabels: selector };
  return selector;
}

function nonEmpty(selector: any): boolean {
  return !!selector && typeof selector === 'object'
    && (Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions ?? []).length > 0);
}

/**
 * A workload whose pods match another workload's selector, or which a Service or NetworkPolicy
 * selecting another workload's pods also selects: the Service then sends it the other's traffic,
 * the policies give it the other's reach, the controllers fight over its pods.
 */
function checkIdentity(manifests: ManifestSet, ns: (o: any) => string, add: Add): void {
  const workloads = workloadsOf(manifests, ns);
  const order = new Map<Workload, number>(workloads.map((w, i) => [w, i]));
  const byNamespace = new Map<string, Workload[]>();
  for (const w of workloads) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);
  // each (rogue workload, workload it impersonates) pair once, with every selector it falls under
  const pairs = new Map<string, { rogue: Workload; owner: Workload; by: string[] }>();
  const record = (rogue: Workload, owner: Workload, by: string) => {
    const key = `${order.get(rogue)}|${order.get(owner)}`;
    const entry = pairs.get(key) ?? { rogue, owner, by: [] };
    entry.by.push(by);
    pairs.set(key, entry);
  };
  for (const w of workloads) {
    const selector = ownSelector(w.object);
    if (!nonEmpty(selector)) continue;
    for (const other of byNamespace.get(w.namespace) ?? []) {
      if (other === w || !selectorMatches(selector, other.labels)) continue;
      // two controllers selecting each other's pods: the one read later is the newcomer
      if (nonEmpty(ownSelector(other.object)) && selectorMatches(ownSelector(other.object), w.labels) && order.get(other)! < order.get(w)!) continue;
      record(other, w, `the selector of ${w.name}`);
    }
  }
  for (const object of manifests.objects) {
    let selector: any;
    let at = '';
    if (object.kind === 'Service' && groupOf(object.apiVersion) === '' && object.spec?.selector && Object.keys(object.spec.selector).length > 0) {
      selector = { matchLabels: object.spec.selector };
      at = 'spec.selector';
    } else if (object.kind === 'NetworkPolicy' && groupOf(object.apiVersion) === 'networking.k8s.io' && nonEmpty(object.spec?.podSelector)) {
      selector = object.spec.podSelector;
      at = 'spec.podSelector';
    } else {
      continue;
    }
    const matched = (byNamespace.get(ns(object)) ?? []).filter((w) => selectorMatches(selector, w.labels));
    if (matched.length < 2) continue;
    // the workload the object was written for: the one its name label names, else the first read
    const ownerName = selector.matchLabels?.[Labels.NAME];
    const owner = matched.find((w) => w.object.metadata?.name === ownerName) ?? matched[0];
    for (const w of matched) if (w !== owner) record(w, owner, `${at} of ${describeObject(object)}`);
  }
  for (const { rogue, owner, by } of pairs.values()) {
    const foreign = imagesOf(rogue.object).filter((i) => !imagesOf(owner.object).includes(i));
    const images = foreign.length > 0 ? `, with images ${JSON.stringify(foreign)} that ${owner.name} does not run` : '';
    add(GateRule.WORKLOAD_IDENTITY, rogue.object, `its pods (labels ${JSON.stringify(rogue.labels)}${images}) match ${by.join(', ')}, written for ${owner.name}: they take its identity (its traffic, its reach, its controller). Give the workload labels of its own, or remove it`, rogue.object.kind === 'Pod' ? 'metadata.labels' : `${POD_TEMPLATE_PATHS[rogue.object.kind].join('.')}.metadata.labels`);
  }
}

// ---------------------------------------------------------------------------------------------
// exposure

/** Peers whose traffic enters through the entry points (Ingress or Gateway routes). */
const ENTRY_SOURCES: string[] = [
  PeerKindId.BROWSER, PeerKindId.GENESYS_WIDGETS, PeerKindId.ASYNC_API_CLIENT, PeerKindId.INGRESS_CONTROLLER,
];

/** The components the rows of a route's references let the entry points reach. */
function entryDestinations(refs: string[]): Set<string> {
  const out = new Set<string>();
  for (const ref of refs) {
    let row;
    try {
      row = ConnectionCatalog.get(ref);
    } catch {
      continue;
    }
    const fromEntry = row.source.kind === EndKind.PEER && ENTRY_SOURCES.includes(row.source.id);
    if (fromEntry && row.destination.kind === EndKind.COMPONENT) out.add(row.destination.id);
  }
  return out;
}

/** The backend Services of an Ingress or HTTPRoute: name, namespace and where. */
function backendsOf(object: any, namespace: string): Array<{ name: string; namespace: string; at: string }> {
  const out: Array<{ name: string; namespace: string; at: string }> = [];
  if (object.kind === 'Ingress') {
    const svc = object.spec?.defaultBackend?.service?.name;
    if (svc) out.push({ name: svc, namespace, at: 'spec.defaultBackend.service.name' });
    (object.spec?.rules ?? []).forEach((r: any, i: number) => (r?.http?.paths ?? []).forEach((p: any, j: number) => {
      const name = p?.backend?.service?.name;
      if (name) out.push({ name, namespace, at: `spec.rules[${i}].http.paths[${j}].backend.service.name` });
    }));
  } else {
    (object.spec?.rules ?? []).forEach((r: any, i: number) => (r?.backendRefs ?? []).forEach((b: any, j: number) => {
      if ((b?.kind ?? 'Service') !== 'Service' || (b?.group ?? '') !== '') return;
      out.push({ name: b.name, namespace: b.namespace ?? namespace, at: `spec.rules[${i}].backendRefs[${j}]` });
    }));
  }
  return out;
}

/** True when a namespaceSelector admits a namespace with these labels. */
function admitsNamespace(selector: any, name: string): boolean {
  return selectorMatches(selector, { [Labels.NAMESPACE_NAME]: name });
}

/**
 * Services reachable from outside the entry points (LoadBalancer, NodePort, externalIPs), routes to
 * Services no entry-point row (or extension) names, and ingress rules admitting every namespace or
 * kube-system into our workloads.
 */
function checkExposure(manifests: ManifestSet, ns: (o: any) => string, add: Add, defaultNamespace: string): void {
  const rule = GateRule.EXPOSURE;
  const services = manifests.objects.filter((o) => o.kind === 'Service' && groupOf(o.apiVersion) === '');
  const workloads = workloadsOf(manifests, ns);
  // components deployed elsewhere: their chart's Service and pods as the output describes them
  const described = readDescribedWorkloads(manifests.objects, defaultNamespace).workloads;
  const describedServices = described.map((w) => describedService(w));
  workloads.push(...described.map((w) => ({
    object: undefined, namespace: w.namespace, labels: w.podSelector, name: w.component, component: w.component,
  })));
  for (const service of services) {
    const type = service.spec?.type;
    if (type === 'LoadBalancer' || type === 'NodePort') {
      add(rule, service, `type is ${type}: the Service is reachable from outside the cluster, past the entry points (the Gateway or Ingress) the catalog documents. Use type ClusterIP and route through an entry point`, 'spec.type');
    }
    if (Array.isArray(service.spec?.externalIPs) && service.spec.externalIPs.length > 0) {
      add(rule, service, `externalIPs ${JSON.stringify(service.spec.externalIPs)} make the nodes forward those addresses to the Service, past the entry points (and can capture another service's traffic). Remove externalIPs`, 'spec.externalIPs');
    }
  }
  for (const route of manifests.objects) {
    const isIngress = route.kind === 'Ingress' && groupOf(route.apiVersion) === 'networking.k8s.io';
    const isRoute = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'].includes(route.kind) && groupOf(route.apiVersion) === 'gateway.networking.k8s.io';
    if (!isIngress && !isRoute) continue;
    const refs = refsOf(route);
    if (refs.some(isExtensionRef)) continue; // a declared extension: listed as EXT
    const allowed = entryDestinations(refs);
    for (const backend of backendsOf(route, ns(route))) {
      const service = [...services, ...describedServices].find((s) => s.metadata?.name === backend.name && ns(s) === backend.namespace);
      if (!service) {
        add(rule, route, `routes to Service ${backend.namespace}/${backend.name}, which is not in the manifests: the gate cannot see which pods it reaches. Route only to Services of the manifests`, backend.at);
        continue;
      }
      const selected = workloads.filter((w) => w.namespace === backend.namespace && service.spec?.selector
        && Object.keys(service.spec.selector).length > 0 && selectorMatches({ matchLabels: service.spec.selector }, w.labels));
      const names = selected.map((w) => w.component ?? w.labels[Labels.NAME]);
      const stray = selected.filter((w) => !allowed.has(w.component ?? w.labels[Labels.NAME]));
      if (selected.length === 0 || stray.length > 0) {
        const what = refs.length > 0 ? `its references (${refs.join(', ')}) document entry points to ${allowed.size > 0 ? [...allowed].join(', ') : 'no component'}` : 'it names no entry-point row (genesys.cdk8s.io/implements)';
        add(rule, route, `routes to Service ${backend.namespace}/${backend.name} (pods ${JSON.stringify(names)}), but ${what}: an entry point to a component no row documents. Route only to the components of the entry-point rows, or declare an extension (ext:<id>)`, backend.at);
      }
    }
  }
  const ours = workloads.filter((w) => w.labels[Labels.PART_OF] === Labels.PART_OF_VALUE);
  for (const policy of manifests.objects) {
    if (policy.kind !== 'NetworkPolicy' || groupOf(policy.apiVersion) !== 'networking.k8s.io') continue;
    const selected = ours.filter((w) => w.namespace === ns(policy) && selectorMatches(policy.spec?.podSelector ?? {}, w.labels));
    if (selected.length === 0) continue;
    (Array.isArray(policy.spec?.ingress) ? policy.spec.ingress : []).forEach((r: any, i: number) => {
      (Array.isArray(r?.from) ? r.from : []).forEach((peer: any, j: number) => {
        const selector = peer?.namespaceSelector;
        if (!selector || typeof selector !== 'object') return;
        const at = `spec.ingress[${i}].from[${j}].namespaceSelector`;
        const whom = selected.map((w) => w.name).join(', ');
        if (!nonEmpty(selector)) {
          add(rule, policy, `namespaceSelector ${JSON.stringify(selector)} admits every namespace into ${whom}: name the peer's namespace (kubernetes.io/metadata.name)`, at);
        } else if (admitsNamespace(selector, 'kube-system')) {
          add(rule, policy, `namespaceSelector ${JSON.stringify(selector)} admits kube-system into ${whom}: every system pod (and anything that runs there) reaches it. Name the peer's own namespace`, at);
        }
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// privilege outside the pod spec

const PSA = 'pod-security.kubernetes.io/';
/** The Kubernetes minor version the library pins Pod Security to; an older pin checks less. */
const PSA_MIN_MINOR = 27;

function checkNamespaceSecurity(object: any, add: Add): void {
  const labels = object.metadata?.labels ?? {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    const level = labels[`${PSA}${mode}`];
    if (level !== 'restricted') {
      add(GateRule.PRIVILEGE, object, `label ${PSA}${mode} is ${JSON.stringify(level ?? null)}: the library writes "restricted" (pods that break the restricted profile would be ${mode === 'enforce' ? 'admitted' : 'neither audited nor warned about'}). Set it to restricted`, `metadata.labels.${PSA}${mode}`);
    }
    const version = labels[`${PSA}${mode}-version`];
    if (version === undefined || version === 'latest') continue;
    const m = /^v1\.(\d+)$/.exec(String(version));
    if (!m || Number(m[1]) < PSA_MIN_MINOR) {
      add(GateRule.PRIVILEGE, object, `label ${PSA}${mode}-version is ${JSON.stringify(version)}: an older profile checks less than the v1.${PSA_MIN_MINOR} one the library pins. Set it to v1.${PSA_MIN_MINOR} or later (or latest)`, `metadata.labels.${PSA}${mode}-version`);
    }
  }
}

const RBAC = 'rbac.authorization.k8s.io';

function checkPodAnnotations(object: any, add: Add): void {
  const template = podTemplateOf(object);
  if (!template) return;
  const base = object.kind === 'Pod' ? 'metadata' : `${POD_TEMPLATE_PATHS[object.kind].join('.')}.metadata`;
  for (const [key, value] of Object.entries(template.metadata?.annotations ?? {})) {
    const v = String(value).trim().toLowerCase();
    const apparmor = key.startsWith('container.apparmor.security.beta.kubernetes.io/');
    const seccomp = key === 'seccomp.security.alpha.kubernetes.io/pod' || key.startsWith('container.seccomp.security.alpha.kubernetes.io/');
    if ((apparmor || seccomp) && v === 'unconfined') {
      add(GateRule.PRIVILEGE, object, `annotation ${key} is "unconfined": it turns ${apparmor ? 'AppArmor' : 'seccomp'} off for the container. Remove the annotation (set securityContext.seccompProfile.type: RuntimeDefault)`, `${base}.annotations.${key}`);
    }
  }
  const spec = template.spec ?? {};
  const specBase = object.kind === 'Pod' ? 'spec' : `${POD_TEMPLATE_PATHS[object.kind].join('.')}.spec`;
  if (spec.securityContext?.appArmorProfile?.type === 'Unconfined') {
    add(GateRule.PRIVILEGE, object, 'pod securityContext.appArmorProfile.type is Unconfined: it turns AppArmor off. Use RuntimeDefault or remove it', `${specBase}.securityContext.appArmorProfile`);
  }
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    (Array.isArray(spec[field]) ? spec[field] : []).forEach((c: any, i: number) => {
      if (c?.securityContext?.appArmorProfile?.type === 'Unconfined') {
        add(GateRule.PRIVILEGE, object, `container ${JSON.stringify(c.name)} securityContext.appArmorProfile.type is Unconfined: it turns AppArmor off. Use RuntimeDefault or remove it`, `${specBase}.${field}[${i}].securityContext.appArmorProfile`);
      }
    });
  }
}

/**
 * Namespaces whose Pod Security labels are lowered, RBAC grants (the library writes none),
 * aggregated ClusterRoles, long-lived service account tokens, unconfining annotations.
 */
function checkPrivilege(manifests: ManifestSet, add: Add): void {
  for (const object of manifests.objects) {
    const group = groupOf(object.apiVersion);
    if (object.kind === 'Namespace' && group === '') checkNamespaceSecurity(object, add);
    if (group === RBAC && (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding')) {
      const subjects = (object.subjects ?? []).map((s: any) => `${s?.kind} ${s?.namespace ? `${s.namespace}/` : ''}${s?.name}`);
      add(GateRule.PRIVILEGE, object, `grants ${object.roleRef?.kind} ${JSON.stringify(object.roleRef?.name)} to ${subjects.join(', ') || 'no subject'}: the library writes no RBAC grant (its pods do not call the Kubernetes API). Grant access through the cluster's own RBAC process, outside these manifests`, 'roleRef');
    }
    if (group === RBAC && object.kind === 'ClusterRole') {
      const aggregate = Object.keys(object.metadata?.labels ?? {}).filter((k) => k.startsWith(`${RBAC}/aggregate-to-`));
      if (aggregate.length > 0) {
        add(GateRule.PRIVILEGE, object, `labels ${aggregate.join(', ')} add its rules to the built-in roles, without any binding here. Remove the aggregation labels`, 'metadata.labels');
      }
    }
    if (object.kind === 'Secret' && group === '' && object.type === 'kubernetes.io/service-account-token') {
      add(GateRule.PRIVILEGE, object, `type kubernetes.io/service-account-token makes a token that never expires for ServiceAccount ${JSON.stringify(object.metadata?.annotations?.['kubernetes.io/service-account.name'] ?? null)}. Remove it (pods that need the API get a projected, expiring token)`, 'type');
    }
    checkPodAnnotations(object, add);
  }
}

// ---------------------------------------------------------------------------------------------
// secrets in disguise

/** A password in a URL's user info: `scheme://user:password@host`. */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/i;
/** What a value looks like when it holds a secret, whatever its name. */
const SECRET_SHAPES: Array<{ re: RegExp; what: string }> = [
  { re: /\bbearer\s+[A-Za-z0-9._~+/-]{16,}=*/i, what: 'a bearer token' },
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, what: 'a JSON Web Token' },
  { re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
  { re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'a cloud access key id' },
];

/** True when the text is a placeholder filled in at run time. */
function placeholder(text: string): boolean {
  return /^(\$\{[^}]*\}|\$\([^)]*\)|\{\{.*\}\}|<[^>]*>|\*+|x+|\.\.\.)$/i.test(text);
}

/** What secret a value holds, in words (never the value), or undefined. */
export function disguisedSecret(value: string): string | undefined {
  const url = URL_PASSWORD.exec(value);
  if (url && !placeholder(url[1]) && !placeholder(decodeSafe(url[1]))) return 'a password inside a URL (scheme://user:password@host)';
  for (const shape of SECRET_SHAPES) if (shape.re.test(value)) return shape.what;
  return undefined;
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Env values of every container and ConfigMap data holding a secret whatever the name says. */
function checkDisguisedSecrets(manifests: ManifestSet, add: Add): void {
  const rule = GateRule.PLAINTEXT_SECRET;
  for (const object of manifests.objects) {
    if (object.kind === 'ConfigMap' && groupOf(object.apiVersion) === '') {
      for (const [key, value] of Object.entries(object.data ?? {})) {
        if (typeof value !== 'string') continue;
        const lines = value.split('\n');
        lines.forEach((line, i) => {
          const what = disguisedSecret(line);
          if (what) add(rule, object, `ConfigMap key ${JSON.stringify(key)}${lines.length > 1 ? ` line ${i + 1}` : ''} holds ${what} (value not shown): move it to a Secret created outside the manifests and read it from there`, `data.${key}`);
        });
      }
      continue;
    }
    const template = podTemplateOf(object);
    if (!template) continue;
    const base = object.kind === 'Pod' ? 'spec' : `${POD_TEMPLATE_PATHS[object.kind].join('.')}.spec`;
    const spec = template.spec ?? {};
    for (const field of ['initContainers', 'containers']) {
      (Array.isArray(spec[field]) ? spec[field] : []).forEach((c: any, i: number) => {
        (Array.isArray(c?.env) ? c.env : []).forEach((e: any, j: number) => {
          if (typeof e?.value !== 'string') return;
          const what = disguisedSecret(e.value);
          if (what) add(rule, object, `container ${JSON.stringify(c.name)} env ${e.name} holds ${what} (value not shown): take it from a Secret with valueFrom.secretKeyRef`, `${base}.${field}[${i}].env[${j}]`);
        });
        (['command', 'args'] as const).forEach((list) => (Array.isArray(c?.[list]) ? c[list] : []).forEach((arg: any, j: number) => {
          if (typeof arg !== 'string') return;
          const what = disguisedSecret(arg);
          if (what) add(rule, object, `container ${JSON.stringify(c.name)} ${list}[${j}] holds ${what} (value not shown): pass it through an env variable read from a Secret`, `${base}.${field}[${i}].${list}[${j}]`);
        }));
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// API versions

/**
 * Built-in kinds in API versions Kubernetes 1.27 no longer serves (removed in 1.16, 1.22, 1.25 and
 * 1.26): the API server refuses them, and the gate, which reads only the served versions, would
 * judge a cluster without them.
 */
const REMOVED: { [apiVersion: string]: { kinds: string[]; removed: string } } = {
  'extensions/v1beta1': { kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'NetworkPolicy', 'Ingress', 'PodSecurityPolicy'], removed: '1.16 (Ingress 1.22)' },
  'apps/v1beta1': { kinds: ['Deployment', 'StatefulSet'], removed: '1.16' },
  'apps/v1beta2': { kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], removed: '1.16' },
  'networking.k8s.io/v1beta1': { kinds: ['Ingress', 'IngressClass'], removed: '1.22' },
  'rbac.authorization.k8s.io/v1beta1': { kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], removed: '1.22' },
  'policy/v1beta1': { kinds: ['PodDisruptionBudget', 'PodSecurityPolicy'], removed: '1.25' },
  'batch/v1beta1': { kinds: ['CronJob'], removed: '1.25' },
  'autoscaling/v2beta1': { kinds: ['HorizontalPodAutoscaler'], removed: '1.25' },
  'autoscaling/v2beta2': { kinds: ['HorizontalPodAutoscaler'], removed: '1.26' },
};

/** The served API version of each kind the table above lists. */
const SERVED: { [kind: string]: string } = {
  Deployment: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  IngressClass: 'networking.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  PodDisruptionBudget: 'policy/v1',
  CronJob: 'batch/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodSecurityPolicy: 'none (removed in 1.25: use Pod Security labels)',
};

/**
 * Removed API versions of built-in kinds, and network policies of other APIs (Calico, Cilium,
 * AdminNetworkPolicy...), which can allow what the NetworkPolicies deny: the gate cannot judge them.
 */
function checkApiVersions(manifests: ManifestSet, add: Add): void {
  for (const object of manifests.objects) {
    const removed = REMOVED[object.apiVersion];
    if (removed && removed.kinds.includes(object.kind)) {
      add(GateRule.API_VERSION, object, `apiVersion ${object.apiVersion} of ${object.kind} was removed in Kubernetes ${removed.removed}: the API server refuses it and the gate cannot judge it. Write apiVersion ${SERVED[object.kind]}`, 'apiVersion');
      continue;
    }
    if (/NetworkPolicy$/.test(object.kind) && !(object.kind === 'NetworkPolicy' && object.apiVersion === 'networking.k8s.io/v1')) {
      add(GateRule.API_VERSION, object, `${object.apiVersion} ${object.kind} is not a networking.k8s.io/v1 NetworkPolicy: the gate cannot judge what it allows, and a network plugin may let it allow what the NetworkPolicies deny. Write the rule as a networking.k8s.io/v1 NetworkPolicy, or apply it outside the reviewed manifests`, 'apiVersion');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// least privilege per side

/**
 * Each side of a flow on its own: a NetworkPolicy rule that admits more than a row documents (any
 * port, an endPort range, every peer, every pod of a namespace, every pod of its own namespace) is
 * reported even while the other side still blocks the flow. An ingress `namespaceSelector: {}` is
 * the exposure rule's.
 */
function checkPolicySides(manifests: ManifestSet, add: Add): void {
  const rule = GateRule.POLICY_SIDE;
  for (const policy of manifests.objects) {
    if (policy.kind !== 'NetworkPolicy' || groupOf(policy.apiVersion) !== 'networking.k8s.io') continue;
    for (const direction of ['ingress', 'egress'] as const) {
      const field = direction === 'egress' ? 'to' : 'from';
      (Array.isArray(policy.spec?.[direction]) ? policy.spec[direction] : []).forEach((r: any, i: number) => {
        const at = `spec.${direction}[${i}]`;
        const ports: any[] = Array.isArray(r?.ports) ? r.ports : [];
        if (ports.length === 0) add(rule, policy, `the ${direction} rule names no port: it admits every port and protocol. Name the ports the rows document`, `${at}.ports`);
        ports.forEach((p, j) => {
          if (p?.endPort !== undefined) add(rule, policy, `port ${JSON.stringify(p.port)} with endPort ${JSON.stringify(p.endPort)} admits a range of ports: name each port a row documents`, `${at}.ports[${j}].endPort`);
          if (p?.port === undefined) add(rule, policy, 'a port entry without port admits every port of its protocol: name the port', `${at}.ports[${j}]`);
        });
        const peers: any[] = Array.isArray(r?.[field]) ? r[field] : [];
        if (peers.length === 0) {
          add(rule, policy, `the ${direction} rule names no peer (${field} is empty): it admits every pod and address. Name the peers the rows document`, `${at}.${field}`);
          return;
        }
        peers.forEach((peer, j) => {
          if (!peer || typeof peer !== 'object' || peer.ipBlock) return;
          const where = `${at}.${field}[${j}]`;
          const nsSel = peer.namespaceSelector;
          const podSel = peer.podSelector;
          if (nsSel !== undefined && podSel === undefined) {
            if (direction === 'ingress' && !nonEmpty(nsSel)) return; // the exposure rule reports it
            add(rule, policy, `the peer ${JSON.stringify(peer)} admits every pod of ${nonEmpty(nsSel) ? 'the namespaces it selects' : 'every namespace'}: add a podSelector for the peer's pods`, where);
          } else if (podSel !== undefined && !nonEmpty(podSel)) {
            add(rule, policy, `the peer ${JSON.stringify(peer)} admits every pod of ${nsSel === undefined ? `namespace ${policy.metadata?.namespace ?? '(default)'}` : 'the namespaces it selects'}: select the peer's pods by their labels`, `${where}.podSelector`);
          } else if (direction === 'egress' && nsSel !== undefined && !nonEmpty(nsSel)) {
            add(rule, policy, `the peer ${JSON.stringify(peer)} reaches matching pods in every namespace: name the peer's namespace (kubernetes.io/metadata.name)`, `${where}.namespaceSelector`);
          }
        });
      });
    }
  }
}

/** True for the namespace-wide default-deny the library writes: every pod, both directions, no rule. */
function isDefaultDeny(policy: any): boolean {
  const spec = policy.spec ?? {};
  const types: string[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  return !nonEmpty(spec.podSelector) && types.includes('Ingress') && types.includes('Egress')
    && (spec.ingress ?? []).length === 0 && (spec.egress ?? []).length === 0;
}

/**
 * Every namespace where pods of the manifests run, when the library manages it (its Namespace
 * labelled managed-by cdk8s-genesys-cx) or the pods are the platform's, keeps a default-deny
 * NetworkPolicy: without it, every pod no other policy selects is open both ways.
 */
function checkDefaultDeny(manifests: ManifestSet, ns: (o: any) => string, add: Add): void {
  const managed = new Map<string, any>();
  for (const o of manifests.objects) {
    if (o.kind === 'Namespace' && groupOf(o.apiVersion) === '' && o.metadata?.labels?.[Labels.MANAGED_BY] === Labels.MANAGED_BY_VALUE) managed.set(o.metadata.name, o);
  }
  const namespaces = new Map<string, any>();
  for (const w of workloadsOf(manifests, ns)) {
    if (namespaces.has(w.namespace)) continue;
    if (managed.has(w.namespace)) namespaces.set(w.namespace, managed.get(w.namespace));
    else if (w.labels[Labels.PART_OF] === Labels.PART_OF_VALUE) namespaces.set(w.namespace, w.object);
  }
  const denied = new Set(manifests.objects.filter((o) => o.kind === 'NetworkPolicy' && groupOf(o.apiVersion) === 'networking.k8s.io' && isDefaultDeny(o)).map(ns));
  for (const [name, object] of namespaces) {
    if (denied.has(name)) continue;
    add(GateRule.DEFAULT_DENY, object, `namespace ${name} has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules): every pod no other policy selects is open both ways. Restore the default-deny policy the library writes`, object.kind === 'Namespace' ? 'metadata.name' : undefined);
  }
}
