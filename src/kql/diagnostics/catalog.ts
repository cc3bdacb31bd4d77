/**
 * The one catalog of diagnostics. Codes are stable: tests and users match on them.
 *
 * - `D`: the engine's diagnostics with their message builders (syntax, binding, run time). A
 *   diagnostic is created from an entry and a span (see ./make.ts); messages are built here only.
 *   The executor's codes (exec/context.ts EXEC_CODES) are these entries' codes.
 * - `CODES`: every code any layer reports, with its area and a one-line title: the engine's, the
 *   rule pack's (RULE, TEST, FUNC, WL: src/detect), `export`'s (EXP) and CLI usage (CLI). Other
 *   layers build their own messages; the code and its meaning are here, and docs/diagnostics.md
 *   documents each. test/kql/frontend/diagnostics-catalog.test.ts asserts that every code used in
 *   src/ is listed, every entry has a title and is used, and the docs name every code.
 *
 * Ranges: KQL0xx lexical and syntax, KQL1xx names and scopes, KQL2xx types and calls, KQL5xx
 * run time. Codes are never reused; a retired code stays retired; a new kind of problem gets a
 * new code (changing what a code means is a contract change).
 */
import type { Severity } from '../api.js';

export interface DiagnosticDef<A extends unknown[] = never[]> {
  readonly code: string;
  readonly severity: Severity;
  readonly message: (...args: A) => string;
}

function def<A extends unknown[]>(code: string, severity: Severity, message: (...args: A) => string): DiagnosticDef<A> {
  return { code, severity, message };
}

