/**
 * Parser: literal forms, operators, statements, precedence, spans and recovery. Each case is a
 * query beside the expected (abridged) tree or value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../src/kql/syntax/parser.js';
import type * as A from '../../../src/kql/syntax/ast.js';

function expr(q: string): A.Expr {
  const r = parse(q);
  assert.deepEqual(r.diagnostics.map((d) => d.message), [], q);
  const s = r.ast.statements[r.ast.statements.length - 1]!;
  assert.equal(s.kind, 'QueryStmt');
  return (s as A.QueryStmt).expr;
}

/** The value of `print <literal>`. */
function lit(text: string): A.Literal {
  const e = expr(`print ${text}`) as A.PrintOp;
  const x = e.items[0]!.expr;
  assert.equal(x.kind, 'Literal', text);
  return x as A.Literal;
}

/** Compact S-expression of an expression, for precedence tests. */
function sx(e: A.Expr): string {
  switch (e.kind) {
    case 'Binary': return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'Unary': return `(${e.op} ${sx(e.operand)})`;
    case 'Name': return e.name;
    case 'Literal': return e.text;
    case 'Call': return `${e.name.name}(${e.args.map(sx).join(' ')})`;
    case 'InList': return `(${e.op} ${sx(e.left)} [${e.items.map(sx).join(' ')}])`;
    case 'Between': return `(${e.negated ? '!' : ''}between ${sx(e.left)} ${sx(e.low)} ${sx(e.high)})`;
    case 'Member': return `${sx(e.target)}.${e.member.name}`;
    case 'Index': return `${sx(e.target)}[${sx(e.index)}]`;
    case 'NamedArg': return `${e.name.name}=${sx(e.value)}`;
    case 'Star': return '*';
    case 'JoinSideRef': return `$${e.side}.${e.column.name}`;
    default: return e.kind;
  }
}
const where = (pred: string): string => sx(((expr(`T | where ${pred}`) as A.Pipe).operator as A.WhereOp).predicate);

test('string literal forms', () => {
  const cases: [string, string][] = [
    [`'a\\'b'`, "a'b"], [`"a\\"b\\n"`, 'a"b\n'], [`@'C:\\dir'`, 'C:\\dir'], [`@"x""y"`, 'x"y'],
    ['```line1\nline2```', 'line1\nline2'], [`h'secret'`, 'secret'], [`h@'c:\\x'`, 'c:\\x'],
    [`'a' "b" 'c'`, 'abc'], [`"\\u0041\\t"`, 'A\t'],
  ];
  for (const [text, value] of cases) {
    const l = lit(text);
    assert.deepEqual([l.type, l.value], ['string', value], text);
  }
  assert.equal(lit(`h'secret'`).obfuscated, true);
});

test('numbers, timespans, typed literals', () => {
  const cases: [string, string, unknown][] = [
    ['1', 'long', 1], ['1.5', 'real', 1.5], ['1e3', 'real', 1000], ['0x1F', 'long', 31], ['-2', 'long', -2],
    ['1d', 'timespan', 864e9], ['24h', 'timespan', 864e9], ['5m', 'timespan', 3e9], ['100ms', 'timespan', 1e6],
    ['1.5h', 'timespan', 54e9], ['10s', 'timespan', 1e8], ['2tick', 'timespan', 2], ['3microseconds', 'timespan', 30],
    ['time(1.00:00:00)', 'timespan', 864e9], ['timespan(00:10:00)', 'timespan', 6e9], ['time(2)', 'timespan', 2 * 864e9],
    ['datetime(2024-01-02)', 'datetime', Date.UTC(2024, 0, 2) * 1e4],
    ['datetime(2024-01-02 03:04:05.5)', 'datetime', (Date.UTC(2024, 0, 2, 3, 4, 5) + 500) * 1e4],
    ['datetime(2024-01-02T03:04:05.1234567Z)', 'datetime', Date.UTC(2024, 0, 2, 3, 4, 5) * 1e4 + 1234567],
    ['guid(74be27de-1e4e-49d9-b579-fe0b331d3642)', 'guid', '74be27de-1e4e-49d9-b579-fe0b331d3642'],
    ['int(null)', 'int', null], ['datetime(null)', 'datetime', null], ['long(7)', 'long', 7], ['real(nan)', 'real', NaN],
    ['real(-inf)', 'real', -Infinity], ['bool(true)', 'bool', true], ['true', 'bool', true], ['decimal(1.25)', 'decimal', 1.25],
    ['dynamic([1, "a", {"k": null}])', 'dynamic', [1, 'a', { k: null }]], ['dynamic({})', 'dynamic', {}],
    ['dynamic(null)', 'dynamic', null], ["dynamic(['x'])", 'dynamic', ['x']], ['dynamic(-1.5)', 'dynamic', -1.5],
  ];
  for (const [text, type, value] of cases) {
    const l = lit(text);
    assert.deepEqual([l.type, l.value], [type, value], text);
  }
});

test('invalid literal values are flagged for the binder, not syntax errors', () => {
  const l = lit('datetime(2024-13-45)');
  assert.deepEqual([l.type, l.value, l.invalid], ['datetime', null, true]);
});

