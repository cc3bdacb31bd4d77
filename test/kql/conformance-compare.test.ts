// The documentation comparator's normalizations (scripts/conformance.ts): each presentation rule
// matches what the page printed and never a different value; the shape + membership rule passes a
// nondeterministic answer that is a possible one and fails one that is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellMatches, compareExample, deterministicSuperset, PRESENTATION } from '../../scripts/conformance.js';

test('presentation normalizations are the named three', () => {
  assert.deepEqual([...PRESENTATION], ['autolink', 'unquoted-array', 'timespan-colon-days']);
});

test('autolink: <https://…> is the URL text, and only that', () => {
  assert.equal(cellMatches('https://bing.com', 'string', '<https://bing.com>'), true);
  assert.equal(cellMatches('https://bing.org', 'string', '<https://bing.com>'), false);
  assert.equal(cellMatches('<b>', 'string', '<b>'), true); // not a URL: compared as written
  assert.equal(cellMatches('https://a.b/c', 'string', '[https://a.b/c](https://a.b/c)'), true);
  assert.equal(cellMatches('https://a.b/c', 'string', '[https://a.b/c](https://evil.example)'), false); // text ≠ target: as written
});

test('unquoted-array: [yes, no, yes] is the array of those strings, element by element', () => {
  assert.equal(cellMatches(['yes', 'no', 'yes'], 'dynamic', '[yes, no, yes]'), true);
  assert.equal(cellMatches(['yes', 'no', 'no'], 'dynamic', '[yes, no, yes]'), false);
  assert.equal(cellMatches(['yes', 'no'], 'dynamic', '[yes, no, yes]'), false);
  assert.equal(cellMatches([1, null, 'a'], 'dynamic', '[1, null, a]'), true);
  assert.equal(cellMatches([2, null, 'a'], 'dynamic', '[1, null, a]'), false);
});

test('timespan-colon-days: 14:00:00:00 is 14 days; other values do not match', () => {
  const day = 864_000_000_000;
  assert.equal(cellMatches(14 * day, 'timespan', '14:00:00:00'), true);
  assert.equal(cellMatches(14 * day, 'timespan', '14.00:00:00'), true);
  assert.equal(cellMatches(14 * 3600e7, 'timespan', '14:00:00'), true); // hh:mm:ss still hours
  assert.equal(cellMatches(7 * day, 'timespan', '14:00:00:00'), false);
  assert.equal(cellMatches(14 * day + 5e6, 'timespan', '14:00:00:00.5'), true);
});

test('the deterministic superset drops sample and makes innerunique inner', () => {
  assert.equal(deterministicSuperset('range x from 1 to 5 step 1 | sample 1 | as T'), 'range x from 1 to 5 step 1 | as T');
  assert.equal(deterministicSuperset('X | join Y on k'), 'X | join kind=inner Y on k');
  assert.equal(deterministicSuperset('X | join kind = innerunique Y on k'), 'X | join kind=inner Y on k');
  assert.equal(deterministicSuperset('X | join kind=leftouter Y on k'), 'X | join kind=leftouter Y on k');
});

test('membership: a possible sample passes, an impossible one fails', () => {
  const q = 'range x from 1 to 100 step 1 | sample 1 | as T | union T';
  const ok = compareExample({ source: 't', query: q, columns: ['x'], rows: [['63'], ['92']] });
  assert.equal(ok.pass, true);
  assert.equal(ok.rule, 'membership');
  assert.equal(compareExample({ source: 't', query: q, columns: ['x'], rows: [['63'], ['101']] }).pass, false);
  assert.equal(compareExample({ source: 't', query: q, columns: ['x'], rows: [['63']] }).pass, false); // shape
});

test('membership: innerunique may keep either left duplicate, not a row that joins nothing', () => {
  const q = "let X = datatable(k:string, a:long)['b',2,'b',3,'c',4]; let Y = datatable(k:string, b:long)['b',10,'c',20]; X | join Y on k";
  assert.equal(compareExample({ source: 't', query: q, columns: ['k', 'a', 'k1', 'b'], rows: [['b', '2', 'b', '10'], ['c', '4', 'c', '20']] }).pass, true);
  assert.equal(compareExample({ source: 't', query: q, columns: ['k', 'a', 'k1', 'b'], rows: [['b', '5', 'b', '10'], ['c', '4', 'c', '20']] }).pass, false);
  // a deterministic query is never compared by membership
  const d = 'range x from 1 to 3 step 1';
  assert.equal(compareExample({ source: 't', query: d, columns: ['x'], rows: [['1'], ['2'], ['4']] }).pass, false);
});
