import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { productionProps } from '../../examples/production/app';
import { EntryPoints, GenesysPeers, GenesysPlatform, IngressProfile, Peer } from '../../src';
import { reportCustomResources, reportEntryPoints } from '../../src/report/objects';
import { connectionsMarkdown } from '../../src/report/render';
import { CRD_DIR } from '../support/crd-schema';

// CONNECTIONS.md names each entry point's Gateway or class and the data plane its policies admit,
// and every custom resource kind with the CRD it needs.

function platform(extra: object = {}): GenesysPlatform {
  const app = new App();
  const p = new GenesysPlatform(app, 'p', { ...productionProps(), ...extra });
  app.synth();
  return p;
}

describe('entry points and custom resources in the report', () => {
  test('HTTPRoutes name their Gateway and the data plane; each kind names its CRD', () => {
    const p = platform();
    const gws = reportEntryPoints(p).find((e) => e.object === 'HTTPRoute gws/gws')!;
    expect(gws.attachedTo).toEqual(['Gateway gateway-system/public']);
    expect(gws.dataPlane).toBe('envoy-gateway-system: gateway.envoyproxy.io/owning-gateway-name=public, gateway.envoyproxy.io/owning-gateway-namespace=gateway-system');
    const kinds = reportCustomResources(p).map((k) => `${k.kind} ${k.crd} ${k.count}`);
    expect(kinds).toContain('ServiceMonitor servicemonitors.monitoring.coreos.com 4');
    expect(kinds).toContainEqual(expect.stringMatching(/^HTTPRoute httproutes\.gateway\.networking\.k8s\.io \d+$/));
    // built-in kinds are never listed
    expect(kinds.filter((k) => /^(NetworkPolicy|Deployment|HorizontalPodAutoscaler|PodDisruptionBudget) /.test(k))).toEqual([]);
    const md = connectionsMarkdown('t', [], '', undefined, [], [], { entryPoints: reportEntryPoints(p), customResources: reportCustomResources(p) });
    expect(md).toContain('| ServiceMonitor | `monitoring.coreos.com/v1` | 4 | `servicemonitors.monitoring.coreos.com` | prometheus-operator; `monitoring: true` |');
  });

  test('Ingresses name their class, and an output without custom resources says so', () => {
    const p = platform({
      monitoring: false,
      entryPoints: EntryPoints.ingress({
        profile: IngressProfile.GENERIC,
        className: 'traefik',
        controller: Peer.ingressController({ namespace: 'traefik', labels: { app: 'traefik' } }),
        internalClassName: 'traefik-internal',
        internalController: Peer.ingressController({ namespace: 'traefik-internal', labels: { app: 'traefik' } }),
      }),
      peers: { tenantService: GenesysPeers.tenantService({ port: 8080 }), iwd: GenesysPeers.iwd({ port: 8080 }) },
    });
    expect(reportEntryPoints(p).find((e) => e.object === 'Ingress wwe/wwe-nginx')?.attachedTo).toEqual(['class traefik']);
    expect(reportCustomResources(p)).toEqual([]);
    expect(connectionsMarkdown('t', [], '', undefined, [], [], { customResources: [] })).toContain('- none: every object is of a built-in kind');
  });

  const crds = fs.existsSync(CRD_DIR) ? fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')) : [];
  (crds.length > 0 ? test : test.skip)('the CRD names are those of the upstream definitions', () => {
    const names = new Map<string, string>();
    for (const file of crds) {
      for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind === 'CustomResourceDefinition') names.set(crd.spec.names.kind, crd.metadata.name);
      }
    }
    const listed = reportCustomResources(platform()).filter((k) => names.has(k.kind));
    expect(listed.length).toBeGreaterThan(1);
    for (const k of listed) expect(k.crd).toBe(names.get(k.kind));
  });
});
