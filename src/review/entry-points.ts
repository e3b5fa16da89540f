// The ways into a platform from outside, one line each: HTTPRoute rules, Ingress rules and default
// backends, Gateway listeners, and Services of type LoadBalancer or NodePort.
import { compareText } from '../shared';
import { groupOf } from '../verify/objects';

function where(o: any): string {
  const ns = o?.metadata?.namespace;
  return ns ? `${ns}/${o?.metadata?.name}` : String(o?.metadata?.name);
}

function list(value: any): any[] {
  return Array.isArray(value) ? value : [];
}

function httpRouteLines(o: any): string[] {
  const ns = o.metadata?.namespace ?? 'default';
  const parents = list(o.spec?.parentRefs).map((p) => `${p?.namespace ?? ns}/${p?.name}${p?.sectionName ? `#${p.sectionName}` : ''}${p?.port ? `:${p.port}` : ''}`);
  const hosts = list(o.spec?.hostnames).length > 0 ? list(o.spec?.hostnames).join(',') : '*';
  const out: string[] = [];
  for (const rule of list(o.spec?.rules)) {
    const matches = list(rule?.matches).length > 0
      ? list(rule.matches).map((m) => `${m?.path?.type ?? 'PathPrefix'} ${m?.path?.value ?? '/'}`)
      : ['PathPrefix /'];
    const backends = list(rule?.backendRefs).map((b) => `${b?.namespace ?? ns}/${b?.name}:${b?.port ?? '?'}`);
    for (const match of matches) {
      out.push(`HTTPRoute ${where(o)} via ${parents.join(',') || '(no parent)'} host ${hosts} ${match} -> ${backends.join(',') || '(no backend)'}`);
    }
  }
  return out;
}

function ingressBackend(b: any): string {
  const s = b?.service;
  if (!s) return '(resource backend)';
  return `${s.name}:${s.port?.number ?? s.port?.name ?? '?'}`;
}

function ingressLines(o: any): string[] {
  const cls = o.spec?.ingressClassName ?? o.metadata?.annotations?.['kubernetes.io/ingress.class'] ?? '(default class)';
  const out: string[] = [];
  if (o.spec?.defaultBackend) out.push(`Ingress ${where(o)} class ${cls} default backend -> ${ingressBackend(o.spec.defaultBackend)}`);
  for (const rule of list(o.spec?.rules)) {
    for (const p of list(rule?.http?.paths)) {
      out.push(`Ingress ${where(o)} class ${cls} host ${rule?.host ?? '*'} ${p?.pathType ?? 'Prefix'} ${p?.path ?? '/'} -> ${ingressBackend(p?.backend)}`);
    }
  }
  return out;
}

function gatewayLines(o: any): string[] {
  return list(o.spec?.listeners).map((l) => `Gateway ${where(o)} class ${o.spec?.gatewayClassName ?? '?'} listener ${l?.name} ${l?.protocol}/${l?.port} host ${l?.hostname ?? '*'}`);
}

function serviceLines(o: any): string[] {
  const type = o.spec?.type;
  if (type !== 'LoadBalancer' && type !== 'NodePort') return [];
  const ports = list(o.spec?.ports).map((p) => `${p?.protocol ?? 'TCP'}/${p?.port}${p?.nodePort ? ` (node ${p.nodePort})` : ''}`).join(', ');
  const ranges = list(o.spec?.loadBalancerSourceRanges);
  return [`Service ${where(o)} type ${type} ports ${ports}${ranges.length > 0 ? ` from ${ranges.join(',')}` : ''}`];
}

/** Every entry point of the objects, one line each, sorted. */
export function entryPointsOf(objects: any[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    const group = groupOf(o?.apiVersion ?? '');
    if (o.kind === 'HTTPRoute' && group === 'gateway.networking.k8s.io') out.push(...httpRouteLines(o));
    else if (o.kind === 'Gateway' && group === 'gateway.networking.k8s.io') out.push(...gatewayLines(o));
    else if (o.kind === 'Ingress' && group === 'networking.k8s.io') out.push(...ingressLines(o));
    else if (o.kind === 'Service' && group === '') out.push(...serviceLines(o));
  }
  return [...new Set(out)].sort(compareText);
}
