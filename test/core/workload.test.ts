import { Chart } from 'cdk8s';
import { HardenedWorkload, Labels, WorkloadKind } from '../../src';
import { find, podSpec, synthesisError, synthesize } from '../support/synth';

const image = { registry: 'registry.example.com', repository: 'demo/app', tag: '1.0.0' };
const ports = [{ name: 'http', port: 80, targetPort: 8080 }];

describe('HardenedWorkload', () => {
  test('has every Pod Security "restricted" field, requests and limits, probes and no token automount', () => {
    const { objects } = synthesize((app) => {
      new HardenedWorkload(new Chart(app, 'c'), 'api', { id: 'api', component: 'demo', namespace: 'demo', image, ports, probe: { path: '/health' } });
    });
    const deployment = find(objects, 'Deployment', 'api', 'demo');
    const pod = podSpec(deployment);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('api');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 500, runAsGroup: 500, fsGroup: 500, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers).toHaveLength(1);
    const c = pod.containers[0];
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 500,
      runAsNonRoot: true,
      runAsUser: 500,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.image).toBe('registry.example.com/demo/app:1.0.0');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/health', port: 8080, scheme: 'HTTP' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 8080, scheme: 'HTTP' });
    expect(c.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
    // the root filesystem is read-only, so /tmp is an emptyDir
    expect(c.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'writable-0' }]);
    expect(pod.volumes).toEqual([{ emptyDir: {}, name: 'writable-0' }]);
    // selectors use only the canonical labels
    expect(deployment.spec.selector).toEqual({ matchLabels: Labels.selector('api', 'demo') });
    expect(deployment.spec.template.metadata.labels).toEqual(Labels.metadata('api', 'demo'));
    expect(find(objects, 'ServiceAccount', 'api', 'demo').automountServiceAccountToken).toBe(false);
    // one replica: no disruption budget, no spread
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(0);
    expect(pod.topologySpreadConstraints).toBeUndefined();
  });

  test('more than one replica adds a PodDisruptionBudget and zone spread; autoscaling adds an HPA', () => {
    const { objects } = synthesize((app) => {
      new HardenedWorkload(new Chart(app, 'c'), 'api', {
        id: 'api',
        component: 'demo',
        namespace: 'demo',
        image,
        ports,
        replicas: 2,
        autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilizationPercent: 60, memoryUtilizationPercent: 75 },
      });
    });
    expect(find(objects, 'PodDisruptionBudget', 'api', 'demo').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: Labels.selector('api', 'demo') } });
    expect(podSpec(find(objects, 'Deployment', 'api', 'demo')).topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: Labels.selector('api', 'demo') },
    }]);
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'api', 'demo');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(6);
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([['cpu', 60], ['memory', 75]]);
  });

  test('a StatefulSet gets a volume claim template; secrets come only by reference; files come from a ConfigMap', () => {
    const { objects } = synthesize((app) => {
      const w = new HardenedWorkload(new Chart(app, 'c'), 'db', {
        id: 'postgres',
        component: 'demo',
        instance: 'demo',
        namespace: 'demo',
        image: { repository: 'postgres', digest: 'sha256:' + 'b'.repeat(64) },
        ports: [{ name: 'postgres', port: 5432 }],
        kind: WorkloadKind.STATEFULSET,
        runAsUser: 999,
        storage: { mountPath: '/var/lib/postgresql/data', sizeGibibytes: 5 },
        files: [{ path: '/etc/app/config.json', content: '{"a":1}' }],
      });
      w.addSecretEnv('POSTGRES_PASSWORD', { name: 'db-credentials', key: 'password' });
    });
    const sts = find(objects, 'StatefulSet', 'postgres-demo', 'demo');
    // the StatefulSet's serviceName names a headless Service that selects its pods
    expect(sts.spec.serviceName).toBe('postgres-demo-headless');
    const headless = find(objects, 'Service', 'postgres-demo-headless', 'demo');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.selector).toEqual(sts.spec.selector.matchLabels);
    expect(headless.spec.ports).toEqual([{ name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' }]);
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } });
    const c = podSpec(sts).containers[0];
    expect(c.image).toBe('postgres@sha256:' + 'b'.repeat(64));
    expect(c.securityContext.runAsUser).toBe(999);
    expect(c.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    expect(c.env).toEqual([{ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }]);
    expect(find(objects, 'ConfigMap', 'postgres-demo-config', 'demo').data).toEqual({ 'file-0-config.json': '{"a":1}' });
    expect(c.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/app/config.json', subPath: 'file-0-config.json', readOnly: true });
    expect(objects.filter((o) => o.kind === 'Secret')).toHaveLength(0);
  });
});

