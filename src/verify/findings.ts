import { originOf } from './manifests';
import { describeObject } from './objects';

/** How serious a finding is. */
export enum FindingSeverity {
  /** The object breaks a rule: verification fails. */
  ERROR = 'error',
  /** Something was not checked, with the reason; verification does not fail. */
  NOTE = 'note',
}

/** One problem (or note) a schema or policy check found on an object. */
export interface CheckFinding {
  /** Name of the check, e.g. `schema`, `pod-security`, `resources`. */
  readonly check: string;
  /** Severity. */
  readonly severity: FindingSeverity;
  /** The object, e.g. `Deployment demo/demo-api`. */
  readonly object: string;
  /** `metadata.name` of the object (cdk8s validation plugins report resources by this name). */
  readonly resourceName: string;
  /** Where the object was read from (`file#document` or `object #n`). */
  readonly origin: string;
  /**
   * Field path the finding is about, e.g. `spec.template.spec.containers[0].image`.
   * @default - the whole object
   */
  readonly path?: string;
  /** What is wrong, the value found and the fix. */
  readonly message: string;
}

/** Builds a finding for an object. */
export function finding(check: string, severity: FindingSeverity, object: any, message: string, path?: string): CheckFinding {
  return {
    check,
    severity,
    object: describeObject(object),
    resourceName: String(object?.metadata?.name ?? ''),
    origin: originOf(object) ?? 'unknown',
    path,
    message,
  };
}
