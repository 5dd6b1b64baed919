import { describe, expect, it } from 'vitest';
import { FailureThrottle } from '../../src/http/throttle.js';
import { HostCheck, hostName } from '../../src/http/host-check.js';
import type { IncomingMessage } from 'node:http';

describe('failure throttle', () => {
  it('lets a few failures through, then doubles the wait per client; a success clears it', () => {
    let now = 0;
    const t = new FailureThrottle({ now: () => now });
    const waits = Array.from({ length: 8 }, () => t.failed('1.2.3.4'));
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000]);
    expect(t.waitFor('1.2.3.4')).toBe(4000);
    expect(t.waitFor('5.6.7.8')).toBe(0);
    now += 4000;
    expect(t.waitFor('1.2.3.4')).toBe(0);
    t.succeeded('1.2.3.4');
    expect(t.failed('1.2.3.4')).toBe(0);
  });

  it('forgets the oldest clients past its size', () => {
    const t = new FailureThrottle({ maxClients: 2, freeFailures: 0 });
    t.failed('a');
    t.failed('b');
    t.failed('c');
    expect(t.waitFor('a')).toBe(0);
    expect(t.waitFor('c')).toBeGreaterThan(0);
  });
});

describe('Host check', () => {
  const req = (host: string) => ({ headers: { host } }) as IncomingMessage;
  const check = new HostCheck({ allowed: ['vigie.example.com'], host: '127.0.0.1', publicUrl: 'https://alerts.example.org/vigie' });

  it('accepts IP literals, localhost, configured names and the public URL name', () => {
    for (const h of ['127.0.0.1:8080', '[::1]:8080', '10.0.0.5', 'localhost:8080', 'Vigie.Example.com', 'alerts.example.org:443']) {
      expect(() => check.check(req(h)), h).not.toThrow();
    }
  });

  it('refuses other names (DNS rebinding) with 421 and what to configure', () => {
    for (const h of ['evil.example:8080', 'vigie.example.com.evil.net', 'localhost:abc']) {
      expect(() => check.check(req(h)), h).toThrow(/http\.allowedHosts/);
    }
    expect(hostName('[::1]:80')).toBe('::1');
  });
});
