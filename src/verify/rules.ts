import { checkApiServer } from './api-server';
import { checkCanonicalForm } from './canonical';
import { CheckFinding, finding, FindingSeverity } from './findings';
import { ManifestSet } from './manifests';
import { groupOf, POD_TEMPLATE_PATHS, podTemplateOf } from './objects';
import { selectorMatches } from './selector';
import { checkApplyOrder, checkDuplicates } from './structure';

/** Names of the library's own policy rules. */
export enum PolicyRule {
  /** Pod Security "restricted": runAsNonRoot, seccomp, no privilege escalation, drop ALL, read-only root filesystem, no host namespaces. */
  POD_SECURITY = 'pod-security',
  /** CPU and memory requests and limits on every container. */
  RESOURCES = 'resources',
  /** Liveness and readiness probes on main containers of long-running workloads. */
  PROBES = 'probes',
  /** `automountServiceAccountToken: false` on pods. */
  SERVICE_ACCOUNT_TOKEN = 'service-account-token',
  /** No secret values written in env, ConfigMaps or Secrets. */
  PLAINTEXT_SECRET = 'plaintext-secret',
  /** Images pinned to a tag (not `latest`) or a digest. */
  IMAGE_REFERENCE = 'image-reference',
  /** A PodDisruptionBudget for every workload with more than one replica. */
  DISRUPTION_BUDGET = 'disruption-budget',
  /** No object in `default`, `kube-system`, `kube-public`, `kube-node-lease` or a namespace where a peer lives (checked by `Verifier`). */
  RESERVED_NAMESPACE = 'reserved-namespace',
  /** In each set, every namespaced object after the Namespace object of its namespace (not for Helm charts). */
  APPLY_ORDER = 'apply-order',
  /** No object written twice with different content in one set; identical copies are noted. */
  DUPLICATE_OBJECT = 'duplicate-object',
  /** Every ipBlock, as a range, inside the CIDRs the peers file declares; no host bits, no bad except (checked by `Verifier`). */
  IP_BLOCK_RANGE = 'ip-block-range',
  /** What the API server validates beyond the JSON schema: list-map keys, names, labels and annotations, field rules, quantities. */
  API_SERVER = 'api-server',
  /** Every object written in the form the API server stores (canonical quantities, no empty optional lists or maps). */
  CANONICAL_FORM = 'canonical-form',
  /** No workload whose pods match another workload's selector, or a Service or NetworkPolicy written for another workload (checked by `Verifier`). */
  WORKLOAD_IDENTITY = 'workload-identity',
  /** No LoadBalancer or NodePort Service, no externalIPs, no route to a component no entry-point row names, no ingress from every namespace or kube-system (checked by `Verifier`). */
  EXPOSURE = 'exposure',
  /** Namespaces keep Pod Security "restricted"; no RBAC grant, aggregated ClusterRole, service account token Secret or unconfining annotation (checked by `Verifier`). */
  PRIVILEGE = 'privilege',
  /** No built-in kind in a removed API version, no network policy of another API (checked by `Verifier`). */
  API_VERSION = 'api-version',
  /** No NetworkPolicy rule admitting any port, an endPort range, every peer or every pod of a namespace (checked by `Verifier`). */
  POLICY_SIDE = 'policy-side',
  /** A default-deny NetworkPolicy in every namespace the library manages or the platform's workloads run in (checked by `Verifier`). */
  DEFAULT_DENY = 'default-deny',
}

/** Options of the policy check. */
export interface PolicyCheckOptions {
  /**
   * Rules not to check.
   * @default - every rule is checked
   */
  readonly skip?: PolicyRule[];
  /**
   * Namespace of namespaced objects written without one (for the apply order).
   * @default "default"
   */
  readonly defaultNamespace?: string;
}

/** Tokens of a variable or key name that say it holds a secret. */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PWD', 'PASS', 'SECRET', 'TOKEN', 'KEY', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY']);
/** Final tokens that say the value only points at a secret (a file, a name, a URL). */
const REFERENCE_WORDS = new Set(['FILE', 'PATH', 'NAME', 'REF', 'URL', 'URI', 'HOST', 'PORT', 'ID', 'TYPE', 'DIR', 'LENGTH', 'SIZE', 'ALGORITHM', 'HEADER', 'TTL', 'EXPIRY', 'TIMEOUT', 'ENABLED', 'PREFIX', 'SUFFIX', 'FORMAT', 'ALIAS', 'KEY_ID', 'USER', 'USERNAME']);

function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((t) => t !== '')
    .map((t) => t.toUpperCase());
}

