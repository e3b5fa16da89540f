import {
  allowed, canonical, envOf, find, INGRESS_CONTROLLER, inventory, mainContainer, mountsOf, ofKind, podsIn, refsOf, synth, synthFailure,
} from './helpers';
import { ConnectionCatalog, EntryPoints, IngressProfile, NexusService, Peer, WwNginxStatic, WwNginxStaticProps } from '../../src';
import { verifyManifests, VerifyStatus } from '../../src/verify';

const WWE_LABELS = canonical('wwe-nginx', 'wwe');
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function wwe(props: Partial<WwNginxStaticProps> = {}): any[] {
  return synth((chart) => {
    new WwNginxStatic(chart, 'wwe', { domain: 'example.com', ...props });
  });
}

function runtimeConfigOf(objects: any[], namespace = 'wwe'): any {
  const configMap = find(objects, 'ConfigMap', 'wwe-nginx-config', namespace);
  const keys = Object.keys(configMap.data);
  expect(keys).toHaveLength(1);
  return JSON.parse(configMap.data[keys[0]]);
}

/** Every prop set, as the production example would. */
const FULL: WwNginxStaticProps = {
  domain: 'cx.example.org',
  namespace: 'agent-desktop',
  manageNamespace: true,
  dns: { namespace: 'dns-system', labels: { 'k8s-app': 'coredns' }, port: 5353 },
  host: 'agents.cx.example.org',
  tlsSecretName: 'agents-certificate',
  entryPoints: EntryPoints.ingress({
    profile: IngressProfile.INGRESS_NGINX,
    className: 'nginx-public',
    controller: Peer.ingressController({ namespace: 'edge', labels: { 'app.kubernetes.io/name': 'edge-nginx' } }),
  }),
  location: '/USW1',
  imageRegistry: 'registry.example.org/genesys',
  runAsUser: 500,
  nginx: {
    image: { repository: 'wwe/wwe-nginx', digest: DIGEST },
    replicas: 2,
    resources: { cpuRequestMillis: 100, cpuLimitMillis: 1000, memoryRequestMebibytes: 128, memoryLimitMebibytes: 512 },
    autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilizationPercent: 65, memoryUtilizationPercent: 75 },
    podDisruptionBudget: true,
  },
  authUrl: 'https://auth.cx.example.org',
  gwsUrl: 'https://api.cx.example.org/gws',
  webrtcUrl: 'https://media.cx.example.org',
  telemetryUrl: 'https://telemetry.cx.example.org',
  digitalChannelsUrl: 'https://chat.cx.example.org',
  settings: { clientId: 'wwe-browser', theme: 'dark' },
  documentRoot: '/usr/share/nginx/html',
  runtimeConfigPath: '/ui/wwe/runtime-config.json',
};

