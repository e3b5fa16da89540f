import { cdk8s, javascript, JsonFile } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-genesys-cx',
  description:
    'Typed cdk8s constructs that deploy Genesys Multicloud CX private edition on Kubernetes, with every documented connection wired and locked down by NetworkPolicies.',
  author: 'Genesys CX cdk8s contributors',
  authorAddress: 'maintainers@example.org',
  repositoryUrl: 'https://example.org/cdk8s-genesys-cx.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'genesys', 'networkpolicy', 'private-edition'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,

  // Versions checked on this machine (see the toolchain notes in the design docs).
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0',
  // Node 22 and 24 are the LTS lines jsii supports; Node 20 is end of life. The major also picks
  // the @types/node range (^22), one the registry has.
  minNodeVersion: '22.0.0',

  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  // kubernetes-models 4.3.1 carries the Kubernetes 1.27.1 schemas (4.5 already has 1.28 fields).
  bundledDeps: [
    'kubernetes-models@4.3.1',
    // the prometheus-operator models of the same family (base 4, validate 3) as kubernetes-models 4.3.1
    '@kubernetes-models/prometheus-operator@4.0.0',
    '@hpcc-js/wasm-graphviz@^1.29.2',
    // fast YAML parsing for the verifier (large inputs)
    'js-yaml@^5.5.0',
  ],
  // yaml: the tests parse what the library writes with the parser cdk8s writes with; the library
  // itself writes YAML through cdk8s (or its own writer) and reads it with js-yaml
  devDeps: ['fast-check@^4.10.2', 'cdk8s-cli@^2.200.0', 'yaml@^2.8.1'],

  bin: { 'cdk8s-genesys-cx': 'lib/cli.js' },

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 60_000,
      // the library prints its synth warnings to standard error; tests read them through SynthWarnings
      setupFiles: ['<rootDir>/test/support/quiet.ts'],
      // the consumer example (its own package.json, maybe its own node_modules) is no part of the suite
      modulePathIgnorePatterns: ['<rootDir>/examples/platform-repo/'],
    },
  },
  // cdk8s.out/: the cdk8s CLI's output (cdk8s.yaml), kept apart from dist/ that `npm run synth` writes
  gitignore: ['/build/', '/bench-results/', '/cdk8s.out/'],
  // The package is lib/, .jsii, the bundled dependencies, README, LICENSE, API.md and docs/.
  // Development-only files stay out of the tarball.
  npmIgnoreOptions: {
    ignorePatterns: [
      '/build/', '/examples/', '/bench/', '/.ci/', '/cdk8s.out/',
      '/cdk8s.yaml', '/tsconfig.examples.json', '/BENCHMARKS.md', '*.tgz',
    ],
  },
});

// A clean `npm ci` fails on an incomplete lockfile entry for unrs-resolver 1.13 (jest 30, eslint).
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// examples/platform-repo is a consumer project with its own package.json, lockfile and tsconfig: it
// imports the packed package, not src/, so the library's tsc, eslint and jest leave it alone.
const PLATFORM_REPO = 'examples/platform-repo';

// Examples are TypeScript that import the library source; they are compiled with plain tsc
// into build/ and run as JavaScript, so synth never pays for ts-node.
new JsonFile(project, 'tsconfig.examples.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: {
      rootDir: '.',
      outDir: 'build',
      inlineSourceMap: false,
      inlineSources: false,
      sourceMap: false,
      declaration: false,
      types: ['node'],
    },
    include: ['src/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts'],
    exclude: ['node_modules', 'examples/**/dist/**', `${PLATFORM_REPO}/**`],
  },
});

// Type-checking configs for lint (the project service takes the nearest tsconfig.json).
for (const dir of ['examples', 'bench']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..', types: ['node', 'jest'] },
      include: ['**/*.ts', '../src/**/*.ts'],
      exclude: ['node_modules', 'dist', ...(dir === 'examples' ? ['platform-repo/**'] : [])],
    },
  });
}
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.tsconfigDev.addInclude('../bench/**/*.ts');
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('bench');
project.tsconfigDev.addExclude(`../${PLATFORM_REPO}/**`);
project.eslint?.addIgnorePattern(`${PLATFORM_REPO}/`);

// jsii writes lib/cli.js without the execute bit; `npx cdk8s-genesys-cx` in this repository runs the
// file itself (npm sets the bit only in installed copies), so the compile step sets it
project.compileTask.exec('node -e "require(\'fs\').chmodSync(\'lib/cli.js\', 0o755)"');

const buildExamples = project.addTask('build:examples', {
  description: 'Compile the library source and the examples to JavaScript under build/',
  exec: 'tsc -p tsconfig.examples.json',
});

const synth = project.addTask('synth', {
  description: 'Synthesize every example into dist/<name>/ and examples/<name>/dist/ from compiled JavaScript',
});
// jsii's lib/ too, so the package's own `cdk8s-genesys-cx verify` works on the output
synth.spawn(project.compileTask);
synth.spawn(buildExamples);
synth.exec('node build/examples/synth-all.js');

// jsii-docgen lists the types of each section by name; this step puts the Genesys constructs and
// their props first (projenrc/api-order.ts), deterministically, so check-generated still diffs cleanly.
project.tasks.tryFind('docgen')!.exec('ts-node --transpile-only --project projenrc/tsconfig.json projenrc/api-order.ts API.md');

const checkGenerated = project.addTask('check-generated', {
  description: 'Regenerate API.md and the examples\' output, and fail when the committed copies are stale',
});
checkGenerated.spawn(project.compileTask);
checkGenerated.spawn(project.tasks.tryFind('docgen')!);
checkGenerated.spawn(synth);
checkGenerated.exec('git diff --exit-code --stat -- API.md examples || (echo "generated files are stale: run \'npx projen build && npm run synth\' and commit the result" >&2; exit 1)');
checkGenerated.exec('git status --porcelain --untracked-files=all -- API.md examples | (! grep .) || (echo "generated files are not committed" >&2; exit 1)');

project.addTask('bench', {
  description: 'Measure synth speed and memory and write BENCHMARKS.md (not part of the tests)',
  steps: [{ spawn: 'build:examples' }, { exec: 'node build/bench/run.js' }],
});

project.synth();
