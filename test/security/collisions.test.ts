import { App, Chart } from 'cdk8s';
import {
  Connection, EntryPoint, EntryPoints, GenesysPeers, GenesysPlatform, GenesysPlatformProps, GwsCluster, GwsClusterProps, HardenedWorkload,
  HardenedWorkloadProps, MetricsScrape, NexusService, NexusServiceProps, Peer, WwNginxStatic,
} from '../../src';
import { synthesisFailure, synthesize } from '../support/synth';

// What one construct claims, another must not claim again: a host and path, the public data plane
// for internal entry points, a built-in extension's id, a Genesys component's identity.

const chartOf = (app: App) => new Chart(app, 'c', { disableResourceNameHashes: true });
const peers = () => ({ tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) });
const gws = (c: Chart, props: Partial<GwsClusterProps> = {}) => new GwsCluster(c, 'gws', { domain: 'example.com', developmentStores: true, ...peers(), ...props } as GwsClusterProps);
const nexus = (c: Chart, props: Partial<NexusServiceProps> = {}) => new NexusService(c, 'nexus', { domain: 'example.com', developmentStores: true, ...props } as NexusServiceProps);
const workload = (c: Chart, id: string, props: Partial<HardenedWorkloadProps> = {}) => new HardenedWorkload(c, id, {
  id, component: 'tools', namespace: 'tools', image: { repository: 'tools/app', tag: '1.0.0' }, ports: [{ name: 'http', port: 8080 }], ...props,
} as HardenedWorkloadProps);
const entryPoint = (c: Chart, id: string, w: HardenedWorkload, host: string, path: string, more: object = {}) => new EntryPoint(c, `ep-${id}`, {
  name: id, namespace: w.namespace, host, routes: [{ path, workload: w, port: 'http' }], labels: { app: id }, ...more,
});
const traefik = Peer.inCluster({ name: 'traefik', namespace: 'traefik', labels: { 'app.kubernetes.io/name': 'traefik' } });
const traefikInternal = Peer.inCluster({ name: 'traefik-internal', namespace: 'traefik-internal', labels: { 'app.kubernetes.io/name': 'traefik' } });

function refused(build: (c: Chart) => void, ...patterns: RegExp[]): string {
  const { message, written } = synthesisFailure((app) => build(chartOf(app)));
  for (const p of patterns) expect(message).toMatch(p);
  expect(written).toEqual([]);
  return message;
}

const accepted = (build: (c: Chart) => void) => synthesize((app) => build(chartOf(app))).objects;

