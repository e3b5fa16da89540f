import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { WorkloadModel } from './workload-model';

/**
 * The PodDisruptionBudget (when at least two replicas are guaranteed, or asked for) and the
 * HorizontalPodAutoscaler (when autoscaling is set), both typed.
 */
export function addScaling(scope: Construct, model: WorkloadModel, selector: { [key: string]: string }, labels: { [key: string]: string }): void {
  const metadata = { name: model.name, namespace: model.namespace, labels };
  if (model.podDisruptionBudget) {
    new kplus.k8s.KubePodDisruptionBudget(scope, 'pdb', {
      metadata,
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...selector } } },
    });
  }
  const a = model.autoscaling;
  if (!a) return;
  const metric = (resource: string, percent: number) => ({
    type: 'Resource',
    resource: { name: resource, target: { type: 'Utilization', averageUtilization: percent } },
  });
  new kplus.k8s.KubeHorizontalPodAutoscalerV2(scope, 'hpa', {
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: model.kind, name: model.name },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      metrics: [
        metric('cpu', a.cpuUtilizationPercent),
        ...(a.memoryUtilizationPercent !== undefined ? [metric('memory', a.memoryUtilizationPercent)] : []),
      ],
    },
  });
}
