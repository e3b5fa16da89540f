import * as fs from 'fs';
import * as path from 'path';
import { cleanUp, copyOf, find, mutate } from './fixtures';
import { ChangeLevel, diffDirectories, DiffResult, PROBE_MARKER, SetDiff } from '../../src/review/diff';
import { renderJson, renderMarkdown, renderText } from '../../src/review/render';

afterAll(cleanUp);

/** The diff of the top set (`.`). */
function top(result: DiffResult): SetDiff {
  const d = result.sets.find((s) => s.set === '.');
  if (!d) throw new Error(`no change in set "." (sets: ${result.sets.map((s) => s.set).join(', ') || 'none'})`);
  return d;
}

describe('diff on copies of the quickstart output', () => {
  const base = copyOf('quickstart');

  test('no change: nothing reported, level 0, the Helm copy compared once', () => {
    const result = diffDirectories(base, copyOf('quickstart'));
    expect(result.sets).toEqual([]);
    expect(result.level).toBe(ChangeLevel.NONE);
    expect(result.notes).toEqual([expect.stringMatching(/^helm: a Helm chart holding the objects of \. \(compared once\)$/)]);
    expect(renderText(result)).toMatch(/no change \(exit 0\)$/);
  });

  test("a row's policy dropped: its rows closed, their flows removed, no widening", () => {
    const head = copyOf('quickstart');
    mutate(head, (objects) => objects.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'nexus-egress')));
    const result = diffDirectories(base, head);
    const d = top(result);
    const closed = d.refs.filter((r) => r.what === 'closed').map((r) => r.ref);
    expect(closed).toEqual(expect.arrayContaining(['nexus#7', 'nexus#8']));
    const nexus7 = d.refs.find((r) => r.ref === 'nexus#7')!;
    expect(nexus7.removed.length).toBeGreaterThan(0);
    expect(nexus7.added).toEqual([]);
    expect(d.flowsRemoved.some((f) => f.text.startsWith('nexus/Deployment/nexus -> gws/Deployment/gws-service-proxy 8080/TCP'))).toBe(true);
    expect(d.flowsAdded).toEqual([]);
    // the webhook ranges went with the policy
    expect(d.ranges.map((r) => r.text)).toContain('nexus/Deployment/nexus egress TCP/443: - 198.51.100.32/28, 203.0.113.64/28 [nexus#7, nexus#8, nexus#9, nexus#10, nexus#11, nexus#12, ucsx#15]');
    expect(d.objects['networking.k8s.io/NetworkPolicy'].removed).toEqual(['nexus/nexus-egress']);
    expect(result.level).toBe(ChangeLevel.CHANGE);
  });

  test('a Service port renumbered over the same pod port: the row\'s port changed, no flow changed, level 1', () => {
    const head = copyOf('quickstart');
    mutate(head, (objects) => {
      const svc = find(objects, 'Service', 'gws-platform-setting', 'gws');
      svc.spec.ports[0].port = 8090;
      return objects;
    });
    const result = diffDirectories(base, head);
    const d = top(result);
    const ports = d.refs.filter((r) => r.what === 'ports');
    expect(ports.length).toBeGreaterThan(0);
    for (const r of ports) expect(r.text).toMatch(/Service ports 80 → (80,)?8090 \(same pod ports\)/);
    expect(d.flowsAdded).toEqual([]);
    expect(d.flowsRemoved).toEqual([]);
    expect(d.objects.Service.changed).toEqual(['gws/gws-platform-setting: spec.ports[http].port']);
    expect(result.level).toBe(ChangeLevel.CHANGE);
  });

  test('a pod port changed on both sides: the row\'s pod ports change and the new flow widens reach', () => {
    const head = copyOf('quickstart');
    mutate(head, (objects) => {
      // nexus -> gws-service-proxy moves from pod port 8080 to 8082
      const egress = find(objects, 'NetworkPolicy', 'nexus-egress', 'nexus');
      const rule = egress.spec.egress.find((r: any) => JSON.stringify(r.to).includes('gws-service-proxy'));
      rule.ports[0].port = 8082;
      const ingress = find(objects, 'NetworkPolicy', 'gws-service-proxy-ingress', 'gws');
      const from = ingress.spec.ingress.find((r: any) => JSON.stringify(r.from).includes('"nexus"'));
      from.ports[0].port = 8082;
      return objects;
    });
    const result = diffDirectories(base, head);
    const d = top(result);
    expect(d.flowsAdded.map((f) => f.text)).toContain('nexus/Deployment/nexus -> gws/Deployment/gws-service-proxy 8082/TCP (undocumented)');
    expect(d.flowsRemoved.map((f) => f.text)).toContain('nexus/Deployment/nexus -> gws/Deployment/gws-service-proxy 8080/TCP (was row nexus#7)');
    expect(d.refs.find((r) => r.ref === 'nexus#7')?.what).toBe('closed');
    expect(result.level).toBe(ChangeLevel.WIDENED);
  });

  test('a webhook CIDR added: the address range of the workload and port widens (level 2)', () => {
    const head = copyOf('quickstart');
    mutate(head, (objects) => {
      const egress = find(objects, 'NetworkPolicy', 'nexus-egress', 'nexus');
      const rule = egress.spec.egress.find((r: any) => JSON.stringify(r.to).includes('203.0.113.64/28'));
      rule.to.push({ ipBlock: { cidr: '203.0.113.128/26' } });
      return objects;
    });
    const result = diffDirectories(base, head);
    const d = top(result);
    expect(d.ranges).toEqual([{ text: 'nexus/Deployment/nexus egress TCP/443: + 203.0.113.128/26 [nexus#7, nexus#8, nexus#9, nexus#10, nexus#11, nexus#12, ucsx#15]', widened: true }]);
    expect(result.level).toBe(ChangeLevel.WIDENED);
  });

  test('a CIDR widened only in a policy shows as the addresses added', () => {
    const head = copyOf('quickstart');
    mutate(head, (objects) => {
      const egress = find(objects, 'NetworkPolicy', 'nexus-egress', 'nexus');
      const rule = egress.spec.egress.find((r: any) => JSON.stringify(r.to).includes('203.0.113.64/28'));
      rule.to[0].ipBlock.cidr = '203.0.113.64/27';
      return objects;
    });
    const d = top(diffDirectories(base, head));
    expect(d.ranges.map((r) => r.text)).toEqual([expect.stringMatching(/^nexus\/Deployment\/nexus egress TCP\/443: \+ 203\.0\.113\.80\/28 /)]);
  });

  test('an entry point added: a new HTTPRoute host (level 2)', () => {
    const head = copyOf('quickstart');
    mutate(head, (objects) => {
      const route = JSON.parse(JSON.stringify(find(objects, 'HTTPRoute', 'wwe-nginx', 'wwe')));
      route.metadata.name = 'wwe-nginx-extra';
      route.spec.hostnames = ['wwe-extra.cx.example.com'];
      return [...objects, route];
    });
    const result = diffDirectories(base, head);
    const d = top(result);
    expect(d.entryPoints).toEqual([{ text: expect.stringMatching(/^\+ HTTPRoute wwe\/wwe-nginx-extra via \S+ host wwe-extra\.cx\.example\.com PathPrefix \/ -> wwe\/wwe-nginx:80$/), widened: true }]);
    expect(d.objects['gateway.networking.k8s.io/HTTPRoute'].added).toEqual(['wwe/wwe-nginx-extra']);
    expect(result.level).toBe(ChangeLevel.WIDENED);
  });

  test('a Service turned into a LoadBalancer is an entry point added', () => {
    const head = copyOf('quickstart');
    mutate(head, (objects) => {
      find(objects, 'Service', 'ucsx', 'ucsx').spec.type = 'LoadBalancer';
      return objects;
    });
    const d = top(diffDirectories(base, head));
    expect(d.entryPoints.map((e) => e.text)).toEqual(['+ Service ucsx/ucsx type LoadBalancer ports TCP/8080, TCP/80, TCP/10052']);
  });

  test('an undocumented opening is named so; declared later by an extension it is reclassified (level 1)', () => {
    const open = (objects: any[]) => {
      const ingress = find(objects, 'NetworkPolicy', 'ucsx-ingress', 'ucsx');
      ingress.spec.ingress.push({ from: [{ namespaceSelector: {} }], ports: [{ port: 10052, protocol: 'TCP' }] });
      return objects;
    };
    const opened = copyOf('quickstart');
    mutate(opened, open);
    const first = diffDirectories(base, opened);
    expect(top(first).flowsAdded.map((f) => f.text)).toContain('pods verify-stranger{app.kubernetes.io/name=verify-stranger} -> ucsx/Deployment/ucsx 10052/TCP (undocumented)');
    expect(first.level).toBe(ChangeLevel.WIDENED);

    const declared = copyOf('quickstart');
    mutate(declared, (objects) => {
      open(objects);
      const ingress = find(objects, 'NetworkPolicy', 'ucsx-ingress', 'ucsx');
      ingress.metadata.annotations['genesys.cdk8s.io/implements'] += ', ext:debug-metrics';
      return objects;
    });
    const second = diffDirectories(opened, declared);
    const d = top(second);
    expect(d.flowsReclassified.map((f) => f.text)).toContain('pods verify-stranger{app.kubernetes.io/name=verify-stranger} -> ucsx/Deployment/ucsx 10052/TCP: undocumented → extension ext:debug-metrics');
    expect(d.refs.find((r) => r.ref === 'ext:debug-metrics')?.what).toBe('declared');
    expect(d.flowsAdded).toEqual([]);
    expect(second.level).toBe(ChangeLevel.CHANGE);
  });

  test('security fields are shown with values; hostNetwork turned on widens reach', () => {
    const head = copyOf('quickstart');
    mutate(head, (objects) => {
      const d = find(objects, 'Deployment', 'udm', 'ucsx');
      d.spec.template.spec.containers[0].image = 'registry.example.com/udm:9.9.9';
      d.spec.template.spec.hostNetwork = true;
      d.spec.template.spec.automountServiceAccountToken = true;
      return objects;
    });
    const result = diffDirectories(base, head);
    const texts = top(result).security.map((s) => s.text);
    expect(texts).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Deployment ucsx\/udm containers\[\w+\]\.image: \S+ → registry\.example\.com\/udm:9\.9\.9$/),
      'Deployment ucsx/udm hostNetwork: (unset) → true',
      'Deployment ucsx/udm automountServiceAccountToken: false → true',
    ]));
    expect(result.level).toBe(ChangeLevel.WIDENED);
  });

  test('secret values and environment values are never printed, in any format', () => {
    const secret = (value: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'gws' }, stringData: { password: value }, data: { token: Buffer.from(value).toString('base64') } });
    const b = copyOf('quickstart');
    const h = copyOf('quickstart');
    mutate(b, (objects) => [...objects, secret('old-Sup3rSecret')]);
    mutate(h, (objects) => {
      find(objects, 'Deployment', 'nexus', 'nexus').spec.template.spec.containers[0].env[0].value = 'new-Sup3rSecret-env';
      find(objects, 'ConfigMap', 'genesys-cx-peers', 'nexus').data.extra = 'new-Sup3rSecret-cm';
      return [...objects, secret('new-Sup3rSecret')];
    });
    const result = diffDirectories(b, h);
    const changed = [...top(result).objects.Secret.changed, ...top(result).objects['apps/Deployment'].changed, ...top(result).objects.ConfigMap.changed];
    expect(changed).toEqual(expect.arrayContaining([
      'gws/db: data.token, stringData.password',
      expect.stringMatching(/^nexus\/nexus: .*spec\.template\.spec\.containers\[\w+\]\.env\[NEXUS_HTTP_PORT\]\.value/),
      'nexus/genesys-cx-peers: data.extra',
    ]));
    for (const text of [renderText(result), renderMarkdown(result), renderJson(result)]) {
      expect(text).not.toMatch(/Sup3rSecret/);
      expect(text).not.toContain(Buffer.from('new-Sup3rSecret').toString('base64'));
    }
  });

  test('a probe suite folder in the output is left out', () => {
    const head = copyOf('quickstart');
    const probe = path.join(head, 'probe');
    fs.mkdirSync(probe);
    fs.writeFileSync(path.join(probe, PROBE_MARKER), '{}');
    fs.writeFileSync(path.join(probe, 'probes.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: gws\nspec:\n  containers: []\n');
    const result = diffDirectories(base, head);
    expect(result.sets).toEqual([]);
  });
});

