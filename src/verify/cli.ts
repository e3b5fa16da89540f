import * as fs from 'fs';
import * as path from 'path';
import { VerifyOptions } from './options';
import { readPeersFile } from './peers-file';
import { PolicyRule } from './rules';
import { Verifier } from './verifier';
import { DefaultLocations } from '../shared';
import { parseCidr } from '../shared/net';

/** Where the command line writes. */
export interface CliIo {
  /** Writes a line to standard output. */
  out(line: string): void;
  /** Writes a line to standard error. */
  err(line: string): void;
}

export const USAGE = [
  'usage: cdk8s-genesys-cx verify <dir> [options]',
  '       cdk8s-genesys-cx diff <base-dir> <head-dir> [--format text|markdown|json]   (see diff --help)',
  '       cdk8s-genesys-cx probe <dir> [--out <dir>]                                  (see probe --help)',
  '       cdk8s-genesys-cx --version',
  '       cdk8s-genesys-cx --help',
  '',
  'Checks the synthesized manifests in <dir> against the Genesys connection catalog: every',
  'documented connection allowed at both ends, nothing else open to or from the platform\'s',
  'workloads, every object valid for Kubernetes 1.27, accepted by the API server and written as it',
  'stores it, and the library\'s policy rules. The peers outside the manifests are read from their',
  'genesys-cx-peers ConfigMaps and peers.json. A Helm chart (a folder with Chart.yaml) and a folder',
  'with its own peers.json are verified as sets of their own; a chart that copies the manifests',
  'beside it is verified once. A row that cannot be checked fails unless --allow-skip names it.',
  '',
  'options:',
  '  --peers <file>                 peers.json to use beside the ConfigMaps genesys-cx-peers of the',
  '                                 manifests (default: each set\'s own peers.json)',
  `  --ingress-namespace <ns>       namespace of the ingress controller (default ${DefaultLocations.ingressController().namespace})`,
  '  --ingress-label <key=value>    label of the ingress controller pods (repeatable)',
  `  --prometheus-namespace <ns>    namespace of Prometheus (default ${DefaultLocations.prometheus().namespace})`,
  '  --prometheus-label <key=value> label of the Prometheus pods (repeatable)',
  '  --port <ref=port>              Service port to test for a row, e.g. gws#11=8080 (repeatable)',
  '  --allow-skip <refs>            rows that may stay unchecked, e.g. gws#10,gws#26 (repeatable);',
  '                                 any other row that cannot be checked fails',
  '  --cluster-network <cidr>       a pod, Service or node CIDR of the cluster (repeatable): no ipBlock may reach it',
  '  --skip-rule <name>             policy rule not to check (repeatable): ' + Object.values(PolicyRule).join(', '),
  '  --no-schema                    skip the Kubernetes 1.27 schema check',
  '  --no-policy                    skip the policy rules',
  '  --no-strangers                 skip the stranger (unrelated pod and address) checks',
  '  --version                      print the version of cdk8s-genesys-cx',
  '  --help, -h                     print this help',
  '',
  'output: one line per result (PASS, FAIL, SKIP, OPEN, EXT, NOTE), then',
  '"N passed, M failed, K skipped"',
  '',
  'examples:',
  '  cdk8s-genesys-cx verify dist/quickstart',
  '  cdk8s-genesys-cx verify dist/multi-region --no-strangers',
  '  cdk8s-genesys-cx verify dist --peers ops/peers.json --port gws#11=8080',
  '  cdk8s-genesys-cx verify dist --ingress-namespace edge --ingress-label app.kubernetes.io/name=traefik',
  '  cdk8s-genesys-cx verify dist --skip-rule probes --skip-rule disruption-budget',
  '  cdk8s-genesys-cx verify dist --allow-skip gws#10,gws#26',
  '',
  'exit status: 0 all passed, 1 failures or openings (or no manifests at all), 2 bad arguments or',
  'unreadable input',
].join('\n');

/** The version of the package, from its package.json (looked for above this file). */
export function packageVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf-8'));
      if (pkg.name === 'cdk8s-genesys-cx' && typeof pkg.version === 'string') return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

/** An error message without the `verify: ` the library's messages start with (the command names itself). */
function withoutPrefix(message: string): string {
  return message.replace(/^verify: /, '');
}