const q = (s: string): string => `'${s}'`;
const mb = (n: number): string => n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${Math.max(1, Math.round(n / 1024 ** 2))} MB`;

export const D = {
  // ── lexical / syntax ──
  badCharacter: def('KQL001', 'error', (ch: string) => `Unexpected character ${q(ch)}.`),
  unterminatedString: def('KQL002', 'error', () => 'Unterminated string literal.'),
  expected: def('KQL003', 'error', (what: string, found: string) => `Expected ${what} but found ${found}.`),
  unknownOperator: def('KQL004', 'error', (name: string, suggestion?: string) =>
    `Unknown query operator ${q(name)}.${suggestion ? ` Did you mean ${q(suggestion)}?` : ''}`),
  invalidLiteral: def('KQL005', 'error', (kind: string, text: string) => `Invalid ${kind} literal ${q(text)}.`),
  unknownType: def('KQL006', 'error', (name: string) => `Unknown type ${q(name)}.`),
  missingPipe: def('KQL007', 'error', (word: string) => `Expected '|' before ${q(word)}: query operators follow a pipe.`),
  unexpectedToken: def('KQL008', 'error', (found: string) => `Unexpected ${found}.`),
  unclosed: def('KQL009', 'error', (open: string, close: string) => `${q(open)} is not closed: expected ${q(close)}.`),
  pipeAtEnd: def('KQL012', 'error', () => "Expected a query operator after '|'."),
  tooDeep: def('KQL013', 'error', () => 'The query is nested too deeply.'),
  unknownParam: def('KQL014', 'error', (op: string, name: string) => `Unknown parameter ${q(name)} for ${op}.`),
  missingSemicolon: def('KQL016', 'error', (what: string) => `Expected ';' after the ${what}.`),
  assignInPredicate: def('KQL017', 'error', () => "Use '==' to compare; '=' only names a column or argument."),
  reservedName: def('KQL018', 'error', (name: string) => `'${name}' is a keyword: write ['${name}'] to use it as a name.`),
  badEscape: def('KQL019', 'error', (esc: string) => `Invalid escape sequence '${esc}' in a string literal (write @'…' for a verbatim string).`),
  missingJoinOn: def('KQL020', 'error', (op: string) => `The ${op} has no 'on' condition: add 'on Column' or 'on $left.a == $right.b'.`),
  rawGuid: def('KQL021', 'error', (text: string) => `A guid must be written guid(${text}).`),
  badParamValue: def('KQL015', 'error', (name: string, value: string, allowed: string) =>
    `Invalid value ${q(value)} for ${name}; expected one of ${allowed}.`),

  // ── names and scopes ──
  unknownColumn: def('KQL100', 'error', (name: string, suggestion?: string) =>
    `Unknown column or variable ${q(name)}.${suggestion ? ` Did you mean ${q(suggestion)}?` : ''}`),
  unknownTable: def('KQL101', 'error', (name: string, suggestion?: string) =>
    `Unknown table ${q(name)}.${suggestion ? ` Did you mean ${q(suggestion)}?` : ''}`),
  unknownFunction: def('KQL102', 'error', (name: string, suggestion?: string) =>
    `Unknown function ${q(name)}.${suggestion ? ` Did you mean ${q(suggestion)}?` : ''}`),
  undeclaredPattern: def('KQL102', 'error', (ref: string) =>
    `One or more pattern references were not declared. Detected pattern references: ["${ref}"]`),
  duplicateColumn: def('KQL103', 'error', (name: string) => `Column ${q(name)} is defined more than once.`),
  notATable: def('KQL104', 'error', (name: string) => `${q(name)} is a scalar, not a table.`),
  notAScalar: def('KQL105', 'error', (name: string) => `${q(name)} is a table, not a scalar value.`),
  unknownJoinSide: def('KQL106', 'error', (side: string, name: string) => `Unknown column ${q(name)} on the ${side} side of the join.`),
  joinCondition: def('KQL107', 'error', () => "Join conditions must be column names or '$left.a == $right.b' equalities."),
  unknownPlugin: def('KQL108', 'error', (name: string, suggestion?: string) =>
    `Unknown plugin '${name}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`),
  notAFunction: def('KQL109', 'error', (name: string) => `${q(name)} is not a function.`),

  // ── types and calls ──
  argCount: def('KQL200', 'error', (fn: string, expected: string, got: number) =>
    `Function ${q(fn)} expects ${expected} argument${expected === '1' ? '' : 's'} but got ${got}.`),
  argValue: def('KQL200', 'error', (fn: string, message: string) => `${fn}: ${message}.`),
  typeMismatch: def('KQL201', 'error', (what: string, expected: string, got: string) =>
    `${what} expects ${expected} but got ${got}.`),
  operandTypes: def('KQL202', 'error', (op: string, left: string, right: string) =>
    `Operator ${q(op)} cannot be applied to ${left} and ${right}.`),
  predicateNotBool: def('KQL203', 'error', (got: string) => `The predicate must be bool but is ${got}.`),
  aggregateOutsideSummarize: def('KQL204', 'error', (fn: string) =>
    `Aggregate function ${q(fn)} can only be used in summarize, make-series or similar operators.`),
  notAggregate: def('KQL205', 'error', (what: string) => `${what} is not an aggregate; summarize needs an aggregate function here.`),
  scalarInTabular: def('KQL206', 'error', () => 'Expected a tabular expression.'),
  tabularInScalar: def('KQL207', 'error', () => 'A tabular expression cannot be used as a scalar; use toscalar().'),
  unaryType: def('KQL209', 'error', (op: string, t: string) => `Operator ${q(op)} cannot be applied to ${t}.`),
  notImplemented: def('KQL210', 'warning', (fn: string) =>
    `Function ${q(fn)} is valid KQL but cloudhop does not implement it: the query cannot run here (KQL501).`),

  // ── run time (src/kql/exec; the codes above are reused when the executor meets the same problem) ──
  noTabularResult: def('KQL011', 'error', () => 'the query has no tabular statement to return'),
  unsupported: def('KQL501', 'error', (what: string) => what),
  functionFailed: def('KQL599', 'error', (fn: string, cause: string) => `function '${fn}' failed: ${cause}`),
  internalError: def('KQL599', 'error', (cause: string) => `internal error: ${cause}`),

  // ── run-time limits (src/kql/governor.ts) ──
  queryTimeout: def('KQL502', 'error', (limit: string) =>
    `The query timed out: it ran past its time limit of ${limit} (raise it with --timeout).`),
  memoryLimit: def('KQL503', 'error', (limit: string, used: string, what?: string, more?: number) =>
    `The query exceeded its memory limit of ${limit}${what ? ` (${what}${more ? `: ~${mb(more)} more` : ''})` : ''}, with ${used} in use; narrow it with where/take, summarize earlier, or raise the limit with --max-memory.`),
  stackExhausted: def('KQL504', 'error', () =>
    'The query nests too deeply to run (a recursive function, or a chain of thousands of lets or unions): the engine\'s stack is exhausted.'),
  // ── storage (src/store): the message names the table, the segment file and its time range ──
  storageDamaged: def('KQL505', 'error', (message: string) => message),
  queryCancelled: def('KQL506', 'error', () =>
    'The query was cancelled: its client went away (or cancelled it) before it finished.'),
  heapLimit: def('KQL503', 'error', (limit: string, what?: string, more?: number) =>
    `The query would exhaust the process heap (Node's limit ${limit})${what ? ` (${what}${more ? `: ~${mb(more)} more` : ''})` : ''}; narrow it, or run Node with a larger --max-old-space-size.`),

} as const;

