import * as fc from 'fast-check';
import { NexusService } from '../../src';
import { synthFailure } from '../wwe/helpers';

// Property-based failing inputs of Digital Channels.

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const FIELDS = ['webhooks', 'messagingAggregators', 'asyncApiClients'] as const;

describe('NexusService external endpoints (properties)', () => {
  test('an external endpoint without any CIDR always fails, naming the list entry', () => {
    const noCidr = fc.oneof(
      fc.constant([]),
      fc.array(fc.record({ name, cidrs: fc.constant([] as string[]) }), { minLength: 1, maxLength: 3 }),
    );
    fc.assert(fc.property(fc.constantFrom(...FIELDS), name, noCidr, (field, endpoint, cidrGroups) => {
      const result = synthFailure((chart) => {
        new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true, [field]: [{ name: endpoint, cidrGroups }] });
      });
      expect(result.message).toContain(`nexus: ${field}[0].cidrGroups has no CIDR`);
      expect(result.files).toEqual([]);
    }), { numRuns: 30 });
  });

  test('any ingress host that is not a DNS name fails', () => {
    const badHost = fc.oneof(
      fc.stringMatching(/^[a-z]{1,8}_[a-z]{1,8}\.example\.com$/),
      fc.stringMatching(/^[A-Z][a-z]{1,8}\.example\.com$/),
      fc.stringMatching(/^[a-z]{1,8} [a-z]{1,8}$/),
      fc.stringMatching(/^-[a-z]{1,8}\.example\.com$/),
    );
    fc.assert(fc.property(badHost, (host) => {
      const result = synthFailure((chart) => {
        new NexusService(chart, 'nexus', { domain: 'example.com', developmentStores: true, host });
      });
      expect(result.message).toContain(`host ${JSON.stringify(host)} is not a DNS name`);
      expect(result.files).toEqual([]);
    }), { numRuns: 30 });
  });
});
