// Checks of where objects live and in which order they are applied: reserved namespaces, the
// Namespace before the objects in it, and objects written twice.
import * as path from 'path';
import { CheckFinding, finding, FindingSeverity } from './findings';
import { fileOf as sourceFileOf, ManifestSet, originOf } from './manifests';
import { describeObject, groupOf } from './objects';
import { DefaultLocations } from '../shared';

/** Rule names (`PolicyRule` values). */
const RESERVED_NAMESPACE = 'reserved-namespace';
const APPLY_ORDER = 'apply-order';
const DUPLICATE_OBJECT = 'duplicate-object';

/** Kinds of the Kubernetes API groups that have no namespace. */
const CLUSTER_SCOPED: { [group: string]: string[] } = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'admissionregistration.k8s.io': ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'scheduling.k8s.io': ['PriorityClass'],
  'node.k8s.io': ['RuntimeClass'],
  'networking.k8s.io': ['IngressClass', 'ClusterCIDR', 'IPAddress'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
};

/** Groups whose kinds the scope table knows (others are custom resources of unknown scope). */
const KNOWN_GROUP = /^$|\.k8s\.io$|^(apps|batch|autoscaling|policy)$/;

/**
 * The namespace an object lives in: its own, the default one for namespaced kinds written without,
 * undefined for cluster-scoped kinds and for custom resources written without a namespace.
 */
function namespaceOf(object: any, defaultNamespace: string): string | undefined {
  const ns = object?.metadata?.namespace;
  if (typeof ns === 'string' && ns !== '') return ns;
  const group = groupOf(object?.apiVersion);
  if (!KNOWN_GROUP.test(group)) return undefined;
  return (CLUSTER_SCOPED[group] ?? []).includes(object?.kind) ? undefined : defaultNamespace;
}

/**
 * Objects in namespaces the platform does not own: Kubernetes' own (`default`, `kube-system`,
 * `kube-public`, `kube-node-lease`) and those where a peer lives (`reserved` maps each to why),
 * unless the set declares that Namespace itself (the platform owns it and shares it with the peer).
 * A Namespace object declaring one of Kubernetes' own is reported too.
 */
export function checkReservedNamespaces(manifests: ManifestSet, reservedIn: Map<string, string>, defaultNamespace: string): CheckFinding[] {
  // a peer's namespace that the set declares itself is the platform's, shared with the peer
  const system = new Set(DefaultLocations.reservedNamespaces());
  const declared = new Set(manifests.objects.filter((o) => o.kind === 'Namespace' && groupOf(o.apiVersion) === '').map((o) => o.metadata?.name));
  const reserved = new Map([...reservedIn].filter(([ns]) => system.has(ns) || !declared.has(ns)));
  const out: CheckFinding[] = [];
  for (const object of manifests.objects) {
    if (object.kind === 'Namespace' && groupOf(object.apiVersion) === '') {
      const why = reserved.get(object.metadata?.name);
      if (why) {
        out.push(finding(RESERVED_NAMESPACE, FindingSeverity.ERROR, object,
          `declares namespace ${JSON.stringify(object.metadata.name)}, ${why}: the platform does not own it (remove the Namespace object)`, 'metadata.name'));
      }
      continue;
    }
    const ns = namespaceOf(object, defaultNamespace);
    const why = ns === undefined ? undefined : reserved.get(ns);
    if (why) {
      const written = object.metadata?.namespace ? '' : ' (no metadata.namespace: kubectl puts it there)';
      out.push(finding(RESERVED_NAMESPACE, FindingSeverity.ERROR, object,
        `is in namespace ${JSON.stringify(ns)}${written}, ${why}: the platform writes only into namespaces it owns (move the object into one of them, or remove it)`, 'metadata.namespace'));
    }
  }
  return out;
}

/** The reserved namespaces and why: Kubernetes' own, then where the ingress controller, Prometheus and the peers live. */
export function reservedNamespaces(controller: string, prometheus: string, peers: Array<{ kind: string; namespace?: string }>): Map<string, string> {
  const out = new Map<string, string>();
  for (const ns of DefaultLocations.reservedNamespaces()) {
    out.set(ns, ns === 'default' ? 'the default namespace' : 'a namespace of Kubernetes itself');
  }
  const add = (ns: string | undefined, why: string) => {
    if (ns !== undefined && !out.has(ns)) out.set(ns, why);
  };
  add(controller, 'where the ingress controller runs');
  add(prometheus, 'where Prometheus runs');
  for (const peer of peers) add(peer.namespace, `where the peer ${JSON.stringify(peer.kind)} runs (peers file)`);
  return out;
}

