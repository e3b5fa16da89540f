import { cidrContainsAddress, firstUsableAddress, formatAddress, parseAddress, parseCidr } from '../../src/verify/ip';

describe('ip', () => {
  test('parses IPv4 and IPv6 addresses and refuses malformed ones', () => {
    expect(parseAddress('10.0.0.1')).toEqual({ value: 0x0a000001n, bits: 32 });
    expect(parseAddress('::1')).toEqual({ value: 1n, bits: 128 });
    expect(parseAddress('::ffff:10.0.0.1')?.value).toBe(0xffff0a000001n);
    for (const bad of ['10.0.0', '10.0.0.256', '01.0.0.1', '1::2::3', 'fd00:::1', '1:2:3:4:5:6:7:8:9', 'g::1', '']) {
      expect(parseAddress(bad)).toBeUndefined();
    }
  });

  test('parses CIDRs, clearing host bits, and tests membership per family', () => {
    const cidr = parseCidr('10.20.30.40/16')!;
    expect(cidr).toEqual({ network: 0x0a140000n, prefix: 16, bits: 32 });
    expect(cidrContainsAddress(cidr, parseAddress('10.20.255.1')!)).toBe(true);
    expect(cidrContainsAddress(cidr, parseAddress('10.21.0.1')!)).toBe(false);
    expect(cidrContainsAddress(parseCidr('0.0.0.0/0')!, parseAddress('8.8.8.8')!)).toBe(true);
    expect(cidrContainsAddress(parseCidr('0.0.0.0/0')!, parseAddress('::1')!)).toBe(false);
    expect(cidrContainsAddress(parseCidr('fd00::/8')!, parseAddress('fdff::1')!)).toBe(true);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  test('the first usable address: network + 1, or the address itself for /31, /32, /127, /128', () => {
    expect(firstUsableAddress('10.20.30.0/24')).toBe('10.20.30.1');
    expect(firstUsableAddress('10.20.30.7/32')).toBe('10.20.30.7');
    expect(firstUsableAddress('10.20.30.6/31')).toBe('10.20.30.6');
    expect(firstUsableAddress('fd00:1::/64')).toBe('fd00:1::1');
    expect(firstUsableAddress('2001:db8::5/128')).toBe('2001:db8::5');
    expect(firstUsableAddress('nope')).toBeUndefined();
  });

  test('formats IPv6 with the longest zero run compressed', () => {
    expect(formatAddress(parseAddress('2001:db8:0:0:1:0:0:1')!.value, 128)).toBe('2001:db8::1:0:0:1');
    expect(formatAddress(0n, 128)).toBe('::');
    expect(formatAddress(parseAddress('1:2:3:4:5:6:7:8')!.value, 128)).toBe('1:2:3:4:5:6:7:8');
  });
});
