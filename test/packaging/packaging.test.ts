import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const json = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const pkg = json('package.json');
const consumer = json('examples/platform-repo/package.json');

/** The major of an `engines.node` range written `>= X.Y.Z`. */
function minimumMajor(range: string): string {
  const m = /^>=\s*(\d+)\.\d+\.\d+$/.exec(range);
  if (!m) throw new Error(`engines.node "${range}" is not of the form ">= X.Y.Z"`);
  return m[1];
}

test('the README asks for the Node.js that package.json declares', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const asked = /You need Node\.js (\d+) or later/.exec(readme);
  expect(asked?.[1]).toBe(minimumMajor(pkg.engines.node));
});

test('jest runs on the Node.js that CI asked for', () => {
  // .ci/run runs the suite on two Node.js versions and names the expected major in CI_NODE_MAJOR
  const expected = process.env.CI_NODE_MAJOR ?? process.versions.node.split('.')[0];
  expect(process.versions.node.split('.')[0]).toBe(expected);
});

test('the consumer example pins the cdk8s, cdk8s-plus-27 and constructs the library is tested with', () => {
  for (const name of ['cdk8s', 'cdk8s-plus-27', 'constructs']) {
    expect(consumer.dependencies[name]).toBe(pkg.devDependencies[name]);
  }
  expect(minimumMajor(consumer.engines.node)).toBe(minimumMajor(pkg.engines.node));
  // installed from the packed tarball, never from a path into this repository
  expect(consumer.dependencies['cdk8s-genesys-cx']).toBeUndefined();
});
