import { ApiObject } from 'cdk8s';
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

function renderPeer(peer: PolicyPeer): any {
  if (peer.cidr !== undefined) {
    return { ipBlock: peer.except && peer.except.length > 0 ? { cidr: peer.cidr, except: [...peer.except] } : { cidr: peer.cidr } };
  }
  const out: any = {};
  if (peer.namespace !== undefined) {
    out.namespaceSelector = { matchLabels: { [Labels.NAMESPACE_NAME]: peer.namespace } };
  }
  out.podSelector = { matchLabels: sortObject(peer.podLabels ?? {}) };
  return out;
}

/**
 * One NetworkPolicy of one direction for one workload. Rules are merged by peer set, ports
 * de-duplicated, and the catalog references of every rule are collected into an annotation.
 * The policy is rendered when the chart is synthesized, so connections can be added in any order.
 */
export class WorkloadPolicy extends ApiObject {
  private readonly rules = new Map<string, Rule>();
  private beforeRender?: () => void;

  /** Name of the NetworkPolicy. */
  public readonly policyName: string;
  /** Namespace of the NetworkPolicy. */
  public readonly policyNamespace: string;
  /** The direction it governs. */
  public readonly direction: PolicyDirection;
  private readonly podLabels: { [key: string]: string };
  private readonly objectLabels: { [key: string]: string };

  public constructor(
    scope: Construct,
    id: string,
    policyName: string,
    policyNamespace: string,
    podLabels: { [key: string]: string },
    direction: PolicyDirection,
    objectLabels: { [key: string]: string },
  ) {
    super(scope, id, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: policyName, namespace: policyNamespace, labels: objectLabels },
    });
    this.policyName = policyName;
    this.policyNamespace = policyNamespace;
    this.podLabels = podLabels;
    this.direction = direction;
    this.objectLabels = objectLabels;
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

  /** Every catalog reference this policy implements, sorted. */
  public get refs(): string[] {
    this.beforeRender?.();
    const all = new Set<string>();
    for (const rule of this.rules.values()) for (const r of rule.refs) all.add(r);
    return sortRefs([...all]);
  }

  /** Number of rules. */
  public get ruleCount(): number {
    this.beforeRender?.();
    return this.rules.size;
  }

  public toJson(): any {
    this.beforeRender?.();
    const rendered = [...this.rules.values()]
      .map((rule) => {
        const ports = [...rule.ports.values()]
          .sort((a, b) => a.port - b.port || compareText(a.protocol, b.protocol))
          .map((p) => ({ port: p.port, protocol: p.protocol }));
        const peers = rule.peers.map(renderPeer);
        const value = this.direction === PolicyDirection.INGRESS ? { from: peers, ports } : { to: peers, ports };
        return { key: JSON.stringify(value), value };
      })
      .sort((a, b) => compareText(a.key, b.key))
      .map((r) => r.value);
    const refs = this.refs;
    const json = super.toJson();
    json.metadata = {
      ...json.metadata,
      labels: this.objectLabels,
      ...(refs.length > 0 ? { annotations: { ...(json.metadata.annotations ?? {}), [Annotations.IMPLEMENTS]: refs.join(', ') } } : {}),
    };
    json.spec = {
      podSelector: { matchLabels: sortObject(this.podLabels) },
      policyTypes: [this.direction],
      [this.direction === PolicyDirection.INGRESS ? 'ingress' : 'egress']: rendered,
    };
    return json;
  }
}
