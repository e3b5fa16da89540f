import { Chart, Testing } from 'cdk8s';
import {
  ClusterNetworks,
  Connection,
  HardenedWorkload,
  ImagePullPolicy,
  MetricsScrape,
  Peer,
  PolicyDirection,
  SynthWarnings,
  WorkloadKind,
  WorkloadPolicy,
  warnAtSynth,
} from '../../src';
import { IMAGE_SHAPE, imageReference, imageWithDefaults } from '../../src/core/image';
import { Input } from '../../src/core/input';
import { FindingSeverity, ManifestSet, SchemaCheck } from '../../src/verify';
import { chartSynthesisFailure, find, synthesizeChart } from '../support/synth';

// Unit tests of the core building blocks that the service tests only reach through the services.

const image = { repository: 'demo/app', tag: '1.0.0' };
const labels = { 'app.kubernetes.io/name': 'demo' };

describe('WorkloadPolicy', () => {
  test('merges rules by peer set, de-duplicates and sorts ports, and annotates the sorted references', () => {
    const chart = new Chart(Testing.app(), 'c');
    const policy = new WorkloadPolicy(chart, 'p', 'demo-egress', 'demo', labels, PolicyDirection.EGRESS, labels);
    const db = { cidr: '10.1.0.0/24' };
    policy.allow([db], [{ port: 5432, protocol: 'TCP' as any }], ['gws#9']);
    policy.allow([db], [{ port: 5432, protocol: 'TCP' as any }, { port: 6432, protocol: 'TCP' as any }], ['gws#23', 'ext:demo-pool']);
    policy.allow([{ podLabels: { b: '2', a: '1' }, namespace: 'other' }], [{ port: 80, protocol: 'TCP' as any }], ['gws#2']);
    const json = policy.toJson();
    expect(json.metadata.annotations).toEqual({ 'genesys.cdk8s.io/implements': 'gws#2, gws#9, gws#23, ext:demo-pool' });
    expect(json.spec).toEqual({
      podSelector: { matchLabels: labels },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '10.1.0.0/24' } }], ports: [{ port: 5432, protocol: 'TCP' }, { port: 6432, protocol: 'TCP' }] },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } }, podSelector: { matchLabels: { a: '1', b: '2' } } }], ports: [{ port: 80, protocol: 'TCP' }] },
      ],
    });
    expect(policy.refs).toEqual(['gws#2', 'gws#9', 'gws#23', 'ext:demo-pool']);
  });

  test('a policy with no rule denies everything of its direction and carries no annotation', () => {
    const chart = new Chart(Testing.app(), 'c');
    const json = new WorkloadPolicy(chart, 'p', 'demo-ingress', 'demo', labels, PolicyDirection.INGRESS, labels).toJson();
    expect(json.spec).toEqual({ podSelector: { matchLabels: labels }, policyTypes: ['Ingress'] });
    expect(json.metadata.annotations).toBeUndefined();
  });
});

describe('Peer', () => {
  test('an in-cluster peer is selected by labels, with its namespace only from another namespace', () => {
    const gauth = Peer.inCluster({ name: 'gauth', namespace: 'gauth', labels: { app: 'gauth' }, serviceName: 'gauth-auth' });
    expect(gauth.spec.host).toBe('gauth-auth.gauth.svc.cluster.local');
    expect(gauth.policyPeers('gauth')).toEqual([{ podLabels: { app: 'gauth' }, namespace: undefined }]);
    expect(gauth.policyPeers('gws')).toEqual([{ podLabels: { app: 'gauth' }, namespace: 'gauth' }]);
    expect(gauth.describe()).toBe('gauth/gauth');
  });

  test('an external peer is its CIDR blocks, each with the excepts that lie inside it', () => {
    const peer = Peer.external({ name: 'db', cidrGroups: [{ name: 'a', cidrs: ['10.0.0.0/16', '10.9.0.0/24'], except: ['10.0.5.0/24'] }] });
    expect(peer.policyPeers('any')).toEqual([{ cidr: '10.0.0.0/16', except: ['10.0.5.0/24'] }, { cidr: '10.9.0.0/24' }]);
    expect(peer.describe()).toBe('external db');
  });

  test('the ingress controller and Prometheus have documented default locations', () => {
    expect(Peer.ingressController().spec).toMatchObject({ namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } });
    expect(Peer.prometheus({ namespace: 'observability' }).spec).toMatchObject({ namespace: 'observability', labels: { 'app.kubernetes.io/name': 'prometheus' } });
  });
});

