import { IConstruct } from 'constructs';

/**
 * Records a configuration problem on a construct. Problems are reported together when the app is
 * synthesized, each prefixed with the construct path, and no manifest is written.
 *
 * Messages are lowercase and say what is wrong, the value received and the fix.
 */
export function reportProblem(scope: IConstruct, message: string): void {
  scope.node.addValidation({ validate: () => [message] });
}

/** Formats a value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Validators that record problems on a construct under a message prefix (usually the construct's short name). */
export class Check {
  public constructor(private readonly scope: IConstruct, private readonly prefix: string) {}

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

  /** An IPv4 or IPv6 CIDR. */
  public cidr(field: string, value: string): boolean {
    if (!isCidr(value)) {
      this.fail(`${field} ${show(value)} is not a CIDR (e.g. "10.20.0.0/16" or "fd00::/64")`);
      return false;
    }
    return true;
  }

  /** An environment variable name. */
  public envName(field: string, value: string): boolean {
    if (!ENV_NAME.test(value)) {
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

/** True when the text is a DNS subdomain name (lowercase labels separated by dots). */
export function isDnsName(value: string): boolean {
  return typeof value === 'string' && DNS_NAME.test(value);
}

/** True when the text is an IPv4 or IPv6 CIDR with a prefix length. */
export function isCidr(value: string): boolean {
  if (typeof value !== 'string') return false;
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  if (address.includes(':')) {
    return prefix <= 128 && isIpv6(address);
  }
  return prefix <= 32 && isIpv4(address);
}

function isIpv4(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv6(address: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(address)) return false;
  const doubles = address.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = address.split(':').filter((g) => g !== '');
  if (groups.some((g) => g.length > 4)) return false;
  return doubles === 1 ? groups.length < 8 : groups.length === 8;
}