describe('one host and path, one entry point', () => {
  test('two entry points claiming the same host and path are refused, naming both', () => {
    refused((c) => {
      const a = workload(c, 'portal');
      const b = workload(c, 'rogue');
      entryPoint(c, 'portal', a, 'portal.example.com', '/');
      entryPoint(c, 'rogue', b, 'portal.example.com', '/');
    }, /\[c\/ep-rogue\] entry point rogue: host "portal\.example\.com" path "\/" is claimed by entry point c\/ep-portal too \(one host and path go to one backend/,
    /give one of them another host or path/);
  });

  test('a user entry point on a Genesys host and path is refused', () => {
    refused((c) => {
      new WwNginxStatic(c, 'wwe', { domain: 'example.com' });
      entryPoint(c, 'mine', workload(c, 'mine', { namespace: 'wwe' }), 'wwe.example.com', '/');
    }, /\[c\/ep-mine\] entry point mine: host "wwe\.example\.com" path "\/" is claimed by entry point c\/wwe\/\S+ too/);
  });

  test('accepted: the same host on other paths, the same path on other hosts', () => {
    const objects = accepted((c) => {
      const a = workload(c, 'portal');
      entryPoint(c, 'portal', a, 'portal.example.com', '/');
      entryPoint(c, 'portal-api', workload(c, 'api'), 'portal.example.com', '/api');
      entryPoint(c, 'other', workload(c, 'other'), 'other.example.com', '/');
    });
    expect(objects.filter((o) => o.kind === 'HTTPRoute').map((o) => `${o.spec.hostnames[0]}${o.spec.rules[0].matches[0].path.value}`).sort())
      .toEqual(['other.example.com/', 'portal.example.com/', 'portal.example.com/api']);
  });
});

describe('internal entry points are never served by the public data plane', () => {
  test('an internal Gateway equal to the public one is refused at its path', () => {
    refused((c) => gws(c, { entryPoints: EntryPoints.gatewayApi({ publicGateway: { name: 'edge', namespace: 'gateway' }, internalGateway: { name: 'edge', namespace: 'gateway' } }) }),
      /\[c\/gws\] gws: entryPoints\.internalGateway \{"name":"edge","namespace":"gateway"\} is the public Gateway too: internal entry points would be published on it/);
  });

  test('an internal data plane equal to the public one is refused at its path', () => {
    const plane = { namespace: 'edge', labels: { app: 'edge-proxy' } };
    refused((c) => gws(c, { entryPoints: EntryPoints.gatewayApi({ dataPlane: plane, internalDataPlane: { ...plane } }) }),
      /\[c\/gws\] gws: entryPoints\.internalDataPlane \{"namespace":"edge","labels":\{"app":"edge-proxy"\}\} selects the public data plane's pods/);
  });

  test('an internal ingress class equal to the public one is refused at its path', () => {
    refused((c) => gws(c, { entryPoints: EntryPoints.ingress({ className: 'traefik', controller: traefik, internalClassName: 'traefik' }) }),
      /\[c\/gws\] gws: entryPoints\.internalClassName "traefik" is the public ingress class too: internal entry points would be published by the public controller/);
  });

  test('the generic profile no longer falls back to the public class for internal entry points: the internal class is asked for', () => {
    refused((c) => gws(c, { entryPoints: EntryPoints.ingress({ className: 'traefik', controller: traefik }) }),
      /\[c\/gws\] gws: entryPoints\.internalClassName is missing, so internal entry points would use the public class "traefik" and be published by the public controller \(give the class of your internal controller/);
  });

  test('the platform\'s choice is judged at the platform\'s path, once', () => {
    const message = refused((c) => new GenesysPlatform(c, 'p', {
      domain: 'example.com',
      developmentStores: true,
      peers: peers(),
      services: [],
      entryPoints: EntryPoints.ingress({ className: 'traefik', controller: traefik, internalClassName: 'traefik' }),
      ucsx: { fileStorage: { host: 'files.example.com', cidrGroups: [{ name: 'files', cidrs: ['198.51.100.0/24'] }] } },
    } as unknown as GenesysPlatformProps), /\[c\/p\] entryPoints\.internalClassName "traefik" is the public ingress class too/);
    expect(message.match(/internalClassName/g)).toHaveLength(1);
  });

  test('accepted: another internal class and controller, written on the internal Ingress', () => {
    const objects = accepted((c) => gws(c, { entryPoints: EntryPoints.ingress({ className: 'traefik', controller: traefik, internalClassName: 'traefik-internal', internalController: traefikInternal }) }));
    const classes = objects.filter((o) => o.kind === 'Ingress').map((o) => `${o.metadata.name}:${o.spec.ingressClassName}`).sort();
    expect(classes).toEqual(expect.arrayContaining(['gws-int:traefik-internal', 'gws:traefik']));
  });
});

describe('built-in extension ids are the library\'s', () => {
  test('a user connection reusing a built-in extension id is refused, naming the id and the option it belongs to', () => {
    refused((c) => {
      const n = nexus(c);
      Connection.declare(c, {
        source: Peer.prometheus(), destination: n.peer, port: 'http', refs: ['ext:nexus-metrics'], reason: 'scrape it',
      });
    }, /connection prometheus -> nexus: refs "ext:nexus-metrics" is the id of a built-in extension \(NexusService monitoring\), which the library declares itself; .*give your extension its own id, e\.g\. "ext:my-nexus-metrics"/);
  });

  test('a user entry point or scrape reusing a built-in extension id is refused', () => {
    refused((c) => {
      const n = nexus(c);
      entryPoint(c, 'ucs-api', workload(c, 'api'), 'api.example.com', '/', { refs: ['ext:ucsx-public-api'], reason: 'an API' });
      void n;
    }, /refs "ext:ucsx-public-api" is the id of a built-in extension \(UcsxStack publicApi\)/);
    refused((c) => {
      nexus(c);
      const w = workload(c, 'exporter', { ports: [{ name: 'metrics', port: 9100 }] });
      new MetricsScrape(c, 'scrape', { workload: w, port: 'metrics', prometheus: Peer.prometheus(), refs: ['ext:nexus-metrics'], reason: 'node metrics' });
    }, /refs "ext:nexus-metrics" is the id of a built-in extension/);
  });

  test('accepted: the library\'s own use of the id, and a user\'s own id', () => {
    const objects = accepted((c) => {
      const n = nexus(c, { monitoring: true });
      Connection.declare(c, { source: Peer.prometheus(), destination: n.peer, port: 'http', refs: ['ext:my-nexus-probe'], reason: 'a blackbox probe' });
    });
    const ingress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'nexus-ingress');
    expect(ingress.metadata.annotations['genesys.cdk8s.io/implements']).toMatch(/ext:my-nexus-probe.*|.*ext:nexus-metrics/);
    expect(ingress.metadata.annotations['genesys.cdk8s.io/implements']).toContain('ext:nexus-metrics');
    expect(ingress.metadata.annotations['genesys.cdk8s.io/implements']).toContain('ext:my-nexus-probe');
  });
});

describe('a Genesys component\'s identity is the library\'s', () => {
  test('a user workload with the id of a component the library deploys is refused, in any namespace', () => {
    refused((c) => {
      gws(c);
      workload(c, 'gws-app-workspace', { namespace: 'tools' });
    }, /workload tools\/gws-app-workspace \(at c\/gws-app-workspace\) takes the identity of the Genesys component "gws-app-workspace" \(app\.kubernetes\.io\/name: gws-app-workspace\) deployed at c\/gws\/\S+: .*give your workload its own id/);
  });

  test('a copy with an instance, next to the component in its namespace, is refused: the component\'s selector takes its pods', () => {
    const message = refused((c) => {
      gws(c);
      workload(c, 'gws-app-workspace', { namespace: 'gws', component: 'gws', instance: 'canary' });
    }, /the selector of gws\/gws-app-workspace \(app\.kubernetes\.io\/name=gws-app-workspace, app\.kubernetes\.io\/component=gws[^)]*, at c\/gws\/\S+\) also selects the pods of gws\/gws-app-workspace-canary/);
    expect(message.split('\n').slice(1)).toHaveLength(1);
  });

  test('the same rule holds between a user\'s own workloads: an id next to its own instance', () => {
    refused((c) => {
      workload(c, 'api');
      workload(c, 'api-copy', { id: 'api', instance: 'blue' });
    }, /the selector of tools\/api .* also selects the pods of tools\/api-blue/);
  });

  test('accepted: two instances of one id, a user workload of its own id, and a stand-in for a component the app does not deploy', () => {
    accepted((c) => {
      workload(c, 'api-blue', { id: 'api', instance: 'blue' });
      workload(c, 'api-green', { id: 'api', instance: 'green' });
      workload(c, 'crm-sync');
      workload(c, 'gws-service-proxy', { namespace: 'gws', component: 'gws' });
    });
  });
});
