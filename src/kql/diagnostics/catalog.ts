/**
 * The one catalog of front-end diagnostics. Codes are stable: tests and users match on them.
 * A diagnostic is created from an entry and a span (see ./make.ts); messages are built here only.
 *
 * Ranges: KQL0xx lexical and syntax, KQL1xx names and scopes, KQL2xx types and calls, KQL5xx
 * run-time limits (the executor's other run-time codes are listed in exec/context.ts).
 * Codes are never reused; a retired code stays retired.
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

  // ── run-time limits (src/kql/governor.ts) ──
  queryTimeout: def('KQL502', 'error', (limit: string) =>
    `The query timed out: it ran past its time limit of ${limit} (raise it with --timeout).`),
  memoryLimit: def('KQL503', 'error', (limit: string, used: string, what?: string, more?: number) =>
    `The query exceeded its memory limit of ${limit}${what ? ` (${what}${more ? `: ~${mb(more)} more` : ''})` : ''}, with ${used} in use; narrow it with where/take, summarize earlier, or raise the limit with --max-memory.`),
  stackExhausted: def('KQL504', 'error', () =>
    'The query nests too deeply to run (a recursive function, or a chain of thousands of lets or unions): the engine\'s stack is exhausted.'),
  // ── storage (src/store): the message names the table, the segment file and its time range ──
  storageDamaged: def('KQL505', 'error', (message: string) => message),
  heapLimit: def('KQL503', 'error', (limit: string, what?: string, more?: number) =>
    `The query would exhaust the process heap (Node's limit ${limit})${what ? ` (${what}${more ? `: ~${mb(more)} more` : ''})` : ''}; narrow it, or run Node with a larger --max-old-space-size.`),

} as const;

export type DiagnosticKey = keyof typeof D;
