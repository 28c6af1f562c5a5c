/**
 * Byte-level mutations of real files, as fast-check arbitraries: the damage real
 * workspaces show (truncated downloads, merge accidents, binary junk, editors
 * mixing line endings, BOMs) applied to the project's own fixtures.
 */
import fc from 'fast-check';

export type Mutation =
  | { op: 'flip'; at: number; byte: number }
  | { op: 'truncate'; at: number }
  | { op: 'splice'; other: number; at: number; from: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'nul'; at: number; count: number }
  | { op: 'invalid-utf8'; at: number; bytes: readonly number[] }
  | { op: 'line-endings'; style: 'crlf' | 'cr' | 'mixed' }
  | { op: 'bom'; kind: 'utf8' | 'utf16le' | 'utf16be' | 'double-utf8' };

/** Positions are fractions of the current length, so one mutation fits any file. */
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

export function mutationArb(corpusSize: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ op: fc.constant('flip' as const), at: fraction, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('truncate' as const), at: fraction }),
    fc.record({ op: fc.constant('splice' as const), other: fc.nat({ max: Math.max(0, corpusSize - 1) }), at: fraction, from: fraction }),
    fc.record({ op: fc.constant('duplicate' as const), at: fraction, length: fc.integer({ min: 1, max: 4096 }) }),
    fc.record({ op: fc.constant('nul' as const), at: fraction, count: fc.integer({ min: 1, max: 8 }) }),
    fc.record({
      op: fc.constant('invalid-utf8' as const),
      at: fraction,
      // Lone continuation bytes, overlong forms, truncated sequences, surrogates encoded in UTF-8, 0xFF.
      bytes: fc.constantFrom([0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f]),
    }),
    fc.record({ op: fc.constant('line-endings' as const), style: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const) }),
    fc.record({ op: fc.constant('bom' as const), kind: fc.constantFrom('utf8' as const, 'utf16le' as const, 'utf16be' as const, 'double-utf8' as const) }),
  );
}

export function describeMutation(m: Mutation): string {
  switch (m.op) {
    case 'flip':
      return `flip@${m.at.toFixed(3)}=${m.byte}`;
    case 'truncate':
      return `truncate@${m.at.toFixed(3)}`;
    case 'splice':
      return `splice#${m.other}@${m.at.toFixed(3)}`;
    case 'duplicate':
      return `dup@${m.at.toFixed(3)}+${m.length}`;
    case 'nul':
      return `nul@${m.at.toFixed(3)}x${m.count}`;
    case 'invalid-utf8':
      return `bad-utf8@${m.at.toFixed(3)}`;
    case 'line-endings':
      return `eol=${m.style}`;
    case 'bom':
      return `bom=${m.kind}`;
  }
}

const pos = (f: number, length: number): number => Math.min(length, Math.floor(f * (length + 1)));

export function applyMutation(buf: Buffer, m: Mutation, corpus: readonly Buffer[]): Buffer {
  switch (m.op) {
    case 'flip': {
      if (buf.length === 0) return buf;
      const out = Buffer.from(buf);
      out[Math.min(buf.length - 1, pos(m.at, buf.length))] = m.byte;
      return out;
    }
    case 'truncate':
      return buf.subarray(0, pos(m.at, buf.length));
    case 'splice': {
      const other = corpus[m.other % corpus.length] ?? Buffer.alloc(0);
      return Buffer.concat([buf.subarray(0, pos(m.at, buf.length)), other.subarray(pos(m.from, other.length))]);
    }
    case 'duplicate': {
      const at = pos(m.at, buf.length);
      const region = buf.subarray(at, at + m.length);
      return Buffer.concat([buf.subarray(0, at), region, region, buf.subarray(at)]);
    }
    case 'nul': {
      const at = pos(m.at, buf.length);
      return Buffer.concat([buf.subarray(0, at), Buffer.alloc(m.count), buf.subarray(at)]);
    }
    case 'invalid-utf8': {
      const at = pos(m.at, buf.length);
      return Buffer.concat([buf.subarray(0, at), Buffer.from(m.bytes), buf.subarray(at)]);
    }
    case 'line-endings': {
      const text = buf.toString('latin1');
      const unified = text.replace(/\r\n?/g, '\n');
      if (m.style === 'crlf') return Buffer.from(unified.replace(/\n/g, '\r\n'), 'latin1');
      if (m.style === 'cr') return Buffer.from(unified.replace(/\n/g, '\r'), 'latin1');
      let i = 0;
      return Buffer.from(unified.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3]), 'latin1');
    }
    case 'bom': {
      if (m.kind === 'utf8') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]);
      if (m.kind === 'double-utf8') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), buf]);
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(buf.toString('utf8'), 'utf16le')]);
      if (m.kind === 'utf16le') return le;
      const be = Buffer.from(le);
      be.subarray(0, be.length & ~1).swap16();
      return be;
    }
  }
}