describe('diff on plain cdk8s synth output (no peers.json: peers from the genesys-cx-peers ConfigMaps)', () => {
  test('no change, and the rows judged as with peers.json', () => {
    const plain = copyOf('quickstart', { plain: true });
    expect(diffDirectories(plain, copyOf('quickstart', { plain: true })).sets).toEqual([]);
    // the plain output and PlatformSynth's output differ only by the helm copy: the same rows and flows
    const full = copyOf('quickstart');
    const result = diffDirectories(plain, full);
    expect(result.sets.filter((s) => s.set === '.')).toEqual([]);
  });

  test('a webhook CIDR added shows on plain output too', () => {
    const base = copyOf('quickstart', { plain: true });
    const head = copyOf('quickstart', { plain: true });
    mutate(head, (objects) => {
      const egress = find(objects, 'NetworkPolicy', 'nexus-egress', 'nexus');
      egress.spec.egress.find((r: any) => JSON.stringify(r.to).includes('203.0.113.64/28')).to.push({ ipBlock: { cidr: '192.0.2.0/28' } });
      return objects;
    });
    const result = diffDirectories(base, head);
    expect(top(result).ranges.map((r) => r.text)).toEqual([expect.stringMatching(/^nexus\/Deployment\/nexus egress TCP\/443: \+ 192\.0\.2\.0\/28/)]);
    // the documentation address the verifier places there is reached: an allowed flow added
    expect(top(result).flowsAdded.map((f) => f.text)).toContain('nexus/Deployment/nexus -> 192.0.2.10 443/TCP (undocumented)');
    expect(result.level).toBe(ChangeLevel.WIDENED);
  });

  test('stores switched between development and external are reported', () => {
    const result = diffDirectories(copyOf('quickstart'), copyOf('production'));
    expect(top(result).stores.map((s) => s.text)).toContain('postgresql (gws): development (in the manifests) → external (addresses)');
  });
});