describe('WwNginxStatic with defaults', () => {
  // GIVEN only the domain, WHEN synthesized
  const objects = wwe();

  test('writes the namespace, its default-deny and DNS policies, and the workload objects, nothing else', () => {
    expect(inventory(objects)).toEqual([
      'ConfigMap wwe/genesys-cx-peers',
      'ConfigMap wwe/wwe-nginx-config',
      'Deployment wwe/wwe-nginx',
      'HTTPRoute wwe/wwe-nginx',
      'Namespace /wwe',
      'NetworkPolicy wwe/allow-dns',
      'NetworkPolicy wwe/default-deny',
      'NetworkPolicy wwe/wwe-nginx-egress',
      'NetworkPolicy wwe/wwe-nginx-ingress',
      'Service wwe/wwe-nginx',
      'ServiceAccount wwe/wwe-nginx',
    ]);
    expect(find(objects, 'Namespace', 'wwe').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the Deployment selects the canonical labels and runs the pinned unprivileged NGINX', () => {
    const deployment = find(objects, 'Deployment', 'wwe-nginx', 'wwe');
    expect(deployment.spec.selector.matchLabels).toEqual(WWE_LABELS);
    expect(deployment.spec.template.metadata.labels).toMatchObject(WWE_LABELS);
    expect(deployment.spec.replicas).toBe(1);
    const container = mainContainer(deployment);
    expect(container.image).toBe(`nginxinc/nginx-unprivileged:${WwNginxStatic.DEFAULT_IMAGE_TAG}`);
    expect(container.image).not.toMatch(/:latest$/);
    expect(container.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
  });

  test('the pod is hardened: non-root UID 101, seccomp, no escalation, all capabilities dropped, read-only root', () => {
    const spec = find(objects, 'Deployment', 'wwe-nginx', 'wwe').spec.template.spec;
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, fsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } });
    expect(mainContainer(find(objects, 'Deployment', 'wwe-nginx', 'wwe')).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 101,
      runAsNonRoot: true,
      runAsUser: 101,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(find(objects, 'ServiceAccount', 'wwe-nginx', 'wwe').automountServiceAccountToken).toBe(false);
  });

  test('NGINX writes only to emptyDir volumes: cache, run and temp directories; the runtime configuration is mounted read-only', () => {
    expect(mountsOf(find(objects, 'Deployment', 'wwe-nginx', 'wwe'))).toEqual({
      '/var/cache/nginx': 'emptyDir',
      '/var/run': 'emptyDir',
      '/tmp': 'emptyDir',
      '/usr/share/nginx/html/config/runtime.json': 'configMap:wwe-nginx-config#file-0-runtime.json:ro',
    });
  });

  test('liveness and readiness probe /index.html on the pod port', () => {
    const container = mainContainer(find(objects, 'Deployment', 'wwe-nginx', 'wwe'));
    for (const probe of [container.livenessProbe, container.readinessProbe]) {
      expect(probe.httpGet).toEqual({ path: '/index.html', port: 8080, scheme: 'HTTP' });
    }
  });

  test('the Service exposes http 80 to pod port 8080 (wwe#9) and selects the canonical labels', () => {
    const service = find(objects, 'Service', 'wwe-nginx', 'wwe');
    const row9 = ConnectionCatalog.get('wwe#9');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: row9.servicePort, targetPort: row9.podPort, protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(WWE_LABELS);
  });

  test('an HTTPRoute serves wwe.<domain> on the public Gateway to the Service port (wwe#1, #7, #9)', () => {
    const route = find(objects, 'HTTPRoute', 'wwe-nginx', 'wwe');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway', name: 'genesys-public' }],
      hostnames: ['wwe.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'wwe-nginx', port: 80 }] }],
    });
    expect(refsOf(route)).toEqual(['wwe#1', 'wwe#7', 'wwe#9']);
    expect(ofKind(objects, 'Ingress')).toEqual([]);
  });

  test('only the ingress controller reaches the pods, on pod port 8080 (wwe#1, wwe#9)', () => {
    const policy = find(objects, 'NetworkPolicy', 'wwe-nginx-ingress', 'wwe');
    expect(policy.spec.podSelector.matchLabels).toEqual(WWE_LABELS);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(allowed(policy)).toEqual(new Set([`${INGRESS_CONTROLLER} TCP/8080`]));
    expect(refsOf(policy)).toEqual(['wwe#1', 'wwe#9']);
  });

  test('WWE has no egress of its own; the namespace lets it resolve DNS only', () => {
    const egress = find(objects, 'NetworkPolicy', 'wwe-nginx-egress', 'wwe');
    expect(egress.spec.policyTypes).toEqual(['Egress']);
    expect(egress.spec.egress).toBeUndefined();
    expect(allowed(find(objects, 'NetworkPolicy', 'allow-dns', 'wwe'))).toEqual(new Set([
      `${podsIn('kube-system', { 'k8s-app': 'kube-dns' })} UDP/53`,
      `${podsIn('kube-system', { 'k8s-app': 'kube-dns' })} TCP/53`,
    ]));
    const deny = find(objects, 'NetworkPolicy', 'default-deny', 'wwe');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('the runtime configuration carries the public https URLs of rows wwe#2 to #6, derived from the domain', () => {
    expect(runtimeConfigOf(objects)).toEqual({
      wweUrl: 'https://wwe.example.com',
      authUrl: 'https://gauth.example.com',
      gwsUrl: 'https://gws.example.com',
      webrtcUrl: 'https://webrtc.example.com',
      telemetryUrl: 'https://telemetry.example.com',
      digitalChannelsUrl: 'https://digital.example.com',
    });
    expect(refsOf(find(objects, 'ConfigMap', 'wwe-nginx-config', 'wwe'))).toEqual(['wwe#2', 'wwe#3', 'wwe#4', 'wwe#5', 'wwe#6']);
  });

  test('the pods carry a hash of the runtime configuration, so a change rolls them', () => {
    const annotations = find(objects, 'Deployment', 'wwe-nginx', 'wwe').spec.template.metadata.annotations;
    expect(annotations['genesys.cdk8s.io/config-sha256']).toMatch(/^[0-9a-f]{64}$/);
    const other = wwe({ gwsUrl: 'https://gws2.example.com' });
    expect(find(other, 'Deployment', 'wwe-nginx', 'wwe').spec.template.metadata.annotations['genesys.cdk8s.io/config-sha256'])
      .not.toBe(annotations['genesys.cdk8s.io/config-sha256']);
  });

  test('no autoscaler and no disruption budget for a single replica; no plain environment at all', () => {
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(envOf(mainContainer(find(objects, 'Deployment', 'wwe-nginx', 'wwe')))).toEqual({});
  });

  test('the verifier passes wwe#1 and wwe#9, finds no undocumented opening and no schema or policy error', () => {
    const report = verifyManifests(objects);
    const rows = report.lines.filter((l) => l.ref?.startsWith('wwe#'));
    expect(rows.map((l) => `${l.status} ${l.ref}`)).toEqual(['PASS wwe#1', 'PASS wwe#9']);
    expect(report.withStatus(VerifyStatus.OPEN)).toEqual([]);
    expect(report.withStatus(VerifyStatus.FAIL)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test('exposes host, URL, configuration URL and its peer', () => {
    synth((c) => {
      const w = new WwNginxStatic(c, 'wwe', { domain: 'example.com' });
      expect(w.host).toBe('wwe.example.com');
      expect(w.url).toBe('https://wwe.example.com');
      expect(w.configUrl).toBe('https://wwe.example.com/config/runtime.json');
      expect(w.entryPoint!.url).toBe(w.url);
      expect(w.namespace).toBe('wwe');
      expect(w.peer).toBe(w.nginx.peer);
      expect(w.peer.namespace).toBe('wwe');
      expect(w.browserEndpoints.digitalChannelsUrl).toBe('https://digital.example.com');
    });
  });
});

describe('WwNginxStatic with every prop set', () => {
  // GIVEN every prop, as a production deployment sets them, WHEN synthesized
  const objects = wwe(FULL);
  const ns = 'agent-desktop';

  test('the workload is in the given namespace, pulls the bundle by digest from the registry, runs as UID 500', () => {
    const deployment = find(objects, 'Deployment', 'wwe-nginx', ns);
    const container = mainContainer(deployment);
    expect(container.image).toBe(`registry.example.org/genesys/wwe/wwe-nginx@${DIGEST}`);
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsUser: 500, runAsGroup: 500, fsGroup: 500 });
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    // autoscaling is on: the HorizontalPodAutoscaler owns the replica count (GitOps tools would fight over spec.replicas)
    expect(deployment.spec.replicas).toBeUndefined();
    expect(find(objects, 'HorizontalPodAutoscaler', 'wwe-nginx', 'agent-desktop').spec.minReplicas).toBe(2);
  });

  test('autoscaling targets CPU and memory; the PodDisruptionBudget keeps all but one pod', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'wwe-nginx', ns);
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'wwe-nginx' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } },
      ],
    });
    const pdb = find(objects, 'PodDisruptionBudget', 'wwe-nginx', ns);
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: WWE_LABELS } });
  });

  test('the Ingress uses the given host, TLS secret and class', () => {
    const ingress = find(objects, 'Ingress', 'wwe-nginx', ns);
    expect(ingress.spec.ingressClassName).toBe('nginx-public');
    expect(ingress.spec.tls).toEqual([{ hosts: ['agents.cx.example.org'], secretName: 'agents-certificate' }]);
    expect(ingress.spec.rules[0].host).toBe('agents.cx.example.org');
  });

  test('only the given ingress controller reaches the pods; egress stays empty; DNS goes to the given resolver', () => {
    expect(allowed(find(objects, 'NetworkPolicy', 'wwe-nginx-ingress', ns))).toEqual(new Set([
      `${podsIn('edge', { 'app.kubernetes.io/name': 'edge-nginx' })} TCP/8080`,
    ]));
    expect(find(objects, 'NetworkPolicy', 'wwe-nginx-egress', ns).spec.egress).toBeUndefined();
    expect(allowed(find(objects, 'NetworkPolicy', 'allow-dns', ns))).toEqual(new Set([
      `${podsIn('dns-system', { 'k8s-app': 'coredns' })} UDP/5353`,
      `${podsIn('dns-system', { 'k8s-app': 'coredns' })} TCP/5353`,
    ]));
  });

  test('the runtime configuration carries the given URLs, the location and the public settings at the given path', () => {
    expect(runtimeConfigOf(objects, ns)).toEqual({
      wweUrl: 'https://agents.cx.example.org',
      authUrl: 'https://auth.cx.example.org',
      gwsUrl: 'https://api.cx.example.org/gws',
      webrtcUrl: 'https://media.cx.example.org',
      telemetryUrl: 'https://telemetry.cx.example.org',
      digitalChannelsUrl: 'https://chat.cx.example.org',
      location: '/USW1',
      settings: { clientId: 'wwe-browser', theme: 'dark' },
    });
    expect(mountsOf(find(objects, 'Deployment', 'wwe-nginx', ns))['/usr/share/nginx/html/ui/wwe/runtime-config.json'])
      .toBe('configMap:wwe-nginx-config#file-0-runtime-config.json:ro');
  });

  test('the verifier passes the rows with the given ingress controller and finds nothing open', () => {
    const report = verifyManifests(objects, { ingressController: { namespace: 'edge', labels: { 'app.kubernetes.io/name': 'edge-nginx' } } });
    expect(report.lines.filter((l) => l.ref?.startsWith('wwe#')).map((l) => `${l.status} ${l.ref}`)).toEqual(['PASS wwe#1', 'PASS wwe#9']);
    expect(report.ok).toBe(true);
  });

  test('the configuration URL follows the host and path', () => {
    synth((chart) => {
      const w = new WwNginxStatic(chart, 'wwe', FULL);
      expect(w.configUrl).toBe('https://agents.cx.example.org/ui/wwe/runtime-config.json');
    });
  });
});