describe('images', () => {
  const reference = (img: any) => {
    const chart = new Chart(Testing.app(), 'c');
    return imageReference(Input.root(chart, 'demo').at('image').read(IMAGE_SHAPE, img)!);
  };

  test('the reference is registry/repository:tag@digest, as given', () => {
    expect(reference({ registry: 'registry.example.com:5000/genesys/', repository: 'gws/app', tag: '1.2' })).toBe('registry.example.com:5000/genesys/gws/app:1.2');
    expect(reference({ repository: 'gws/app', digest: `sha256:${'a'.repeat(64)}` })).toBe(`gws/app@sha256:${'a'.repeat(64)}`);
  });

  test('a registry applies to an image that names none, and to the default image', () => {
    expect(imageWithDefaults({ repository: 'x/y', tag: '1', pullPolicy: ImagePullPolicy.ALWAYS }, 'd/e', '2', 'reg.example.com'))
      .toEqual({ repository: 'x/y', tag: '1', pullPolicy: ImagePullPolicy.ALWAYS, registry: 'reg.example.com' });
    expect(imageWithDefaults({ registry: 'mine.example.com', repository: 'x/y', tag: '1' }, 'd/e', '2', 'reg.example.com').registry).toBe('mine.example.com');
    expect(imageWithDefaults(undefined, 'd/e', '2')).toEqual({ repository: 'd/e', tag: '2' });
  });

  test('latest, bad digests and missing versions are refused', () => {
    const { message } = chartSynthesisFailure((chart) => {
      const input = Input.root(chart, 'demo');
      input.at('a').read(IMAGE_SHAPE, { repository: 'x/y', tag: 'latest' });
      input.at('b').read(IMAGE_SHAPE, { repository: 'x/y', digest: 'sha256:abc' });
      input.at('c').read(IMAGE_SHAPE, { repository: 'x/y' });
      input.at('d').read(IMAGE_SHAPE, { repository: 'X/Y', tag: '1' });
    });
    expect(message).toMatch(/demo: a\.tag "latest" is not allowed/);
    expect(message).toMatch(/demo: b\.digest "sha256:abc" is not a digest/);
    expect(message).toMatch(/demo: c "x\/y" has neither tag nor digest/);
    expect(message).toMatch(/demo: d\.repository "X\/Y" is not an image repository/);
  });
});

describe('MetricsScrape', () => {
  test('lets Prometheus reach the metrics pod port and writes a ServiceMonitor the prometheus-operator models accept', () => {
    const { objects } = synthesizeChart((chart) => {
      const w = new HardenedWorkload(chart, 'w', { id: 'demo', component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9100 }] });
      const scrape = new MetricsScrape(chart, 'm', { workload: w, port: 'metrics', prometheus: Peer.prometheus(), intervalSeconds: 15, refs: ['ext:demo-metrics'], reason: 'the demo exports metrics' });
      expect(scrape.connection.podPort).toBe(9100);
    });
    expect(find(objects, 'ServiceMonitor', 'demo', 'demo')).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'demo', namespace: 'demo', labels: { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/component': 'demo', 'app.kubernetes.io/part-of': 'genesys-multicloud-cx', 'app.kubernetes.io/managed-by': 'cdk8s-genesys-cx' } },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/component': 'demo', 'app.kubernetes.io/part-of': 'genesys-multicloud-cx' } },
        namespaceSelector: { matchNames: ['demo'] },
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '15s' }],
      },
    });
    const ingress = find(objects, 'NetworkPolicy', 'demo-ingress', 'demo');
    expect(ingress.metadata.annotations['genesys.cdk8s.io/implements']).toBe('ext:demo-metrics');
    expect(ingress.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ port: 9100, protocol: 'TCP' }],
    }]);
  });

  test('fails on a metrics path that is not a URL path, and on an extension without a reason', () => {
    const { message } = chartSynthesisFailure((chart) => {
      const w = new HardenedWorkload(chart, 'w', { id: 'demo', component: 'demo', namespace: 'demo', image, ports: [{ name: 'metrics', port: 9100 }] });
      new MetricsScrape(chart, 'm', { workload: w, port: 'metrics', prometheus: Peer.prometheus(), path: 'metrics', refs: ['ext:demo-metrics'] });
    });
    expect(message).toMatch(/metrics demo: path "metrics" is not a URL path/);
    expect(message).toMatch(/refs "ext:demo-metrics" names an extension without a reason/);
  });
});

