import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Check } from './errors';
import { HardenedWorkloadProps, WorkloadKind } from './workload';

/** Checks replicas, resources and autoscaling; each bad value is reported once. */
export function checkSizing(check: Check, props: HardenedWorkloadProps): void {
  check.integer('replicas', props.replicas, 0, 1000);
  const r = props.resources ?? {};
  const ok = [
    check.integer('resources.cpuRequestMillis', r.cpuRequestMillis, 1, 1_000_000),
    check.integer('resources.cpuLimitMillis', r.cpuLimitMillis, 1, 1_000_000),
    check.integer('resources.memoryRequestMebibytes', r.memoryRequestMebibytes, 1, 10_000_000),
    check.integer('resources.memoryLimitMebibytes', r.memoryLimitMebibytes, 1, 10_000_000),
  ].every((x) => x);
  if (ok) {
    const cpu = [r.cpuRequestMillis ?? 100, r.cpuLimitMillis ?? 1000];
    const memory = [r.memoryRequestMebibytes ?? 256, r.memoryLimitMebibytes ?? 512];
    if (cpu[0] > cpu[1]) check.fail(`resources.cpuRequestMillis ${cpu[0]} exceeds cpuLimitMillis ${cpu[1]} (raise the limit or lower the request)`);
    if (memory[0] > memory[1]) check.fail(`resources.memoryRequestMebibytes ${memory[0]} exceeds memoryLimitMebibytes ${memory[1]} (raise the limit or lower the request)`);
  }
  const a = props.autoscaling;
  if (a === undefined) return;
  if (a === null || typeof a !== 'object' || a.maxReplicas === undefined) {
    check.fail(`autoscaling ${JSON.stringify(a)} has no maxReplicas (give at least { maxReplicas }, or leave autoscaling out)`);
    return;
  }
  const min = a.minReplicas ?? props.replicas ?? 1;
  const bounds = check.integer('autoscaling.minReplicas', min, 1, 1000) && check.integer('autoscaling.maxReplicas', a.maxReplicas, 1, 1000);
  if (bounds && min > a.maxReplicas) check.fail(`autoscaling.minReplicas ${min} exceeds maxReplicas ${a.maxReplicas} (raise maxReplicas)`);
  check.integer('autoscaling.cpuUtilizationPercent', a.cpuUtilizationPercent, 1, 1000);
  check.integer('autoscaling.memoryUtilizationPercent', a.memoryUtilizationPercent, 1, 1000);
}

/**
 * The PodDisruptionBudget (when at least two replicas are guaranteed, or asked for) and the
 * HorizontalPodAutoscaler (when autoscaling is set), both typed.
 */
export function addScaling(scope: Construct, props: HardenedWorkloadProps, name: string, namespace: string,
  selector: { [key: string]: string }, labels: { [key: string]: string }, check: Check): void {
  const replicas = props.replicas ?? 1;
  const a = props.autoscaling && typeof props.autoscaling === 'object' && props.autoscaling.maxReplicas !== undefined ? props.autoscaling : undefined;
  const minReplicas = a?.minReplicas ?? replicas;
  const guaranteed = a ? minReplicas : replicas;
  const metadata = { name, namespace, labels };
  if (props.podDisruptionBudget === true && guaranteed < 2) {
    check.fail(`podDisruptionBudget is true, but only ${guaranteed} replica is guaranteed (a PodDisruptionBudget needs at least 2: raise replicas or autoscaling.minReplicas)`);
  }
  if (props.podDisruptionBudget ?? guaranteed > 1) {
    new kplus.k8s.KubePodDisruptionBudget(scope, 'pdb', {
      metadata,
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...selector } } },
    });
  }
  if (!a) return;
  const metric = (resource: string, percent: number) => ({
    type: 'Resource',
    resource: { name: resource, target: { type: 'Utilization', averageUtilization: percent } },
  });
  new kplus.k8s.KubeHorizontalPodAutoscalerV2(scope, 'hpa', {
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: props.kind ?? WorkloadKind.DEPLOYMENT, name },
      minReplicas,
      maxReplicas: a.maxReplicas,
      metrics: [
        metric('cpu', a.cpuUtilizationPercent ?? 70),
        ...(a.memoryUtilizationPercent !== undefined ? [metric('memory', a.memoryUtilizationPercent)] : []),
      ],
    },
  });
}