/** True when a variable or key name says it holds a secret value. */
export function looksSecret(name: string): boolean {
  const tokens = nameTokens(name);
  if (tokens.length === 0 || name === 'PWD') return false; // PWD alone is the working directory
  if (REFERENCE_WORDS.has(tokens[tokens.length - 1])) return false;
  return tokens.some((t) => SECRET_WORDS.has(t));
}

/** True when a value is a placeholder filled in at run time rather than a secret. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || /^\$\{[^}]*\}$/.test(v) || /^\$\([^)]*\)$/.test(v) || /^\{\{.*\}\}$/.test(v) || /^<[^>]*>$/.test(v);
}

function templatePath(object: any): string {
  if (object.kind === 'Pod') return '';
  return `${POD_TEMPLATE_PATHS[object.kind].join('.')}.`;
}

/** True when an image reference names a version: a digest, or a tag other than `latest`. */
export function imageProblem(image: any): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return 'is empty (give repository:tag or repository@sha256:digest)';
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const tail = image.slice(lastSlash + 1);
  const colon = tail.indexOf(':');
  if (colon < 0) return `${JSON.stringify(image)} has no tag or digest (pin a version tag or a sha256 digest)`;
  const tag = tail.slice(colon + 1);
  if (tag === 'latest') return `${JSON.stringify(image)} uses the tag "latest" (pin a version tag or a sha256 digest)`;
  return undefined;
}

/**
 * The library's own policy rules on every object, each a named check (`PolicyRule`):
 *
 * - pod-security: every container and init container runs as non-root (pod or container level,
 *   and not as UID 0), has seccomp `RuntimeDefault` or `Localhost` (pod or container level, no
 *   container `Unconfined`), `allowPrivilegeEscalation: false`, capabilities dropping `ALL` (adding
 *   at most `NET_BIND_SERVICE`), `readOnlyRootFilesystem: true`, is not privileged; the pod uses no
 *   host network, PID or IPC namespace, no hostPath volume and no host port;
 * - resources: CPU and memory requests and limits on every container and init container;
 * - probes: liveness and readiness probes on the main containers (not for Jobs and CronJobs);
 * - service-account-token: the pod sets `automountServiceAccountToken: false`;
 * - plaintext-secret: no literal env value whose name says secret (PASSWORD, SECRET, TOKEN, KEY...,
 *   unless the name ends with FILE, PATH, NAME, URL...), no such key or `key: value` line in a
 *   ConfigMap, no Secret object carrying data;
 * - image-reference: every image has a tag other than `latest`, or a digest;
 * - disruption-budget: a PodDisruptionBudget selects the pods of every Deployment, StatefulSet or
 *   ReplicaSet with more than one replica (or an autoscaler minimum above one);
 * - apply-order: in the order `kubectl apply -f` reads the set, no namespaced object comes before
 *   the Namespace object of its namespace (not for Helm charts, which install Namespaces first);
 * - duplicate-object: no object written twice with different content (identical copies are notes);
 * - api-server: what the API server refuses although the JSON schema lets it through (duplicate
 *   list-map keys, names per kind, label, selector and annotation syntax, field rules, quantities it
 *   cannot parse), one finding per problem;
 * - canonical-form: every object written as the API server stores it (canonical quantities, no
 *   empty optional lists or maps), one finding per object naming the paths.
 *
 * `reserved-namespace` and `ip-block-range` need the peers: `Verifier` checks them.
 */
export class PolicyCheck {
  /** Checks every object; returns the problems found (empty when none). */
  public static check(manifests: ManifestSet, options: PolicyCheckOptions = {}): CheckFinding[] {
    const skip = new Set<string>(options.skip ?? []);
    const out: CheckFinding[] = [];
    const budgets = manifests.objects.filter((o) => o.kind === 'PodDisruptionBudget' && groupOf(o.apiVersion) === 'policy');
    const autoscalers = manifests.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && groupOf(o.apiVersion) === 'autoscaling');
    const serviceAccounts = manifests.objects.filter((o) => o.kind === 'ServiceAccount' && groupOf(o.apiVersion) === '');
    for (const object of manifests.objects) {
      const add = (rule: PolicyRule, message: string, at?: string) => {
        if (!skip.has(rule)) out.push(finding(rule, FindingSeverity.ERROR, object, message, at));
      };
      if (object.kind === 'ConfigMap' && groupOf(object.apiVersion) === '') {
        checkConfigMap(object, add);
        continue;
      }
      if (object.kind === 'Secret' && groupOf(object.apiVersion) === '') {
        const keys = [...Object.keys(object.data ?? {}), ...Object.keys(object.stringData ?? {})];
        if (keys.length > 0) {
          add(PolicyRule.PLAINTEXT_SECRET, `Secret carries values in the manifests (keys ${keys.join(', ')}); create the Secret outside the manifests (or with an external secret store) and reference it by name and key`, object.stringData ? 'stringData' : 'data');
        }
        continue;
      }
      const template = podTemplateOf(object);
      if (!template) continue;
      const base = templatePath(object);
      const spec = template.spec ?? {};
      checkPodSecurity(spec, base, add);
      checkContainers(object, spec, base, add);
      checkToken(object, spec, base, serviceAccounts, add);
      checkBudget(object, template, budgets, autoscalers, add);
    }
    if (!skip.has(PolicyRule.APPLY_ORDER)) out.push(...checkApplyOrder(manifests, options.defaultNamespace ?? 'default'));
    if (!skip.has(PolicyRule.DUPLICATE_OBJECT)) out.push(...checkDuplicates(manifests));
    if (!skip.has(PolicyRule.API_SERVER)) out.push(...checkApiServer(manifests, PolicyRule.API_SERVER));
    if (!skip.has(PolicyRule.CANONICAL_FORM)) out.push(...checkCanonicalForm(manifests, PolicyRule.CANONICAL_FORM));
    return out;
  }

  private constructor() {}
}

