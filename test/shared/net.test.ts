/* eslint-disable no-bitwise */ // address arithmetic in the expectations
import * as fc from 'fast-check';
import { CidrBlock, IpAddress } from '../../src/shared';
import {
  AddressRange, cidrHasAddress, cidrsOverlap, cidrWithin, firstUsable, formatAddress, formatRange, intersectRanges,
  parseAddress, parseCidr, rangeOf, subtractRanges,
} from '../../src/shared/net';

const range = (text: string): AddressRange => rangeOf(parseCidr(text)!);

describe('addresses', () => {
  test('IPv4 and IPv6 addresses parse to their numeric value and family', () => {
    expect(parseAddress('10.0.0.1')).toEqual({ value: 0x0a000001n, bits: 32 });
    expect(parseAddress('0.0.0.0')).toEqual({ value: 0n, bits: 32 });
    expect(parseAddress('::1')).toEqual({ value: 1n, bits: 128 });
    expect(parseAddress('::')).toEqual({ value: 0n, bits: 128 });
    expect(parseAddress('2001:db8::1:0:0:1')?.value).toBe(0x20010db8000000000001000000000001n);
    expect(parseAddress('1:2:3:4:5:6:7:8')?.value).toBe(0x00010002000300040005000600070008n);
  });

  test('an IPv4 tail in IPv6 is two groups', () => {
    expect(parseAddress('::ffff:10.0.0.1')?.value).toBe(0xffff0a000001n);
    expect(parseAddress('::10.0.0.1')?.value).toBe(0x0a000001n);
    expect(parseAddress('1:2:3:4:5:6:10.0.0.1')?.value).toBe(0x0001000200030004000500060a000001n);
    expect(parseAddress('1::5:10.0.0.1')?.value).toBe(0x0001000000000000000000050a000001n);
  });

  test('malformed addresses, leading zeros, zone ids and non-strings are refused', () => {
    const bads = ['10.0.0', '10.0.0.256', '01.0.0.1', '10.0.0.01', '1::2::3', 'fd00:::1', '1:2:3:4:5:6:7:8:9', 'g::1', '', 'fe80::1%eth0', '10.0.0.1/32', ' 10.0.0.1'];
    for (const bad of bads) {
      expect({ bad, parsed: parseAddress(bad) }).toEqual({ bad, parsed: undefined });
      expect(IpAddress.isValid(bad)).toBe(false);
    }
    expect(parseAddress(undefined)).toBeUndefined();
    expect(parseAddress(42)).toBeUndefined();
  });

  test('IpAddress gives the canonical text, the family and the class', () => {
    const m = IpAddress.parse('169.254.169.254');
    expect({ family: m.family, text: m.text, linkLocal: m.isLinkLocal, loopback: m.isLoopback, public: m.isPublic })
      .toEqual({ family: 4, text: '169.254.169.254', linkLocal: true, loopback: false, public: false });
    const v6 = IpAddress.parse('2001:0DB8:0:0:0:0:0:0010');
    expect({ family: v6.family, text: v6.text, public: v6.isPublic }).toEqual({ family: 6, text: '2001:db8::10', public: false });
    expect(IpAddress.parse('fe80::abcd').isLinkLocal).toBe(true);
    expect(IpAddress.parse('::1').isLoopback).toBe(true);
    expect(IpAddress.parse('127.9.9.9').isLoopback).toBe(true);
    expect(IpAddress.parse('8.8.8.8').isPublic).toBe(true);
    expect(IpAddress.parse('2606:4700::1111').isPublic).toBe(true);
    expect(IpAddress.parse('10.1.2.3').isPublic).toBe(false);
    expect(IpAddress.parse('0.0.0.0').isUnspecified).toBe(true);
    expect(IpAddress.parse('::').isUnspecified).toBe(true);
    expect(IpAddress.parse('::').toString()).toBe('::');
  });

  test('IpAddress.parse names the value and the expected form; tryParse returns undefined', () => {
    expect(() => IpAddress.parse('10.0.0.300')).toThrow('"10.0.0.300" is not an IPv4 or IPv6 address (e.g. "10.0.0.1" or "fd00::1")');
    expect(IpAddress.tryParse('nope')).toBeUndefined();
    expect(IpAddress.tryParse('10.0.0.1')?.text).toBe('10.0.0.1');
  });

  test('formatting compresses the longest run of zero groups only', () => {
    expect(formatAddress(parseAddress('2001:db8:0:0:1:0:0:1')!.value, 128)).toBe('2001:db8::1:0:0:1');
    expect(formatAddress(0n, 128)).toBe('::');
    expect(formatAddress(1n, 128)).toBe('::1');
    expect(formatAddress(parseAddress('1:0:3:4:5:6:7:8')!.value, 128)).toBe('1:0:3:4:5:6:7:8');
    expect(formatAddress(parseAddress('1:2:3:4:5:6:7:8')!.value, 128)).toBe('1:2:3:4:5:6:7:8');
  });

  test('property: formatting then parsing gives the same address', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (v6, v4) => {
      expect(parseAddress(formatAddress(v6, 128))).toEqual({ value: v6, bits: 128 });
      expect(parseAddress(formatAddress(v4, 32))).toEqual({ value: v4, bits: 32 });
    }), { numRuns: 200 });
  });
});

