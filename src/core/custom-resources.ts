import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Writes an object whose kind a CRD defines (ServiceMonitor, HTTPRoute, Gateway, an implementation's
 * policy...). Every custom resource the library writes goes through here, so that they can be kept
 * apart from the objects every cluster can apply.
 */
export function customResource(scope: Construct, id: string, object: { apiVersion: string; kind: string; metadata: object; spec?: unknown }): ApiObject {
  return new ApiObject(scope, id, object as any);
}
