import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { DefaultLocations, Labels } from '../shared';
import { dnsLabel, dnsLabelProblem, selectorMap, tcpPort } from './checks';
import { ClusterState, StateKey } from './cluster';
import { Connection } from './connection';
import { Input, shape, show, Spec, text } from './input';
import { Peer, PeerKind } from './peers';

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

/** The managed namespaces of a cluster. */
const NAMESPACES = new StateKey<ManagedNamespace[]>('namespaces', () => []);

/** A namespace the library may manage: a DNS label, not one of Kubernetes' reserved namespaces. */
export const namespaceName: Spec<string> = text((v) => {
  const label = dnsLabelProblem(v);
  if (label !== undefined) return label;
  return DefaultLocations.reservedNamespaces().includes(v)
    ? `is a reserved namespace (the library writes a default-deny policy into every namespace it manages: choose a namespace of your own, e.g. "genesys-${v.replace(/^kube-/, '')}")`
    : undefined;
}, '"gws"');

/** How `DnsOptions` is read. */
export const DNS_OPTIONS = shape<DnsOptions>('dns', { namespace: dnsLabel(), labels: selectorMap, port: tcpPort }, '{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }');

/**
 * A namespace the library owns: the Namespace (Pod Security "restricted" enforced), a default-deny
 * NetworkPolicy for both directions, and one policy that lets every pod reach cluster DNS.
 *
 * There is one per namespace name in a cluster: `ManagedNamespace.ensure` returns the existing one.
 * The constructs that use it depend on it, so its objects are written before theirs and a first
 * `kubectl apply -f` on an empty cluster finds the Namespace. Reserved namespaces (`default`,
 * `kube-system`, `kube-public`, `kube-node-lease`) are refused.
 */
export class ManagedNamespace extends Construct {
  /**
   * Returns the cluster's managed namespace of that name, creating it in the chart of `scope` when
   * new, and makes `scope` depend on it (so its objects come after the Namespace in the output).
   */
  public static ensure(scope: Construct, name: string, options: ManagedNamespaceOptions = {}): ManagedNamespace {
    const all = ClusterState.of(scope).get(NAMESPACES);
    let ns = all.find((n) => n.namespaceName === name);
    if (!ns) {
      const chart = Chart.of(scope);
      ns = new ManagedNamespace(chart, `namespace-${name}`, name, options);
      all.push(ns);
    }
    if (!scope.node.scopes.includes(ns) && !ns.node.scopes.includes(scope)) scope.node.addDependency(ns);
    return ns;
  }

  /** Every managed namespace of the cluster of `scope`. */
  public static all(scope: IConstruct): ManagedNamespace[] {
    return [...ClusterState.of(scope).get(NAMESPACES)];
  }

  /** The namespace name. */
  public readonly namespaceName: string;

  private constructor(scope: Construct, id: string, name: string, options: ManagedNamespaceOptions) {
    super(scope, id);
    this.namespaceName = name;
    const input = Input.root(this, `namespace ${name}`);
    namespaceName(input.at('name'), name);
    this.node.addValidation({ validate: () => this.peersInside() });
    const given = DNS_OPTIONS(input.at('dns'), options.dns) ?? {};
    const defaults = DefaultLocations.dns();
    const dns = { namespace: given.namespace ?? defaults.namespace, labels: given.labels ?? defaults.labels };
    const dnsPort = given.port ?? 53;
    const labels = { [Labels.PART_OF]: Labels.PART_OF_VALUE, [Labels.MANAGED_BY]: Labels.MANAGED_BY_VALUE };

    if (options.create ?? true) {
      new kplus.k8s.KubeNamespace(this, 'namespace', {
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

    new kplus.k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: 'default-deny', namespace: name, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    const port = (protocol: string) => ({ port: kplus.k8s.IntOrString.fromNumber(dnsPort), protocol });
    new kplus.k8s.KubeNetworkPolicy(this, 'allow-dns', {
      metadata: { name: 'allow-dns', namespace: name, labels },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: dns.namespace } }, podSelector: { matchLabels: dns.labels } }],
          ports: [port('UDP'), port('TCP')],
        }],
      },
    });
  }

  /** Peers outside the app that run in this namespace: its default-deny policy would cut them off. */
  private peersInside(): string[] {
    const names = new Set<string>();
    for (const c of Connection.all(this)) {
      const here = (p: Peer) => p.kind === PeerKind.CLUSTER && p.namespace === this.namespaceName;
      if (here(c.source) && c.sourceWorkloads.length === 0) names.add(c.source.name);
      if (here(c.destination) && c.destinationWorkloads.length === 0) names.add(c.destination.name);
    }
    if (names.size === 0) return [];
    return [`namespace ${this.namespaceName}: ${show(this.namespaceName)} is where ${[...names].sort().join(', ')} run${names.size > 1 ? '' : 's'}, and the library writes a default-deny policy into the namespaces it manages (give the service its own namespace)`];
  }
}
