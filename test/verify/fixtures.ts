// Hand-written Kubernetes objects for the analyzer tests, independent of the library's constructs.

export type Labels = { [key: string]: string };

export interface PortSpec {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

export function namespace(name: string, labels: Labels = {}): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
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

export function ingress(name: string, ns: string, host: string, path: string, serviceName: string, port: number | string): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: ns },
    spec: {
      rules: [{
        host,
        http: {
          paths: [{
            path,
            pathType: 'Prefix',
            backend: { service: { name: serviceName, port: typeof port === 'number' ? { number: port } : { name: port } } },
          }],
        },
      }],
    },
  };
}