describe('CIDR blocks', () => {
  test('parsing clears host bits and says they were set', () => {
    expect(parseCidr('10.60.0.1/24')).toEqual({ network: 0x0a3c0000n, prefix: 24, bits: 32, hostBits: true });
    expect(parseCidr('10.60.0.0/24')).toEqual({ network: 0x0a3c0000n, prefix: 24, bits: 32, hostBits: false });
    const block = CidrBlock.parse('10.60.0.1/24');
    expect({ input: block.input, text: block.text, hostBits: block.hasHostBits, family: block.family, prefix: block.prefix })
      .toEqual({ input: '10.60.0.1/24', text: '10.60.0.0/24', hostBits: true, family: 4, prefix: 24 });
    expect(CidrBlock.parse('2001:db8:1::5/64').text).toBe('2001:db8:1::/64');
    expect(CidrBlock.parse('2001:db8:1::5/64').hasHostBits).toBe(true);
  });

  test('bad CIDRs are refused: no prefix, prefix too long or written with a leading zero, bad address', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/024', '10.0.0.0/', '10.0.0.0/-1', '10.0.0/8', 'fe80::/10/1', 'fe80::%1/64', '']) {
      expect({ bad, parsed: parseCidr(bad) }).toEqual({ bad, parsed: undefined });
      expect(CidrBlock.isValid(bad)).toBe(false);
    }
    expect(() => CidrBlock.parse('10.0.0.0/33')).toThrow('"10.0.0.0/33" is not a CIDR (e.g. "10.20.0.0/16" or "fd00::/64")');
    expect(CidrBlock.tryParse('x')).toBeUndefined();
  });

  test('addresses of a block: network, last, first usable', () => {
    const v4 = CidrBlock.parse('10.20.30.0/24');
    expect([v4.networkAddress, v4.lastAddress, v4.firstUsableAddress]).toEqual(['10.20.30.0', '10.20.30.255', '10.20.30.1']);
    expect(CidrBlock.parse('10.20.30.7/32').firstUsableAddress).toBe('10.20.30.7');
    expect(CidrBlock.parse('10.20.30.6/31').firstUsableAddress).toBe('10.20.30.6');
    expect(CidrBlock.parse('fd00:1::/64').firstUsableAddress).toBe('fd00:1::1');
    expect(CidrBlock.parse('fd00:1::/64').lastAddress).toBe('fd00:1::ffff:ffff:ffff:ffff');
    expect(CidrBlock.parse('2001:db8::5/128').firstUsableAddress).toBe('2001:db8::5');
    expect(formatAddress(firstUsable(parseCidr('2001:db8::4/127')!), 128)).toBe('2001:db8::4');
  });

  test('containment of addresses and blocks, per family', () => {
    const block = CidrBlock.parse('10.20.0.0/16');
    expect(block.containsAddress('10.20.255.1')).toBe(true);
    expect(block.containsAddress('10.21.0.1')).toBe(false);
    expect(block.containsAddress('::ffff:10.20.0.1')).toBe(false);
    expect(block.containsAddress('nope')).toBe(false);
    expect(CidrBlock.parse('0.0.0.0/0').containsAddress('8.8.8.8')).toBe(true);
    expect(CidrBlock.parse('0.0.0.0/0').containsAddress('::1')).toBe(false);
    expect(block.contains(CidrBlock.parse('10.20.3.0/24'))).toBe(true);
    expect(block.contains(CidrBlock.parse('10.20.0.0/16'))).toBe(true);
    expect(block.contains(CidrBlock.parse('10.0.0.0/8'))).toBe(false);
    expect(CidrBlock.parse('fd00::/8').contains(CidrBlock.parse('fdff:1::/64'))).toBe(true);
    expect(cidrHasAddress(parseCidr('fd00::/8')!, parseAddress('fdff::1')!)).toBe(true);
    expect(cidrWithin(parseCidr('10.0.0.0/8')!, parseCidr('::/0')!)).toBe(false);
  });

  test('overlap: one inside the other, never across families', () => {
    expect(CidrBlock.parse('10.0.0.0/8').overlaps(CidrBlock.parse('10.1.0.0/16'))).toBe(true);
    expect(CidrBlock.parse('10.1.0.0/16').overlaps(CidrBlock.parse('10.0.0.0/8'))).toBe(true);
    expect(CidrBlock.parse('10.1.0.0/16').overlaps(CidrBlock.parse('10.2.0.0/16'))).toBe(false);
    expect(cidrsOverlap(parseCidr('0.0.0.0/0')!, parseCidr('::/0')!)).toBe(false);
  });

  test('classification: unspecified, loopback, link-local, public, wider than a prefix', () => {
    expect(CidrBlock.parse('0.0.0.0/0').isUnspecified).toBe(true);
    expect(CidrBlock.parse('::/0').isUnspecified).toBe(true);
    expect(CidrBlock.parse('10.0.0.0/8').isUnspecified).toBe(false);
    expect(CidrBlock.parse('127.0.0.0/24').isLoopback).toBe(true);
    expect(CidrBlock.parse('::1/128').isLoopback).toBe(true);
    expect(CidrBlock.parse('169.254.169.254/32').isLinkLocal).toBe(true);
    expect(CidrBlock.parse('fe80::/64').isLinkLocal).toBe(true);
    expect(CidrBlock.parse('169.0.0.0/8').isLinkLocal).toBe(false);
    expect(CidrBlock.parse('169.0.0.0/8').reachesLinkLocal).toBe(true);
    expect(CidrBlock.parse('0.0.0.0/0').reachesLoopback).toBe(true);
    expect(CidrBlock.parse('10.0.0.0/8').reachesLoopback).toBe(false);
    expect(CidrBlock.parse('10.0.0.0/8').reachesPublic).toBe(false);
    expect(CidrBlock.parse('8.0.0.0/8').reachesPublic).toBe(true);
    expect(CidrBlock.parse('2001:db8:1::/64').reachesPublic).toBe(false);
    expect(CidrBlock.parse('2000::/3').reachesPublic).toBe(true);
    expect(CidrBlock.parse('10.0.0.0/16').isWiderThan(24)).toBe(true);
    expect(CidrBlock.parse('10.0.0.0/24').isWiderThan(24)).toBe(false);
  });
});

