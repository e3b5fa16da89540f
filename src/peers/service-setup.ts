import { Construct } from 'constructs';
import { GenesysService } from '../catalog';
import { ManagedNamespace } from '../core';
import { GenesysServiceProps } from './service-props';
import { Check } from '../core/errors';

/** What every service construct starts with. */
export interface ServiceSetup {
  /** Records problems under the service's name. */
  readonly check: Check;
  /** The namespace the service runs in. */
  readonly namespace: string;
}

/**
 * The common start of a service construct: checks the domain and namespace, and gives the
 * namespace its default-deny and DNS policies unless it is managed elsewhere.
 */
export function setUpService(scope: Construct, service: GenesysService, props: GenesysServiceProps, domainRequired = true): ServiceSetup {
  const check = new Check(scope, service);
  const namespace = props.namespace ?? service;
  if (!domainRequired && !props.domain) {
    // the service names every host itself and checks that
  } else if (check.required('domain', props.domain, 'give the DNS domain of the public hosts, e.g. "example.com"')) {
    check.dnsName('domain', props.domain);
  } if (check.dnsLabel('namespace', namespace) && (props.manageNamespace ?? true)) {
    ManagedNamespace.ensure(scope, namespace, { dns: props.dns });
  }
  return { check, namespace };
}
