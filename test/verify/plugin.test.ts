import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { declareAsExtensions, describeCoreBasicsPeers } from './fixtures';
import { build } from '../../examples/core-basics/app';
import { ConnectionCatalog } from '../../src/catalog';
import { GenesysVerifyValidation } from '../../src/verify/plugin';

// cdk8s-cli's plugin loader is not in its package exports: load it by file, as the CLI does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PluginManager } = require(path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'plugins', '_manager.js'));

describe('cdk8s validation plugin', () => {
  let dir: string;
  let manifest: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-plugin-'));
    build(dir).synth();
    describeCoreBasicsPeers(dir);
    declareAsExtensions(dir, (ref) => ConnectionCatalog.all().some((r) => r.ref === ref));
    manifest = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.yaml'))!);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('cdk8s-cli loads the class from a local path and the clean example succeeds', async () => {
    // GIVEN the entry a cdk8s.yaml would hold (the compiled lib/verify/plugin.js in a project)
    const plugin = new PluginManager(path.join(dir, '.plugins')).load({
      pkg: `.${path.sep}${path.join('src', 'verify', 'plugin.ts')}`,
      version: '0.0.0',
      class: 'GenesysVerifyValidation',
      properties: { strangers: true },
    });
    const context = new ValidationContext([manifest], 'cdk8s-genesys-cx', '0.0.0', {}, false);
    (context.logger as any).log = () => undefined;
    // WHEN
    await (plugin.instance as GenesysVerifyValidation).validate(context as any);
    // THEN
    const json = context.report.toJson();
    expect(json.summary).toEqual({ status: 'success', plugin: 'cdk8s-genesys-cx', version: '0.0.0', metadata: { result: '0 passed, 0 failed, 0 skipped' } });
    expect(json.violations).toEqual([]);
  });

  test('a broken rule becomes a violation on the resource, and the report fails', async () => {
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf-8').replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false'));
    const context = new ValidationContext([manifest], 'cdk8s-genesys-cx', '0.0.0', { 'demo-api': { path: 'core-basics/api/deployment' } }, false);
    (context.logger as any).log = () => undefined;
    await new GenesysVerifyValidation({}).validate(context as any);
    const json = context.report.toJson();
    expect(json.summary.status).toBe('failure');
    expect(json.violations).toEqual([{
      ruleName: 'pod-security',
      recommendation: 'FAIL pod-security Deployment:demo/demo-api: spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: container "main" has readOnlyRootFilesystem false (set it to true and mount emptyDir volumes where the process writes)',
      fix: 'container "main" has readOnlyRootFilesystem false (set it to true and mount emptyDir volumes where the process writes)',
      violatingConstructs: [{
        resourceName: 'demo-api',
        locations: ['spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem'],
        manifestPath: manifest,
        constructPath: 'core-basics/api/deployment',
      }],
    }]);
  });

  test('reads peers.json beside the manifests, or the peersFile property', async () => {
    const context = () => {
      const c = new ValidationContext([manifest], 'p', '0.0.0', {}, false);
      (c.logger as any).log = () => undefined;
      return c;
    };
    fs.writeFileSync(path.join(dir, 'peers.json'), '[{"kind": "nope"}]');
    await expect(new GenesysVerifyValidation().validate(context() as any)).rejects.toThrow(/peers\.json entry 1 kind "nope" is not a peer kind/);
    await expect(new GenesysVerifyValidation({ peersFile: path.join(dir, 'missing.json') }).validate(context() as any))
      .rejects.toThrow(/peersFile ".*missing\.json" does not exist/);
  });
});