describe('synth warnings and cluster networks', () => {
  test('warnings are recorded per cluster, with the construct path, and kept as construct metadata', () => {
    const chart = new Chart(Testing.app(), 'c');
    const w = new HardenedWorkload(chart, 'w', { id: 'demo', component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 80 }] });
    warnAtSynth(w, 'something to review');
    expect(SynthWarnings.of(chart)).toEqual(['[c/w] something to review']);
    expect(w.node.metadata.map((m) => m.data)).toContain('something to review');
  });

  test('egress CIDR groups that overlap the declared Pod or Service networks are refused, whatever the order', () => {
    const { message } = chartSynthesisFailure((chart) => {
      const w = new HardenedWorkload(chart, 'w', { id: 'demo', component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 80 }] });
      const db = Peer.external({ name: 'db', cidrGroups: [{ name: 'db', cidrs: ['10.244.8.0/24'] }], ports: [{ name: 'pg', port: 5432 }] });
      Connection.declare(chart, { source: w.peer, destination: db, port: 'pg', refs: ['ext:demo-db'], reason: 'demo' });
      ClusterNetworks.declare(chart, { podCidrs: ['10.244.0.0/16'], serviceCidrs: ['not-a-cidr'] });
    });
    expect(message).toMatch(/peer db: cidrGroups\[0\]\.cidrs\[0\] "10\.244\.8\.0\/24" overlaps the cluster's Pod network 10\.244\.0\.0\/16/);
    expect(message).toMatch(/clusterNetworks\.serviceCidrs\[0\] "not-a-cidr" is not a CIDR/);
  });
});

