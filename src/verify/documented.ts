// The flows the checked catalog rows document: the openings scan leaves them alone. Internal.
import { ReachabilityEndpoint } from './cluster';
import { cidrHasAddress, ParsedCidr, parseAddress } from '../shared/net';

/** What the rows of one manifest set documented, filled while they are checked. */
export class DocumentedFlows {
  /** `source|destination|port|protocol` of endpoint keys and pod port. */
  private readonly flows = new Set<string>();
  /** Documented flows to external peers, as the whole CIDRs of the peer: `source|port|protocol` to CIDRs. */
  private readonly ranges = new Map<string, ParsedCidr[]>();

  /** Records a flow a row tested, on the destination's pod port. */
  public add(source: string, destination: string, port: number, protocol: string): void {
    this.flows.add(`${source}|${destination}|${port}|${protocol}`);
  }

  /** Records that a row documents the source reaching every address of the CIDRs on the port. */
  public addRanges(source: string, port: number, protocol: string, cidrs: ParsedCidr[]): void {
    const key = `${source}|${port}|${protocol}`;
    const list = this.ranges.get(key);
    if (list) list.push(...cidrs);
    else this.ranges.set(key, [...cidrs]);
  }

  /** True when a row documents the flow: the same pods and pod port, or for an external address, a CIDR holding it. */
  public has(s: ReachabilityEndpoint, d: ReachabilityEndpoint, port: number, protocol: string): boolean {
    if (this.flows.has(`${s.key}|${d.key}|${port}|${protocol}`)) return true;
    return d.ip !== undefined && this.inRange(s, d.ip, port, protocol);
  }

  private inRange(s: ReachabilityEndpoint, ip: string, port: number, protocol: string): boolean {
    const cidrs = this.ranges.get(`${s.key}|${port}|${protocol}`);
    const address = parseAddress(ip);
    return !!cidrs && !!address && cidrs.some((c) => cidrHasAddress(c, address));
  }
}
