import { gzipSync } from 'node:zlib';

/**
 * The malformed-input corpus: each case is its input files beside the quarantine entries and the
 * ingested row counts it must give. Inputs are built here (not stored as files) because several
 * are binary or large (invalid UTF-8, UTF-16, truncated gzip, a 10 MB line). Cases marked
 * `control` are well-formed oddities (BOM, CRLF, blank lines) that must lose nothing.
 */
export interface ExpectedEntry { readonly file?: string; readonly line: number; readonly kind?: 'record' | 'file'; readonly reason: RegExp; readonly table?: string }
export interface MalformedCase {
  readonly name: string;
  readonly files: Record<string, string | Buffer>;
  /** Ingested rows per table. */
  readonly tables: Record<string, number>;
  readonly quarantine: readonly ExpectedEntry[];
  readonly control?: boolean;
  /** Records read in all (stored + quarantined), when the case states it. */
  readonly read?: number;
  /** Each must match one of the report's warnings (notices of skipped links, encodings read). */
  readonly warnings?: readonly RegExp[];
  /** Symbolic links to make beside the files: name → target. */
  readonly links?: Record<string, string>;
  /** FIFOs (named pipes) to make beside the files. */
  readonly fifos?: readonly string[];
}

const T = '2024-06-04T10:00:00Z';
const dpe = (extra: Record<string, unknown> = {}) => JSON.stringify({ Timestamp: T, DeviceName: 'ws-1', FileName: 'az.exe', ProcessId: 42, ...extra });
const signin = (extra: Record<string, unknown> = {}) => JSON.stringify({ TimeGenerated: T, UserPrincipalName: 'a@b.example', ResultType: '0', ...extra });
const lines = (...ls: string[]) => ls.join('\n') + '\n';
const SIGNIN_CSV_HEADER = 'TimeGenerated [UTC],UserPrincipalName,ResultType,IsInteractive,DurationMs,LocationDetails';
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const ct = (r: Record<string, unknown>) => ({ eventVersion: '1.08', eventTime: T, eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', awsRegion: 'us-east-1', userIdentity: { type: 'IAMUser', userName: 'u' }, ...r });

const jsonlGood = lines(dpe(), dpe({ ProcessId: 43 }), dpe({ ProcessId: 44 }), dpe({ ProcessId: 45 }));
// Enough varied lines that a cut gzip still holds whole records before the damage.
const gz = gzipSync(Buffer.from(Array.from({ length: 3000 }, (_, i) => dpe({ ProcessId: i, ProcessCommandLine: `cmd ${i * 7919 % 10007}` })).join('\n') + '\n'));

const bigJsonl = (broken: string[], good: number) => lines(...broken, ...Array.from({ length: good }, (_, i) => signin({ UserPrincipalName: `u${i}@b.example` })));
const csvRow = (upn: string) => `${T},${upn},0,true,1,{}`;
const utf32 = (text: string, le: boolean, bom: boolean): Buffer => {
  const cps = [...(bom ? '\ufeff' : '') + text].map((c) => c.codePointAt(0)!);
  const b = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) => (le ? b.writeUInt32LE(cp, i * 4) : b.writeUInt32BE(cp, i * 4)));
  return b;
};
const utf16be = (text: string): Buffer => { const b = Buffer.from(text, 'utf16le'); for (let i = 0; i + 1 < b.length; i += 2) { const t = b[i]!; b[i] = b[i + 1]!; b[i + 1] = t; } return b; };
const twoSignins = lines(signin({ UserDisplayName: 'Ren\u00e9 \u{1F600}' }), signin());