describe('ranges', () => {
  test('subtracting leaves the uncovered parts, families apart', () => {
    const left = subtractRanges([range('10.0.0.0/16')], [range('10.0.0.0/24'), range('10.0.2.0/23'), range('fd00::/8')]);
    expect(left.map(formatRange)).toEqual(['10.0.1.0/24', '10.0.4.0-10.0.255.255']);
    expect(subtractRanges([range('10.0.0.0/24')], [range('10.0.0.0/16')])).toEqual([]);
    expect(subtractRanges([range('fd00::/64')], [range('10.0.0.0/8')]).map(formatRange)).toEqual(['fd00::/64']);
    expect(subtractRanges([range('10.0.0.0/24')], [range('10.0.0.128/25')]).map(formatRange)).toEqual(['10.0.0.0/25']);
  });

  test('intersecting keeps the common addresses', () => {
    expect(intersectRanges([range('0.0.0.0/0')], [range('169.254.0.0/16'), range('fe80::/10')]).map(formatRange)).toEqual(['169.254.0.0/16']);
    expect(intersectRanges([range('10.0.0.0/8')], [range('169.254.0.0/16')])).toEqual([]);
  });

  test('property: a block minus its halves is empty, minus one half is the other', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 31 }), (address, prefix) => {
      const cidr = parseCidr(`${formatAddress(BigInt(address), 32)}/${prefix}`)!;
      const half = 1n << BigInt(32 - prefix - 1);
      const low: AddressRange = { start: cidr.network, end: cidr.network + half - 1n, bits: 32 };
      const high: AddressRange = { start: cidr.network + half, end: lastAddressOfRange(cidr), bits: 32 };
      expect(subtractRanges([rangeOf(cidr)], [low, high])).toEqual([]);
      expect(subtractRanges([rangeOf(cidr)], [low])).toEqual([high]);
    }), { numRuns: 200 });
  });
});

function lastAddressOfRange(cidr: ReturnType<typeof parseCidr> & object): bigint {
  return rangeOf(cidr).end;
}
