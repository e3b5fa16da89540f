import { IConstruct } from 'constructs';
import { CidrBlock } from '../shared';
import { ClusterState } from './cluster';

/** The shape of a CIDR group, as checked here. */
interface CidrGroupLike {
  readonly name: string;
  readonly cidrs: string[];
  readonly except?: string[];
  readonly allowWideCidr?: string;
}

/** Shortest prefix an egress block may have without `allowWideCidr`. */
const MIN_PREFIX_V4 = 8;
const MIN_PREFIX_V6 = 32;

/**
 * Records a configuration problem on a construct. Problems are reported together when the app is
 * synthesized, each prefixed with the construct path, and no manifest is written.
 *
 * Messages are lowercase and say what is wrong, the value received and the fix.
 */
export function reportProblem(scope: IConstruct, message: string): void {
  scope.node.addValidation({ validate: () => [message] });
}

/**
 * The props a construct received, or an empty object when they are missing (`null`, `undefined`, not
 * an object), which is reported on the construct: a programming mistake gets a message, not a TypeError.
 */
export function propsOf<T>(scope: IConstruct, name: string, props: T, example: string): T {
  if (props !== null && typeof props === 'object' && !Array.isArray(props)) return props;
  reportProblem(scope, `${name}: props ${show(props)} are missing (give an object, e.g. ${example})`);
  return {} as T;
}

/** Longest value shown in a message; longer ones are cut. */
const SHOWN = 80;

/** Formats a value for an error message (cut after 80 characters). */
export function show(value: unknown): string {
  let text: string;
  if (value === undefined) {text = 'undefined';} else if (typeof value === 'string') {text = JSON.stringify(value);} else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > SHOWN ? `${text.slice(0, SHOWN - 1)}…(${text.length} characters)` : text;
}

/** Names that say a value is a secret: such values come from Secrets, never as plain text. */
const SECRET_LIKE = /(passw(or)?d|passphrase|secret|token|api[-_.]?key|private[-_.]?key|credential|access[-_.]?key)/i;

/** True when a configuration key looks like it holds a secret (`DB_PASSWORD`, `apiKey`...). */
export function looksSecret(key: string): boolean {
  return SECRET_LIKE.test(key);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,252}$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const ANNOTATION_VALUE_MAX = 262144;

/** Validators that record problems on a construct under a message prefix (usually the construct's short name). */
export class Check {
  public constructor(private readonly scope: IConstruct, private readonly prefix: string) {}

  /** A reference to a key of an existing Secret: a Secret name and a key, never a value. */
  public secretRef(field: string, ref: { readonly name: string; readonly key: string } | undefined): boolean {
    if (ref === undefined || ref === null || typeof ref !== 'object') {
      this.fail(`${field} ${show(ref)} is not a Secret reference (give { name, key } of an existing Secret)`);
      return false;
    }
    if (!this.required(`${field}.name`, ref.name, 'name the Secret that holds the value') || !this.dnsName(`${field}.name`, ref.name)) return false;
    if (!this.required(`${field}.key`, ref.key, `name the key inside Secret ${show(ref.name)}`)) return false;
    if (!SECRET_KEY.test(ref.key)) {
      this.fail(`${field}.key ${show(ref.key)} is not a Secret key (letters, digits, '-', '_' and '.', at most 253)`);
      return false;
    }
    return true;
  }

  /** A configuration key whose plain value would be a secret is refused (use a Secret reference). */
  public notSecretLike(field: string, key: string): boolean {
    if (!looksSecret(key)) return true;
    this.fail(`${field} looks like a secret, but its value would be written in plain text into the manifests (reference an existing Secret instead: secretEnv [{ name: ${show(key)}, secret: { name, key } }])`);
    return false;
  }

