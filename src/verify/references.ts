// The references of implements annotations (NetworkPolicies, Ingresses, ConfigMaps, any object): a
// catalog row is fine (its line is the row's), an extension gets an EXT line with what implements it
// and the flows it allows, anything else fails. Internal.
import { ManifestSet } from './manifests';
import { refsOf } from './objects';
import { VerifyLine, VerifyStatus } from './report';
import { ConnectionCatalog } from '../catalog/catalog';
import { compareText, isExtensionRef, isRowRef, serviceOfRef, sortRefs } from '../shared';

/** Most flows an EXT line lists. */
const EXT_FLOWS_SHOWN = 5;

/** The tables of the catalog (`wwe`, `gws`...), from its rows: a new table needs no change here. */
function catalogServices(): Set<string> {
  return new Set(ConnectionCatalog.all().map((r) => r.service as string));
}

function catalogHas(ref: string): boolean {
  try {
    ConnectionCatalog.get(ref);
    return true;
  } catch {
    return false;
  }
}

/** The objects naming each reference: `namespace/name` for NetworkPolicies, `<Kind> namespace/name` for others. */
function holdersOfRefs(manifests: ManifestSet, defaultNamespace: string): Map<string, string[]> {
  const holders = new Map<string, string[]>();
  for (const object of manifests.objects) {
    const refs = refsOf(object);
    if (refs.length === 0) continue;
    const namespace = object.metadata?.namespace ?? defaultNamespace;
    const name = `${object.kind === 'NetworkPolicy' ? '' : `${object.kind} `}${namespace}/${object.metadata?.name}`;
    for (const ref of new Set(refs)) {
      const list = holders.get(ref) ?? [];
      if (!list.includes(name)) list.push(name);
      holders.set(ref, list);
    }
  }
  return holders;
}

/** The EXT line of an extension: what implements it, and the first flows it declares. */
function extensionLine(ref: string, by: string, flows: string[], set: string | undefined): VerifyLine {
  const shown = flows.slice(0, EXT_FLOWS_SHOWN).join(', ');
  const more = flows.length > EXT_FLOWS_SHOWN ? ` and ${flows.length - EXT_FLOWS_SHOWN} more` : '';
  const text = `EXT ${ref}: implemented by ${by}${flows.length > 0 ? `; allows ${shown}${more}` : ''}`;
  return { status: VerifyStatus.EXT, ref, reason: flows.length > 0 ? `allows ${flows.join(', ')}` : undefined, set, text };
}

/**
 * One line per reference that is not a catalog row, in reference order: EXT for an extension (with
 * the flows the openings scan found it declares), FAIL for anything else.
 */
export function referenceLines(manifests: ManifestSet, defaultNamespace: string, extensionFlows: Map<string, string[]>,
  set: string | undefined): VerifyLine[] {
  const holders = holdersOfRefs(manifests, defaultNamespace);
  const services = catalogServices();
  const tables = [...services].sort(compareText).join(', ');
  const out: VerifyLine[] = [];
  const fail = (ref: string, reason: string) => out.push({ status: VerifyStatus.FAIL, ref, check: 'reference', reason, set, text: `FAIL ${ref}: ${reason}` });
  for (const ref of sortRefs([...holders.keys()])) {
    const by = holders.get(ref)!.sort(compareText).join(', ');
    if (isRowRef(ref)) {
      if (catalogHas(ref)) continue;
      if (services.has(serviceOfRef(ref)!)) {
        fail(ref, `named by ${by} but not a row of the catalog (references read "<service>#<number>", e.g. "gws#15")`);
      } else {
        fail(ref, `named by ${by} is an unknown reference: ${serviceOfRef(ref)} is not a table of the catalog (${tables}); declare an opening beyond the tables as an extension, e.g. "ext:${ref.replace('#', '-')}"`);
      }
    } else if (isExtensionRef(ref)) {
      out.push(extensionLine(ref, by, extensionFlows.get(ref) ?? [], set));
    } else {
      fail(ref, `named by ${by} is an unknown reference: write a catalog row ("gws#15") or an extension ("ext:" and a DNS label, e.g. "ext:nexus-metrics")`);
    }
  }
  return out;
}