export type DiagnosticKey = keyof typeof D;

/** Where a code comes from (docs/diagnostics.md has one section per area). */
export type CodeArea = 'syntax' | 'binding' | 'run time' | 'rule pack' | 'rule tests' | 'functions' | 'watchlists' | 'export' | 'cli';

export interface CodeEntry {
  readonly code: string;
  readonly area: CodeArea;
  /** One line: the one kind of problem this code stands for. */
  readonly title: string;
}

const c = (area: CodeArea) => (code: string, title: string): CodeEntry => ({ code, area, title });
const syn = c('syntax'), bnd = c('binding'), run = c('run time'), rule = c('rule pack'), rt = c('rule tests'), fn = c('functions'), wl = c('watchlists'), exp = c('export'), cli = c('cli');

/** Every diagnostic code of cloudhop, once. */
export const CODES: readonly CodeEntry[] = [
  syn('KQL000', 'a request that is not a query: a malformed `check --batch` line, or a failed query without a diagnostic'),
  syn('KQL001', 'a character that cannot start a token'),
  syn('KQL002', 'a string literal without its closing quote'),
  syn('KQL003', 'expected one thing, found another'),
  syn('KQL004', 'an unknown query operator (with the nearest name)'),
  syn('KQL005', 'a literal whose text is not a valid value of its type'),
  syn('KQL006', 'an unknown type name'),
  syn('KQL007', 'a query operator without the `|` before it'),
  syn('KQL008', 'an unexpected token'),
  syn('KQL009', 'a bracket or parenthesis that is not closed'),
  syn('KQL011', 'the query has no tabular statement to return'),
  syn('KQL012', 'a `|` with no operator after it'),
  syn('KQL013', 'the query is nested too deeply to parse'),
  syn('KQL014', 'an unknown parameter of an operator'),
  syn('KQL015', 'an invalid value for an operator parameter'),
  syn('KQL016', 'a `let` without `;` before the next statement'),
  syn('KQL017', '`=` where `==` compares'),
  syn('KQL018', 'a keyword used as a name'),
  syn('KQL019', 'an invalid escape sequence in a string literal'),
  syn('KQL020', 'a join or lookup without an `on` condition'),
  syn('KQL021', 'a guid written without guid(…)'),
  bnd('KQL100', 'an unknown column or variable'),
  bnd('KQL101', 'an unknown table'),
  bnd('KQL102', 'an unknown function'),
  bnd('KQL103', 'a column defined more than once'),
  bnd('KQL104', 'a scalar used where a table is expected'),
  bnd('KQL105', 'a table used where a scalar is expected'),
  bnd('KQL106', 'an unknown column on one side of a join'),
  bnd('KQL107', 'a join condition that is not columns or `$left.a == $right.b`'),
  bnd('KQL108', 'an unknown plugin'),
  bnd('KQL109', 'a name called as a function that is not one'),
  bnd('KQL200', 'a call with the wrong number of arguments'),
  bnd('KQL201', 'an argument of the wrong type'),
  bnd('KQL202', 'an operator applied to operands of types it does not take'),
  bnd('KQL203', 'a predicate that is not bool'),
  bnd('KQL204', 'an aggregate function outside summarize'),
  bnd('KQL205', 'a summarize item that is not an aggregate'),
  bnd('KQL206', 'a scalar where a tabular expression is expected'),
  bnd('KQL207', 'a tabular expression used as a scalar'),
  bnd('KQL209', 'a unary operator applied to a type it does not take'),
  bnd('KQL210', 'a function that is valid KQL but not implemented by cloudhop (warning)'),
  run('KQL501', 'a feature the engine does not run (the message names it)'),
  run('KQL502', 'the query ran past its time limit'),
  run('KQL503', 'the query exceeded its memory limit or an engine size cap'),
  run('KQL504', 'the query nests too deeply to run: the stack is exhausted'),
  run('KQL505', 'a table\'s storage is damaged (a workspace segment cannot be read)'),
  run('KQL506', 'the query was cancelled (its client went away)'),
  run('KQL599', 'an exception at run time: inside a named function, or an internal error'),

  rule('RULE000', 'a rule file or folder cannot be read'),
  rule('RULE001', 'a rule file is not valid YAML'),
  rule('RULE002', 'a rule file is not a YAML mapping'),
  rule('RULE003', 'a required field is missing'),
  rule('RULE004', 'a field that must be text holds something else'),
  rule('RULE005', 'an unknown rule kind'),
  rule('RULE006', '`id` is not a GUID'),
  rule('RULE007', 'an unknown severity'),
  rule('RULE008', 'a rule kind that is not a query rule (skipped)'),
  rule('RULE009', 'two rules share an id'),
  rule('RULE010', 'a duration that cannot be read'),
  rule('RULE011', 'a duration outside the range Sentinel allows'),
  rule('RULE012', 'queryPeriod shorter than queryFrequency'),
  rule('RULE013', 'queryFrequency under 1h with a queryPeriod of 2 days or more'),
  rule('RULE014', 'a scheduling field that NRT rules ignore'),
  rule('RULE015', 'an unknown triggerOperator'),
  rule('RULE016', 'a triggerThreshold that is not an integer from 0 to 10000'),
  rule('RULE017', 'an unknown or misspelt tactic'),
  rule('RULE018', 'a technique that is not an ATT&CK id'),
  rule('RULE019', 'a rule without tactics'),
  rule('RULE020', 'a query longer than Sentinel allows'),
  rule('RULE021', 'an unknown aggregationKind'),
  rule('RULE022', 'a version that is not of the form 1.0.0'),
  rule('RULE023', 'a field that must not be empty is empty'),
  rule('RULE024', '`name` longer than 256 characters'),
  rule('RULE025', 'a field that must be a list holds something else'),
  rule('RULE026', 'a single value where a list is expected (read as a one-item list; warning)'),
  rule('RULE027', 'a field that must be true or false holds something else'),
  rule('RULE028', 'a mapping or list item without the shape its field needs'),
  rule('RULE030', 'entityMappings empty or longer than Sentinel allows'),
  rule('RULE031', 'an unknown or misspelt entity type'),
  rule('RULE032', 'an entity mapping with no or too many field mappings'),
  rule('RULE033', 'an unknown or misspelt entity identifier'),
  rule('RULE034', 'an entity mapping\'s columnName that is not a column name'),
  rule('RULE035', 'an identifier mapped twice in one entity'),
  rule('RULE036', 'an entity without one of its required identifier sets'),
  rule('RULE037', 'a mapped column that is not in the query\'s result'),
  rule('RULE040', 'more custom details than Sentinel allows'),
  rule('RULE041', 'a custom detail key Sentinel does not accept'),
  rule('RULE042', 'a custom detail that does not name a result column'),
  rule('RULE050', 'an unknown alertDetailsOverride field'),
  rule('RULE051', 'an alertDetailsOverride text that is empty or too long'),
  rule('RULE052', 'more {{Column}} placeholders than Sentinel allows'),
  rule('RULE053', 'an unknown alertProperty'),
  rule('RULE060', 'an unknown matchingMethod'),
  rule('RULE061', 'a grouping entry that is not an entity, alert detail or custom detail'),
  rule('RULE062', 'matchingMethod Selected without anything to group by'),
  rule('RULE070', 'a `cloudhop:` section that is not a mapping'),
  rule('RULE071', 'an unknown `cloudhop:` field'),
  rule('RULE072', 'a confidence that is not high, medium, low or 0-100'),
  rule('RULE073', 'a baseline that is not true or false'),
  rule('RULE080', 'no data types in requiredDataConnectors'),
  rule('RULE081', 'a table without a built-in schema (checked for syntax only)'),
  rule('RULE082', 'a watchlist the pack does not hold'),
  rule('RULE090', 'an unknown field'),

  rt('TEST000', 'a test file cannot be read'),
  rt('TEST001', 'a test file is not valid YAML'),
  rt('TEST002', 'a test file without its `rule:` or `cases:`'),
  rt('TEST003', 'the rule a test names is not found or does not load'),
  rt('TEST004', 'a case that is not a mapping'),
  rt('TEST005', 'an unknown case field'),
  rt('TEST006', 'a case without a name, or a duplicate name'),
  rt('TEST007', 'a kind that is not true-positive or true-negative'),
  rt('TEST008', 'a time that is not ISO 8601'),
  rt('TEST009', 'inconsistent now / from / to'),
  rt('TEST010', '`tables:` or a table\'s rows of the wrong shape'),
  rt('TEST011', 'a row that is not a mapping'),
  rt('TEST012', 'a row naming a column its table does not have'),
  rt('TEST013', 'a cell value that does not fit its column'),
  rt('TEST014', 'relative times without a time to be relative to'),
  rt('TEST015', 'a case watchlist of the wrong shape'),
  rt('TEST020', 'a case without `expect:`'),
  rt('TEST021', 'an unknown expect field'),
  rt('TEST022', 'an expected count that is not a number'),
  rt('TEST023', 'an alert expectation of the wrong shape'),
  rt('TEST024', 'expected entities of the wrong shape'),
  rt('TEST030', 'a test naming a rule file outside its pack'),

  fn('FUNC000', 'a function file or folder cannot be read'),
  fn('FUNC001', 'a function file is not valid YAML'),
  fn('FUNC002', 'a function file is not a YAML mapping'),
  fn('FUNC003', 'a required function field is missing'),
  fn('FUNC004', 'a function field that must be non-empty text'),
  fn('FUNC005', 'a FunctionAlias that is not a KQL name'),
  fn('FUNC006', 'function parameters of the wrong shape'),
  fn('FUNC007', 'a parameter without a valid name or type, or declared twice'),
  fn('FUNC008', 'a parameter without a default after one with a default'),
  fn('FUNC009', 'a function defined twice'),
  fn('FUNC090', 'an unknown function field'),

  wl('WL001', 'the watchlist folder is not found'),
  wl('WL002', 'a watchlist file cannot be read'),
  wl('WL003', 'a watchlist file is not valid CSV'),
  wl('WL004', 'a watchlist file without a header row'),
  wl('WL005', 'a watchlist search key that is not one of its columns'),

  exp('EXP001', 'a watchlist the rules use is not in the pack (not exported)'),
  exp('EXP002', 'a watchlist file larger than Sentinel accepts (not exported)'),

  cli('CLI001', 'an unknown command'),
  cli('CLI002', 'an unknown option'),
];

const BY_CODE = new Map(CODES.map((e) => [e.code, e]));
/** The catalog entry of a code, or undefined. */
export function codeEntry(code: string): CodeEntry | undefined { return BY_CODE.get(code); }
