import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNodeRequestBody } from '../../src/http/node-request-body.js';

type Req = Parameters<typeof readNodeRequestBody>[0];

/** A request stream of `chunks` with the given headers, as Node's server hands it over. */
function request(chunks: (string | Uint8Array)[], headers: Record<string, string> = {}): Req {
  const stream = Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : Buffer.from(c))));
  return Object.assign(stream, { headers }) as unknown as Req;
}

/** A request whose stream a body parser already read. */
function consumed(): Req {
  return { headers: {}, readableDidRead: true } as unknown as Req;
}

describe('readNodeRequestBody', () => {
  it('reads an unread stream, a multi-byte character split across chunks included', async () => {
    const euro = Buffer.from('€');
    const text = await readNodeRequestBody(request(['a=1&b=', euro.subarray(0, 1), euro.subarray(1)]), 100);
    expect(text).toBe('a=1&b=€');
  });

  it('refuses a declared length over the limit before reading, and a streamed body once past it', async () => {
    await expect(readNodeRequestBody(request(['x'], { 'content-length': '101' }), 100)).rejects.toThrow(RangeError);
    await expect(readNodeRequestBody(request(['x'.repeat(60), 'x'.repeat(60)]), 100)).rejects.toThrow(
      'the request body exceeds 100 bytes',
    );
    expect(await readNodeRequestBody(request(['x'.repeat(100)]), 100)).toHaveLength(100);
    expect(await readNodeRequestBody(request(['x'.repeat(100)], { 'content-length': '100' }), 100)).toHaveLength(100);
  });

  it("stops listening once settled, and rejects with the stream's own error", async () => {
    const req = request(['a=1']);
    expect(await readNodeRequestBody(req, 100)).toBe('a=1');
    const stream = req as unknown as Readable;
    for (const event of ['data', 'end', 'error', 'close']) expect(stream.listenerCount(event), event).toBe(0);
    const failing = new Readable({ read() {} });
    const reading = readNodeRequestBody(Object.assign(failing, { headers: {} }) as unknown as Req, 100);
    failing.emit('error', new Error('socket hang up'));
    await expect(reading).rejects.toThrow('socket hang up');
  });

  it('rejects when the request is aborted before its end', async () => {
    const stream = new Readable({ read() {} });
    const req = Object.assign(stream, { headers: {} }) as unknown as Req;
    const reading = readNodeRequestBody(req, 100);
    stream.push('a=');
    stream.destroy();
    await expect(reading).rejects.toThrow('the request was aborted');
  });

  it('takes what a body parser left: rawBody first, then text, bytes or a parsed form', async () => {
    expect(await readNodeRequestBody(consumed(), 100, { rawBody: 'raw=1', body: { parsed: '1' } })).toBe('raw=1');
    expect(await readNodeRequestBody(consumed(), 100, { body: 'text=1' })).toBe('text=1');
    expect(await readNodeRequestBody(consumed(), 100, { body: new TextEncoder().encode('bytes=€') })).toBe('bytes=€');
    // Repeated parameters stay repeated; what is not a string (a nested object) is left out.
    const form = { logout_token: ['a', 'b'], one: '1', nested: { x: 'y' } };
    expect(await readNodeRequestBody(consumed(), 100, { body: form })).toBe('logout_token=a&logout_token=b&one=1');
  });

  it('takes what a parser left of an empty body it read (no data event: only the end)', async () => {
    const stream = request([]);
    await new Promise<void>((resolve) => (stream as unknown as Readable).on('end', resolve).resume());
    expect(await readNodeRequestBody(stream, 100, { body: {} })).toBe('');
    await expect(readNodeRequestBody(stream, 100, {})).rejects.toThrow('consumed by another middleware');
  });

  it('refuses a destroyed request at once', async () => {
    const stream = request(['a=1']);
    (stream as unknown as Readable).destroy();
    await new Promise((resolve) => setTimeout(resolve, 10)); // its 'close' is past: no event will come
    await expect(readNodeRequestBody(stream, 100)).rejects.toThrow('the request was aborted');
  });

  it('refuses what a parser left over the limit, and a consumed stream with nothing left', async () => {
    await expect(readNodeRequestBody(consumed(), 5, { body: 'éé=1' })).rejects.toThrow(RangeError);
    expect(await readNodeRequestBody(consumed(), 6, { body: 'éé=1' })).toBe('éé=1'); // 6 bytes in UTF-8
    await expect(readNodeRequestBody(consumed(), 100, { body: null })).rejects.toThrow('consumed by another');
    await expect(readNodeRequestBody(consumed(), 100, {})).rejects.toThrow('consumed by another middleware');
    await expect(readNodeRequestBody(consumed(), 100, { body: 42 })).rejects.toThrow(RangeError);
  });
});
