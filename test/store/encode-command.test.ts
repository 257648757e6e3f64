import { Command, Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { EncodedCommand, encodeCommand, type CommandArg } from '../../src/store/encode-command.ts';
import { RedisScript } from '../../src/store/redis-script-runner.ts';
import { testRedisUrl, uniquePrefix } from '../support/redis.ts';

/** What ioredis itself would write for the same command. */
const theirs = (name: string, args: CommandArg[]): Buffer => Buffer.from(new Command(name, args).toWritable({}) as string, 'utf8');

describe('encodeCommand', () => {
  const cases: [string, CommandArg[]][] = [
    ['ping', []],
    ['evalsha', ['a'.repeat(40), 5, 'motcua:{web:c1}:lock', 'motcua:{web:c1}:seen:m1', 'tok:1', '15000', '1', '']],
    ['set', ['k', '{"name":"Nguyễn Thị Ánh","note":"đã xong ✓ 🙂"}']],
    ['set', ['k', 'x'.repeat(9_999)]],
    ['set', ['k', 'ệ'.repeat(5_000)]],
    ['echo', [0, 9, 10, 99, 100, 12_345, 1_000_000]],
  ];
  it.each(cases)('%s writes the bytes ioredis would', (name, args) => {
    expect(encodeCommand(name, args).equals(theirs(name, args))).toBe(true);
  });

  it('does not let one call’s lengths leak into the next', () => {
    encodeCommand('set', ['a'.repeat(300), 'b'.repeat(300), 'c']);
    expect(encodeCommand('set', ['k', 'v']).toString()).toBe('*3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n');
  });
});

describe('EncodedCommand against a real Redis', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  it('round-trips Vietnamese text and numbers', async () => {
    const value = 'Bệnh viện Từ Dũ — phường Bến Thành ✓';
    const key = `${uniquePrefix('encode')}value`;
    expect(await redis.sendCommand(new EncodedCommand('set', [key, value, 'EX', 60], { replyEncoding: 'utf8' }))).toBe('OK');
    expect(await redis.sendCommand(new EncodedCommand('get', [key], { replyEncoding: 'utf8' }))).toBe(value);
    expect(await redis.sendCommand(new EncodedCommand('strlen', [key], { replyEncoding: 'utf8' }))).toBe(Buffer.byteLength(value));
    await redis.del(key);
  });
});

describe('RedisScript.send', () => {
  const plain = new Redis(testRedisUrl());
  const base = uniquePrefix('send');
  const prefixed = new Redis(testRedisUrl(), { keyPrefix: `${base}p:` });
  afterAll(async () => {
    await Promise.all([plain.quit(), prefixed.quit()]);
  });
  const setAndEcho = new RedisScript("redis.call('SET', KEYS[1], ARGV[1], 'EX', 60) return redis.call('GET', KEYS[1])");

  it('sends its own encoding and reads the reply back', async () => {
    const value = 'Nguyễn Thị Ánh';
    expect(await setAndEcho.send(plain, [setAndEcho.sha, 1, `${base}k`, value])).toBe(value);
    expect(await plain.get(`${base}k`)).toBe(value);
  });

  it('leaves the encoding to ioredis when the client has a key prefix, so the prefix still applies', async () => {
    expect(await setAndEcho.send(prefixed, [setAndEcho.sha, 1, 'k', 'v'])).toBe('v');
    expect(await plain.get(`${base}p:k`)).toBe('v');
  });
});
