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
  { name: 'jsonl invalid UTF-8 bytes', files: { 'DeviceProcessEvents.jsonl': Buffer.concat([Buffer.from(dpe() + '\n{"Timestamp":"' + T + '","FileName":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('.exe"}\n' + dpe() + '\n')]) },
    tables: { DeviceProcessEvents: 2 }, quarantine: [{ line: 2, reason: /^invalid UTF-8 bytes/ }] },
  { name: 'jsonl Latin-1 text', files: { 'SigninLogs.jsonl': Buffer.from(lines(signin({ UserDisplayName: 'Ren\u00e9' }), signin()), 'latin1') },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 1, reason: /^invalid UTF-8 bytes/ }] },
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
  { name: 'csv invalid UTF-8 in one row', files: { 'SigninLogs.csv': Buffer.concat([Buffer.from(`${SIGNIN_CSV_HEADER}\n${T},ren`), Buffer.from([0xe9]), Buffer.from(`@b.example,0,true,1,{}\n${T},c@d.example,0,true,1,{}\n`)]) },
    tables: { SigninLogs: 1 }, quarantine: [{ line: 2, reason: /^invalid UTF-8 bytes/ }] },
  { name: 'csv with BOM and CRLF', control: true, files: { 'SigninLogs.csv': '\ufeff' + [SIGNIN_CSV_HEADER, `${T},a@b.example,0,true,1,"{""k"":""multi\r\nline""}"`, `${T},c@d.example,0,true,1,{}`].join('\r\n') + '\r\n' },
    tables: { SigninLogs: 2 }, quarantine: [] },
  { name: 'csv header only', control: true, files: { 'SigninLogs.csv': SIGNIN_CSV_HEADER + '\n' }, tables: {}, quarantine: [] },
  { name: 'csv semicolon-delimited', control: true, files: { 'SigninLogs.csv': lines(SIGNIN_CSV_HEADER.replace(/,/g, ';'), `${T};a@b.example;0;true;1;{}`) },
    tables: { SigninLogs: 1 }, quarantine: [] },
];