/** The cases of issue 12 (an adversarial run): each is its input beside what it must give. */
const ISSUE_12: readonly MalformedCase[] = [
  // Format detection: broken first lines cannot make JSON lines one JSON document.
  { name: 'jsonl first two of 1,002 lines broken', files: { 'SigninLogs.jsonl': bigJsonl(['{"TimeGenerated": "2024-06-04T10:00:00Z", "UserPrin', '{"TimeGenerated": '], 1000) },
    read: 1002, tables: { SigninLogs: 1000 }, quarantine: [{ line: 1, reason: /^invalid JSON/ }, { line: 2, reason: /^invalid JSON/ }] },
  { name: 'jsonl first two of 3 lines broken (a short file)', files: { 'SigninLogs.jsonl': bigJsonl(['{"TimeGenerated": "2024-06-04T10:00:00Z", "UserPrin', '{"TimeGenerated": '], 1) },
    read: 3, tables: { SigninLogs: 1 }, quarantine: [{ line: 1, reason: /^invalid JSON/ }, { line: 2, reason: /^invalid JSON/ }], warnings: [/not one JSON document .* read as JSON lines/] },
  { name: 'jsonl broken first line, no extension hint', files: { 'SigninLogs.txt': bigJsonl(['garbage that is not JSON'], 20) },
    read: 21, tables: { SigninLogs: 20 }, quarantine: [{ line: 1, reason: /^invalid JSON/ }] },
  { name: 'jsonl whose first line is an array of records', control: true, files: { 'SigninLogs.jsonl': lines(`[${signin()},${signin()}]`, signin(), signin()) },
    read: 4, tables: { SigninLogs: 4 }, quarantine: [] },
  { name: 'json array on one line', control: true, files: { 'SigninLogs.json': `[${signin()},${signin()}]\n` },
    read: 2, tables: { SigninLogs: 2 }, quarantine: [] },
  { name: 'json envelope whose elements are one line each', control: true, files: { 'SigninLogs.json': `{"value":[\n${signin()}\n]}\n` },
    read: 1, tables: { SigninLogs: 1 }, quarantine: [] },
  // CSV: a quote error costs its own record only, each lost record its own entry.
  { name: 'csv unbalanced quote before 9 valid rows', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, csvRow('a@b.example'), `${T},"c@d.example,0,true,1,{}`,
    ...Array.from({ length: 9 }, (_, i) => csvRow(`r${i}@b.example`)), `${T},e@f.example,0,true,1,"{}"`) },
    read: 12, tables: { SigninLogs: 11 }, quarantine: [{ line: 3, reason: /^CSV: unbalanced quote: the record would run to line 13 .*read again from line 4/ }] },
  { name: 'csv two unbalanced quotes', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, `${T},"a@b.example,0,true,1,{}`, csvRow('b@b.example'), `${T},"c@d.example,0,true,1,{}`, csvRow('d@b.example')) },
    read: 4, tables: { SigninLogs: 2 }, quarantine: [{ line: 2, reason: /^CSV: unbalanced quote/ }, { line: 4, reason: /^CSV: unterminated quoted cell/ }] },
  { name: 'csv cell over the record-size limit', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, csvRow('a@b.example'), `${T},${'x'.repeat(9 * 1024 * 1024)},0,true,1,{}`, csvRow('c@b.example')) },
    read: 3, tables: { SigninLogs: 2 }, quarantine: [{ line: 3, reason: /^CSV: record of 94\d{5} characters exceeds the limit of 8388608 bytes/ }] },
  // Longs: exact to ±2^53 (float64 storage), else quarantined; beyond int64 too.
  { name: 'jsonl long beyond 2^53', files: { 'DeviceProcessEvents.jsonl': lines(dpe({ ProcessId: 9007199254740991 }), '{"Timestamp":"2024-06-04T10:00:00Z","ProcessId":9007199254740993}', '{"Timestamp":"2024-06-04T10:00:00Z","ProcessId":-9007199254740993}') },
    read: 3, tables: { DeviceProcessEvents: 1 }, quarantine: [{ line: 2, reason: /^ProcessId: a number of about 9\.007199254740992e\+15 is beyond ±2\^53/ }, { line: 3, reason: /^ProcessId: .* is beyond ±2\^53/ }] },
  { name: 'jsonl long beyond int64', files: { 'DeviceProcessEvents.jsonl': lines('{"Timestamp":"2024-06-04T10:00:00Z","ProcessId":92233720368547758070}', dpe()) },
    read: 2, tables: { DeviceProcessEvents: 1 }, quarantine: [{ line: 1, reason: /^ProcessId: .* is outside the long range/ }] },
  { name: 'csv long beyond 2^53 and beyond int64', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, `${T},a@b.example,0,true,9007199254740993,{}`, `${T},a@b.example,0,true,9223372036854775808,{}`, `${T},a@b.example,0,true,9007199254740991,{}`) },
    read: 3, tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^DurationMs: 9007199254740993 is beyond ±2\^53/ }, { line: 3, reason: /^DurationMs: 9223372036854775808 is outside the long range/ }] },
  // Two fields naming one column: never a silent override.
  { name: 'jsonl case-variant keys with different values', files: { 'SigninLogs.jsonl': lines(signin({ timegenerated: '2020-01-01T00:00:00Z' }), signin({ USERPRINCIPALNAME: 'evil@b.example' }), signin({ userprincipalname: 'a@b.example' }), signin()) },
    read: 4, tables: { SigninLogs: 2 }, quarantine: [{ line: 1, reason: /^fields "TimeGenerated" and "timegenerated" both name column TimeGenerated/ }, { line: 2, reason: /^fields "UserPrincipalName" and "USERPRINCIPALNAME" both name column UserPrincipalName/ }] },
  { name: 'jsonl case-variant keys in a native-read table', files: { 'DeviceProcessEvents.jsonl': lines(dpe(), dpe({ processid: 7 }), dpe({ PROCESSID: 42 })) },
    read: 3, tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 2, reason: /^fields "ProcessId" and "processid" both name column ProcessId/ }] },
  { name: 'csv duplicate header', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER + ',UserPrincipalName', `${csvRow('a@b.example')},a@b.example`, `${csvRow('a@b.example')},evil@b.example`, `${csvRow('a@b.example')},`) },
    read: 3, tables: { SigninLogs: 2 }, quarantine: [{ line: 3, reason: /^CSV: fields 2 and 7 both name column "UserPrincipalName", with different values/ }], warnings: [/SigninLogs\.csv:1: the header names column "UserPrincipalName" 2 times \(fields 2, 7\)/] },
  { name: 'csv case-variant header', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER + ',USERPRINCIPALNAME', `${csvRow('a@b.example')},x@b.example`, `${csvRow('a@b.example')},a@b.example`) },
    read: 2, tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^fields "UserPrincipalName" and "USERPRINCIPALNAME" both name column UserPrincipalName/ }], warnings: [/header fields "UserPrincipalName" and "USERPRINCIPALNAME" name the same column/] },
  // Encodings.
  { name: 'jsonl UTF-32LE with BOM', control: true, files: { 'SigninLogs.jsonl': utf32(twoSignins, true, true) }, read: 2, tables: { SigninLogs: 2 }, quarantine: [], warnings: [/read as UTF-32LE$/] },
  { name: 'jsonl UTF-32BE with BOM', control: true, files: { 'SigninLogs.jsonl': utf32(twoSignins, false, true) }, read: 2, tables: { SigninLogs: 2 }, quarantine: [], warnings: [/read as UTF-32BE$/] },
  { name: 'csv UTF-32LE without BOM', control: true, files: { 'SigninLogs.csv': utf32(lines(SIGNIN_CSV_HEADER, csvRow('a@b.example'), csvRow('b@b.example')), true, false) }, read: 2, tables: { SigninLogs: 2 }, quarantine: [], warnings: [/read as UTF-32LE \(no byte-order mark/] },
  { name: 'jsonl UTF-16BE with BOM', control: true, files: { 'SigninLogs.jsonl': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(twoSignins)]) }, read: 2, tables: { SigninLogs: 2 }, quarantine: [], warnings: [/read as UTF-16BE$/] },
  { name: 'jsonl UTF-16LE without BOM', control: true, files: { 'SigninLogs.jsonl': Buffer.from(twoSignins, 'utf16le') }, read: 2, tables: { SigninLogs: 2 }, quarantine: [], warnings: [/read as UTF-16LE \(no byte-order mark/] },
  { name: 'jsonl UTF-32LE with a code point outside Unicode', files: { 'SigninLogs.jsonl': Buffer.concat([utf32(signin() + '\n{"TimeGenerated":"' + T + '","UserPrincipalName":"', true, true), Buffer.from([0, 0, 0x11, 0]), utf32('"}\n' + signin() + '\n', true, false)]) },
    read: 3, tables: { SigninLogs: 2 }, quarantine: [{ line: 2, reason: /^invalid UTF-32LE text/ }], warnings: [/read as UTF-32LE/] },
  { name: 'jsonl UTF-16LE with a lone surrogate', files: { 'SigninLogs.jsonl': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(signin() + '\n{"TimeGenerated":"' + T + '","UserPrincipalName":"', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('"}\n' + signin() + '\n', 'utf16le')]) },
    read: 3, tables: { SigninLogs: 2 }, quarantine: [{ line: 2, reason: /^invalid UTF-16LE text/ }] },
  { name: 'csv Latin-1 (Windows-1252) export', files: { 'SigninLogs.csv': Buffer.from(lines(SIGNIN_CSV_HEADER, csvRow('ren\u00e9@b.example'), csvRow('b@b.example')), 'latin1') },
    read: 2, tables: { SigninLogs: 2 }, quarantine: [], warnings: [/SigninLogs\.csv:2: not UTF-8 .*the file read as Windows-1252/] },
  { name: 'binary file with NUL bytes', files: { 'SigninLogs.jsonl': Buffer.concat([Buffer.from('{"a":'), Buffer.from([0, 1, 2, 0, 0xff, 0x10, 0, 0]), Buffer.alloc(64, 7)]) },
    read: 0, tables: {}, quarantine: [{ line: 1, kind: 'file', reason: /^not read: a NUL byte at offset 5, on the first line/ }] },
  { name: 'jsonl whose tail a crash filled with NUL bytes', files: { 'SigninLogs.jsonl': Buffer.concat([Buffer.from(lines(signin(), signin())), Buffer.alloc(4096, 0)]) },
    read: 3, tables: { SigninLogs: 2 }, quarantine: [{ line: 3, reason: /^incomplete last line/ }] },
  // Links and special files: each real file once, cycles end, pipes never opened.
  { name: 'folder with two self links', files: { 'SigninLogs.jsonl': lines(signin(), signin()) }, links: { self: '.', again: '.' },
    read: 2, tables: { SigninLogs: 2 }, quarantine: [], warnings: [/again: a folder already read as .* \(symbolic link\); skipped/, /self: a folder already read as .* \(symbolic link\); skipped/] },
  { name: 'a file linked twice', files: { 'SigninLogs.jsonl': lines(signin(), signin()) }, links: { 'SigninLogs_copy.jsonl': 'SigninLogs.jsonl' },
    read: 2, tables: { SigninLogs: 2 }, quarantine: [], warnings: [/SigninLogs_copy\.jsonl: the same file already read as .*SigninLogs\.jsonl \(symbolic link\); skipped/] },
  { name: 'a FIFO among the inputs', files: { 'SigninLogs.jsonl': lines(signin()) }, fifos: ['SigninLogs_pipe.jsonl'],
    read: 1, tables: { SigninLogs: 1 }, quarantine: [], warnings: [/SigninLogs_pipe\.jsonl: a FIFO \(named pipe\), not read; skipped/] },
];

