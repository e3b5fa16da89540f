/**
 * Resource quantities in the form the API server stores them (its canonical form), so that what is
 * written is what is stored and a second apply changes nothing:
 * - CPU, a decimal quantity: whole cores without a suffix (`1`, `2`), else millicores (`500m`, `1500m`);
 * - memory, a binary quantity: the largest of Ki, Mi, Gi, Ti, Pi that divides it exactly (`1Gi`, `1536Mi`).
 */

/** CPU in millicores, canonical (`1000` → `1`, `1500` → `1500m`). */
export function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

const BINARY = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Memory in MiB, canonical (`1024` → `1Gi`, `1536` → `1536Mi`). */
export function memoryQuantity(mebibytes: number): string {
  if (mebibytes === 0) return '0';
  let value = mebibytes;
  let suffix = 1; // Mi
  while (value % 1024 === 0 && suffix < BINARY.length - 1) {
    value /= 1024;
    suffix++;
  }
  return `${value}${BINARY[suffix]}`;
}
