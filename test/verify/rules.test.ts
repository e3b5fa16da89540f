import { ManifestSet, PolicyCheck, PolicyRule } from '../../src/verify';
import { looksSecret, imageProblem } from '../../src/verify/rules';

/** A Deployment that satisfies every rule; tests break one thing at a time. */
function hardened(name = 'a', replicas = 1): any {
  const security = () => ({
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  });
  const resources = () => ({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'n' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          initContainers: [{ name: 'init', image: 'example/init:1.0', securityContext: security(), resources: resources() }],
          containers: [{
            name: 'main',
            image: 'example/app@sha256:' + 'b'.repeat(64),
            securityContext: security(),
            resources: resources(),
            livenessProbe: { tcpSocket: { port: 8080 } },
            readinessProbe: { tcpSocket: { port: 8080 } },
            env: [{ name: 'DB_HOST', value: 'db' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'p' } } }],
          }],
        },
      },
    },
  };
}

function check(objects: any[], skip?: PolicyRule[]) {
  return PolicyCheck.check(ManifestSet.fromObjects(objects), { skip }).map((f) => `${f.check} ${f.path ?? ''}: ${f.message}`);
}

describe('PolicyCheck', () => {
  test('a hardened workload passes every rule', () => {
    expect(check([hardened()])).toEqual([]);
  });

  test('pod-security: each restricted field is its own finding, on init containers too', () => {
    const d = hardened();
    const init = d.spec.template.spec.initContainers[0];
    init.securityContext = { runAsNonRoot: true, capabilities: { drop: ['NET_RAW'], add: ['NET_ADMIN', 'NET_BIND_SERVICE'] } };
    const main = d.spec.template.spec.containers[0];
    main.securityContext = { ...main.securityContext, seccompProfile: { type: 'Unconfined' }, runAsNonRoot: false, privileged: true };
    const base = 'spec.template.spec';
    expect(check([d])).toEqual([
      `pod-security ${base}.initContainers[0].securityContext.allowPrivilegeEscalation: container "init" has allowPrivilegeEscalation null (set it to false)`,
      `pod-security ${base}.initContainers[0].securityContext.capabilities.drop: container "init" drops capabilities ["NET_RAW"] (drop ["ALL"])`,
      `pod-security ${base}.initContainers[0].securityContext.capabilities.add: container "init" adds capabilities ["NET_ADMIN"] (only NET_BIND_SERVICE is allowed: remove the others)`,
      `pod-security ${base}.initContainers[0].securityContext.readOnlyRootFilesystem: container "init" has readOnlyRootFilesystem null (set it to true and mount emptyDir volumes where the process writes)`,
      `pod-security ${base}.containers[0].securityContext.runAsNonRoot: container "main" does not set runAsNonRoot: true (set it on the pod or the container securityContext)`,
      `pod-security ${base}.containers[0].securityContext.seccompProfile: container "main" has seccompProfile "Unconfined" (set seccompProfile.type: RuntimeDefault on the pod or the container)`,
      `pod-security ${base}.containers[0].securityContext.privileged: container "main" is privileged (remove privileged: true)`,
    ]);
  });

  test('pod-security: seccomp and runAsNonRoot may come from the pod; without either the container fails', () => {
    const d = hardened();
    d.spec.template.spec.securityContext = { runAsNonRoot: true };
    for (const c of [...d.spec.template.spec.initContainers, ...d.spec.template.spec.containers]) delete c.securityContext.runAsNonRoot;
    d.spec.template.spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    expect(check([d])).toEqual([
      'pod-security spec.template.spec.initContainers[0].securityContext.seccompProfile: container "init" has seccompProfile null (set seccompProfile.type: RuntimeDefault on the pod or the container)',
    ]);
  });

  test('pod-security: host namespaces, hostPath and hostPort are refused', () => {
    const d = hardened();
    Object.assign(d.spec.template.spec, { hostNetwork: true, volumes: [{ name: 'h', hostPath: { path: '/' } }] });
    d.spec.template.spec.containers[0].ports = [{ name: 'http', containerPort: 80, hostPort: 80 }];
    expect(check([d], [PolicyRule.RESOURCES])).toEqual([
      'pod-security spec.template.spec.hostNetwork: hostNetwork is true (pods must not share the node\'s namespaces: remove it)',
      'pod-security spec.template.spec.volumes[0]: volume "h" is a hostPath (use an emptyDir, a ConfigMap or a PersistentVolumeClaim)',
      'pod-security spec.template.spec.containers[0].ports[0].hostPort: container "main" port "http" uses hostPort 80 (remove hostPort; expose the port through a Service)',
    ]);
  });

  test('resources and probes', () => {
    const d = hardened();
    delete d.spec.template.spec.initContainers[0].resources.limits;
    delete d.spec.template.spec.containers[0].livenessProbe;
    expect(check([d])).toEqual([
      'resources spec.template.spec.initContainers[0].resources: container "init" has no limits.cpu, limits.memory (set CPU and memory requests and limits)',
      'probes spec.template.spec.containers[0].livenessProbe: container "main" has no livenessProbe (add an HTTP or TCP liveness probe)',
    ]);
  });

  test('probes are not required of Jobs and CronJobs', () => {
    const d = hardened();
    delete d.spec.template.spec.containers[0].livenessProbe;
    delete d.spec.template.spec.containers[0].readinessProbe;
    const job = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'j', namespace: 'n' }, spec: { jobTemplate: { spec: { template: d.spec.template } } } };
    expect(check([job])).toEqual([]);
  });

  test('service-account-token: false on the pod, or unset with a ServiceAccount that disables it', () => {
    const d = hardened();
    delete d.spec.template.spec.automountServiceAccountToken;
    expect(check([d])).toEqual(['service-account-token spec.template.spec.automountServiceAccountToken: pod automountServiceAccountToken is null (set it to false; mount a projected token only where the process calls the Kubernetes API)']);
    d.spec.template.spec.serviceAccountName = 'sa';
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'n' }, automountServiceAccountToken: false };
    expect(check([d, sa])).toEqual([]);
  });

  test('image-reference: latest and untagged images fail, tags and digests pass', () => {
    expect(imageProblem('registry.example.com:5000/app')).toBe('"registry.example.com:5000/app" has no tag or digest (pin a version tag or a sha256 digest)');
    expect(imageProblem('app:latest')).toBe('"app" uses the tag "latest" (pin a version tag or a sha256 digest)'.replace('"app"', '"app:latest"'));
    expect(imageProblem('registry.example.com:5000/app:1.2')).toBeUndefined();
    expect(imageProblem('app@sha256:' + 'c'.repeat(64))).toBeUndefined();
    const d = hardened();
    d.spec.template.spec.containers[0].image = 'example/app:latest';
    expect(check([d])).toEqual(['image-reference spec.template.spec.containers[0].image: container "main" image "example/app:latest" uses the tag "latest" (pin a version tag or a sha256 digest)']);
  });

  test('plaintext-secret: literal secret-looking env values, ConfigMap keys and lines, and Secret objects', () => {
    const d = hardened();
    d.spec.template.spec.containers[0].env.push({ name: 'API_TOKEN', value: 's3cr3t' }, { name: 'TOKEN_FILE', value: '/run/token' }, { name: 'REDIS_PASSWORD', value: '${REDIS_PASSWORD}' });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'n' }, data: { 'clientSecret': 'abc', 'app.yaml': 'server:\n  port: 8080\n  password: hunter2\n  passwordFile: /x\n' } };
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, stringData: { password: 'x' } };
    expect(check([d, cm, secret])).toEqual([
      'plaintext-secret spec.template.spec.containers[0].env[2]: container "main" env API_TOKEN holds a literal value (take it from a Secret with valueFrom.secretKeyRef)',
      'plaintext-secret data.clientSecret: ConfigMap key "clientSecret" holds a literal secret value (move it to a Secret created outside the manifests)',
      'plaintext-secret data.app.yaml: ConfigMap key "app.yaml" line 3 sets password to a literal value (read it from a Secret-backed env variable or file instead)',
      'plaintext-secret stringData: Secret carries values in the manifests (keys password); create the Secret outside the manifests (or with an external secret store) and reference it by name and key',
    ]);
  });

  test('secret-looking names', () => {
    expect(['DB_PASSWORD', 'apiKey', 'CLIENT_SECRET', 'GITHUB_TOKEN', 'db.pass'].filter(looksSecret)).toHaveLength(5);
    expect(['PWD', 'KEYCLOAK_URL', 'SECRET_NAME', 'TOKEN_PATH', 'PASSWORD_FILE', 'MONKEY', 'CACHE_KEY_PREFIX'].filter(looksSecret)).toEqual([]);
  });

  test('disruption-budget: more than one replica needs a PodDisruptionBudget selecting the pods', () => {
    const d = hardened('a', 3);
    expect(check([d])).toEqual(['disruption-budget spec.replicas: Deployment runs 3 replicas but no PodDisruptionBudget selects its pods (add one with maxUnavailable: 1 selecting {"app":"a"})']);
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'a', namespace: 'n' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'a' } } } };
    expect(check([d, pdb])).toEqual([]);
    // an autoscaler's minimum counts
    const one = hardened('b', 1);
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'b', namespace: 'n' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'b' }, minReplicas: 2, maxReplicas: 4 } };
    expect(check([one, hpa])).toEqual(['disruption-budget spec.replicas: Deployment runs 2 replicas (autoscaler minimum) but no PodDisruptionBudget selects its pods (add one with maxUnavailable: 1 selecting {"app":"b"})']);
  });

  test('rules can be skipped by name', () => {
    const d = hardened('a', 3);
    d.spec.template.spec.containers[0].image = 'x';
    expect(check([d], [PolicyRule.DISRUPTION_BUDGET, PolicyRule.IMAGE_REFERENCE])).toEqual([]);
  });
});
