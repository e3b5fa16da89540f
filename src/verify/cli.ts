import { readPeersFile } from './peers-file';
import { PolicyRule } from './rules';
import { VerifyOptions, Verifier } from './verify';

/** Where the command line writes. */
export interface CliIo {
  /** Writes a line to standard output. */
  out(line: string): void;
  /** Writes a line to standard error. */
  err(line: string): void;
}

export const USAGE = [
  'usage: cdk8s-genesys-cx verify <dir> [options]',
  '',
  'Checks the synthesized manifests in <dir> against the Genesys connection catalog: every',
  'documented connection allowed at both ends, nothing else open, every object valid for',
  'Kubernetes 1.27, and the library\'s policy rules.',
  '',
  'options:',
  '  --peers <file>                 peers.json to use (default: <dir>/peers.json when present)',
  '  --ingress-namespace <ns>       namespace of the ingress controller (default ingress-nginx)',
  '  --ingress-label <key=value>    label of the ingress controller pods (repeatable)',
  '  --prometheus-namespace <ns>    namespace of Prometheus (default monitoring)',
  '  --prometheus-label <key=value> label of the Prometheus pods (repeatable)',
  '  --port <ref=port>              Service port to test for a row, e.g. gws#11=8080 (repeatable)',
  '  --skip-rule <name>             policy rule not to check (repeatable)',
  '  --no-schema                    skip the Kubernetes 1.27 schema check',
  '  --no-policy                    skip the policy rules',
  '  --no-strangers                 skip the stranger (unrelated pod and address) checks',
  '',
  'exit status: 0 all passed, 1 failures or openings, 2 bad arguments or unreadable input',
].join('\n');

function label(value: string, flag: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} ${JSON.stringify(value)} is not key=value (e.g. app.kubernetes.io/name=prometheus)`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

class UsageError extends Error {}

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
  let schema = true;
  let policy = true;
  let strangers = true;
  const rules: string[] = Object.values(PolicyRule);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
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
      case '--no-schema': schema = false; break;
      case '--no-policy': policy = false; break;
      case '--no-strangers': strangers = false; break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
        if (directory !== undefined) throw new UsageError(`one directory only (got ${JSON.stringify(directory)} and ${JSON.stringify(arg)})`);
        directory = arg;
    }
  }
  if (directory === undefined) throw new UsageError('the manifest directory is missing');
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
  if (command !== 'verify') {
    io.err(command === undefined ? 'cdk8s-genesys-cx: a command is missing' : `cdk8s-genesys-cx: unknown command ${JSON.stringify(command)}`);
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
    io.err(`cdk8s-genesys-cx verify: ${e?.message ?? e}`);
    return 2;
  }
  for (const line of report.lines) io.out(line.text);
  io.out(report.summary);
  return report.ok ? 0 : 1;
}