type Add = (rule: PolicyRule, message: string, at?: string) => void;

function allContainers(spec: any, base: string): Array<{ c: any; at: string; init: boolean }> {
  return [
    ...(spec.initContainers ?? []).map((c: any, i: number) => ({ c, at: `${base}spec.initContainers[${i}]`, init: true })),
    ...(spec.containers ?? []).map((c: any, i: number) => ({ c, at: `${base}spec.containers[${i}]`, init: false })),
  ];
}

function checkPodSecurity(spec: any, base: string, add: Add): void {
  const rule = PolicyRule.POD_SECURITY;
  const pod = spec.securityContext ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field] === true) add(rule, `${field} is true (pods must not share the node's namespaces: remove it)`, `${base}spec.${field}`);
  }
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    if (v?.hostPath) add(rule, `volume ${JSON.stringify(v.name)} is a hostPath (use an emptyDir, a ConfigMap or a PersistentVolumeClaim)`, `${base}spec.volumes[${i}]`);
  });
  if (pod.runAsUser === 0) add(rule, 'pod securityContext.runAsUser is 0 (run as a non-root UID, e.g. 500)', `${base}spec.securityContext.runAsUser`);
  for (const { c, at } of allContainers(spec, base)) {
    const name = JSON.stringify(c?.name);
    const sc = c?.securityContext ?? {};
    const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    if (nonRoot !== true) add(rule, `container ${name} does not set runAsNonRoot: true (set it on the pod or the container securityContext)`, `${at}.securityContext.runAsNonRoot`);
    if (sc.runAsUser === 0) add(rule, `container ${name} runs as UID 0 (run as a non-root UID)`, `${at}.securityContext.runAsUser`);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      add(rule, `container ${name} has seccompProfile ${JSON.stringify(seccomp ?? null)} (set seccompProfile.type: RuntimeDefault on the pod or the container)`, `${at}.securityContext.seccompProfile`);
    }
    if (sc.allowPrivilegeEscalation !== false) add(rule, `container ${name} has allowPrivilegeEscalation ${JSON.stringify(sc.allowPrivilegeEscalation ?? null)} (set it to false)`, `${at}.securityContext.allowPrivilegeEscalation`);
    const drop: any[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) add(rule, `container ${name} drops capabilities ${JSON.stringify(drop)} (drop ["ALL"])`, `${at}.securityContext.capabilities.drop`);
    const added: any[] = (sc.capabilities?.add ?? []).filter((x: any) => x !== 'NET_BIND_SERVICE');
    if (added.length > 0) add(rule, `container ${name} adds capabilities ${JSON.stringify(added)} (only NET_BIND_SERVICE is allowed: remove the others)`, `${at}.securityContext.capabilities.add`);
    if (sc.readOnlyRootFilesystem !== true) add(rule, `container ${name} has readOnlyRootFilesystem ${JSON.stringify(sc.readOnlyRootFilesystem ?? null)} (set it to true and mount emptyDir volumes where the process writes)`, `${at}.securityContext.readOnlyRootFilesystem`);
    if (sc.privileged === true) add(rule, `container ${name} is privileged (remove privileged: true)`, `${at}.securityContext.privileged`);
    (c?.ports ?? []).forEach((p: any, i: number) => {
      if (p?.hostPort !== undefined && p?.hostPort !== 0) add(rule, `container ${name} port ${JSON.stringify(p.name ?? p.containerPort)} uses hostPort ${p.hostPort} (remove hostPort; expose the port through a Service)`, `${at}.ports[${i}].hostPort`);
    });
  }
}