test('names: quoted, keywords as names, $left/$right', () => {
  const p = (expr(`T | project ['my col'], ["x y"], count, type`) as A.Pipe).operator as A.ProjectOp;
  assert.deepEqual(p.items.map((i) => sx(i.expr)), ['my col', 'x y', 'count', 'type']);
  // Reserved words must be bracketed when referenced, but may be declared: `print print = 1`.
  assert.deepEqual(parse('T | project of').diagnostics.map((d) => d.code), ['KQL018']);
  assert.deepEqual(parse("T | project ['of'], k = toscalar(U | count); print print = 1").diagnostics, []);
  assert.deepEqual(p.items.map((i) => (i.expr as A.Name).quoted), [true, true, false, false]);
  const j = (expr('A | join kind=inner (B) on $left.x == $right.y, z') as A.Pipe).operator as A.JoinOp;
  assert.deepEqual(j.on.map(sx), ['(== $left.x $right.y)', 'z']);
  assert.deepEqual(j.params.map((p) => [p.name, sx(p.value)]), [['kind', 'inner']]);
});

test('precedence: or < and < comparison < additive < multiplicative < unary < postfix', () => {
  assert.equal(where('a or b and c'), '(or a (and b c))');
  assert.equal(where('a == 1 and b != 2 or c'), '(or (and (== a 1) (!= b 2)) c)');
  assert.equal(where('a + b * c > -d % 2'), '(> (+ a (* b c)) (% (- d) 2))');
  assert.equal(where('-x.y[0] < 3'), '(< (- x.y[0]) 3)');
  assert.equal(where('d.a.b == d["k"]'), '(== d.a.b d["k"])');
  assert.equal(where("d['k'] == 1"), "(== d['k'] 1)");
});

test('every string operator', () => {
  const ops = ['has', '!has', 'has_cs', '!has_cs', 'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs', 'hassuffix',
    '!hassuffix', 'hassuffix_cs', '!hassuffix_cs', 'contains', '!contains', 'contains_cs', '!contains_cs', 'startswith',
    '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith', 'endswith_cs', '!endswith_cs', '=~', '!~'];
  for (const op of ops) assert.equal(where(`a ${op} "x"`), `(${op} a "x")`, op);
  assert.equal(where('a matches regex "x+"'), '(matches regex a "x+")');
  for (const op of ['in', '!in', 'in~', '!in~', 'has_any', 'has_all']) assert.equal(where(`a ${op} ("x", "y")`), `(${op} a ["x" "y"])`, op);
  assert.equal(where('a in (T | project b)'), '(in a [Pipe])');
  assert.equal(where('t between (1 .. 10)'), '(between t 1 10)');
  assert.equal(where('t !between (ago(1d) .. now())'), '(!between t ago(1d) now())');
  assert.equal(where('f(x, y = 2, *)'), 'f(x y=2 *)');
});

test('statements: let, lambda, view, set, declare query_parameters', () => {
  const r = parse(`set notruncation;
declare query_parameters(n:long = 10, s:string);
let x = 5;
let f = (a:long, b:string = "z") { a + 1 };
let g = (T:(x:long, *)) { T | take 1 };
let v = view () { print 1 };
let t = T | take n;
t`);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.ast.statements.map((s) => s.kind), ['SetStmt', 'DeclareParamsStmt', 'LetStmt', 'LetStmt', 'LetStmt', 'LetStmt', 'LetStmt', 'QueryStmt']);
  const f = (r.ast.statements[3] as A.LetStmt).value as A.Lambda;
  assert.deepEqual([f.kind, f.params.map((p) => p.name.name), f.params[1]!.default?.kind], ['Lambda', ['a', 'b'], 'Literal']);
  const g = (r.ast.statements[4] as A.LetStmt).value as A.Lambda;
  assert.deepEqual(g.params[0]!.type, { kind: 'TabularType', columns: [g.params[0]!.type.kind === 'TabularType' ? g.params[0]!.type.columns[0]! : undefined!], open: true, start: g.params[0]!.type.start, end: g.params[0]!.type.end });
  assert.equal(((r.ast.statements[5] as A.LetStmt).value as A.Lambda).isView, true);
});