describe('WwNginxStatic availability options', () => {
  test('two replicas give a PodDisruptionBudget by default', () => {
    const objects = wwe({ nginx: { replicas: 2 } });
    expect(find(objects, 'PodDisruptionBudget', 'wwe-nginx', 'wwe').spec.maxUnavailable).toBe(1);
  });

  test('podDisruptionBudget false leaves it out even with two replicas', () => {
    const objects = wwe({ nginx: { replicas: 2, podDisruptionBudget: false } });
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(find(objects, 'Deployment', 'wwe-nginx', 'wwe').spec.replicas).toBe(2);
  });

  test('autoscaling without memory target scales on CPU only, default 70 %', () => {
    const objects = wwe({ nginx: { autoscaling: { maxReplicas: 3 } } });
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'wwe-nginx', 'wwe');
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    expect(hpa.spec.minReplicas).toBe(1);
  });

  test('manageNamespace false writes no Namespace and no namespace policies', () => {
    const objects = wwe({ manageNamespace: false });
    expect(ofKind(objects, 'Namespace')).toEqual([]);
    expect(inventory(objects).filter((s) => s.includes('default-deny') || s.includes('allow-dns'))).toEqual([]);
  });

  test('the image tag can be pinned instead of a digest; the registry prefix applies to the default image', () => {
    expect(mainContainer(find(wwe({ nginx: { image: { repository: 'wwe/wwe-nginx', tag: '100.0.001.0063' } } }), 'Deployment', 'wwe-nginx', 'wwe')).image)
      .toBe('wwe/wwe-nginx:100.0.001.0063');
    expect(mainContainer(find(wwe({ imageRegistry: 'registry.example.org' }), 'Deployment', 'wwe-nginx', 'wwe')).image)
      .toBe(`registry.example.org/nginxinc/nginx-unprivileged:${WwNginxStatic.DEFAULT_IMAGE_TAG}`);
  });
});