export const CORPUS: readonly MalformedCase[] = [
  // ---- JSON lines ----
  { name: 'jsonl broken line in the middle', files: { 'DeviceProcessEvents.jsonl': lines(dpe(), '{"Timestamp": "2024-06-04T10:00:00Z", "FileName": ', dpe()) },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 2, reason: /^invalid JSON/, table: 'DeviceProcessEvents' }] },
  { name: 'jsonl half-written last line', files: { 'DeviceProcessEvents.jsonl': lines(dpe(), dpe()) + '{"Timestamp":"2024-06-04T10:00:00Z","DeviceN' },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 3, reason: /^incomplete last line/ }] },
  { name: 'jsonl stray closing brace line', files: { 'DeviceProcessEvents.jsonl': lines(dpe(), '}', dpe()) },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 2, reason: /^invalid JSON/ }] },
  { name: 'jsonl number as a record', files: { 'DeviceProcessEvents.jsonl': lines(dpe(), '42', dpe()) },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 2, reason: /not a JSON object/ }] },
  { name: 'jsonl null record', files: { 'DeviceProcessEvents.jsonl': lines('null', dpe()) },
    tables: { DeviceProcessEvents: 1 }, quarantine: [{ line: 1, reason: /is null, not a JSON object/ }] },
  { name: 'jsonl string in a long column', files: { 'DeviceProcessEvents.jsonl': lines(dpe(), dpe({ ProcessId: 'abc' })) },
    tables: { DeviceProcessEvents: 1 }, quarantine: [{ line: 2, reason: /^ProcessId: "abc" is not a long/ }] },
  { name: 'jsonl fraction in a long column', files: { 'DeviceProcessEvents.jsonl': lines(dpe({ ProcessId: 4.5 })) },
    tables: { DeviceProcessEvents: 0 }, quarantine: [{ line: 1, reason: /^ProcessId: 4.5 is not a long/ }] },
  { name: 'jsonl number overflowing to infinity', files: { 'DeviceProcessEvents.jsonl': lines('{"Timestamp":"2024-06-04T10:00:00Z","ProcessId":1e400}', dpe()) },
    tables: { DeviceProcessEvents: 1 }, quarantine: [{ line: 1, reason: /^ProcessId: Infinity is not a long/ }] },
  { name: 'jsonl bad bool', files: { 'DeviceProcessEvents.jsonl': lines(dpe({ IsProcessRemoteSession: 'maybe' }), dpe({ IsProcessRemoteSession: 'TRUE' })) },
    tables: { DeviceProcessEvents: 1 }, quarantine: [{ line: 1, reason: /^IsProcessRemoteSession: "maybe" is not a bool/ }] },
  { name: 'jsonl object in a long column', files: { 'DeviceProcessEvents.jsonl': lines(dpe({ ProcessId: { pid: 1 } })) },
    tables: { DeviceProcessEvents: 0 }, quarantine: [{ line: 1, reason: /^ProcessId: an object is not a long/ }] },
  { name: 'jsonl invalid date', files: { 'SigninLogs.jsonl': lines(signin({ TimeGenerated: '2024-13-45T00:00:00Z' }), signin()) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 1, reason: /^TimeGenerated: "2024-13-45T00:00:00Z" is not a datetime/ }] },
  { name: 'jsonl February 30th', files: { 'SigninLogs.jsonl': lines(signin({ TimeGenerated: '2023-02-30T10:00:00Z' })) },
    tables: { SigninLogs: 0 }, quarantine: [{ line: 1, reason: /is not a datetime/ }] },
  { name: 'jsonl number as a datetime', files: { 'SigninLogs.jsonl': lines(signin({ TimeGenerated: 1717495200 })) },
    tables: { SigninLogs: 0 }, quarantine: [{ line: 1, reason: /^TimeGenerated: 1717495200 is not a datetime/ }] },
  { name: 'jsonl missing required time', files: { 'SigninLogs.jsonl': lines(signin(), JSON.stringify({ UserPrincipalName: 'x@y.example' })) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^missing required time \(TimeGenerated\)/ }] },
  { name: 'jsonl null time', files: { 'SigninLogs.jsonl': lines(signin({ TimeGenerated: null })) },
    tables: { SigninLogs: 0 }, quarantine: [{ line: 1, reason: /^missing required time/ }] },
  { name: 'jsonl empty-string time', files: { 'SigninLogs.jsonl': lines(signin({ TimeGenerated: '' }), signin({ TimeGenerated: '', CreatedDateTime: T })) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 1, reason: /^missing required time/ }] },
  { name: 'jsonl 10 MB line', files: { 'DeviceProcessEvents.jsonl': lines(dpe(), dpe({ ProcessCommandLine: 'A'.repeat(10 * 1024 * 1024) }), dpe()) },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 2, reason: /exceeds the limit of 8388608 bytes/ }] },
  { name: 'jsonl 10 MB last line without newline', files: { 'DeviceProcessEvents.jsonl': lines(dpe()) + dpe({ ProcessCommandLine: 'B'.repeat(10 * 1024 * 1024) }) },
    tables: { DeviceProcessEvents: 1 }, quarantine: [{ line: 2, reason: /exceeds the limit/ }] },
  { name: 'jsonl JSON nested 200 deep', files: { 'DeviceProcessEvents.jsonl': lines(dpe({ AdditionalFields: JSON.parse(deep(200)) }), dpe()) },
    tables: { DeviceProcessEvents: 1 }, quarantine: [{ line: 1, reason: /^AdditionalFields: JSON nested deeper than 100 levels/ }] },
  { name: 'jsonl JSON nested 100000 deep in an unknown field', files: { 'DeviceProcessEvents.jsonl': `{"Timestamp":"${T}","Blob":${deep(100000)}}\n${dpe()}\n` },
    tables: { DeviceProcessEvents: 1 }, quarantine: [{ line: 1, reason: /^Blob: JSON nested deeper than 100 levels/ }] },
  // Invalid bytes beside valid UTF-8 ("é") are damage: the line is quarantined.
  { name: 'jsonl invalid UTF-8 bytes', files: { 'DeviceProcessEvents.jsonl': Buffer.concat([Buffer.from(dpe() + '\n{"Timestamp":"' + T + '","FileName":"\u00e9'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('.exe"}\n' + dpe() + '\n')]) },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 2, reason: /^invalid UTF-8 bytes/ }] },
  // Invalid bytes with no UTF-8 sequence anywhere near them: a legacy encoding, read as Windows-1252.
  { name: 'jsonl Latin-1 text', files: { 'SigninLogs.jsonl': Buffer.from(lines(signin({ UserDisplayName: 'Ren\u00e9' }), signin()), 'latin1') },
    tables: { SigninLogs: 2 }, quarantine: [], warnings: [/SigninLogs\.jsonl:1: not UTF-8 .*1 line\(s\) read as Windows-1252/] },
  { name: 'jsonl UTF-8 BOM', control: true, files: { 'DeviceProcessEvents.jsonl': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jsonlGood)]) },
    tables: { DeviceProcessEvents: 4 }, quarantine: [] },
  { name: 'jsonl CRLF', control: true, files: { 'DeviceProcessEvents.jsonl': jsonlGood.replace(/\n/g, '\r\n') },
    tables: { DeviceProcessEvents: 4 }, quarantine: [] },
  { name: 'jsonl UTF-16LE with BOM', control: true, files: { 'SigninLogs.jsonl': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(signin({ UserDisplayName: 'Ren\u00e9' }), signin()), 'utf16le')]) },
    tables: { SigninLogs: 2 }, quarantine: [] },
  { name: 'jsonl blank and whitespace lines', control: true, files: { 'DeviceProcessEvents.jsonl': `\n${dpe()}\n   \n\t\n${dpe()}\n\n` },
    tables: { DeviceProcessEvents: 2 }, quarantine: [] },
  { name: 'jsonl mixed schemas in an unknown table', control: true, files: { 'Mixed.jsonl': lines('{"n":1,"a":"x"}', '{"n":"two","b":true}', '{"n":{"k":3}}') },
    tables: { Mixed: 3 }, quarantine: [] },
  // ---- JSON documents ----
  { name: 'json array with a broken element', files: { 'DeviceProcessEvents.json': `[\n${dpe()},\n{"Timestamp": "${T}", "FileName": oops},\n${dpe()}\n]\n` },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 3, reason: /^invalid JSON/ }] },
  { name: 'json array cut mid-element', files: { 'DeviceProcessEvents.json': `[\n${dpe()},\n${dpe()},\n{"Timestamp": "${T}", "File` },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 4, reason: /^incomplete record at end of file/ }] },
  { name: 'json array cut between elements', files: { 'DeviceProcessEvents.json': `[\n${dpe()},\n${dpe()},\n` },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 4, kind: 'file', reason: /^document ends before its closing bracket/ }] },
  { name: 'json envelope with a broken element', files: { 'SigninLogs_graph.json': `{"@odata.context":"x","value":[\n${signin()},\n{bad},\n${signin()}]}` },
    tables: { SigninLogs: 2 }, quarantine: [{ line: 3, reason: /^invalid JSON/ }] },
  { name: 'cloudtrail record with a bad eventTime', files: { 'ct.json': JSON.stringify({ Records: [ct({}), ct({ eventTime: 'yesterday' })] }) },
    tables: { AWSCloudTrail: 1 }, quarantine: [{ line: 1, reason: /^TimeGenerated: "yesterday" is not a datetime/, table: 'AWSCloudTrail' }] },
  { name: 'cloudtrail record without eventTime becomes unroutable', files: { 'AWSCloudTrail.json': JSON.stringify({ Records: [ct({}), { ...ct({}), eventTime: undefined }] }) },
    tables: { AWSCloudTrail: 1 }, quarantine: [{ line: 1, reason: /^missing required time/, table: 'AWSCloudTrail' }] },
  { name: 'pretty-printed single object broken', files: { 'SigninLogs.json': `{\n  "TimeGenerated": "${T}",\n  "UserPrincipalName": "a@b.example"\n  "ResultType": "0"\n}\n` },
    tables: {}, quarantine: [{ line: 4, reason: /^invalid JSON/ }] },
  { name: 'json array of strings', files: { 'DeviceProcessEvents.json': '["a", "b"]' },
    tables: {}, quarantine: [{ line: 1, reason: /is a string, not a JSON object/ }, { line: 1, reason: /is a string, not a JSON object/ }] },
  { name: 'json array with garbage between elements', files: { 'DeviceProcessEvents.json': `[${dpe()} xx, ${dpe()}]` },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 1, reason: /^invalid JSON/ }] },
  { name: 'empty file', control: true, files: { 'SigninLogs.jsonl': '' }, tables: {}, quarantine: [] },
  { name: 'whitespace-only file', control: true, files: { 'SigninLogs.json': ' \n\r\n\t ' }, tables: {}, quarantine: [] },
  // ---- gzip ----
  { name: 'truncated gzip', files: { 'DeviceProcessEvents.jsonl.gz': gz.subarray(0, Math.floor(gz.length * 0.7)) },
    tables: { DeviceProcessEvents: -1 }, quarantine: [{ line: -1, reason: /^incomplete last line/ }, { line: -1, kind: 'file', reason: /^gzip stream ends early or is corrupt/ }] },
  { name: 'corrupt gzip body', files: { 'DeviceProcessEvents.jsonl.gz': Buffer.concat([gz.subarray(0, 12), Buffer.alloc(64, 0x55)]) },
    tables: {}, quarantine: [{ line: 1, kind: 'file', reason: /^gzip stream ends early or is corrupt \(invalid/ }] },
  { name: '.gz name on a plain file', control: true, files: { 'DeviceProcessEvents.jsonl.gz': jsonlGood }, tables: { DeviceProcessEvents: 4 }, quarantine: [] },
  // ---- CSV ----
  { name: 'csv unterminated quote', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, `${T},a@b.example,0,true,1,"{""x"":1}"`, `"${T},c@d.example,0,true,1,{}`, `${T},e@f.example,0,true,1,{}`) },
    tables: { SigninLogs: 2 }, quarantine: [{ line: 3, reason: /^CSV: unterminated quoted cell/ }] },
  { name: 'csv text after closing quote', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, `${T},"a@b.example"x,0,true,1,{}`, `${T},c@d.example,0,true,1,{}`) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^CSV: unexpected text after a closing quote/ }] },
  { name: 'csv too many fields', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, `${T},a@b.example,0,true,1,{},extra,more`, `${T},c@d.example,0,true,1,{}`) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^CSV: expected 6 fields, found 8/ }] },
  { name: 'csv too few fields', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, `${T},a@b.example`, `${T},c@d.example,0,true,1,{}`) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^CSV: expected 6 fields, found 2/ }] },
  { name: 'csv impossible locale date', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, '"31/31/2024, 10:00:00.000",a@b.example,0,true,1,{}', '"13/01/2024, 10:00:00.000",c@d.example,0,true,1,{}') },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^TimeGenerated: "31\/31\/2024, 10:00:00.000" is not a datetime/ }] },
  { name: 'csv day-first and month-first mixed', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, '"13/01/2024, 10:00:00.000",a@b.example,0,true,1,{}', '"01/13/2024, 10:00:00.000",c@d.example,0,true,1,{}') },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 3, reason: /^TimeGenerated: "01\/13\/2024, 10:00:00.000" is not a datetime/ }] },
  { name: 'csv bad bool', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, `${T},a@b.example,0,yes,1,{}`, `${T},c@d.example,0,FALSE,1,{}`) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^IsInteractive: "yes" is not a bool/ }] },
  { name: 'csv fraction in a long column', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, `${T},a@b.example,0,true,1.5,{}`) },
    tables: { SigninLogs: 0 }, quarantine: [{ line: 2, reason: /^DurationMs: "1.5" is not a long/ }] },
  { name: 'csv empty time in a table with a time column', files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER, `,a@b.example,0,true,1,{}`, `${T},c@d.example,0,true,1,{}`) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^missing required time/ }] },
  { name: 'csv invalid UTF-8 in one row', files: { 'SigninLogs.csv': Buffer.concat([Buffer.from(`${SIGNIN_CSV_HEADER}\n${T},ren`), Buffer.from([0xe9]), Buffer.from(`@b.example,0,true,1,{}\n${T},c\u00e9@d.example,0,true,1,{}\n`)]) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^invalid UTF-8 bytes/ }] },
  { name: 'csv with BOM and CRLF', control: true, files: { 'SigninLogs.csv': '\ufeff' + [SIGNIN_CSV_HEADER, `${T},a@b.example,0,true,1,"{""k"":""multi\r\nline""}"`, `${T},c@d.example,0,true,1,{}`].join('\r\n') + '\r\n' },
    tables: { SigninLogs: 2 }, quarantine: [] },
  { name: 'csv header only', control: true, files: { 'SigninLogs.csv': SIGNIN_CSV_HEADER + '\n' }, tables: {}, quarantine: [] },
  { name: 'csv semicolon-delimited', control: true, files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER.replace(/,/g, ';'), `${T};a@b.example;0;true;1;{}`) },
    tables: { SigninLogs: 1 }, quarantine: [] },
  // ---- issue 12: nothing lost, nothing hangs ----
  ...ISSUE_12,
];
