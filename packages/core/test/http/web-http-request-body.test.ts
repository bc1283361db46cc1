// A Fetch request's body read with a limit: a body over it is refused at once, even when it is one
// branch of a tee() whose other branch nobody reads (a framework that keeps a copy of the body).
import { describe, expect, it } from 'vitest';
import { WebHttpRequest } from '../../src/http/web-http-request.js';
import { settles } from '../support/settles.js';

/** A chunked POST (no Content-Length) whose body is one branch of a tee, the other kept unread. */
function teedPost(bytes: number): Request {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let sent = 0; sent < bytes; sent += 1024) controller.enqueue(new Uint8Array(Math.min(1024, bytes - sent)));
      controller.close();
    },
  });
  const [branch, _kept] = source.tee();
  return new Request('https://app.example/auth/back-channel-logout', {
    method: 'POST',
    body: branch,
    duplex: 'half',
  } as RequestInit);
}

describe('WebHttpRequest.readText', () => {
  it('refuses a body over the limit at once, without waiting for the tee branch nobody reads', async () => {
    const request = new WebHttpRequest(teedPost(8 * 1024), 'https://app.example');
    await expect(settles(request.readText(4096))).rejects.toThrow('the request body exceeds 4096 bytes');
  });

  it('reads a body within the limit', async () => {
    const request = new WebHttpRequest(teedPost(2048), 'https://app.example');
    expect((await settles(request.readText(4096))).length).toBe(2048);
  });
});
