import * as fc from 'fast-check';
import { synthFailure } from './helpers';
import { WwNginxStatic } from '../../src';

// Property-based failing inputs: whatever the generated bad value, synthesis fails with the
// prop named and writes nothing.

const FIELDS = ['authUrl', 'gwsUrl', 'webrtcUrl', 'telemetryUrl', 'digitalChannelsUrl'] as const;
const host = fc.stringMatching(/^[a-z][a-z0-9]{0,10}\.example\.(com|org)$/);

describe('WwNginxStatic public URLs (properties)', () => {
  test('any URL whose scheme is not https fails, naming the prop', () => {
    fc.assert(fc.property(
      fc.constantFrom(...FIELDS),
      fc.constantFrom('http', 'ws', 'wss', 'ftp', 'file', 'javascript'),
      host,
      (field, scheme, h) => {
        const value = `${scheme}://${h}/`;
        const result = synthFailure((chart) => {
          new WwNginxStatic(chart, 'wwe', { domain: 'example.com', [field]: value });
        });
        expect(result.message).toContain(`wwe: ${field} ${JSON.stringify(value)} is not an https URL`);
        expect(result.files).toEqual([]);
      },
    ), { numRuns: 30 });
  });

  test('any https URL with credentials fails, so nothing secret reaches the public file', () => {
    fc.assert(fc.property(
      fc.constantFrom(...FIELDS),
      fc.stringMatching(/^[a-z]{1,8}$/),
      fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
      host,
      (field, user, password, h) => {
        const result = synthFailure((chart) => {
          new WwNginxStatic(chart, 'wwe', { domain: 'example.com', [field]: `https://${user}:${password}@${h}` });
        });
        expect(result.message).toMatch(new RegExp(`wwe: ${field} .* carries credentials`));
        expect(result.files).toEqual([]);
      },
    ), { numRuns: 30 });
  });
});

describe('WwNginxStatic image digest (properties)', () => {
  test('any digest that is not sha256 + 64 lowercase hex fails', () => {
    const badDigest = fc.oneof(
      fc.stringMatching(/^sha256:[0-9a-f]{1,63}$/),
      fc.stringMatching(/^sha256:[0-9a-f]{65,70}$/),
      fc.stringMatching(/^sha512:[0-9a-f]{64}$/),
      fc.stringMatching(/^sha256:[0-9A-F]{64}$/).filter((d) => /[A-F]/.test(d)),
    );
    fc.assert(fc.property(badDigest, (digest) => {
      const result = synthFailure((chart) => {
        new WwNginxStatic(chart, 'wwe', { domain: 'example.com', nginx: { image: { repository: 'wwe/wwe-nginx', digest } } });
      });
      expect(result.message).toContain(`image.digest ${JSON.stringify(digest)} is not a digest`);
      expect(result.files).toEqual([]);
    }), { numRuns: 30 });
  });
});