describe('WwNginxStatic fails clearly and writes nothing', () => {
  const cases: Array<[string, Partial<WwNginxStaticProps>, RegExp]> = [
    ['the host is not a DNS name', { host: 'WWE_host.example.com' }, /host "WWE_host\.example\.com" is not a DNS name/],
    ['the domain is not a DNS name', { domain: 'example..com' }, /wwe: domain "example\.\.com" is not a DNS name/],
    ['a public URL is http', { gwsUrl: 'http://gws.example.com' }, /wwe: gwsUrl "http:\/\/gws\.example\.com" is not an https URL/],
    ['a public URL is not a URL', { authUrl: 'gauth.example.com' }, /wwe: authUrl "gauth\.example\.com" is not a URL/],
    ['a public URL carries credentials', { telemetryUrl: 'https://user:pw@telemetry.example.com' }, /wwe: telemetryUrl .* carries credentials/],
    ['a public URL has a query', { webrtcUrl: 'https://webrtc.example.com/?x=1' }, /wwe: webrtcUrl .* has a query or fragment/],
    ['a public URL names no DNS host', { digitalChannelsUrl: 'https://10.0.0.1:8443' }, /wwe: digitalChannelsUrl .* does not name a DNS host/],
    ['the digest is not sha256 + 64 hex', { nginx: { image: { repository: 'wwe/wwe-nginx', digest: 'sha256:abc' } } }, /image\.digest "sha256:abc" is not a digest/],
    ['the image tag is latest', { nginx: { image: { repository: 'wwe/wwe-nginx', tag: 'latest' } } }, /image\.tag "latest" is not allowed/],
    ['the image has neither tag nor digest', { nginx: { image: { repository: 'wwe/wwe-nginx' } } }, /has neither tag nor digest/],
    ['a PodDisruptionBudget is asked for one replica', { nginx: { podDisruptionBudget: true } }, /wwe: nginx\.podDisruptionBudget is true, but only 1 replica/],
    ['autoscaling minimum exceeds maximum', { nginx: { autoscaling: { minReplicas: 4, maxReplicas: 2 } } }, /autoscaling\.minReplicas 4 exceeds maxReplicas 2/],
    ['a setting looks like a secret', { settings: { clientSecret: 'x' } }, /wwe: settings key "clientSecret" looks like a secret/],
    ['a setting name is not a name', { settings: { 'client-id': 'x' } }, /wwe: settings key "client-id" is not a setting name/],
    ['the runtime configuration path escapes', { runtimeConfigPath: '/../etc/passwd' }, /wwe: runtimeConfigPath "\/\.\.\/etc\/passwd" is not an absolute path/],
    ['the document root is relative', { documentRoot: 'html' }, /wwe: documentRoot "html" is not an absolute path/],
    ['the location is empty', { location: ' ' }, /wwe: location " " is empty/],
    ['the namespace is not a DNS label', { namespace: 'Agent_Desktop' }, /namespace "Agent_Desktop" is not a DNS label/],
    ['the TLS secret name is not a DNS name', { tlsSecretName: 'TLS secret' }, /tlsSecretName "TLS secret" is not a DNS name/],
  ];
  test.each(cases)('fails when %s', (_name, props, message) => {
    const result = synthFailure((chart) => {
      new WwNginxStatic(chart, 'wwe', { domain: 'example.com', ...props });
    });
    expect(result.message).toMatch(message);
    expect(result.files).toEqual([]);
  });

  test('reports every problem at once, each with the construct path', () => {
    const result = synthFailure((chart) => {
      new WwNginxStatic(chart, 'wwe', { domain: 'example.com', gwsUrl: 'http://gws.example.com', authUrl: 'ftp://gauth.example.com' });
    });
    expect(result.message).toMatch(/test\/wwe.*gwsUrl/s);
    expect(result.message).toMatch(/authUrl "ftp:\/\/gauth\.example\.com" is not an https URL/);
    expect(result.files).toEqual([]);
  });
});

