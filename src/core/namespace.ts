import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ClusterBoundary } from './cluster';
import { Check } from './errors';
import { Labels } from '../shared';

/** Where cluster DNS runs; every pod of a managed namespace may reach it on port 53. */
export interface DnsOptions {
  /**
   * Namespace of the DNS pods.
   * @default "kube-system"
   */
  readonly namespace?: string;
  /**
   * Labels of the DNS pods.
   * @default { "k8s-app": "kube-dns" }
   */
  readonly labels?: { [key: string]: string };
  /**
   * DNS port (UDP and TCP).
   * @default 53
   */
  readonly port?: number;
}

/** Options of a namespace the library owns. */
export interface ManagedNamespaceOptions {
  /**
   * Write the Namespace object itself (with Pod Security "restricted" labels). Turn off when the
   * namespace is created elsewhere; the default-deny and DNS policies are written either way.
   * @default true
   */
  readonly create?: boolean;
  /**
   * Cluster DNS.
   * @default - kube-dns in kube-system on 53
   */
  readonly dns?: DnsOptions;
  /**
   * Extra labels for the Namespace object.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

const registry = new WeakMap<IConstruct, Map<string, ManagedNamespace>>();

/**
 * A namespace the library owns: the Namespace (Pod Security "restricted" enforced), a default-deny
 * NetworkPolicy for both directions, and one policy that lets every pod reach cluster DNS.
 *
 * There is one per namespace name in an app: `ManagedNamespace.ensure` returns the existing one.
 */
export class ManagedNamespace extends Construct {
  /** Returns the app's managed namespace of that name, creating it in the chart of `scope` when new. */
  public static ensure(scope: Construct, name: string, options: ManagedNamespaceOptions = {}): ManagedNamespace {
    const root = ClusterBoundary.of(scope);
    let byName = registry.get(root);
    if (!byName) {
      byName = new Map();
      registry.set(root, byName);
    }
    const existing = byName.get(name);
    if (existing) return existing;
    const chart = Chart.of(scope);
    const created = new ManagedNamespace(chart, `namespace-${name}`, name, options);
    byName.set(name, created);
    return created;
  }

  /** Every managed namespace of the app of `scope`. */
  public static all(scope: IConstruct): ManagedNamespace[] {
    return [...(registry.get(ClusterBoundary.of(scope))?.values() ?? [])];
  }

  /** The namespace name. */
  public readonly namespaceName: string;

  private constructor(scope: Construct, id: string, name: string, options: ManagedNamespaceOptions) {
    super(scope, id);
    this.namespaceName = name;
    const check = new Check(this, `namespace ${name}`);
    check.dnsLabel('name', name);
    const dns = options.dns ?? {};
    const dnsNamespace = dns.namespace ?? 'kube-system';
    const dnsLabels = dns.labels ?? { 'k8s-app': 'kube-dns' };
    const dnsPort = dns.port ?? 53;
    check.dnsLabel('dns.namespace', dnsNamespace);
    check.labels('dns.labels', dnsLabels, true);
    check.port('dns.port', dnsPort);
    const labels = { [Labels.PART_OF]: Labels.PART_OF_VALUE, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE };

    if (options.create ?? true) {
      new ApiObject(this, 'namespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: {
            ...(options.labels ?? {}),
            ...labels,
            [Labels.NAMESPACE_NAME]: name,
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'v1.27',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      });
    }

    new ApiObject(this, 'default-deny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: name, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    new ApiObject(this, 'allow-dns', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns', namespace: name, labels },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: dnsNamespace } }, podSelector: { matchLabels: dnsLabels } }],
          ports: [{ port: dnsPort, protocol: 'UDP' }, { port: dnsPort, protocol: 'TCP' }],
        }],
      },
    });
  }
}
