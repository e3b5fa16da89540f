// Hand-written Kubernetes objects for the analyzer tests, independent of the library's constructs.
import * as fs from 'fs';
import * as path from 'path';

export type Labels = { [key: string]: string };

export interface PortSpec {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

export function namespace(name: string, labels: Labels = {}): any {
  // no `labels: {}`: the API server drops empty maps (the canonical-form rule)
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(Object.keys(labels).length > 0 ? { labels } : {}) } };
}

export function deployment(name: string, ns: string, labels: Labels, ports: PortSpec[] = [{ name: 'http', containerPort: 8080 }]): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'main', image: 'example/app:1.0', ports }] },
      },
    },
  };
}

export interface ServicePortSpec {
  readonly port: number;
  readonly targetPort?: number | string;
  readonly name?: string;
  readonly protocol?: string;
}

export function service(name: string, ns: string, selector: Labels, ports: ServicePortSpec[]): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports } };
}

export function policy(name: string, ns: string, spec: any, annotations?: { [key: string]: string }): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) },
    spec,
  };
}

export function denyAll(ns: string): any {
  return policy('default-deny', ns, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
}

export function ingress(name: string, ns: string, host: string, route: string, serviceName: string, port: number | string): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: ns },
    spec: {
      rules: [{
        host,
        http: {
          paths: [{
            path: route,
            pathType: 'Prefix',
            backend: { service: { name: serviceName, port: typeof port === 'number' ? { number: port } : { name: port } } },
          }],
        },
      }],
    },
  };
}

/**
 * Rewrites the implements annotations of every YAML file under a folder so that references which
 * are neither catalog rows nor extensions (`demo#1`) become extensions (`ext:demo-1`): the
 * examples' own connections, declared the way the verifier expects, whatever the example writes
 * today. Returns the extension references written.
 */
export function declareAsExtensions(dir: string, isCatalogRow: (ref: string) => boolean): string[] {
  const written = new Set<string>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      if (!entry.name.endsWith('.yaml')) continue;
      const text = fs.readFileSync(full, 'utf-8').replace(/(genesys\.cdk8s\.io\/implements: )(.*)/g, (_all, key: string, value: string) => {
        const refs = value.split(',').map((r) => r.trim()).filter((r) => r !== '').map((r) => {
          if (r.startsWith('ext:') || isCatalogRow(r)) return r;
          const ext = `ext:${r.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
          written.add(ext);
          return ext;
        });
        return `${key}${refs.join(', ')}`;
      });
      fs.writeFileSync(full, text);
    }
  };
  walk(dir);
  return [...written].sort();
}

/**
 * Writes beside a plain `synth()` of the core-basics example the peers.json its committed output
 * holds: its managed PostgreSQL is outside the cluster, and an ipBlock no peers entry declares fails.
 */
export function describeCoreBasicsPeers(dir: string): void {
  fs.copyFileSync(path.join(__dirname, '..', '..', 'examples', 'core-basics', 'dist', 'peers.json'), path.join(dir, 'peers.json'));
}