describe('several sets', () => {
  test('sets are matched by folder name: a change in one region shows in that set only', () => {
    const base = copyOf('multi-region');
    const head = copyOf('multi-region');
    mutate(path.join(head, 'euw1'), (objects) => {
      find(objects, 'Service', 'ucsx', 'ucsx').spec.type = 'NodePort';
      return objects;
    });
    const result = diffDirectories(base, head);
    expect(result.sets.map((s) => s.set)).toEqual(['euw1']);
    expect(result.sets[0].entryPoints.map((e) => e.text)).toEqual(['+ Service ucsx/ucsx type NodePort ports TCP/8080, TCP/80, TCP/10052']);
    // the head's chart no longer copies its (edited) set: compared on its own, and said so
    expect(result.notes).toEqual([
      'euw1/helm: a Helm chart holding the objects of euw1 in base only (compared on its own; regenerate the chart with its set)',
      'usw1/helm: a Helm chart holding the objects of usw1 (compared once)',
    ]);
    expect(result.level).toBe(ChangeLevel.WIDENED);
  });

  test('a set only in HEAD is added, with every flow new', () => {
    const base = copyOf('multi-region');
    fs.rmSync(path.join(base, 'usw1'), { recursive: true });
    const result = diffDirectories(base, copyOf('multi-region'));
    expect(result.sets.map((s) => `${s.set} ${s.state}`)).toEqual(['usw1 added']);
    expect(result.sets[0].flowsAdded.length).toBeGreaterThan(50);
  });
});

describe('Markdown for a pull-request comment', () => {
  const result = diffDirectories(copyOf('quickstart'), copyOf('production'));

  test('long lists are folded in <details>', () => {
    const md = renderMarkdown(result);
    expect(md).toMatch(/<details><summary>Objects \(\d+ lines\)<\/summary>/);
    expect(md.length).toBeLessThanOrEqual(60000);
  });

  test.each([3000, 8000, 20000])('is capped at %i characters, with code blocks and <details> closed', (limit) => {
    const md = renderMarkdown(result, limit);
    expect(md.length).toBeLessThanOrEqual(limit);
    expect(md).toMatch(/cut to fit a comment/);
    expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
  });

  test('the default cap holds on a diff far larger than a comment', () => {
    const big: DiffResult = { ...result, sets: Array.from({ length: 30 }, (_, i) => ({ ...result.sets[0], set: `copy-${i}` })) };
    const md = renderMarkdown(big);
    expect(renderText(big).length).toBeGreaterThan(60000);
    expect(md.length).toBeLessThanOrEqual(60000);
  });
});