describe('HardenedWorkload pod settings', () => {
  const w = (props: object) => synthesizeChart((chart) => new HardenedWorkload(chart, 'w', {
    id: 'demo', component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 80 }], ...props,
  })).objects;

  test('envFrom lands on the main container; topology spread can be replaced or turned off', () => {
    const objects = w({
      replicas: 3,
      envFrom: [{ configMap: 'demo-settings' }, { secret: 'demo-tokens', prefix: 'T_', optional: true }],
      pods: { topologySpread: [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 2 }] },
    });
    const spec = find(objects, 'Deployment', 'demo', 'demo').spec.template.spec;
    expect(spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'demo-settings' } }, { prefix: 'T_', secretRef: { name: 'demo-tokens', optional: true } }]);
    expect(spec.topologySpreadConstraints).toEqual([{
      maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/component': 'demo', 'app.kubernetes.io/part-of': 'genesys-multicloud-cx' } },
    }]);
    expect(find(w({ replicas: 3, pods: { topologySpread: [] } }), 'Deployment', 'demo', 'demo').spec.template.spec.topologySpreadConstraints).toBeUndefined();
    // one replica: nothing to spread
    expect(find(w({}), 'Deployment', 'demo', 'demo').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('autoscaling leaves spec.replicas to the HorizontalPodAutoscaler', () => {
    const objects = w({ replicas: 2, autoscaling: { maxReplicas: 5 } });
    expect(find(objects, 'Deployment', 'demo', 'demo').spec.replicas).toBeUndefined();
    expect(find(objects, 'HorizontalPodAutoscaler', 'demo', 'demo').spec).toMatchObject({ minReplicas: 2, maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name: 'demo' } });
    expect(find(w({ replicas: 2 }), 'Deployment', 'demo', 'demo').spec.replicas).toBe(2);
  });

  test('canonical labels, malformed tolerations, envFrom with both or neither source and unknown enums are refused', () => {
    const { message, written } = chartSynthesisFailure((chart) => new HardenedWorkload(chart, 'w', {
      id: 'demo',
      component: 'demo',
      namespace: 'demo',
      image,
      ports: [{ name: 'http', port: 80 }],
      envFrom: [{ configMap: 'a', secret: 'b' }, {}],
      pods: {
        labels: { 'app.kubernetes.io/name': 'other' },
        tolerations: [{ operator: 'Equal' as any }, { key: 'k', operator: 'Exists' as any, value: 'v' }, { key: 'k', effect: 'Sometimes' as any }],
        priorityClassName: 'Not A Name',
      },
    }));
    expect(message).toMatch(/demo: pods\.labels sets "app\.kubernetes\.io\/name", a canonical label the library writes itself/);
    expect(message).toMatch(/pods\.tolerations\[0\] has no key \(a toleration of every taint needs operator TolerationOperator\.EXISTS\)/);
    expect(message).toMatch(/pods\.tolerations\[1\]\.value is set with operator Exists/);
    expect(message).toMatch(/pods\.tolerations\[2\]\.effect "Sometimes" is not a taint effect/);
    expect(message).toMatch(/pods\.priorityClassName "Not A Name" is not a DNS name/);
    expect(message).toMatch(/envFrom\[0\] .* names both a ConfigMap and a Secret/);
    expect(message).toMatch(/envFrom\[1\] \{\} names neither a ConfigMap nor a Secret/);
    expect(written).toEqual([]);
  });
});

describe('no noise for reviewers', () => {
  test('fields that only restate Kubernetes defaults are left out, and the objects stay schema-valid', () => {
    const { objects } = synthesizeChart((chart) => {
      new HardenedWorkload(chart, 'w', { id: 'demo', component: 'demo', namespace: 'demo', image, ports: [{ name: 'http', port: 80 }] });
      new HardenedWorkload(chart, 's', { id: 'store', component: 'demo', namespace: 'demo', image, ports: [{ name: 'pg', port: 5432 }], kind: WorkloadKind.STATEFULSET });
    });
    const deployment = find(objects, 'Deployment', 'demo', 'demo');
    const statefulSet = find(objects, 'StatefulSet', 'store', 'demo');
    for (const w of [deployment, statefulSet]) {
      const pod = w.spec.template.spec;
      expect(Object.keys(w.spec)).not.toEqual(expect.arrayContaining(['minReadySeconds']));
      for (const key of ['dnsPolicy', 'hostNetwork', 'restartPolicy', 'setHostnameAsFQDN', 'terminationGracePeriodSeconds']) expect(pod[key]).toBeUndefined();
      expect(pod.securityContext.fsGroupChangePolicy).toBeUndefined();
      expect(pod.containers[0].livenessProbe.failureThreshold).toBeUndefined();
      // what matters for security stays explicit
      expect(pod.containers[0].securityContext).toMatchObject({ privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    }
    expect(deployment.spec.progressDeadlineSeconds).toBeUndefined();
    expect(deployment.spec.strategy).toBeUndefined();
    expect(statefulSet.spec.podManagementPolicy).toBeUndefined();
    expect(statefulSet.spec.updateStrategy).toBeUndefined();
    for (const service of objects.filter((o) => o.kind === 'Service')) expect(service.spec.externalIPs).toBeUndefined();
    expect(SchemaCheck.check(ManifestSet.fromObjects(objects)).filter((f) => f.severity === FindingSeverity.ERROR)).toEqual([]);
  });
});