  /** An absolute file path without `.`/`..` segments, spaces or control characters. */
  public absolutePath(field: string, value: string | undefined): boolean {
    if (typeof value !== 'string' || !value.startsWith('/') || value.length > 4096
      || !value.split('/').slice(1).every((seg, i, all) => (seg === '' && i === all.length - 1 && all.length > 1) || (PATH_SEGMENT.test(seg) && seg !== '.' && seg !== '..'))) {
      this.fail(`${field} ${show(value)} is not an absolute path (segments of letters, digits, '.', '_', '~' and '-' after "/", no "." or ".." segments, e.g. "/var/cache/nginx")`);
      return false;
    }
    return true;
  }

  /** An absolute URL path (`/`, `/nexus/v3`): no spaces, control characters, `..` segments, query or fragment. */
  public urlPath(field: string, value: string | undefined): boolean {
    if (typeof value !== 'string' || !value.startsWith('/') || value.length > 1024
      || !value.split('/').slice(1).every((seg) => seg === '' || (/^[A-Za-z0-9._~!$&'()*+,;=:@%-]+$/.test(seg) && seg !== '.' && seg !== '..'))) {
      this.fail(`${field} ${show(value)} is not a URL path (start with "/", then segments without spaces, "?", "#" or ".." e.g. "/nexus/v3")`);
      return false;
    }
    return true;
  }

  /** Annotations: label-like keys, string values. */
  public annotations(field: string, value: { [key: string]: string } | undefined): boolean {
    if (value === undefined) return true;
    if (value === null || typeof value !== 'object') {
      this.fail(`${field} ${show(value)} is not a map of annotations`);
      return false;
    }
    let ok = true;
    for (const [key, v] of Object.entries(value)) {
      if (!LABEL_KEY.test(key)) {
        this.fail(`${field} key ${show(key)} is not an annotation key (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.')`);
        ok = false;
      } else if (typeof v !== 'string' || v.length > ANNOTATION_VALUE_MAX) {
        this.fail(`${field}[${key}] ${show(v)} is not an annotation value (text of at most 256 KiB)`);
        ok = false;
      }
    }
    return ok;
  }

  /** Records a problem. */
  public fail(message: string): void {
    reportProblem(this.scope, `${this.prefix}: ${message}`);
  }

  /** A TCP or UDP port: an integer 1-65535. */
  public port(field: string, value: number | undefined): boolean {
    if (value === undefined) return true;
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      this.fail(`${field} ${show(value)} is not a TCP port (1-65535)`);
      return false;
    }
    return true;
  }

  /** A whole number in a range. */
  public integer(field: string, value: number | undefined, min: number, max: number): boolean {
    if (value === undefined) return true;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.fail(`${field} ${show(value)} is out of range (a whole number from ${min} to ${max})`);
      return false;
    }
    return true;
  }

  /** An RFC 1123 DNS label (names of namespaces, Services, ports are shorter: see portName). */
  public dnsLabel(field: string, value: string | undefined, maxLength = 63): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'string' || value.length > maxLength || !DNS_LABEL.test(value)) {
      this.fail(`${field} ${show(value)} is not a DNS label (lowercase letters, digits and '-', at most ${maxLength} characters, starting and ending with a letter or digit)`);
      return false;
    }
    return true;
  }

  /** A DNS subdomain name such as an ingress host. */
  public dnsName(field: string, value: string | undefined): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'string' || !DNS_NAME.test(value)) {
      this.fail(`${field} ${show(value)} is not a DNS name (lowercase labels of letters, digits and '-' separated by dots, e.g. "gws.example.com")`);
      return false;
    }
    return true;
  }

  /** A container port name: a DNS label of at most 15 characters with at least one letter. */
  public portName(field: string, value: string | undefined): boolean {
    if (value === undefined) return true;
    if (!this.dnsLabel(field, value, 15)) return false;
    if (!/[a-z]/.test(value)) {
      this.fail(`${field} ${show(value)} is not a port name (it needs at least one letter)`);
      return false;
    }
    return true;
  }

  /** A set of Kubernetes labels. */
  public labels(field: string, value: { [key: string]: string } | undefined, requireOne = false): boolean {
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      this.fail(`${field} ${show(value)} is not a map of labels (give { "key": "value" })`);
      return false;
    }
    if (value === undefined) {
      if (requireOne) this.fail(`${field} is missing (give at least one label that selects the pods)`);
      return !requireOne;
    }
    let ok = true;
    const keys = Object.keys(value);
    if (requireOne && keys.length === 0) {
      this.fail(`${field} is empty (give at least one label that selects the pods)`);
      return false;
    }
    for (const key of keys) {
      if (!LABEL_KEY.test(key)) {
        this.fail(`${field} key ${show(key)} is not a label key (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.')`);
        ok = false;
      }
      const v = value[key];
      if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
        this.fail(`${field}[${key}] value ${show(v)} is not a label value (up to 63 letters, digits, '-', '_' or '.')`);
        ok = false;
      }
    }
    return ok;
  }

  /**
   * An IPv4 or IPv6 CIDR written in its normal form (no host bits set: `10.60.0.1/24` is refused
   * with `10.60.0.0/24` in the message, since Kubernetes would silently open the whole block).
   */
  public cidr(field: string, value: string): boolean {
    const block = typeof value === 'string' ? CidrBlock.tryParse(value) : undefined;
    if (!block) {
      this.fail(`${field} ${show(value)} is not a CIDR (e.g. "10.20.0.0/16" or "fd00::/64")`);
      return false;
    }
    if (block.hasHostBits) {
      this.fail(`${field} ${show(value)} has host bits set: it stands for ${block.text} (write ${show(block.text)}, or a longer prefix for fewer addresses)`);
      return false;
    }
    return true;
  }

  /**
   * A CIDR egress may go to: a valid normal-form block that is neither loopback nor link-local (the
   * cloud metadata address 169.254.169.254 included), and no wider than /8 (IPv4) or /32 (IPv6)
   * unless `allowWide` names the reason.
   */
  public egressCidr(field: string, value: string, allowWide?: string): boolean {
    if (!this.cidr(field, value)) return false;
    const block = CidrBlock.parse(value);
    if (block.reachesLinkLocal) {
      this.fail(`${field} ${show(value)} reaches link-local addresses (169.254.0.0/16, fe80::/10, the cloud metadata service 169.254.169.254 among them): remove it and give the endpoint's own addresses`);
      return false;
    }
    if (block.reachesLoopback) {
      this.fail(`${field} ${show(value)} reaches loopback addresses (127.0.0.0/8, ::1): give the endpoint's own addresses`);
      return false;
    }
    const minimum = block.family === 4 ? MIN_PREFIX_V4 : MIN_PREFIX_V6;
    const reason = typeof allowWide === 'string' && allowWide.trim() !== '';
    if (block.isWiderThan(minimum) && !reason) {
      this.fail(`${field} ${show(value)} is wider than /${minimum} (${block.isUnspecified ? 'every address' : `/${block.prefix}`}): give the endpoint's own, narrower blocks, or set allowWideCidr on the group with the reason`);
      return false;
    }
    return true;
  }

  /**
   * The CIDR groups of an endpoint outside the cluster (at least one CIDR): each a valid CIDR whose
   * `except` entries lie inside it. Reported once per bad value.
   */
  public cidrGroups(field: string, groups: ReadonlyArray<CidrGroupLike> | undefined): boolean {
    if (groups === undefined || groups === null || !Array.isArray(groups)) {
      this.fail(`${field} ${show(groups)} is not a list of CIDR groups (give [{ name, cidrs: ["10.60.0.0/24"] }])`);
      return false;
    }
    let ok = true;
    let count = 0;
    groups.forEach((g, i) => {
      const where = `${field}[${i}]`;
      if (!g || typeof g !== 'object' || !Array.isArray(g.cidrs)) {
        this.fail(`${where} ${show(g)} is not a CIDR group (give { name, cidrs: [...] })`);
        ok = false;
        return;
      }
      if (!this.dnsLabel(`${where}.name`, g.name)) ok = false;
      for (const cidr of g.cidrs) {
        count++;
        if (!this.egressCidr(`${where}.cidrs`, cidr, g.allowWideCidr)) ok = false;
      }
      if (g.allowWideCidr !== undefined && (typeof g.allowWideCidr !== 'string' || g.allowWideCidr.trim() === '')) {
        this.fail(`${where}.allowWideCidr ${show(g.allowWideCidr)} is empty (say why the endpoint needs blocks wider than /${MIN_PREFIX_V4} or /${MIN_PREFIX_V6})`);
        ok = false;
      }
      for (const e of g.except ?? []) {
        if (!this.cidr(`${where}.except`, e)) {ok = false;} else if (!g.cidrs.some((c: string) => cidrInside(c, e))) {
          this.fail(`${where}.except ${show(e)} is inside none of the group's CIDRs (remove it or widen the group)`);
          ok = false;
        }
      }
    });
    this.notInCluster(field, groups);
    if (count === 0 && ok) {
      this.fail(`${field} has no CIDR (got ${show(groups)}): give the CIDR groups the endpoint's addresses are in; egress goes only there`);
      ok = false;
    }
    return ok;
  }

  /**
   * Egress blocks must not overlap the cluster's own Pod or Service networks when the cluster
   * declares them (`ClusterNetworks`): checked when the app is validated, whatever the order.
   */
  private notInCluster(field: string, groups: ReadonlyArray<CidrGroupLike>): void {
    const blocks = groups.flatMap((g) => (g && Array.isArray(g.cidrs) ? g.cidrs : []))
      .map((c) => (typeof c === 'string' ? CidrBlock.tryParse(c) : undefined))
      .filter((b): b is CidrBlock => b !== undefined && !b.hasHostBits);
    if (blocks.length === 0) return;
    const state = ClusterState.of(this.scope);
    this.scope.node.addValidation({
      validate: () => {
        const problems: string[] = [];
        for (const network of state.list<{ readonly name: string; readonly block: CidrBlock }>('cluster-networks')) {
          for (const b of blocks.filter((x) => x.overlaps(network.block))) {
            problems.push(`${this.prefix}: ${field} ${show(b.text)} overlaps the cluster's ${network.name} ${network.block.text} (egress to external CIDRs must not reach the cluster's own pods or Services: give the endpoint's own addresses)`);
          }
        }
        return problems;
      },
    });
  }

  /** A user name that reaches a URL or a connection string: no spaces, control characters, '@', ':' or '/'. */
  public username(field: string, value: string | undefined): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'string' || !/^[A-Za-z0-9._~-]{1,128}$/.test(value)) {
      this.fail(`${field} ${show(value)} is not a user name (1-128 letters, digits, '.', '_', '~' and '-')`);
      return false;
    }
    return true;
  }

  /** An environment variable name. */
  public envName(field: string, value: string): boolean {
    if (typeof value !== 'string' || !ENV_NAME.test(value)) {
      this.fail(`${field} ${show(value)} is not an environment variable name (letters, digits, '_', '-' and '.', not starting with a digit)`);
      return false;
    }
    return true;
  }

  /** A non-empty string. */
  public required(field: string, value: string | undefined, fix: string): boolean {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      this.fail(`${field} is missing (${fix})`);
      return false;
    }
    return true;
  }
}

/** True when CIDR `inner` is a strict subset of `outer` (as NetworkPolicy `except` entries must be). */
export function cidrInside(outer: string, inner: string): boolean {
  const o = CidrBlock.tryParse(outer);
  const i = CidrBlock.tryParse(inner);
  return o !== undefined && i !== undefined && o.family === i.family && i.prefix > o.prefix && o.contains(i);
}

/** True when the text is a DNS subdomain name (lowercase labels separated by dots). */
export function isDnsName(value: string): boolean {
  return typeof value === 'string' && DNS_NAME.test(value);
}
