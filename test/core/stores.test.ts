import { Chart } from 'cdk8s';
import { Connection, DataStore, Annotations, HardenedWorkload, StoreEngine } from '../../src';
import { find, podSpec, synthesisError, synthesize } from '../support/synth';

const image = { repository: 'demo/app', tag: '1.0.0' };

describe('DataStore', () => {
  test('embedded PostgreSQL: a hardened StatefulSet with a volume, password by Secret reference, marked development-only', () => {
    let url = '';
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      const api = new HardenedWorkload(chart, 'api', { id: 'api', component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 80 }] });
      const store = new DataStore(chart, 'pg', { engine: StoreEngine.POSTGRES, namespace: 'demo', component: 'demo', instance: 'demo', port: 5432 });
      store.connectFrom(api.peer, ['demo#2']);
      url = store.url;
      expect(store.embedded).toBe(true);
    });
    expect(url).toBe('postgresql://postgres-demo.demo.svc.cluster.local:5432');
    const sts = find(objects, 'StatefulSet', 'postgres-demo', 'demo');
    expect(sts.metadata.annotations[Annotations.DEVELOPMENT_ONLY]).toBe('true');
    const c = podSpec(sts).containers[0];
    expect(c.env).toContainEqual({ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-demo-credentials', key: 'password' } } });
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.volumeMounts.map((m: any) => m.mountPath).sort()).toEqual(['/tmp', '/var/lib/postgresql/data', '/var/run/postgresql']);
    expect(find(objects, 'NetworkPolicy', 'postgres-demo-ingress', 'demo').spec.ingress[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });

  test('external Redis: no workload, only our egress rule to its CIDR, TLS URL', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      const api = new HardenedWorkload(chart, 'api', { id: 'api', component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 80 }] });
      const store = new DataStore(chart, 'redis', {
        engine: StoreEngine.REDIS,
        port: 6379,
        namespace: 'demo',
        component: 'demo',
        instance: 'demo',
        options: { external: { host: 'cache.example.internal', port: 6380, tls: true, cidrGroups: [{ name: 'cache', cidrs: ['10.9.0.0/24'] }], credentials: { name: 'cache', key: 'auth' } } },
      });
      store.connectFrom(api.peer, ['demo#3']);
      expect(store.url).toBe('rediss://cache.example.internal:6380');
    });
    expect(objects.filter((o) => o.kind === 'StatefulSet')).toHaveLength(0);
    expect(find(objects, 'NetworkPolicy', 'api-egress', 'demo').spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.9.0.0/24' } }], ports: [{ port: 6380, protocol: 'TCP' }] }]);
  });

  test('fails when an external store has neither host nor CIDR', () => {
    const message = synthesisError((app) => {
      new DataStore(new Chart(app, 'c'), 'pg', { engine: StoreEngine.POSTGRES, namespace: 'demo', component: 'demo', instance: 'demo', port: 5432, options: { external: { host: '', cidrGroups: [] } } });
    });
    expect(message).toMatch(/\[c\/pg\] demo postgres store: external\.host is missing/);
    expect(message).toMatch(/\[c\/pg\] demo postgres store: external\.cidrGroups has no CIDR/);
  });

  test('fails when an external store port is outside 1-65535', () => {
    const message = synthesisError((app) => {
      new DataStore(new Chart(app, 'c'), 'pg', { engine: StoreEngine.POSTGRES, namespace: 'demo', component: 'demo', instance: 'demo', port: 5432, options: { external: { host: 'db.example.com', port: 70000, cidrGroups: [{ name: 'db', cidrs: ['10.0.0.0/24'] }] } } });
    });
    expect(message).toMatch(/external\.port 70000 is not a TCP port \(1-65535\)/);
  });
});

describe('DataStore Service', () => {
  test('the embedded store Service selects its pods by the canonical labels only', () => {
    const { objects } = synthesize((app) => {
      new DataStore(new Chart(app, 'c'), 'pg', { engine: StoreEngine.POSTGRES, namespace: 'demo', component: 'demo', instance: 'demo', port: 5432 });
    });
    const service = find(objects, 'Service', 'postgres-demo', 'demo');
    const sts = find(objects, 'StatefulSet', 'postgres-demo', 'demo');
    expect(service.spec.selector).toEqual({
      'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/component': 'demo', 'app.kubernetes.io/instance': 'demo', 'app.kubernetes.io/part-of': 'genesys-multicloud-cx',
    });
    for (const [k, v] of Object.entries(service.spec.selector)) expect(sts.spec.template.metadata.labels[k]).toBe(v);
  });
});

describe('DataStore extra ports', () => {
  test('an embedded store sends an extra port (a pooler port) to the engine port', () => {
    const { objects } = synthesize((app) => {
      const chart = new Chart(app, 'c');
      const api = new HardenedWorkload(chart, 'api', { id: 'api', component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 80 }] });
      const store = new DataStore(chart, 'pg', { engine: StoreEngine.POSTGRES, namespace: 'demo', component: 'demo', instance: 'demo', port: 5432, extraPorts: [{ name: 'pgbouncer', port: 6432 }] });
      Connection.declare(chart, { source: api.peer, destination: store.peer, port: 'pgbouncer', refs: ['demo#5'] });
    });
    expect(find(objects, 'Service', 'postgres-demo', 'demo').spec.ports).toEqual([
      { name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' },
      { name: 'pgbouncer', port: 6432, targetPort: 5432, protocol: 'TCP' },
    ]);
    expect(find(objects, 'NetworkPolicy', 'api-egress', 'demo').spec.egress[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });
});

describe('DataStore problems are reported once', () => {
  test('an external store without CIDR, used by two workloads, gives one message', () => {
    const message = synthesisError((app) => {
      const chart = new Chart(app, 'c');
      const store = new DataStore(chart, 'pg', { engine: StoreEngine.POSTGRES, namespace: 'demo', component: 'demo', instance: 'demo', port: 5432, options: { external: { host: 'db.example.com', cidrGroups: [] } } });
      for (const id of ['a', 'b']) {
        const w = new HardenedWorkload(chart, id, { id, component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 80 }] });
        store.connectFrom(w.peer, ['demo#6']);
      }
    });
    expect(message.match(/has no CIDR/g)).toHaveLength(1);
    expect(message).toMatch(/external\.cidrGroups has no CIDR \(got \[\]\)/);
  });
});