test('every tabular operator parses', () => {
  const ops: [string, string][] = [
    ['T | where a > 1', 'Where'], ['T | filter a > 1', 'Where'], ['T | extend b = a * 2, a + 1', 'Extend'],
    ['T | project a, b = c', 'Project'], ['T | project-away a*, b', 'ProjectAway'], ['T | project-keep a*', 'ProjectKeep'],
    ['T | project-rename x = a', 'ProjectRename'], ['T | project-reorder b, a* asc', 'ProjectReorder'],
    ['T | summarize hint.shufflekey=a count(), n = dcount(b) by bin(t, 1h), a', 'Summarize'],
    ['T | join kind=leftouter hint.strategy=broadcast (U | where x) on a, $left.b == $right.c', 'Join'],
    ['T | lookup kind=inner U on a', 'Lookup'], ['T | union kind=outer withsource=Src isfuzzy=true U, (V | take 1), W*', 'Union'],
    ['T | sort by a asc nulls first, b desc', 'Sort'], ['T | order by a', 'Sort'], ['T | top 5 by a desc nulls last', 'Top'],
    ['T | top-nested 3 of a by count(), top-nested of b with others = "other" by sum(c) desc', 'TopNested'],
    ['T | top-hitters 5 of a by b', 'TopHitters'], ['T | take 10', 'Take'], ['T | limit 10', 'Take'],
    ['T | distinct a, b', 'Distinct'], ['T | distinct *', 'Distinct'], ['T | count', 'Count'],
    ['T | mv-expand bagexpansion=array with_itemindex=i x = d to typeof(long), e limit 100', 'MvExpand'],
    ['T | mv-apply x = d to typeof(long) on (summarize s = sum(x) | where s > 1)', 'MvApply'],
    ['T | parse kind=regex flags=Ui s with "a=" a:long "," * "b=" b', 'Parse'], ['T | parse-where s with * "x" y', 'Parse'],
    ['T | parse-kv s as (a:string, b:long) with (pair_delimiter=",", kv_delimiter="=")', 'ParseKv'],
    ['T | evaluate bag_unpack(d)', 'Evaluate'], ['T | evaluate hint.distribution=per_node pivot(a, sum(b))', 'Evaluate'],
    ['T | make-series kind=nonempty n = count() default = 0 on t from ago(1d) to now() step 1h by a', 'MakeSeries'],
    ['T | make-series avg(x) on t in range(datetime(2024-01-01), datetime(2024-01-02), 1h)', 'MakeSeries'],
    ['T | as hint.materialized=true X', 'As'], ['T | serialize n = row_number()', 'Serialize'], ['T | invoke f(1)', 'Invoke'],
    ['T | search "x"', 'Search'], ['T | getschema', 'GetSchema'], ['T | render timechart with (title="t", ycolumns=a, b)', 'Render'],
    ['T | sample 5', 'Sample'], ['T | sample-distinct 5 of a', 'SampleDistinct'],
    ['T | fork (where a > 1) (take 1)', 'Fork'], ['T | facet by a, b with (take 1)', 'Facet'],
    ['T | partition hint.strategy=native by a (top 1 by b)', 'Partition'], ['T | consume', 'Consume'],
    ['T | reduce by s with threshold=0.1', 'Reduce'], ['T | execute-and-cache', 'ExecuteAndCache'],
    ['T | assert-schema (a:long, *)', 'AssertSchema'], ['T | lookup U on $left.a == $right.b', 'Lookup'],
    ['T | project-by-names "a", "b*"', 'ProjectByNames'],
  ];
  for (const [q, kind] of ops) {
    const e = expr(q) as A.Pipe;
    assert.equal(e.operator.kind, kind, q);
  }
  const sources: [string, string][] = [
    ['print 1, x = 2', 'Print'], ['range x from 1 to 10 step 1', 'Range'], ['datatable(a:long, b:string)[1, "x", 2, "y",]', 'Datatable'],
    ["externaldata(a:string)['https://x/y.csv'] with (format='csv')", 'ExternalData'], ['union T, U', 'Union'],
    ['search in (T, U) "x"', 'Search'], ['find in (T) where a == 1 project a', 'Find'], ['evaluate sql_request("c", "q")', 'Evaluate'],
  ];
  for (const [q, kind] of sources) assert.equal(expr(q).kind, kind, q);
  const mat = expr('let m = materialize(T | take 1); m | count');
  assert.equal(mat.kind, 'Pipe');
  const ts = lit0('toscalar(T | summarize max(a))');
  assert.equal(sx(ts), 'toscalar(Pipe)');
});

function lit0(text: string): A.Expr {
  return ((expr(`print ${text}`) as A.PrintOp).items[0]!).expr;
}

test('spans are exact', () => {
  const q = 'T | where Name == "x"';
  const p = expr(q) as A.Pipe;
  const w = p.operator as A.WhereOp;
  assert.equal(q.slice(p.start, p.end), q);
  assert.equal(q.slice(w.start, w.end), 'where Name == "x"');
  assert.equal(q.slice(w.predicate.start, w.predicate.end), 'Name == "x"');
});

test('recovery: never throws, reports every error, keeps going', () => {
  const r = parse('T | where (a > | project b,, | take');
  assert.ok(r.diagnostics.length >= 2);
  const r2 = parse('let x = ; T | projet a; print (1');
  assert.deepEqual(r2.diagnostics.map((d) => d.code), ['KQL003', 'KQL004', 'KQL009']);
  for (const bad of ['', ';', '|', '(', ')', '[', ']', '{', '}', '"', "'", '```', 'let', 'T |', '\u0000', '(((((', 'a.b.c.', '$left']) {
    assert.doesNotThrow(() => parse(bad), bad);
  }
  const deep = '('.repeat(5000) + '1' + ')'.repeat(5000);
  const d = parse(`print ${deep}`);
  assert.equal(d.diagnostics[0]?.code, 'KQL013');
});
