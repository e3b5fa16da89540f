import { compareText } from './names';

/** The prefix of a declared extension's reference, e.g. `ext:nexus-metrics`. */
export const EXTENSION_PREFIX = 'ext:';

const CATALOG_REF = /^([a-z][a-z0-9-]*)#([1-9][0-9]*)$/;
const EXTENSION_REF = /^ext:[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True for a catalog row reference, `<service>#<number>` (e.g. `gws#15`). */
export function isRowRef(ref: string): boolean {
  return CATALOG_REF.test(ref);
}

/** True for a declared extension's reference, `ext:<id>` (e.g. `ext:nexus-metrics`). */
export function isExtensionRef(ref: string): boolean {
  return EXTENSION_REF.test(ref);
}

/** The service of a row reference (`gws` of `gws#15`); undefined for anything else. */
export function serviceOfRef(ref: string): string | undefined {
  return CATALOG_REF.exec(ref)?.[1];
}

/** Sorts references: rows by service and number, then extensions by id. */
export function sortRefs(refs: string[]): string[] {
  const key = (r: string): [number, string, number] => {
    const m = CATALOG_REF.exec(r);
    return m ? [0, m[1], Number(m[2])] : [1, r, 0];
  };
  return [...refs].sort((a, b) => {
    const [ka, sa, na] = key(a);
    const [kb, sb, nb] = key(b);
    return ka - kb || compareText(sa, sb) || na - nb || compareText(a, b);
  });
}