function fileOf(origin: string): string {
  const hash = origin.lastIndexOf('#');
  return hash < 0 ? origin : origin.slice(0, hash);
}

/**
 * Apply order: in the order `kubectl apply -f` reads the set (files in code-point order of the
 * path, documents in order), every namespaced object of a namespace whose Namespace object is in
 * the set must come after that Namespace; on an empty cluster the first apply fails otherwise.
 * One finding per namespace, on its Namespace object. Helm charts are not checked: Helm installs
 * Namespaces first.
 */
export function checkApplyOrder(manifests: ManifestSet, defaultNamespace: string): CheckFinding[] {
  if (manifests.helmChart) return [];
  const declared = new Map<string, any>();
  for (const o of manifests.objects) {
    if (o.kind === 'Namespace' && groupOf(o.apiVersion) === '' && typeof o.metadata?.name === 'string') declared.set(o.metadata.name, o);
  }
  const early = new Map<string, any[]>();
  const created = new Set<string>();
  for (const o of manifests.objects) {
    if (o.kind === 'Namespace' && groupOf(o.apiVersion) === '') {
      created.add(o.metadata?.name);
      continue;
    }
    const ns = namespaceOf(o, defaultNamespace);
    if (ns === undefined || !declared.has(ns) || created.has(ns)) continue;
    const list = early.get(ns) ?? [];
    list.push(o);
    early.set(ns, list);
  }
  const out: CheckFinding[] = [];
  for (const [ns, objects] of early) {
    const namespace = declared.get(ns);
    const where = (o: any) => {
      const origin = originOf(o) ?? 'unknown';
      const file = sourceFileOf(o);
      if (file === undefined || !origin.startsWith(file)) return `${describeObject(o)} (${origin})`;
      const document = /^#(\d+)/.exec(origin.slice(file.length));
      return `${describeObject(o)} (${path.basename(file)}${document ? ` document ${document[1]}` : ''})`;
    };
    out.push(finding(APPLY_ORDER, FindingSeverity.ERROR, namespace,
      `${objects.length} object${objects.length === 1 ? '' : 's'} of namespace ${JSON.stringify(ns)} come${objects.length === 1 ? 's' : ''} before its Namespace object (${where(namespace)}), first ${where(objects[0])}: `
      + 'a first kubectl apply -f on an empty cluster fails for them (write the Namespace first: before them in the file, or in a file that sorts earlier)'));
  }
  return out;
}

/**
 * Objects written twice in one set: differing copies are errors (which one wins depends on the
 * apply order), equal ones a note per pair of files (the object is verified once).
 */
export function checkDuplicates(manifests: ManifestSet): CheckFinding[] {
  const out: CheckFinding[] = [];
  const identical = new Map<string, { first: string; second: string; objects: string[] }>();
  for (const d of manifests.duplicates) {
    if (d.identical) {
      const key = `${fileOf(d.first)}|${fileOf(d.second)}`;
      const group = identical.get(key) ?? { first: fileOf(d.first), second: fileOf(d.second), objects: [] };
      group.objects.push(d.resource);
      identical.set(key, group);
      continue;
    }
    out.push(descriptor(FindingSeverity.ERROR, d.resource, d.second,
      `is written twice with different content (${d.first} and ${d.second}, first difference at ${d.difference}): the later copy is verified, as a kubectl apply of both leaves it (keep one copy)`, d.difference));
  }
  for (const group of identical.values()) {
    const same = group.first === group.second ? `twice in ${group.first}` : `in ${group.first} and again in ${group.second}`;
    out.push(descriptor(FindingSeverity.NOTE, group.objects[0], group.second,
      `${group.objects.length} object${group.objects.length === 1 ? ' is' : 's are'} written ${same}, identical (each verified once): ${group.objects.slice(0, 3).join(', ')}${group.objects.length > 3 ? ', ...' : ''}`));
  }
  return out;
}

function descriptor(severity: FindingSeverity, object: string, origin: string, message: string, at?: string): CheckFinding {
  const name = object.includes('/') ? object.slice(object.lastIndexOf('/') + 1) : object.slice(object.indexOf(' ') + 1);
  return { check: DUPLICATE_OBJECT, severity, object, resourceName: name, origin, path: at, message };
}
