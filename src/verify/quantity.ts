// Kubernetes quantities as the API server reads and stores them (k8s.io/apimachinery
// pkg/api/resource, type Quantity): which strings it parses, and the canonical form it writes back.
// Internal.
//
// Reference: Kubernetes API reference, "Quantity" (common definitions): a number with an optional
// sign and decimal point, then a suffix that is a binary SI suffix (Ki Mi Gi Ti Pi Ei), a decimal SI
// suffix (n u m "" k M G T P E) or a decimal exponent (e or E and an integer). On output the
// server writes the canonical form: no precision lost, no fractional digits, the largest suffix or
// exponent possible, the suffix family kept (binary input below 1024 or with a fraction is written
// in decimal SI), values below 1n rounded up to 1n.

/** How a quantity was written: its suffix family. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed quantity: the exact value `mantissa * 10^scale`, and the suffix family. */
export interface ParsedQuantity {
  /** The digits, as a whole number. */
  readonly mantissa: bigint;
  /** The power of ten the digits are multiplied by. */
  readonly scale: number;
  /** The suffix family it was written in. */
  readonly format: QuantityFormat;
}

const DECIMAL: { [suffix: string]: number } = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY: { [suffix: string]: number } = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** The smallest scale the server keeps (nano); finer values are rounded up. */
const MIN_SCALE = -9;

/**
 * Parses a quantity as the API server does; undefined when it cannot (e.g. `1h`, `1K`, `1.2.3`,
 * `Mi`, `1 Gi`). A JSON number is read as its decimal text.
 */
export function parseQuantity(input: string | number): ParsedQuantity | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    text = String(input);
    if (/e/i.test(text)) text = input.toFixed(20).replace(/\.?0+$/, '');
  } else {
    text = input;
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction = '', suffix] = m;
  if (whole === '' && fraction === '') return undefined;
  let format: QuantityFormat;
  let scale: number;
  let binaryPower = 0;
  if (Object.prototype.hasOwnProperty.call(DECIMAL, suffix)) {
    format = 'DecimalSI';
    scale = DECIMAL[suffix];
  } else if (Object.prototype.hasOwnProperty.call(BINARY, suffix)) {
    format = 'BinarySI';
    scale = 0;
    binaryPower = BINARY[suffix];
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    format = 'DecimalExponent';
    scale = Number(suffix.slice(1));
    if (!Number.isSafeInteger(scale) || Math.abs(scale) > 1000) return undefined;
  } else {
    return undefined;
  }
  let mantissa = BigInt(`${whole}${fraction}` || '0') * 1024n ** BigInt(binaryPower);
  scale -= fraction.length;
  if (sign === '-') mantissa = -mantissa;
  // below nano: round up, away from zero, as the server does
  if (scale < MIN_SCALE) {
    const divisor = 10n ** BigInt(MIN_SCALE - scale);
    const negative = mantissa < 0n;
    const abs = negative ? -mantissa : mantissa;
    let rounded = abs / divisor;
    if (rounded * divisor !== abs) rounded += 1n;
    mantissa = negative ? -rounded : rounded;
    scale = MIN_SCALE;
  }
  return { mantissa, scale, format };
}

/** Strips factors of `base` from a value, at most `max` times; returns the rest and the count. */
function removeFactors(value: bigint, base: bigint, max: number): [bigint, number] {
  let count = 0;
  while (value !== 0n && value % base === 0n && count < max) {
    value /= base;
    count++;
  }
  return [value, count];
}

/** The text the API server stores for a parsed quantity. */
export function formatQuantity(q: ParsedQuantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const integer = q.scale >= 0 ? q.mantissa * 10n ** BigInt(q.scale) : undefined;
    const exact = integer !== undefined || q.mantissa % 10n ** BigInt(-q.scale) === 0n;
    const whole = integer ?? q.mantissa / 10n ** BigInt(-q.scale);
    const abs = whole < 0n ? -whole : whole;
    if (!exact || abs < 1024n) {
      format = 'DecimalSI';
    } else {
      const [rest, power] = removeFactors(whole, 1024n, BINARY_BY_POWER.length - 1);
      return `${rest}${BINARY_BY_POWER[power]}`;
    }
  }
  let [mantissa, zeros] = removeFactors(q.mantissa, 10n, Number.MAX_SAFE_INTEGER);
  let scale = q.scale + zeros;
  const remainder = ((scale % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(remainder);
  scale -= remainder;
  if (format === 'DecimalExponent') return scale === 0 ? `${mantissa}` : `${mantissa}e${scale}`;
  if (scale > 18) {
    mantissa *= 10n ** BigInt(scale - 18);
    scale = 18;
  }
  return `${mantissa}${DECIMAL_BY_EXPONENT.get(scale) ?? ''}`;
}

/** The canonical text of a quantity, or undefined when the server cannot parse it. */
export function canonicalQuantity(input: string | number): string | undefined {
  const parsed = parseQuantity(input);
  return parsed ? formatQuantity(parsed) : undefined;
}