function checkContainers(object: any, spec: any, base: string, add: Add): void {
  const runsToCompletion = object.kind === 'Job' || object.kind === 'CronJob';
  for (const { c, at, init } of allContainers(spec, base)) {
    const name = JSON.stringify(c?.name);
    const missing: string[] = [];
    for (const kind of ['requests', 'limits']) {
      for (const resource of ['cpu', 'memory']) {
        if (c?.resources?.[kind]?.[resource] === undefined) missing.push(`${kind}.${resource}`);
      }
    }
    if (missing.length > 0) add(PolicyRule.RESOURCES, `container ${name} has no ${missing.join(', ')} (set CPU and memory requests and limits)`, `${at}.resources`);
    if (!init && !runsToCompletion) {
      if (!c?.livenessProbe) add(PolicyRule.PROBES, `container ${name} has no livenessProbe (add an HTTP or TCP liveness probe)`, `${at}.livenessProbe`);
      if (!c?.readinessProbe) add(PolicyRule.PROBES, `container ${name} has no readinessProbe (add an HTTP or TCP readiness probe)`, `${at}.readinessProbe`);
    }
    const problem = imageProblem(c?.image);
    if (problem) add(PolicyRule.IMAGE_REFERENCE, `container ${name} image ${problem}`, `${at}.image`);
    (c?.env ?? []).forEach((e: any, i: number) => {
      if (typeof e?.name === 'string' && typeof e?.value === 'string' && looksSecret(e.name) && !isPlaceholder(e.value)) {
        add(PolicyRule.PLAINTEXT_SECRET, `container ${name} env ${e.name} holds a literal value (take it from a Secret with valueFrom.secretKeyRef)`, `${at}.env[${i}]`);
      }
    });
  }
}

function checkToken(object: any, spec: any, base: string, serviceAccounts: any[], add: Add): void {
  if (spec.automountServiceAccountToken === false) return;
  if (spec.automountServiceAccountToken === undefined) {
    const namespace = object.metadata?.namespace;
    const accountName = spec.serviceAccountName ?? 'default';
    const account = serviceAccounts.find((a) => a.metadata?.name === accountName && a.metadata?.namespace === namespace);
    if (account?.automountServiceAccountToken === false) return;
  }
  add(PolicyRule.SERVICE_ACCOUNT_TOKEN, `pod automountServiceAccountToken is ${JSON.stringify(spec.automountServiceAccountToken ?? null)} (set it to false; mount a projected token only where the process calls the Kubernetes API)`, `${base}spec.automountServiceAccountToken`);
}

function checkBudget(object: any, template: any, budgets: any[], autoscalers: any[], add: Add): void {
  if (!['Deployment', 'StatefulSet', 'ReplicaSet'].includes(object.kind)) return;
  const namespace = object.metadata?.namespace;
  const autoscaler = autoscalers.find((h) => h.metadata?.namespace === namespace
    && h.spec?.scaleTargetRef?.kind === object.kind && h.spec?.scaleTargetRef?.name === object.metadata?.name);
  const replicas = autoscaler ? (autoscaler.spec?.minReplicas ?? 1) : (object.spec?.replicas ?? 1);
  if (!(replicas > 1)) return;
  const labels = template.metadata?.labels ?? {};
  const covered = budgets.some((b) => b.metadata?.namespace === namespace && b.spec?.selector
    && Object.keys(b.spec.selector).length > 0 && selectorMatches(b.spec.selector, labels));
  if (!covered) {
    add(PolicyRule.DISRUPTION_BUDGET, `${object.kind} runs ${replicas} replicas${autoscaler ? ' (autoscaler minimum)' : ''} but no PodDisruptionBudget selects its pods (add one with maxUnavailable: 1 selecting ${JSON.stringify(labels)})`, 'spec.replicas');
  }
}

function checkConfigMap(object: any, add: Add): void {
  for (const [key, value] of Object.entries(object.data ?? {})) {
    if (typeof value !== 'string') continue;
    if (looksSecret(key) && !value.includes('\n') && !isPlaceholder(value)) {
      add(PolicyRule.PLAINTEXT_SECRET, `ConfigMap key ${JSON.stringify(key)} holds a literal secret value (move it to a Secret created outside the manifests)`, `data.${key}`);
      continue;
    }
    value.split('\n').forEach((line, i) => {
      const m = /^\s*["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*$/.exec(line);
      if (!m) return;
      const lineValue = m[2].replace(/^["']|["']$/g, '');
      if (looksSecret(m[1]) && !isPlaceholder(lineValue) && !/^[{[]$/.test(lineValue)) {
        add(PolicyRule.PLAINTEXT_SECRET, `ConfigMap key ${JSON.stringify(key)} line ${i + 1} sets ${m[1]} to a literal value (read it from a Secret-backed env variable or file instead)`, `data.${key}`);
      }
    });
  }
}