function label(value: string, flag: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} ${JSON.stringify(value)} is not key=value (e.g. app.kubernetes.io/name=prometheus)`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

class UsageError extends Error {}

const EXAMPLE_VALUES: { [option: string]: string } = {
  '--peers': '--peers dist/peers.json',
  '--ingress-namespace': '--ingress-namespace ingress-nginx',
  '--prometheus-namespace': '--prometheus-namespace monitoring',
  '--ingress-label': '--ingress-label app.kubernetes.io/name=ingress-nginx',
  '--prometheus-label': '--prometheus-label app.kubernetes.io/name=prometheus',
  '--port': '--port gws#11=8080',
  '--skip-rule': '--skip-rule probes',
  '--allow-skip': '--allow-skip gws#10,gws#26',
  '--cluster-network': '--cluster-network 10.244.0.0/16',
};

/** Parses `verify` arguments into a directory and options. */
export function parseVerifyArgs(args: string[]): { directory: string; options: VerifyOptions; peersFile?: string } {
  let directory: string | undefined;
  let peersFile: string | undefined;
  let ingressNamespace: string | undefined;
  let prometheusNamespace: string | undefined;
  const ingressLabels: { [key: string]: string } = {};
  const prometheusLabels: { [key: string]: string } = {};
  const ports: { [ref: string]: number } = {};
  const skipRules: PolicyRule[] = [];
  const allowSkipped: string[] = [];
  const clusterNetworks: string[] = [];
  let schema = true;
  let policy = true;
  let strangers = true;
  const rules: string[] = Object.values(PolicyRule);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value (e.g. ${EXAMPLE_VALUES[arg] ?? '...'})`);
      return v;
    };
    switch (arg) {
      case '--peers': peersFile = value(); break;
      case '--ingress-namespace': ingressNamespace = value(); break;
      case '--prometheus-namespace': prometheusNamespace = value(); break;
      case '--ingress-label': { const [k, v] = label(value(), arg); ingressLabels[k] = v; break; }
      case '--prometheus-label': { const [k, v] = label(value(), arg); prometheusLabels[k] = v; break; }
      case '--port': {
        const text = value();
        const m = /^([a-z]+#\d+)=(\d+)$/.exec(text);
        if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UsageError(`--port ${JSON.stringify(text)} is not <ref>=<port> (e.g. gws#11=8080)`);
        ports[m[1]] = Number(m[2]);
        break;
      }
      case '--skip-rule': {
        const rule = value();
        if (!rules.includes(rule)) throw new UsageError(`--skip-rule ${JSON.stringify(rule)} is not a policy rule (use ${rules.join(', ')})`);
        skipRules.push(rule as PolicyRule);
        break;
      }
      case '--allow-skip': {
        const text = value();
        for (const ref of text.split(',').map((r) => r.trim())) {
          if (!/^[a-z]+#\d+$/.test(ref)) throw new UsageError(`--allow-skip ${JSON.stringify(text)}: ${JSON.stringify(ref)} is not a row reference (e.g. gws#10,gws#26)`);
          if (!allowSkipped.includes(ref)) allowSkipped.push(ref);
        }
        break;
      }
      case '--cluster-network': {
        const text = value();
        if (!parseCidr(text)) throw new UsageError(`--cluster-network ${JSON.stringify(text)} is not a CIDR (e.g. 10.244.0.0/16 or fd00:10:244::/56)`);
        clusterNetworks.push(text);
        break;
      }
      case '--no-schema': schema = false; break;
      case '--no-policy': policy = false; break;
      case '--no-strangers': strangers = false; break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${JSON.stringify(arg)} (the options are listed below)`);
        if (directory !== undefined) throw new UsageError(`one directory only (got ${JSON.stringify(directory)} and ${JSON.stringify(arg)})`);
        directory = arg;
    }
  }
  if (directory === undefined) throw new UsageError('the manifest directory is missing (give the folder cdk8s synth wrote, e.g. dist/)');
  const hasLabels = (o: object) => Object.keys(o).length > 0;
  return {
    directory,
    peersFile,
    options: {
      ingressController: ingressNamespace || hasLabels(ingressLabels)
        ? { namespace: ingressNamespace, labels: hasLabels(ingressLabels) ? ingressLabels : undefined } : undefined,
      prometheus: prometheusNamespace || hasLabels(prometheusLabels)
        ? { namespace: prometheusNamespace, labels: hasLabels(prometheusLabels) ? prometheusLabels : undefined } : undefined,
      portOverrides: hasLabels(ports) ? ports : undefined,
      skipRules: skipRules.length > 0 ? skipRules : undefined,
      allowSkipped: allowSkipped.length > 0 ? allowSkipped : undefined,
      clusterNetworks: clusterNetworks.length > 0 ? clusterNetworks : undefined,
      schema,
      policy,
      strangers,
    },
  };
}

/**
 * The `cdk8s-genesys-cx` command line: `main(process.argv.slice(2), io)` returns the exit status.
 */
export function main(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === '--version' || (command === 'verify' && rest.includes('--version'))) {
    io.out(packageVersion());
    return 0;
  }
  if (command !== 'verify') {
    io.err(command === undefined
      ? 'cdk8s-genesys-cx: a command is missing (the commands are verify, diff and probe, e.g. cdk8s-genesys-cx verify dist/)'
      : `cdk8s-genesys-cx: unknown command ${JSON.stringify(command)} (the commands are verify, diff and probe, e.g. cdk8s-genesys-cx verify dist/)`);
    io.err(USAGE);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  let parsed: ReturnType<typeof parseVerifyArgs>;
  try {
    parsed = parseVerifyArgs(rest);
  } catch (e: any) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`cdk8s-genesys-cx verify: ${e.message}`);
    io.err(USAGE);
    return 2;
  }
  let report;
  try {
    let options = parsed.options;
    if (parsed.peersFile !== undefined) {
      options = { ...options, peers: readPeersFile(parsed.peersFile) };
    }
    report = Verifier.verify(parsed.directory, options);
  } catch (e: any) {
    io.err(`cdk8s-genesys-cx verify: ${withoutPrefix(String(e?.message ?? e))}`);
    return 2;
  }
  for (const line of report.lines) io.out(line.text);
  io.out(report.summary);
  return report.ok ? 0 : 1;
}