describe('WwNginxStatic composed with NexusService', () => {
  test('the browser row to Digital Channels (wwe#6) passes through the Digital Channels Ingress', () => {
    // GIVEN both constructs in one app, WWE handed the Digital Channels URL
    let digitalUrl = '';
    const objects = synth((chart) => {
      const nexus = new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true });
      digitalUrl = nexus.url;
      new WwNginxStatic(chart, 'wwe', { domain: 'example.com', digitalChannelsUrl: nexus.url });
    });
    // THEN the URL is the Nexus entry point's, and the verifier passes wwe#1, #6, #9
    expect(runtimeConfigOf(objects).digitalChannelsUrl).toBe(digitalUrl);
    const report = verifyManifests(objects);
    expect(report.lines.filter((l) => l.ref?.startsWith('wwe#')).map((l) => `${l.status} ${l.ref}`)).toEqual(['PASS wwe#1', 'PASS wwe#6', 'PASS wwe#9']);
    expect(report.withStatus(VerifyStatus.OPEN)).toEqual([]);
  });
});

describe('WwNginxStatic snapshot', () => {
  test('defaults and every prop set (guard against unnoticed change)', () => {
    expect(wwe()).toMatchSnapshot();
    expect(wwe(FULL)).toMatchSnapshot();
  });
});
