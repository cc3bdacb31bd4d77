// The writing management commands' text (src/serve/ingest-inline.ts): each command beside what it
// parses to, the inline data beside the rows (or the line:col error) it gives, and a query result
// fitted to a table by position and type as Kusto does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMgmtWrite, inlineTable, fitToTable } from '../../src/serve/ingest-inline.ts';
import { tableFromRows, type ColumnSchema, type Table } from '../../src/kql/data.ts';

const rowsOf = (t: Table): unknown[][] => Array.from({ length: t.rowCount }, (_, i) => t.fields.map((f) => f.column.get(i)));

test('parseMgmtWrite: each command beside what it parses to', () => {
  const cases: [string, unknown][] = [
    ['.ingest inline into table Purchases <|\nShoes,1000', { kind: 'ingest-inline', table: 'Purchases', format: 'csv', ignoreFirstRecord: false, data: 'Shoes,1000', dataLine: 2 }],
    ['.ingest inline into table [\'My Table\'] with (format="tsv", ignoreFirstRecord=true) <| a\t1', { kind: 'ingest-inline', table: 'My Table', format: 'tsv', ignoreFirstRecord: true, data: 'a\t1', dataLine: 1 }],
    ['\n  .ingest   inline into table T with(format=json)<|\r\n{"a":1}', { kind: 'ingest-inline', table: 'T', format: 'json', ignoreFirstRecord: false, data: '{"a":1}', dataLine: 3 }],
    ['.set-or-append T <| X | take 1', { kind: 'append', verb: '.set-or-append', table: 'T', query: 'X | take 1', extendSchema: false }],
    ['.append T with (extend_schema=true) <|\nX', { kind: 'append', verb: '.append', table: 'T', query: 'X', extendSchema: true }],
    ['.SET T <| print 1', { kind: 'append', verb: '.set', table: 'T', query: 'print 1', extendSchema: false }],
    ['.show tables', undefined],
    ['.settings', undefined],
    ['.ingest inline into table T with (format=avro) <| x', { error: ".ingest inline: format 'avro' is not served (csv, tsv, psv, json)" }],
    ['.ingest inline into table T with (ingestionMapping="[]") <| x', { error: '.ingest inline: ingestion property not served: ingestionmapping (served: format, ignoreFirstRecord)' }],
    ['.ingest inline into table T [a,1]', { error: ".ingest inline: expected '.ingest inline into table T [with (format=csv)] <| DATA' (the bracket form [ … ] is not served)" }],
    ['.set-or-append async T <| X', { error: '.set-or-append async is not served: the command answers after its commit' }],
    ['.set-or-replace T <| X', { error: '.set-or-replace is not served (served: .set, .append, .set-or-append)' }],
    ['.set-or-append T <|   ', { error: ".set-or-append: no query after '<|'" }],
    ['.set-or-append T <| .show tables', { error: '.set-or-append: a management command as the source is not served (a query is expected)' }],
    ['.append T', { error: ".append: expected '.append T [with (extend_schema=true)] <| QUERY'" }],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseMgmtWrite(text), want, text);
});

test('parseMgmtWrite never throws on arbitrary text', () => {
  let seed = 7;
  const next = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
  const parts = ['.ingest', ' inline', ' into', ' table', ' T', ' with', ' (', 'format', '=', "'csv'", ')', ' <|', '\n', 'a,1', '.set-or-append', ' async', '[', "'", '"', ']', ',', '\\'];
  for (let i = 0; i < 5000; i++) {
    const n = next() % 12;
    let s = '';
    for (let k = 0; k < n; k++) s += parts[next() % parts.length];
    const r = parseMgmtWrite(s);
    assert.ok(r === undefined || 'error' in r || 'kind' in r);
  }
});

const SCHEMA: ColumnSchema[] = [{ name: 'SKU', type: 'string' }, { name: 'Quantity', type: 'long' }, { name: 'At', type: 'datetime' }, { name: 'Props', type: 'dynamic' }];

test('inlineTable: CSV by position (quotes, empty cells, CRLF), json by name; the first problem at line:col', () => {
  const t = inlineTable('P', SCHEMA, 'csv', 'Shoes,1000,2024-06-02T00:00:00Z,\r\n"Coats, ""black""",20,,"{""a"":1}"\r\n', false, 2);
  assert.ok(typeof t !== 'string', String(t));
  assert.deepEqual(rowsOf(t as Table), [['Shoes', 1000, 17172864000000000, null], ['Coats, "black"', 20, null, { a: 1 }]]);
  const psv = inlineTable('P', SCHEMA, 'psv', 'SKU|Quantity|At|Props\na|1||', true, 1) as Table;
  assert.deepEqual(rowsOf(psv), [['a', 1, null, null]]);
  const json = inlineTable('P', SCHEMA, 'json', '{"SKU":"Hat","Quantity":"2"}\n\n{"Props":[1,2]}', false, 5) as Table;
  assert.deepEqual(rowsOf(json), [['Hat', 2, null, null], ['', null, null, [1, 2]]]);
  const bad: [string, 'csv' | 'json', string][] = [
    ['a,1,,\nb,x,,', 'csv', '4:3: Quantity (long): "x" is not a long'],
    ['a,1,,\nb,2,yesterday,', 'csv', '4:5: At (datetime): "yesterday" is not a datetime'],
    ['a,1', 'csv', '3:1: 2 field(s), table P has 4 column(s) (SKU:string, Quantity:long, At:datetime, Props:dynamic) (Stream_WrongNumberOfFields)'],
    ['{"SKU":"a","Colour":"red"}', 'json', "3:1: no column 'Colour' in table P (its columns: SKU, Quantity, At, Props)"],
    ['{"SKU":', 'json', '3:1: not a JSON object: '],
    ['[1]', 'json', '3:1: not a JSON object'],
  ];
  for (const [data, format, want] of bad) {
    const r = inlineTable('P', SCHEMA, format, data, false, 3);
    assert.equal(typeof r, 'string', data);
    assert.ok((r as string).startsWith(want), `${data}: ${r}`);
  }
});

test('fitToTable: by position and type, names from the table; extend_schema adds columns', () => {
  const result = tableFromRows('r', [{ name: 'x', type: 'string' }, { name: 'y', type: 'long' }, { name: 'z', type: 'real' }], [{ x: 'a', y: 1, z: 0.5 }]);
  const target: ColumnSchema[] = [{ name: 'Name', type: 'string' }, { name: 'Count', type: 'long' }];
  assert.equal(fitToTable(result, target, 'T', false), 'the query has 3 column(s), table T has 2 (Name:string, Count:long); the columns match by position (with (extend_schema=true) adds the extra ones)');
  const fitted = fitToTable(result, target, 'T', true) as Table;
  assert.deepEqual(fitted.fields.map((f) => `${f.name}:${f.column.type}`), ['Name:string', 'Count:long', 'z:real']);
  assert.deepEqual(rowsOf(fitted), [['a', 1, 0.5]]);
  assert.equal(fitToTable(result, [{ name: 'Name', type: 'string' }, { name: 'Count', type: 'int' }, { name: 'R', type: 'real' }], 'T', false),
    'column 2 of the query (y:long) does not match column 2 of table T (Count:int); the columns match by position and type');
  assert.equal(fitToTable(result, undefined, 'T', false), result);
});
