import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Annotations, compareText, Labels, sortRefs } from '../shared';
import { PolicyPeer, PolicyPort } from './peers';

interface Rule {
  readonly peers: PolicyPeer[];
  readonly ports: Map<string, PolicyPort>;
  readonly refs: Set<string>;
}

/** Direction of a NetworkPolicy. */
export enum PolicyDirection {
  /** Traffic arriving at the selected pods. */
  INGRESS = 'Ingress',
  /** Traffic leaving the selected pods. */
  EGRESS = 'Egress',
}

function peerKey(peers: PolicyPeer[]): string {
  return JSON.stringify(peers.map(renderPeer));
}

function sortObject(o: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

function renderPeer(peer: PolicyPeer): kplus.k8s.NetworkPolicyPeer {
  if (peer.cidr !== undefined) {
    return { ipBlock: peer.except && peer.except.length > 0 ? { cidr: peer.cidr, except: [...peer.except] } : { cidr: peer.cidr } };
  }
  return {
    ...(peer.namespace !== undefined ? { namespaceSelector: { matchLabels: { [Labels.NAMESPACE_NAME]: peer.namespace } } } : {}),
    podSelector: { matchLabels: sortObject(peer.podLabels ?? {}) },
  };
}

/**
 * One NetworkPolicy of one direction for one workload. Rules are merged by peer set, ports
 * de-duplicated, and the catalog references of every rule are collected into an annotation.
 * The rules are rendered when the chart is synthesized, so connections can be added in any order.
 */
export class WorkloadPolicy extends kplus.k8s.KubeNetworkPolicy {
  private readonly rules = new Map<string, Rule>();
  private beforeRender?: () => void;

  /** Name of the NetworkPolicy. */
  public readonly policyName: string;
  /** Namespace of the NetworkPolicy. */
  public readonly policyNamespace: string;
  /** The direction it governs. */
  public readonly direction: PolicyDirection;

  public constructor(
    scope: Construct,
    id: string,
    policyName: string,
    policyNamespace: string,
    podLabels: { [key: string]: string },
    direction: PolicyDirection,
    objectLabels: { [key: string]: string },
  ) {
    const rendered = Lazy.any({ produce: () => this.render() });
    super(scope, id, {
      metadata: { name: policyName, namespace: policyNamespace, labels: objectLabels },
      spec: {
        podSelector: { matchLabels: { ...podLabels } },
        policyTypes: [direction],
        ...(direction === PolicyDirection.INGRESS ? { ingress: rendered } : { egress: rendered }),
      },
    });
    this.policyName = policyName;
    this.policyNamespace = policyNamespace;
    this.direction = direction;
  }

  /**
   * Sets the hook that fills the rules before they are read (the app's connections are bound to
   * policies at synth, so a connection may name a peer before its workload exists).
   * @internal
   */
  public _onRender(hook: () => void): void {
    this.beforeRender = hook;
  }

  /** Removes every rule (they are derived again from the app's connections). @internal */
  public _reset(): void {
    this.rules.clear();
  }

  /** Allows traffic with the given peers on the given pod ports; `refs` name what the rule implements. */
  public allow(peers: PolicyPeer[], ports: PolicyPort[], refs: string[]): void {
    if (peers.length === 0) return; // nothing to select: a peer without addresses is reported by validation
    const key = peerKey(peers);
    let rule = this.rules.get(key);
    if (!rule) {
      rule = { peers, ports: new Map(), refs: new Set() };
      this.rules.set(key, rule);
    }
    for (const p of ports) rule.ports.set(`${p.protocol}/${p.port}`, p);
    for (const r of refs) rule.refs.add(r);
  }

  /** Every catalog row and extension this policy implements, sorted. */
  public get refs(): string[] {
    this.beforeRender?.();
    const all = new Set<string>();
    for (const rule of this.rules.values()) for (const r of rule.refs) all.add(r);
    return sortRefs([...all]);
  }

  public toJson(): any {
    const refs = this.refs;
    if (refs.length > 0) this.metadata.addAnnotation(Annotations.IMPLEMENTS, refs.join(', '));
    return super.toJson();
  }

  /**
   * The rules, in an order that does not depend on the order connections were declared; none is no
   * list at all (the API server drops an empty one, and the direction stays denied by policyTypes).
   */
  private render(): Array<kplus.k8s.NetworkPolicyIngressRule | kplus.k8s.NetworkPolicyEgressRule> | undefined {
    this.beforeRender?.();
    if (this.rules.size === 0) return undefined;
    return [...this.rules.values()]
      .map((rule) => {
        const sorted = [...rule.ports.values()].sort((a, b) => a.port - b.port || compareText(a.protocol, b.protocol));
        const ports = sorted.map((p) => ({ port: kplus.k8s.IntOrString.fromNumber(p.port), protocol: p.protocol }));
        const peers = rule.peers.map(renderPeer);
        const value = this.direction === PolicyDirection.INGRESS ? { from: peers, ports } : { to: peers, ports };
        const plain = sorted.map((p) => ({ port: p.port, protocol: p.protocol }));
        const key = JSON.stringify(this.direction === PolicyDirection.INGRESS ? { from: peers, ports: plain } : { to: peers, ports: plain });
        return { key, value };
      })
      .sort((a, b) => compareText(a.key, b.key))
      .map((r) => r.value);
  }
}
