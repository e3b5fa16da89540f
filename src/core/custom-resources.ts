import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** A custom resource as written. */
export interface CustomResourceJson {
  /** API version. */
  readonly apiVersion: string;
  /** Kind. */
  readonly kind: string;
  /** Object metadata. */
  readonly metadata: object;
  /** The specification. @default - none */
  readonly spec?: unknown;
}

/**
 * Writes an object whose kind a CRD defines (ServiceMonitor, HTTPRoute, Gateway, an implementation's
 * policy...). Every custom resource the library writes goes through here, so that they can be kept
 * apart from the objects every cluster can apply.
 */
export function customResource(scope: Construct, id: string, object: CustomResourceJson): ApiObject {
  return new ApiObject(scope, id, object as any);
}
