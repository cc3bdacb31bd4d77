// Encodings of input files (src/ingest/encoding.ts): each input beside what it must decode to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, decodeUtf32, decodeWindows1252, hasUtf8Multibyte, sniffEncoding } from '../../src/ingest/encoding.js';

test('byte-order marks and NUL patterns name the encoding', () => {
  const cases: [number[], string, number][] = [
    [[0xef, 0xbb, 0xbf, 0x7b], 'utf-8', 3],
    [[0xff, 0xfe, 0x00, 0x00, 0x7b, 0, 0, 0], 'utf-32le', 4],
    [[0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0x7b], 'utf-32be', 4],
    [[0xff, 0xfe, 0x7b, 0x00], 'utf-16le', 2],
    [[0xfe, 0xff, 0x00, 0x7b], 'utf-16be', 2],
    [[...Buffer.from('{"a":1}\n', 'utf16le')], 'utf-16le', 0],
    [[...Buffer.from('{"a":1}\n', 'utf16le')].reverse(), 'utf-16be', 0],
  ];
  for (const [bytes, enc, bom] of cases) assert.deepEqual(sniffEncoding(Buffer.from(bytes)), { encoding: enc, bom }, `${bytes}`);
  const le32 = Buffer.alloc(32); for (let i = 0; i < 8; i++) le32.writeUInt32LE(0x41 + i, i * 4);
  assert.equal(sniffEncoding(le32).encoding, 'utf-32le');
  assert.match(sniffEncoding(Buffer.from([0x7b, 0x00, 0x01, 0x02, 0xff, 0x0a])).binary ?? '', /NUL byte at offset 1, on the first line/);
  assert.equal(sniffEncoding(Buffer.from('{"a":1}\n\u0000\u0000')).binary, undefined, 'NULs after the first line are records\' problems');
});

test('UTF-32 decodes every plane; a unit outside Unicode or a surrogate is invalid', () => {
  const b = Buffer.alloc(12); b.writeUInt32BE(0x41, 0); b.writeUInt32BE(0x1f600, 4); b.writeUInt32BE(0xe9, 8);
  assert.deepEqual(decodeUtf32(b, 'utf-32be'), { text: 'A\u{1F600}\u00e9', valid: true });
  const bad = Buffer.alloc(8); bad.writeUInt32LE(0x110000, 0); bad.writeUInt32LE(0xd800, 4);
  assert.deepEqual(decodeUtf32(bad, 'utf-32le'), { text: '\ufffd\ufffd', valid: false });
  assert.equal(decodeUtf32(Buffer.from([0x41, 0, 0, 0, 0x42]), 'utf-32le').valid, false, 'a cut last unit');
});

test('bytes that are not UTF-8: Windows-1252 when no UTF-8 sequence is beside them, damage otherwise', () => {
  assert.equal(decodeWindows1252(Buffer.from([0x80, 0x93, 0x94, 0xe9, 0x41])), '\u20ac\u201c\u201d\u00e9A');
  assert.deepEqual(decodeText(Buffer.from('Ren\u00e9', 'latin1')), { text: 'Ren\u00e9', valid: true, legacy: true });
  assert.equal(decodeText(Buffer.concat([Buffer.from('caf\u00e9 '), Buffer.from([0xe9])])).valid, false, 'valid UTF-8 beside an invalid byte');
  assert.deepEqual(decodeText(Buffer.from('caf\u00e9')), { text: 'caf\u00e9', valid: true, legacy: false });
  assert.equal(hasUtf8Multibyte(Buffer.from([0xc3, 0x28])), false);
  assert.equal(hasUtf8Multibyte(Buffer.from([0x41, 0xe2, 0x82, 0xac])), true);
});