describe('HardenedWorkload fails clearly', () => {
  const cases: Array<[string, any, RegExp]> = [
    ['a port outside 1-65535', { ports: [{ name: 'http', port: 0 }] }, /api: ports\[0\]\.port 0 is not a TCP port \(1-65535\)/],
    ['a namespace that is not a DNS label', { namespace: 'Demo_NS' }, /api: namespace "Demo_NS" is not a DNS label/],
    ['an image tagged latest', { image: { repository: 'demo/app', tag: 'latest' } }, /image\.tag "latest" is not allowed \(pin a version tag or a digest\)/],
    ['an image with neither tag nor digest', { image: { repository: 'demo/app' } }, /image "demo\/app" has neither tag nor digest/],
    ['a digest that is not sha256 + 64 hex', { image: { repository: 'demo/app', digest: 'sha256:abc' } }, /image\.digest "sha256:abc" is not a digest \("sha256:" followed by 64 lowercase hex digits\)/],
    ['two ports with one name', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }, /ports\[1\]\.name "http" is used twice/],
    ['two ports on one Service port', { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80, targetPort: 8081 }] }, /ports\[1\]\.port 80 \(TCP\) is used by two ports/],
    ['a request above its limit', { resources: { cpuRequestMillis: 2000, cpuLimitMillis: 1000 } }, /resources\.cpuRequestMillis 2000 exceeds cpuLimitMillis 1000/],
    ['autoscaling with min above max', { autoscaling: { minReplicas: 5, maxReplicas: 2 } }, /autoscaling\.minReplicas 5 exceeds maxReplicas 2/],
    ['storage on a Deployment', { storage: { mountPath: '/data' } }, /storage is set on a Deployment/],
  ];
  test.each(cases)('fails on %s', (_name, override, expected) => {
    const message = synthesisError((app) => {
      new HardenedWorkload(new Chart(app, 'c'), 'api', { id: 'api', component: 'demo', namespace: 'demo', image, ports, ...override });
    });
    expect(message).toMatch(/\[c\/api\] /);
    expect(message).toMatch(expected);
  });

  test('fails on duplicate ids in one namespace', () => {
    const message = synthesisError((app) => {
      const chart = new Chart(app, 'c');
      new HardenedWorkload(chart, 'one', { id: 'api', component: 'demo', namespace: 'demo', image, ports });
      new HardenedWorkload(chart, 'two', { id: 'api', component: 'demo', namespace: 'demo', image, ports, name: 'api-two' });
    });
    expect(message).toMatch(/\[c\/two\] api-two: duplicate id "api" in namespace "demo" \(also at c\/one\)/);
  });

  test('fails on a secret reference with no key', () => {
    const message = synthesisError((app) => {
      new HardenedWorkload(new Chart(app, 'c'), 'api', { id: 'api', component: 'demo', namespace: 'demo', image, ports, secretEnv: [{ name: 'TOKEN', secret: { name: 'api-secrets', key: '' } }] });
    });
    expect(message).toMatch(/secretEnv\[0\]\.secret\.key is missing \(name the key inside Secret "api-secrets"\)/);
  });
});

describe('HardenedWorkload options', () => {
  test('podDisruptionBudget false leaves the budget out even with two replicas; files roll the pods by hash', () => {
    const build = (content: string) => synthesize((app) => {
      new HardenedWorkload(new Chart(app, 'c'), 'api', {
        id: 'api',
        component: 'demo',
        namespace: 'demo',
        image,
        ports,
        replicas: 2,
        podDisruptionBudget: false,
        files: [{ path: '/etc/app/app.json', content }],
        filesAnnotations: { 'genesys.cdk8s.io/implements': 'demo#4' },
      });
    }).objects;
    const a = build('{"a":1}');
    expect(a.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(0);
    expect(find(a, 'ConfigMap', 'api-config', 'demo').metadata.annotations).toEqual({ 'genesys.cdk8s.io/implements': 'demo#4' });
    const hashOf = (objects: any[]) => find(objects, 'Deployment', 'api', 'demo').spec.template.metadata.annotations['genesys.cdk8s.io/config-sha256'];
    expect(hashOf(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf(build('{"a":2}'))).not.toBe(hashOf(a));
    expect(hashOf(build('{"a":1}'))).toBe(hashOf(a));
  });

  test('fails when a disruption budget is asked for one guaranteed replica', () => {
    const message = synthesisError((app) => {
      new HardenedWorkload(new Chart(app, 'c'), 'api', { id: 'api', component: 'demo', namespace: 'demo', image, ports, podDisruptionBudget: true });
    });
    expect(message).toMatch(/api: podDisruptionBudget is true, but only 1 replica is guaranteed/);
  });
});
