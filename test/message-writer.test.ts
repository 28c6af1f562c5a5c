/**
 * The server's LSP message writer (server/src/message-writer.ts): one write per message,
 * the same wire format as vscode-jsonrpc's, readable by its StreamMessageReader.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamMessageReader, type Message } from 'vscode-languageserver/node';
import { encodeMessage, SingleWriteMessageWriter } from '../server/src/message-writer';

const diagnosticsResponse = {
  jsonrpc: '2.0',
  id: 7,
  result: {
    kind: 'full',
    resultId: '1:42',
    items: [
      {
        range: { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } },
        severity: 2,
        code: 'ownership/k8s-service-account-owner',
        source: 'nhi',
        // Multi-byte characters: Content-Length counts bytes, not characters.
        message: 'ServiceAccount “büro-bot” has no owner label — nobody reviews it. AKIA…XYZW',
      },
    ],
  },
} as Message;

describe('SingleWriteMessageWriter', () => {
  it('encodes header and UTF-8 body in one buffer, Content-Length in bytes', () => {
    const data = encodeMessage(diagnosticsResponse).toString('utf8');
    const [header, body] = data.split('\r\n\r\n');
    expect(header).toBe(`Content-Length: ${Buffer.byteLength(body, 'utf8')}`);
    expect(Buffer.byteLength(body, 'utf8')).toBeGreaterThan(body.length);
    expect(JSON.parse(body)).toEqual(diagnosticsResponse);
  });

  it('writes each message with a single write, in order', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    const writer = new SingleWriteMessageWriter(sink);
    const messages = [1, 2, 3].map((id) => ({ ...diagnosticsResponse, id }) as Message);
    await Promise.all(messages.map((m) => writer.write(m)));
    expect(chunks).toHaveLength(3);
    expect(chunks.map((c) => JSON.parse(c.toString('utf8').split('\r\n\r\n')[1]).id)).toEqual([1, 2, 3]);
  });

  it("is read back by vscode-jsonrpc's reader, message by message", async () => {
    const pipe = new PassThrough();
    const writer = new SingleWriteMessageWriter(pipe);
    const reader = new StreamMessageReader(pipe);
    const received: Message[] = [];
    const done = new Promise<void>((resolve) =>
      reader.listen((m) => {
        received.push(m);
        if (received.length === 2) resolve();
      }),
    );
    const notification = { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'Indexed identity links of 12 files in 40 ms.' } } as Message;
    await writer.write(diagnosticsResponse);
    await writer.write(notification);
    await done;
    expect(received).toEqual([diagnosticsResponse, notification]);
    reader.dispose();
  });

  it('reports a write error to the connection and rejects', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('EPIPE: the client went away'));
      },
    });
    failing.on('error', () => {}); // the writer's own listener reports it; keep the test process quiet
    const writer = new SingleWriteMessageWriter(failing);
    const errors: unknown[] = [];
    writer.onError(([error, message, count]) => errors.push([error.message, (message as { id?: number } | undefined)?.id, count]));
    await expect(writer.write(diagnosticsResponse)).rejects.toThrow(/EPIPE/);
    expect(errors).toContainEqual(['EPIPE: the client went away', 7, 1]);
  });
});
