/**
 * KQL parser: recursive descent for statements and operators, precedence climbing for
 * expressions. Never throws: a missing piece becomes a `Missing` node plus a diagnostic, and
 * unparseable text is skipped to the next `|` or `;` so later errors are still reported.
 */
import { parseGraphSpec, type GraphParserHost } from './graph-parser.js';
import type { Diagnostic } from '../api.js';
import type { ScalarType, DynamicValue } from '../data/types.js';
import { normalizeTypeName } from '../data/types.js';
import { formatDatetime, formatTimespan } from '../data/convert.js';
import { D } from '../diagnostics/catalog.js';
import type { DiagnosticDef } from '../diagnostics/catalog.js';
import { diag, place } from '../diagnostics/make.js';
import type { RawDiagnostic } from '../diagnostics/make.js';
import { lex } from './lexer.js';
import type { Token } from './lexer.js';
import { decodeTyped, TYPED_LITERAL_TYPES } from './literals.js';
import type * as A from './ast.js';

export interface ParseResult {
  readonly ast: A.Script;
  readonly diagnostics: Diagnostic[];
}

/** Parses a whole query text (statements separated by `;`). Never throws. */
export function parse(text: string): ParseResult {
  const p = new Parser(text);
  const ast = p.parseScript();
  return { ast, diagnostics: place(text, p.diags) };
}

/** Like `parse`, but returns raw (unplaced) diagnostics; used by the binder to merge and place once. */
export function parseRaw(text: string): { ast: A.Script; diagnostics: RawDiagnostic[] } {
  const p = new Parser(text);
  const ast = p.parseScript();
  return { ast, diagnostics: p.diags };
}

/**
 * Parses a parameter list written without its parentheses (`lookback:timespan = 14d, T:(*)`), as
 * a stored function declares it (Kusto's `.create function`, Sentinel's functionParameters).
 * Offsets are into `text`. Never throws.
 */
export function parseParameterList(text: string): { params: A.Param[]; diagnostics: RawDiagnostic[] } {
  const p = new Parser(text);
  const params = p.parseStandaloneParams();
  return { params, diagnostics: p.diags };
}

/** Operators that follow `|`, by keyword. */
export const OPERATOR_KEYWORDS: readonly string[] = [
  'where', 'filter', 'extend', 'project', 'project-away', 'project-keep', 'project-rename',
  'project-reorder', 'summarize', 'join', 'lookup', 'union', 'sort', 'order', 'top', 'top-nested',
  'top-hitters', 'take', 'limit', 'distinct', 'count', 'mv-expand', 'mvexpand', 'mv-apply',
  'mvapply', 'parse', 'parse-where', 'parse-kv', 'evaluate', 'make-series', 'as', 'serialize',
  'invoke', 'search', 'find', 'getschema', 'print', 'range', 'datatable', 'externaldata', 'render',
  'sample', 'sample-distinct', 'fork', 'facet', 'partition', 'consume', 'reduce',
  'execute-and-cache', 'assert-schema', 'scan', 'make-graph', 'graph-match', 'graph-to-table',
  'graph-shortest-paths', 'graph-mark-components', 'graph-merge', 'project-by-names', 'inline_external_table',
];
const OPERATOR_SET = new Set(OPERATOR_KEYWORDS);

/** Operator words that, seen right after a complete operator without `|`, mean a forgotten pipe. */
const MISSING_PIPE_WORDS = new Set([
  'where', 'filter', 'extend', 'project', 'project-away', 'project-keep', 'project-rename',
  'project-reorder', 'summarize', 'join', 'lookup', 'sort', 'order', 'take', 'limit', 'top',
  'distinct', 'mv-expand', 'mv-apply', 'parse', 'parse-where', 'parse-kv', 'evaluate',
  'make-series', 'render', 'serialize', 'getschema', 'top-nested', 'sample', 'invoke',
]);

const STRING_OPS: ReadonlySet<string> = new Set([
  'has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs', 'contains',
  'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs', 'like', 'notlike',
  'likecs', 'notlikecs',
]);
/** Legacy spellings → canonical operator. */
const OP_ALIASES: Readonly<Record<string, A.BinaryOp>> = {
  notcontains: '!contains', containscs: 'contains_cs', notcontainscs: '!contains_cs',
  '!containscs': '!contains_cs', notstartswith: '!startswith', notendswith: '!endswith',
  nothas: '!has', '<>': '!=',
};
const COMPARE_PUNCT = new Set(['==', '!=', '<', '<=', '>', '>=', '=~', '!~', '<>']);
const LIST_OPS = new Set(['in', '!in', 'in~', '!in~', 'has_any', 'has_all']);

const MAX_DEPTH = 200;

/** Properties of `render … with (…)`. */
const RENDER_PROPERTIES = new Set(['accumulate', 'kind', 'legend', 'series', 'title', 'xcolumn', 'xaxis', 'xmax', 'xmin',
  'xtitle', 'yaxis', 'ycolumns', 'ymax', 'ymin', 'ysplit', 'ytitle', 'anomalycolumns']);

/**
 * Keywords Kusto does not accept as plain names (they must be written `['name']`). Operator
 * parameter names (`kind=`), chart kinds and `with (...)` property names are exempt.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'and', 'or', 'as', 'asc', 'desc', 'by', 'between', 'contains', 'containscs', 'contains_cs', 'endswith', 'endswith_cs',
  'startswith', 'startswith_cs', 'has', 'has_cs', 'has_any', 'has_all', 'hasprefix', 'hasprefix_cs', 'hassuffix',
  'hassuffix_cs', 'in', 'like', 'likecs', 'notlike', 'notlikecs', 'notcontains', 'notcontainscs',
  'of', 'to', 'where', 'project', 'project-away', 'project-keep', 'project-rename', 'project-reorder',
  'project-smart', 'project-by-names', 'print', 'search', 'find', 'union', 'invoke', 'datatable', 'externaldata',
  'external_data', 'materialize', 'toscalar', 'mv-apply', 'mv-expand', 'make-series', 'parse-where', 'parse-kv',
  'sample', 'sample-distinct', 'top-hitters', 'top-nested', 'assert-schema', 'set', 'first', 'last', 'others',
  'granny-asc', 'granny-desc', 'bagexpansion', 'with_itemindex', 'with_match_id', 'withsource', 'with_source',
  'isfuzzy', 'flags', 'simple', 'relaxed', 'decodeblocks', 'datascope', 'earliest', 'latest', 'title',
  'boolean', 'date', 'datetime', 'double', 'dynamic', 'float', 'int', 'int32', 'int64', 'long', 'real', 'decimal',
  'string', 'time', 'timespan', 'uniqueid',
  // Not reserved, as in Microsoft's analyzer: guid, bool, regex, matches (`extend guid = new_guid()`).
]);


class Parser {
  readonly diags: RawDiagnostic[] = [];
  private readonly toks: Token[];
  private pos = 0;
  private depth = 0;
  private lastErrorAt = -1;
  /** Set when nesting is too deep: the rest of the text is skipped and no more errors are reported. */
  private aborted = false;
  /** Expression depth at which `name = value` is read as a named expression (top of a where predicate). */
  private assignAtDepth = -1;
  /** Inside a `search` predicate: `Col:value` and bare `*` are allowed. */
  private inSearch = false;

  constructor(private readonly text: string) {
    const raw = lex(text);
    const toks: Token[] = [];
    for (const t of raw) {
      if (t.kind === 'string' && t.error && t.errorAt !== undefined) {
        this.diags.push(diag(D.badEscape, t.errorAt, t.errorAt + 2, text.slice(t.errorAt, t.errorAt + 2)));
      }
      if (t.kind === 'error') {
        this.diags.push(t.error?.startsWith('unterminated') ? diag(D.unterminatedString, t.start, t.end)
          : t.error === 'raw guid' ? diag(D.rawGuid, t.start, t.end, t.text)
          : diag(D.badCharacter, t.start, t.end, t.text));
        // Keep malformed tokens as placeholders (no further error); drop stray characters.
        if (t.error?.startsWith('unexpected character')) continue;
      }
      toks.push(t);
    }
    this.toks = toks;
  }

  // ───────────── token helpers ─────────────

  private get cur(): Token { return this.toks[this.pos]!; }
  private peek(k = 1): Token { return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!; }
  private get prevEnd(): number { return this.pos > 0 ? this.toks[this.pos - 1]!.end : 0; }
  /** True when a line break separates `t` from the previous token. */
  private startsLine(t: Token): boolean {
    return /[\r\n]/.test(this.text.slice(this.prevEnd, t.start));
  }
  private atEof(): boolean { return this.cur.kind === 'eof'; }
  private advance(): Token { const t = this.cur; if (t.kind !== 'eof') this.pos++; return t; }

  /** True when the current token is punctuation `p` or the word `p` (keywords are case-sensitive). */
  private at(p: string): boolean {
    const t = this.cur;
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === p;
  }
  private atWord(w: string): boolean { return this.cur.kind === 'ident' && this.cur.text === w; }
  private eat(p: string): Token | undefined { return this.at(p) ? this.advance() : undefined; }

  private describe(t: Token): string {
    if (t.kind === 'eof') return 'end of query';
    if (t.kind === 'string') return 'a string literal';
    return `'${t.text.length > 30 ? t.text.slice(0, 30) + '…' : t.text}'`;
  }

  private error<A extends unknown[]>(d: DiagnosticDef<A>, start: number, end: number, ...args: A): void {
    // One error per position: later errors at the same place are consequences of the first.
    if (start === this.lastErrorAt || this.aborted) return;
    this.lastErrorAt = start;
    this.diags.push(diag(d, start, end, ...args));
  }

  private expect(p: string, what = `'${p}'`): boolean {
    if (this.eat(p)) return true;
    const t = this.cur;
    this.error(D.expected, t.start, t.end, what, this.describe(t));
    return false;
  }

  private missing(expected: string): A.Missing {
    const t = this.cur;
    this.error(D.expected, t.start, t.end, expected, this.describe(t));
    const at = t.kind === 'eof' ? this.prevEnd : t.start;
    return { kind: 'Missing', expected, start: at, end: at };
  }

  /** Skips tokens up to (not including) the next `|`, `;` or unbalanced closer at depth 0. */
  private skipToSync(): void {
    let depth = 0;
    while (!this.atEof()) {
      const t = this.cur;
      if (t.kind === 'punct') {
        if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') { if (depth === 0) return; depth--; }
        else if (depth === 0 && (t.text === '|' || t.text === ';')) return;
      }
      this.advance();
    }
  }

  /** True when the current token ends an operator (nothing more belongs to it). */
  private atOperatorEnd(): boolean {
    const t = this.cur;
    if (t.kind === 'eof') return true;
    return t.kind === 'punct' && (t.text === '|' || t.text === ';' || t.text === ')' || t.text === '}' || t.text === ']' || t.text === ',');
  }

  /** A Name node from a token; reserved words are reported unless `allowReserved`. */
  private nameFrom(t: Token, allowReserved = true): A.Name {
    if (t.kind === 'bracketed') return { kind: 'Name', name: String(t.value), quoted: true, start: t.start, end: t.end };
    if (!allowReserved && RESERVED_NAMES.has(t.text)) this.error(D.reservedName, t.start, t.end, t.text);
    return { kind: 'Name', name: t.text, quoted: false, start: t.start, end: t.end };
  }

  /** A name: identifier (not a reserved keyword unless `allowReserved`) or `['quoted']`. */
  private parseName(what = 'a name', allowReserved = true): A.Name {
    const t = this.cur;
    if (t.kind === 'ident' || t.kind === 'bracketed') { this.advance(); return this.nameFrom(t, allowReserved); }
    // A string literal is accepted where a name is expected in a few places (e.g. `set x = 'a'`), not here.
    const m = this.missing(what);
    return { kind: 'Name', name: '', quoted: false, start: m.start, end: m.end };
  }

  private isNameToken(t: Token): boolean { return t.kind === 'ident' || t.kind === 'bracketed'; }

  /** What the graph operators' grammar (graph-parser.ts) uses of this parser. */
  private graphHost(): GraphParserHost {
    return {
      cur: () => this.cur, peek: (k) => this.peek(k), advance: () => this.advance(), at: (p) => this.at(p),
      atWord: (w) => this.atWord(w), eat: (p) => this.eat(p), expect: (p, what) => this.expect(p, what),
      missing: (what) => { this.missing(what); }, name: (what) => this.parseName(what), expr: () => this.parseExpr(),
      subQuery: () => this.parseSubQuery(), columnItems: () => this.parseColumnItems(),
      opParams: (allowed) => this.parseOpParams(allowed), atOperatorEnd: () => this.atOperatorEnd(), prevEnd: () => this.prevEnd,
    };
  }

  // ───────────── script and statements ─────────────

  parseStandaloneParams(): A.Param[] {
    if (this.atEof()) return [];
    const params = this.parseParamList('\u0000');
    if (!this.atEof()) this.error(D.expected, this.cur.start, this.cur.end, "',' or the end of the parameter list", this.describe(this.cur));
    return params;
  }

  parseScript(): A.Script {
    const statements: A.Statement[] = [];
    while (!this.atEof()) {
      if (this.at(';')) {
        const semi = this.advance();
        // An empty statement (`;;`, or `;` first) is an error in Kusto; one `;` at the end is fine.
        if (statements.length === 0 || this.toks[this.pos - 2]?.text === ';') this.error(D.unexpectedToken, semi.start, semi.end, "';'");
        continue;
      }
      const before = this.pos;
      const s = this.parseStatement();
      if (s) statements.push(s);
      if (!this.atEof() && !this.at(';') && s && s.kind !== 'QueryStmt' && this.startsLine(this.cur)) {
        // `let x = 5` then a new line without `;`: report and go on with the next statement.
        this.error(D.missingSemicolon, this.prevEnd, this.prevEnd, s.kind === 'LetStmt' ? 'let statement' : 'statement');
        continue;
      }
      if (!this.atEof() && !this.at(';')) {
        const t = this.cur;
        this.error(D.unexpectedToken, t.start, t.end, this.describe(t));
        this.skipToSync();
        // An unbalanced closer at top level: consume it so we progress.
        if (!this.at(';') && !this.atEof()) this.advance();
      }
      if (this.pos === before) this.advance();
    }
    return { kind: 'Script', statements, start: 0, end: this.text.length };
  }

  private parseStatements(stopAt: string): A.Statement[] {
    const out: A.Statement[] = [];
    while (!this.atEof() && !this.at(stopAt)) {
      if (this.eat(';')) continue;
      const before = this.pos;
      const s = this.parseStatement();
      if (s) out.push(s);
      if (!this.at(';') && !this.at(stopAt) && !this.atEof() && s && s.kind !== 'QueryStmt' && this.startsLine(this.cur)) {
        this.error(D.missingSemicolon, this.prevEnd, this.prevEnd, s.kind === 'LetStmt' ? 'let statement' : 'statement');
        continue;
      }
      if (!this.at(';') && !this.at(stopAt) && !this.atEof()) {
        const t = this.cur;
        this.error(D.unexpectedToken, t.start, t.end, this.describe(t));
        this.skipToSync();
        if (!this.at(';') && !this.at(stopAt) && !this.atEof()) this.advance();
      }
      if (this.pos === before) this.advance();
    }
    return out;
  }

  private parseStatement(): A.Statement | undefined {
    const t = this.cur;
    const start = t.start;
    if (t.kind === 'ident') {
      if (t.text === 'let' && this.isNameToken(this.peek())) {
        this.advance();
        const name = this.parseName('a name after let');
        this.expect('=');
        let value: A.Expr | A.Lambda;
        if (this.looksLikeLambda()) value = this.parseLambda(false);
        else if (this.atWord('view') && this.peek().text === '(') { this.advance(); value = this.parseLambda(true); }
        else value = this.parsePipeExpr();
        return { kind: 'LetStmt', name, value, start, end: this.prevEnd };
      }
      if (t.text === 'set' && this.isNameToken(this.peek())) {
        this.advance();
        const name = this.parseDottedName();
        let value: A.Expr | undefined;
        if (this.eat('=')) value = this.parseExpr();
        return { kind: 'SetStmt', name, value, start, end: this.prevEnd };
      }
      if (t.text === 'declare' && this.peek().text === 'query_parameters') {
        this.advance(); this.advance();
        this.expect('(');
        const params = this.parseParamList(')');
        this.expect(')');
        return { kind: 'DeclareParamsStmt', params, start, end: this.prevEnd };
      }
      if ((t.text === 'alias' && this.peek().text === 'database') || (t.text === 'restrict' && this.peek().text === 'access')) {
        this.advance();
        const bodyStart = this.cur.start;
        this.skipToSync();
        return { kind: 'OtherStmt', keyword: t.text, text: this.text.slice(bodyStart, this.prevEnd), start, end: this.prevEnd };
      }
      if (t.text === 'declare' && this.peek().text === 'pattern') {
        this.advance(); this.advance();
        const name = this.parseName('a pattern name');
        const bodyStart = this.cur.start;
        if (!this.at('=')) {
          this.skipToSync();
          return { kind: 'PatternStmt', name, text: this.text.slice(bodyStart, this.prevEnd), start, end: this.prevEnd };
        }
        return this.parsePatternDefinition(name, start, bodyStart);
      }
    }
    if (t.kind === 'punct' && (t.text === ')' || t.text === ']' || t.text === '}' || t.text === '|')) {
      if (t.text !== '|') return undefined;
      // `| where …` with nothing before the pipe: report once, then parse the rest as usual.
      this.error(D.expected, t.start, t.end, 'a table or expression before \'|\'', "'|'");
      const source: A.Missing = { kind: 'Missing', expected: 'table', start: t.start, end: t.start };
      const expr = this.continuePipe(start, source);
      return { kind: 'QueryStmt', expr, start, end: this.prevEnd };
    }
    const expr = this.parsePipeExpr();
    return { kind: 'QueryStmt', expr, start, end: this.prevEnd };
  }

  /** `hint.x.y` style dotted names (set statements, operator parameters). */
  private parseDottedName(): A.Name {
    const first = this.parseName('a name', true);
    let name = first.name;
    while (this.at('.') && !this.cur.spaceBefore && this.isNameToken(this.peek())) {
      this.advance();
      name += '.' + this.parseName('a name', true).name;
    }
    return { ...first, name, end: this.prevEnd };
  }

  /** At `(`: is this a lambda parameter list `() {` or `(name: type …`? */
  private looksLikeLambda(): boolean {
    if (!this.at('(')) return false;
    const a = this.peek(1), b = this.peek(2);
    if (a.text === ')' && a.kind === 'punct') return b.text === '{' && b.kind === 'punct';
    return this.isNameToken(a) && b.kind === 'punct' && b.text === ':';
  }

  private parseLambda(isView: boolean): A.Lambda {
    const start = this.cur.start;
    this.expect('(');
    const params = this.parseParamList(')');
    this.expect(')');
    const bodyStart = this.cur.start;
    let statements: A.Statement[] = [];
    let result: A.Expr;
    if (this.expect('{')) {
      statements = this.parseStatements('}');
      this.expect('}', "'}'");
    }
    const last = statements[statements.length - 1];
    if (last && last.kind === 'QueryStmt') { statements = statements.slice(0, -1); result = last.expr; }
    else { result = { kind: 'Missing', expected: 'function body', start: this.prevEnd, end: this.prevEnd }; this.error(D.expected, this.prevEnd, this.prevEnd, 'a result expression in the function body', this.describe(this.cur)); }
    const body: A.FunctionBody = { kind: 'FunctionBody', statements, result, start: bodyStart, end: this.prevEnd };
    return { kind: 'Lambda', params, body, isView, start, end: this.prevEnd };
  }

  /** `= (arg:type, …) [path:type] { (value, …).[pathValue] = { query }; … }` (pattern-statement.md). */
  private parsePatternDefinition(name: A.Name, start: number, bodyStart: number): A.PatternStmt {
    this.expect('=');
    this.expect('(');
    const params = this.parseParamList(')');
    this.expect(')');
    let path: A.Param | undefined;
    if (this.eat('[')) { path = this.parseParamList(']')[0]; this.expect(']'); }
    const mappings: A.PatternMapping[] = [];
    if (this.expect('{')) {
      while (!this.atEof() && !this.at('}')) {
        const before = this.cur.start;
        if (this.eat(';')) continue;
        const mStart = this.cur.start;
        const args: A.Expr[] = [];
        if (this.expect('(')) {
          if (!this.at(')')) { do args.push(this.parseExpr()); while (this.eat(',')); }
          this.expect(')');
        }
        let pathValue: A.Expr | undefined;
        // `.["v"]` lexes as one bracketed name; `.[expr]` otherwise.
        if (this.eat('.')) {
          if (this.isNameToken(this.cur)) pathValue = this.parseName('a path value');
          else { this.expect('['); pathValue = this.parseExpr(); this.expect(']'); }
        }
        this.expect('=');
        const qStart = this.cur.start;
        let statements: A.Statement[] = [];
        if (this.expect('{')) { statements = this.parseStatements('}'); this.expect('}', "'}'"); }
        const last = statements[statements.length - 1];
        const result: A.Expr = last && last.kind === 'QueryStmt' ? last.expr : { kind: 'Missing', expected: 'a query', start: this.prevEnd, end: this.prevEnd };
        if (result.kind === 'Missing') this.error(D.expected, this.prevEnd, this.prevEnd, 'a query in the pattern mapping', this.describe(this.cur));
        const body: A.FunctionBody = { kind: 'FunctionBody', statements: last && last.kind === 'QueryStmt' ? statements.slice(0, -1) : statements, result, start: qStart, end: this.prevEnd };
        mappings.push({ args, path: pathValue, body, start: mStart, end: this.prevEnd });
        if (this.cur.start === before) { this.advance(); } // no progress: skip the token (the error is reported)
      }
      this.expect('}', "'}'");
    }
    return { kind: 'PatternStmt', name, text: this.text.slice(bodyStart, this.prevEnd), params, path, mappings, start, end: this.prevEnd };
  }

  private parseParamList(close: string): A.Param[] {
    const params: A.Param[] = [];
    if (this.at(close)) return params;
    for (;;) {
      const start = this.cur.start;
      const name = this.parseName('a parameter name');
      this.expect(':');
      const type: A.TypeRef | A.TabularType = this.at('(') ? this.parseTabularType() : this.parseTypeRef();
      let def: A.Expr | undefined;
      if (this.eat('=')) def = this.parseExpr();
      params.push({ kind: 'Param', name, type, default: def, start, end: this.prevEnd });
      if (!this.eat(',')) break;
    }
    return params;
  }

  private parseTypeRef(): A.TypeRef {
    const t = this.cur;
    if (t.kind === 'ident') {
      this.advance();
      const type = normalizeTypeName(t.text);
      if (!type) this.error(D.unknownType, t.start, t.end, t.text);
      return { kind: 'TypeRef', type, text: t.text, start: t.start, end: t.end };
    }
    if (t.kind === 'typed') {
      // e.g. `x:int(null)`? Not a type: report.
      this.advance();
      this.error(D.expected, t.start, t.end, 'a type name', this.describe(t));
      return { kind: 'TypeRef', type: undefined, text: t.text, start: t.start, end: t.end };
    }
    const m = this.missing('a type name');
    return { kind: 'TypeRef', type: undefined, text: '', start: m.start, end: m.end };
  }

  /** `(*)` or `(a:long, b:string [, *])`. */
  private parseTabularType(): A.TabularType {
    const start = this.cur.start;
    this.expect('(');
    const columns: A.ColumnDecl[] = [];
    let open = false;
    if (!this.at(')')) {
      for (;;) {
        if (this.eat('*')) open = true;
        else columns.push(this.parseColumnDecl());
        if (!this.eat(',')) break;
      }
    }
    this.expect(')');
    return { kind: 'TabularType', columns, open, start, end: this.prevEnd };
  }

  private parseColumnDecl(): A.ColumnDecl {
    const start = this.cur.start;
    const name = this.parseName('a column name');
    this.expect(':');
    const type = this.parseTypeRef();
    return { kind: 'ColumnDecl', name, type, start, end: this.prevEnd };
  }

  private parseColumnDecls(): A.ColumnDecl[] {
    this.expect('(');
    const out: A.ColumnDecl[] = [];
    if (!this.at(')')) {
      for (;;) {
        out.push(this.parseColumnDecl());
        if (!this.eat(',')) break;
      }
    }
    this.expect(')');
    return out;
  }

  // ───────────── pipes ─────────────

  /** A tabular or scalar expression, with pipes. */
  parsePipeExpr(): A.Expr {
    if (this.depth > MAX_DEPTH) return this.tooDeep();
    this.depth++;
    try {
      const start = this.cur.start;
      return this.continuePipe(start, this.parseSourceOrExpr());
    } finally {
      this.depth--;
    }
  }

  /** Applies `| operator` stages to `left` while they follow. */
  private continuePipe(start: number, left: A.Expr): A.Expr {
    this.depth++;
    try {
      for (;;) {
        if (this.at('|')) {
          const bar = this.advance();
          if (this.atOperatorEnd()) {
            this.error(D.pipeAtEnd, bar.start, bar.end);
            const op: A.UnknownOp = { kind: 'UnknownOp', name: '', start: this.cur.start, end: this.cur.start };
            left = { kind: 'Pipe', source: left, operator: op, start, end: this.prevEnd };
            continue;
          }
          const operator = this.parseOperator();
          left = { kind: 'Pipe', source: left, operator, start, end: this.prevEnd };
          continue;
        }
        const t = this.cur;
        if (t.kind === 'ident' && MISSING_PIPE_WORDS.has(t.text) && (left.kind !== 'Missing' || left.expected === 'table')) {
          this.error(D.missingPipe, t.start, t.end, t.text);
          const operator = this.parseOperator();
          left = { kind: 'Pipe', source: left, operator, start, end: this.prevEnd };
          continue;
        }
        return left;
      }
    } finally {
      this.depth--;
    }
  }

  private tooDeep(): A.Missing {
    const t = this.cur;
    this.error(D.tooDeep, t.start, t.end);
    this.aborted = true;
    // Skip everything: a query this deep is not worth recovering.
    const at = t.start;
    this.pos = this.toks.length - 1;
    return { kind: 'Missing', expected: 'expression', start: at, end: at };
  }

  /** A query source: an operator that can begin a query, or any expression. */
  private parseSourceOrExpr(): A.Expr {
    const t = this.cur;
    if (t.kind === 'ident') {
      const next = this.peek();
      switch (t.text) {
        case 'print': case 'datatable': case 'externaldata': case 'union': case 'find': case 'evaluate':
        case 'external_data': case 'inline_external_table':
          return this.parseOperator() as A.SourceOperator;
        case 'search':
          if (!(next.kind === 'punct' && (next.text === '=' || next.text === '==' || next.text === '.'))) return this.parseOperator() as A.SourceOperator;
          break;
        case 'range':
          if (this.isNameToken(next)) return this.parseOperator() as A.SourceOperator;
          break;
      }
    }
    return this.parseExpr();
  }

  /** A sub-query whose input is implicit: `where x | take 1`, or a full query. */
  private parseSubQuery(): A.Expr {
    const t = this.cur;
    if (t.kind === 'ident' && OPERATOR_SET.has(t.text) && !this.isExpressionStart(t)) {
      const start = t.start;
      let left: A.Expr = { kind: 'ImplicitSource', start, end: start };
      const operator = this.parseOperator();
      left = { kind: 'Pipe', source: left, operator, start, end: this.prevEnd };
      for (;;) {
        if (!this.at('|')) {
          const w = this.cur;
          if (w.kind === 'ident' && MISSING_PIPE_WORDS.has(w.text)) {
            this.error(D.missingPipe, w.start, w.end, w.text);
          } else return left;
        } else this.advance();
        if (this.atOperatorEnd()) { this.error(D.pipeAtEnd, this.prevEnd - 1, this.prevEnd); return left; }
        const op = this.parseOperator();
        left = { kind: 'Pipe', source: left, operator: op, start, end: this.prevEnd };
      }
    }
    return this.parsePipeExpr();
  }

  /** An operator word that is really the start of an expression (`range(…)`, a column named `count`…). */
  private isExpressionStart(t: Token): boolean {
    const next = this.toks[this.toks.indexOf(t) + 1];
    if (!next) return false;
    if (t.text === 'range' || t.text === 'count' || t.text === 'sample') return next.kind === 'punct' && next.text === '(';
    return false;
  }

  // ───────────── operators ─────────────

  private parseOperator(): A.Operator {
    if (this.depth > MAX_DEPTH) { const m = this.tooDeep(); return { kind: 'UnknownOp', name: '', start: m.start, end: m.end }; }
    this.depth++;
    try {
      return this.parseOperatorInner();
    } finally {
      this.depth--;
    }
  }

  private parseOperatorInner(): A.Operator {
    const kw = this.cur;
    const start = kw.start;
    const end = (): number => this.prevEnd;
    if (kw.kind !== 'ident') {
      this.error(D.expected, kw.start, kw.end, 'a query operator', this.describe(kw));
      this.skipToSync();
      return { kind: 'UnknownOp', name: '', start, end: Math.max(start, this.prevEnd) };
    }
    const word = kw.text;
    this.advance();
    switch (word) {
      case 'where': case 'filter': {
        this.assignAtDepth = this.depth + 1;
        const predicate = this.parseExpr();
        this.assignAtDepth = -1;
        return { kind: 'Where', params: [], predicate, start, end: end() };
      }
      case 'extend': return { kind: 'Extend', items: this.parseColumnItems(), start, end: end() };
      case 'project': return { kind: 'Project', items: this.atOperatorEnd() ? [] : this.parseColumnItems(), start, end: end() };
      case 'project-away': return { kind: 'ProjectAway', columns: this.parseNamePatterns(), start, end: end() };
      case 'project-keep': return { kind: 'ProjectKeep', columns: this.parseNamePatterns(), start, end: end() };
      case 'project-rename': {
        const items: { newName: A.Name; oldName: A.Name; start: number; end: number }[] = [];
        for (;;) {
          const s = this.cur.start;
          const newName = this.parseName('a new column name');
          this.expect('=');
          const oldName = this.parseName('a column name');
          items.push({ newName, oldName, start: s, end: this.prevEnd });
          if (!this.eat(',')) break;
        }
        return { kind: 'ProjectRename', items, start, end: end() };
      }
      case 'project-reorder': {
        const items: { column: A.NamePattern; order?: 'asc' | 'desc' | 'granny-asc' | 'granny-desc' }[] = [];
        for (;;) {
          const column = this.parseNamePattern();
          let order: 'asc' | 'desc' | 'granny-asc' | 'granny-desc' | undefined;
          const o = this.cur.text;
          if (this.cur.kind === 'ident' && (o === 'asc' || o === 'desc' || o === 'granny-asc' || o === 'granny-desc')) { order = o; this.advance(); }
          items.push({ column, order });
          if (!this.eat(',')) break;
        }
        return { kind: 'ProjectReorder', items, start, end: end() };
      }
      case 'summarize': {
        const params = this.parseOpParams(['hint.']);
        const aggregates = this.atWord('by') || this.atOperatorEnd() ? [] : this.parseColumnItems(true);
        let by: A.ColumnItem[] = [];
        if (this.atWord('by')) { this.advance(); by = this.parseColumnItems(); }
        return { kind: 'Summarize', params, aggregates, by, start, end: end() };
      }
      case 'join': case 'lookup': {
        const params = this.parseOpParams(['kind', 'hint.', 'withsource', 'isfuzzy']);
        this.rejectUnknownParam(word);
        const right = this.parseJoinRight();
        // `on` is optional in the grammar (the binder requires it), as in Kusto.
        let on: A.Expr[] = [];
        if (this.atWord('on')) {
          this.advance();
          on = this.parseExprList();
        } else if (!this.atOperatorEnd() || word === 'lookup') {
          this.missing("'on'");
        }
        return word === 'join'
          ? { kind: 'Join', params, right, on, start, end: end() }
          : { kind: 'Lookup', params, right, on, start, end: end() };
      }
      case 'union': {
        const params = this.parseOpParams(['kind', 'withsource', 'isfuzzy', 'hint.']);
        this.rejectUnknownParam(word);
        const tables: (A.Expr | A.NamePattern)[] = [];
        for (;;) {
          tables.push(this.parseUnionLeg());
          if (!this.eat(',')) break;
        }
        return { kind: 'Union', params, tables, start, end: end() };
      }
      case 'sort': case 'order': {
        const params = this.parseOpParams(['hint.']);
        this.expect('by', "'by'");
        const items = this.parseSortItems();
        return { kind: 'Sort', params, items, start, end: end() };
      }
      case 'top': {
        const params = this.parseOpParams(['hint.']);
        const count = this.parseExpr();
        this.expect('by', "'by'");
        const by = this.parseSortItem();
        return { kind: 'Top', params, count, by, start, end: end() };
      }
      case 'top-nested': return this.parseTopNested(start);
      case 'top-hitters': {
        const count = this.parseExpr();
        this.expect('of', "'of'");
        const of = this.parseExpr();
        let by: A.Expr | undefined;
        if (this.atWord('by')) { this.advance(); by = this.parseExpr(); }
        return { kind: 'TopHitters', count, of, by, start, end: end() };
      }
      case 'take': case 'limit': {
        const params = this.parseOpParams(['hint.']);
        return { kind: 'Take', params, count: this.parseExpr(), start, end: end() };
      }
      case 'distinct': {
        const params = this.parseOpParams(['hint.']);
        return { kind: 'Distinct', params, items: this.parseColumnItems(false, true), start, end: end() };
      }
      case 'count': return { kind: 'Count', start, end: end() };
      case 'getschema': return { kind: 'GetSchema', start, end: end() };
      case 'consume': return { kind: 'Consume', params: this.parseOpParams(['decodeblocks', 'hint.']), start, end: end() };
      case 'execute-and-cache': return { kind: 'ExecuteAndCache', start, end: end() };
      case 'mv-expand': case 'mvexpand': {
        const params = this.parseOpParams(['bagexpansion', 'with_itemindex', 'kind', 'hint.']);
        const items = this.parseMvItems();
        let limit: A.Expr | undefined;
        if (this.atWord('limit')) { this.advance(); limit = this.parseExpr(); }
        return { kind: 'MvExpand', params, items, limit, start, end: end() };
      }
      case 'mv-apply': case 'mvapply': {
        const params = this.parseOpParams(['bagexpansion', 'with_itemindex', 'kind', 'hint.']);
        const items = this.parseMvItems();
        let limit: A.Expr | undefined;
        if (this.atWord('limit')) { this.advance(); limit = this.parseExpr(); }
        let body: A.Expr;
        if (this.atWord('on')) {
          this.advance();
          if (this.expect('(')) { body = this.parseSubQuery(); this.expect(')'); } else body = this.missing('a sub-query');
        } else body = this.missing("'on'");
        return { kind: 'MvApply', params, items, limit, body, start, end: end() };
      }
      case 'parse': case 'parse-where': {
        const params = this.parseOpParams(['kind', 'flags']);
        const source = this.parseExpr();
        this.expect('with', "'with'");
        const pattern = this.parseParsePattern();
        return { kind: 'Parse', where: word === 'parse-where', params, source, pattern, start, end: end() };
      }
      case 'parse-kv': {
        const source = this.parseExpr();
        let columns: A.ColumnDecl[] = [];
        if (this.expect('as', "'as'")) columns = this.parseColumnDecls();
        let properties: A.Property[] = [];
        if (this.atWord('with')) { this.advance(); properties = this.parseProperties(); }
        return { kind: 'ParseKv', source, columns, properties, start, end: end() };
      }
      case 'evaluate': {
        const params = this.parseOpParams(['hint.']);
        const call = this.parsePostfix();
        if ((call.kind !== 'Call' || call.target) && call.kind !== 'Missing') this.error(D.expected, call.start, call.end, 'a plugin call', `'${this.text.slice(call.start, call.end)}'`);
        let schema: A.TabularType | undefined;
        if (this.eat(':')) schema = this.parseTabularType();
        return { kind: 'Evaluate', params, call, schema, start, end: end() };
      }
      case 'make-series': return this.parseMakeSeries(start);
      case 'as': {
        const params = this.parseOpParams(['hint.']);
        return { kind: 'As', params, name: this.parseName('a name'), start, end: end() };
      }
      case 'serialize': {
        const items = this.atOperatorEnd() ? [] : this.parseColumnItems();
        return { kind: 'Serialize', items, start, end: end() };
      }
      case 'invoke': {
        const call = this.parsePostfix();
        if (call.kind !== 'Call' && call.kind !== 'Missing') this.error(D.expected, call.start, call.end, 'a function call such as f()', `'${this.text.slice(call.start, call.end)}'`);
        return { kind: 'Invoke', call, start, end: end() };
      }
      case 'search': {
        const params = this.parseOpParams(['kind', 'hint.']);
        let tables: (A.Expr | A.NamePattern)[] = [];
        if (this.atWord('in') && this.peek().text === '(') { this.advance(); tables = this.parseTableList(); }
        const saved = this.inSearch;
        this.inSearch = true;
        const predicate = this.parseExpr();
        this.inSearch = saved;
        return { kind: 'Search', params, tables, predicate, start, end: end() };
      }
      case 'find': {
        const params = this.parseOpParams(['withsource', 'hint.', 'datascope']);
        let tables: (A.Expr | A.NamePattern)[] = [];
        if (this.atWord('in') && this.peek().text === '(') { this.advance(); tables = this.parseTableList(); }
        this.eat('where');
        const saved = this.inSearch;
        this.inSearch = true;
        const predicate = this.parseExpr();
        this.inSearch = saved;
        let project: A.ColumnItem[] | undefined;
        let projectSmart = false;
        if (this.atWord('project-smart')) { this.advance(); projectSmart = true; }
        else if (this.atWord('project')) {
          this.advance();
          project = [];
          for (;;) {
            // Only column names, optionally typed (`Col:string` forces a type on a union-ed column).
            const n = this.parseName('a column name');
            project.push({ kind: 'ColumnItem', names: [], expr: n, start: n.start, end: n.end });
            if (this.eat(':')) this.parseTypeRef();
            if (!this.eat(',')) break;
          }
        }
        return { kind: 'Find', params, tables, predicate, project, projectSmart, start, end: end() };
      }
      case 'print': {
        const items = this.parseColumnItems();
        return { kind: 'Print', items, start, end: end() };
      }
      case 'range': {
        const column = this.parseName('a column name');
        this.expect('from', "'from'");
        const from = this.parseExpr();
        this.expect('to', "'to'");
        const to = this.parseExpr();
        this.expect('step', "'step'");
        const step = this.parseExpr();
        return { kind: 'Range', column, from, to, step, start, end: end() };
      }
      case 'datatable': {
        const params = this.parseOpParams(['hint.']);
        const columns = this.parseColumnDecls();
        const values = this.parseBracketValues();
        return { kind: 'Datatable', params, columns, values, start, end: end() };
      }
      case 'externaldata': case 'external_data': {
        const params = this.parseOpParams(['kind', 'hint.']);
        const columns = this.parseColumnDecls();
        const uris = this.parseBracketValues();
        let properties: A.Property[] = [];
        if (this.atWord('with')) { this.advance(); properties = this.parseProperties(); }
        return { kind: 'ExternalData', params, columns, uris, properties, start, end: end() };
      }
      case 'inline_external_table': {
        // inline_external_table [(col:type, ...)] kind=… dataformat=… [pathformat=(…)] [partition by (…)] (uris) [with (…)]
        const columns = this.at('(') && this.isNameToken(this.peek()) && this.peek(2).text === ':' ? this.parseColumnDecls() : [];
        const params: A.OpParam[] = [];
        for (;;) {
          if (this.cur.kind === 'ident' && this.peek().text === '=' && this.peek().kind === 'punct') {
            const n = this.advance();
            this.advance();
            const value = this.at('(') ? this.skipBalanced() : this.parseParamValue();
            params.push({ kind: 'OpParam', name: n.text.toLowerCase(), value, start: n.start, end: this.prevEnd });
            continue;
          }
          if (this.atWord('partition') && this.peek().text === 'by') { this.advance(); this.advance(); this.skipBalanced(); continue; }
          break;
        }
        let uris: A.Expr[] = [];
        if (this.expect('(')) {
          uris = this.at(')') ? [] : this.parseExprList();
          this.expect(')');
        }
        let properties: A.Property[] = [];
        if (this.atWord('with')) { this.advance(); properties = this.parseProperties(); }
        return { kind: 'ExternalData', params, columns, uris, properties, start, end: end() };
      }
      case 'render': {
        const chart = this.parseName('a chart type', true);
        let properties: A.Property[] = [];
        if (this.atWord('with')) { this.advance(); properties = this.parseProperties(true); }
        for (const p of properties) {
          if (!RENDER_PROPERTIES.has(p.name.toLowerCase())) this.error(D.unknownParam, p.start, p.start + p.name.length, 'render', p.name);
        }
        return { kind: 'Render', chart, properties, start, end: end() };
      }
      case 'sample': {
        const params = this.parseOpParams(['hint.']);
        return { kind: 'Sample', params, count: this.parseExpr(), start, end: end() };
      }
      case 'sample-distinct': {
        const params = this.parseOpParams(['hint.']);
        const count = this.parseExpr();
        this.expect('of', "'of'");
        return { kind: 'SampleDistinct', params, count, of: this.parseExpr(), start, end: end() };
      }
      case 'fork': {
        const branches: { name?: A.Name; body: A.Expr }[] = [];
        while (this.at('(') || (this.isNameToken(this.cur) && this.peek().text === '=' && this.peek(2).text === '(')) {
          let name: A.Name | undefined;
          if (!this.at('(')) { name = this.parseName(); this.advance(); }
          this.advance();
          const body = this.parseSubQuery();
          this.expect(')');
          branches.push({ name, body });
        }
        if (branches.length === 0) this.missing("'(' and a sub-query");
        return { kind: 'Fork', branches, start, end: end() };
      }
      case 'facet': {
        this.expect('by', "'by'");
        const by = this.parseExprList();
        let withQ: A.Expr | undefined;
        if (this.atWord('with')) {
          this.advance();
          if (this.expect('(')) { withQ = this.parseSubQuery(); this.expect(')'); }
        }
        return { kind: 'Facet', by, with: withQ, start, end: end() };
      }
      case 'partition': {
        const params = this.parseOpParams(['hint.']);
        this.expect('by', "'by'");
        // The key is a column; a `(` after it opens the sub-query, not a call.
        const by: A.Expr = this.isNameToken(this.cur) ? this.nameFrom(this.advance()) : this.parseExpr();
        let body: A.Expr;
        if (this.eat('(')) { body = this.parseSubQuery(); this.expect(')'); }
        else if (this.eat('{')) { body = this.parseSubQuery(); this.expect('}'); }
        else body = this.missing("'(' and a sub-query");
        return { kind: 'Partition', params, by, body, start, end: end() };
      }
      case 'reduce': {
        const params = this.parseOpParams(['kind', 'hint.']);
        this.expect('by', "'by'");
        const by = this.parseExpr();
        let properties: A.Property[] = [];
        if (this.atWord('with')) { this.advance(); properties = this.parsePropertyList(); }
        return { kind: 'Reduce', params, by, properties, start, end: end() };
      }
      case 'assert-schema': return { kind: 'AssertSchema', schema: this.parseTabularType(), start, end: end() };
      case 'make-graph': case 'graph-match': case 'graph-to-table': case 'graph-shortest-paths':
      case 'graph-mark-components': case 'graph-merge': {
        const s = this.cur.start;
        const spec = parseGraphSpec(this.graphHost(), word);
        if (!spec) this.skipToSync();
        return { kind: 'Graph', name: word, text: this.text.slice(s, Math.max(s, this.prevEnd)), ...(spec ? { spec } : {}), start, end: end() };
      }
      case 'project-by-names': return { kind: 'ProjectByNames', items: this.parseExprList(), start, end: end() };
      case 'scan': {
        const params = this.parseOpParams(['with_match_id', 'hint.']);
        const declare: A.ColumnDecl[] = [];
        const defaults: (A.Expr | undefined)[] = [];
        if (this.atWord('declare')) {
          this.advance();
          if (this.expect('(')) {
            if (!this.at(')')) {
              for (;;) {
                declare.push(this.parseColumnDecl());
                defaults.push(this.eat('=') ? this.parseExpr() : undefined);
                if (!this.eat(',')) break;
              }
            }
            this.expect(')');
          }
        }
        const s = this.cur.start;
        const steps: A.ScanStep[] = [];
        if (this.expect('with', "'with'") && this.expect('(')) {
          // step name [output=all|last|none]: condition [=> col = expr, …];
          while (!this.atEof() && !this.at(')')) {
            const st = this.cur.start;
            if (!this.atWord('step')) { this.expect('step', "'step'"); break; }
            this.advance();
            const name = this.parseName('a step name');
            let output: A.ScanStep['output'] = 'all';
            if (this.atWord('output')) {
              this.advance(); this.expect('=');
              const w = this.advance();
              const v = w.text.toLowerCase();
              if (v === 'all' || v === 'last' || v === 'none') output = v;
              else this.error(D.expected, w.start, w.end, "'all', 'last' or 'none'", w.text);
            }
            this.expect(':');
            const condition = this.parseExpr();
            const assignments: { name: A.Name; expr: A.Expr }[] = [];
            if (this.eat('=>')) {
              for (;;) {
                const n = this.parseName('a column name');
                this.expect('=');
                assignments.push({ name: n, expr: this.parseExpr() });
                if (!this.eat(',')) break;
              }
            }
            steps.push({ kind: 'ScanStep', name, output, condition, assignments, start: st, end: this.prevEnd });
            if (!this.eat(';')) break;
          }
          this.expect(')');
        }
        return { kind: 'Scan', params, declare, defaults, steps, text: this.text.slice(s, Math.max(s, this.prevEnd)), start, end: end() };
      }
      default: {
        const suggestion = closest(word, OPERATOR_KEYWORDS);
        this.error(D.unknownOperator, kw.start, kw.end, word, suggestion);
        this.skipToSync();
        return { kind: 'UnknownOp', name: word, start, end: end() };
      }
    }
  }

  /** Skips a balanced `( … )` group (contents not interpreted); returns a Missing placeholder. */
  private skipBalanced(): A.Expr {
    const open = this.cur;
    if (!this.expect('(')) return { kind: 'Missing', expected: '(', start: open.start, end: open.start };
    let depth = 1;
    while (!this.atEof() && depth > 0) {
      const t = this.advance();
      if (t.kind === 'punct' && t.text === '(') depth++;
      else if (t.kind === 'punct' && t.text === ')') depth--;
    }
    if (depth > 0) this.error(D.unclosed, open.start, open.end, '(', ')');
    return { kind: 'Missing', expected: 'group', start: open.start, end: this.prevEnd };
  }

  /** `name=value` operator parameters whose names start with one of `allowed` ('hint.' is a prefix). */
  private parseOpParams(allowed: readonly string[]): A.OpParam[] {
    const out: A.OpParam[] = [];
    for (;;) {
      const t = this.cur;
      if (t.kind !== 'ident') return out;
      // Collect a dotted name and check for `=`.
      let k = 0;
      let name = t.text;
      while (this.peek(k + 1).text === '.' && this.peek(k + 2).kind === 'ident') { name += '.' + this.peek(k + 2).text; k += 2; }
      const eq = this.peek(k + 1);
      if (!(eq.kind === 'punct' && eq.text === '=')) return out;
      const lname = name.toLowerCase();
      if (!allowed.some((a) => (a.endsWith('.') ? lname.startsWith(a) : lname === a))) return out;
      for (let i = 0; i <= k + 1; i++) this.advance();
      const value = this.parseParamValue();
      out.push({ kind: 'OpParam', name: lname, value, start: t.start, end: this.prevEnd });
    }
  }

  /**
   * After the known parameters of an operator that takes no `name = …` items (join, lookup,
   * union): a further `name = value` is a misspelt parameter. Report it and skip it.
   */
  private rejectUnknownParam(op: string): void {
    while (this.cur.kind === 'ident' && this.peek().kind === 'punct' && this.peek().text === '=') {
      const t = this.advance();
      this.advance();
      this.error(D.unknownParam, t.start, t.end, op, t.text);
      this.parseParamValue();
    }
  }

  private parseParamValue(): A.Expr {
    const t = this.cur;
    if (t.kind === 'ident' && t.text !== 'true' && t.text !== 'false') { this.advance(); return this.nameFrom(t, true); }
    return this.parseUnary();
  }

  private parseJoinRight(): A.Expr {
    if (this.at('(')) {
      const open = this.advance();
      const q = this.parseSubQueryOrPipe();
      if (!this.eat(')')) this.error(D.unclosed, open.start, open.end, '(', ')');
      return this.parsePostfixFrom(q);
    }
    return this.parseExpr();
  }

  private parseSubQueryOrPipe(): A.Expr {
    return this.parsePipeExpr();
  }

  private parseUnionLeg(): A.Expr | A.NamePattern {
    const t = this.cur;
    if ((t.kind === 'ident' || (t.kind === 'punct' && t.text === '*')) && this.isPatternAhead()) return this.parseNamePattern();
    if (this.at('(')) {
      const open = this.advance();
      const q = this.parsePipeExpr();
      if (!this.eat(')')) this.error(D.unclosed, open.start, open.end, '(', ')');
      return q;
    }
    return this.parsePostfix();
  }

  /** Is the current token the start of a wildcard name pattern like `Sign*` / `*Events`? */
  private isPatternAhead(): boolean {
    let k = 0;
    let sawStar = false;
    for (;;) {
      const t = this.peek(k);
      if (k > 0 && t.spaceBefore) break;
      if (t.kind === 'punct' && t.text === '*') sawStar = true;
      else if (t.kind !== 'ident' && t.kind !== 'long') break;
      k++;
    }
    return sawStar;
  }

  private parseTableList(): (A.Expr | A.NamePattern)[] {
    // after `in` at `(`
    const open = this.advance();
    const out: (A.Expr | A.NamePattern)[] = [];
    if (!this.at(')')) {
      for (;;) {
        out.push(this.parseUnionLeg());
        if (!this.eat(',')) break;
      }
    }
    if (!this.eat(')')) this.error(D.unclosed, open.start, open.end, '(', ')');
    return out;
  }

  private parseNamePatterns(): A.NamePattern[] {
    const out: A.NamePattern[] = [];
    for (;;) {
      out.push(this.parseNamePattern());
      if (!this.eat(',')) break;
    }
    return out;
  }

  /** A name or wildcard pattern: adjacent identifier and `*` tokens, or a bracketed name. */
  private parseNamePattern(): A.NamePattern {
    const t = this.cur;
    if (t.kind === 'bracketed') { this.advance(); return { kind: 'NamePattern', pattern: String(t.value), start: t.start, end: t.end }; }
    let pattern = '';
    const start = t.start;
    let first = true;
    for (;;) {
      const c = this.cur;
      if (!first && c.spaceBefore) break;
      const prevStar = pattern.endsWith('*');
      if (c.kind === 'punct' && c.text === '*') { pattern += '*'; this.advance(); first = false; continue; }
      if ((first || prevStar) && (c.kind === 'ident' || (!first && c.kind === 'long'))) { pattern += c.text; this.advance(); first = false; continue; }
      break;
    }
    if (first) { const m = this.missing('a column name'); return { kind: 'NamePattern', pattern: '', start: m.start, end: m.end }; }
    return { kind: 'NamePattern', pattern, start, end: this.prevEnd };
  }

  /**
   * Comma-separated column items: `expr`, `name = expr`, `(a, b) = expr`.
   * `aggregates` stops before `by`; `allowStar` accepts `*` (distinct).
   */
  private parseColumnItems(_aggregates = false, allowStar = false): A.ColumnItem[] {
    const out: A.ColumnItem[] = [];
    for (;;) {
      out.push(this.parseColumnItem(allowStar));
      if (!this.eat(',')) break;
    }
    return out;
  }

  private parseColumnItem(allowStar = false): A.ColumnItem {
    const start = this.cur.start;
    const names: A.Name[] = [];
    if (this.isNameToken(this.cur) && this.peek().kind === 'punct' && this.peek().text === '=') {
      names.push(this.nameFrom(this.advance()));
      this.advance();
    } else if (this.at('(') && this.isTupleAssignAhead()) {
      this.advance();
      for (;;) {
        names.push(this.parseName('a column name'));
        if (!this.eat(',')) break;
      }
      this.expect(')');
      this.expect('=');
    }
    let expr: A.Expr;
    if (allowStar && this.at('*')) { const t = this.advance(); expr = { kind: 'Star', start: t.start, end: t.end }; }
    else expr = this.parseExpr();
    return { kind: 'ColumnItem', names, expr, start, end: this.prevEnd };
  }

  /** At `(`: `(a, b) =`? */
  private isTupleAssignAhead(): boolean {
    let k = 1;
    for (;;) {
      if (!this.isNameToken(this.peek(k))) return false;
      const sep = this.peek(k + 1);
      if (sep.text === ',') { k += 2; continue; }
      return sep.text === ')' && this.peek(k + 2).text === '=' && this.peek(k + 2).kind === 'punct';
    }
  }

  private parseSortItems(): A.SortItem[] {
    const out: A.SortItem[] = [];
    for (;;) {
      out.push(this.parseSortItem());
      if (!this.eat(',')) break;
    }
    return out;
  }

  private parseSortItem(): A.SortItem {
    const start = this.cur.start;
    this.assignAtDepth = this.depth + 1;
    const expr = this.parseExpr();
    this.assignAtDepth = -1;
    let order: 'asc' | 'desc' | undefined;
    let nulls: 'first' | 'last' | undefined;
    if (this.atWord('asc') || this.atWord('desc')) order = this.advance().text as 'asc' | 'desc';
    if (this.atWord('nulls')) {
      this.advance();
      if (this.atWord('first') || this.atWord('last')) nulls = this.advance().text as 'first' | 'last';
      else this.missing("'first' or 'last'");
    }
    return { kind: 'SortItem', expr, order, nulls, start, end: this.prevEnd };
  }

  private parseExprList(): A.Expr[] {
    const out: A.Expr[] = [];
    for (;;) {
      out.push(this.parseExpr());
      if (!this.eat(',')) break;
    }
    return out;
  }

  private parseTopNested(start: number): A.TopNestedOp {
    const clauses: A.TopNestedClause[] = [];
    for (;;) {
      const s = this.cur.start;
      let count: A.Expr | undefined;
      if (!this.atWord('of')) count = this.parseExpr();
      this.expect('of', "'of'");
      const of = this.parseColumnItem();
      let others: A.Expr | undefined;
      if (this.atWord('with') && this.peek().text === 'others') {
        this.advance(); this.advance();
        this.expect('=');
        others = this.parseExpr();
      }
      this.expect('by', "'by'");
      const by = this.parseColumnItem();
      let order: 'asc' | 'desc' | undefined;
      if (this.atWord('asc') || this.atWord('desc')) order = this.advance().text as 'asc' | 'desc';
      clauses.push({ kind: 'TopNestedClause', count, of, others, by, order, start: s, end: this.prevEnd });
      if (!this.eat(',')) break;
      if (!this.atWord('top-nested')) { this.missing("'top-nested'"); break; }
      this.advance();
    }
    return { kind: 'TopNested', clauses, start, end: this.prevEnd };
  }

  private parseMvItems(): A.MvItem[] {
    const out: A.MvItem[] = [];
    for (;;) {
      const s = this.cur.start;
      const item = this.parseColumnItem();
      let toType: A.TypeRef | undefined;
      if (this.atWord('to') && this.peek().text === 'typeof') {
        this.advance(); this.advance();
        this.expect('(');
        toType = this.parseTypeRef();
        this.expect(')');
      }
      out.push({ kind: 'MvItem', item, toType, start: s, end: this.prevEnd });
      if (!this.eat(',')) break;
    }
    return out;
  }

  private parseParsePattern(): A.ParsePart[] {
    const out: A.ParsePart[] = [];
    for (;;) {
      const t = this.cur;
      if (t.kind === 'string') { out.push(this.parseStringLiteral()); continue; }
      if (t.kind === 'punct' && t.text === '*') { this.advance(); out.push({ kind: 'Star', start: t.start, end: t.end }); continue; }
      if (this.isNameToken(t) && !(t.kind === 'ident' && MISSING_PIPE_WORDS.has(t.text) && t.spaceBefore && out.length > 0 && this.peek().text !== ':' && this.peek().kind !== 'string')) {
        this.advance();
        const name = this.nameFrom(t);
        let type: A.TypeRef | undefined;
        if (this.eat(':')) type = this.parseTypeRef();
        out.push({ kind: 'ParseColumn', name, type, start: t.start, end: this.prevEnd });
        continue;
      }
      break;
    }
    if (out.length === 0) this.missing('a parse pattern');
    return out;
  }

  /** `( key = value, ... )`; `lists` allows list values (`ycolumns=a, b` in render). */
  private parseProperties(lists = false): A.Property[] {
    const open = this.cur;
    if (!this.expect('(')) return [];
    const out = this.at(')') ? [] : this.parsePropertyList(lists);
    if (!this.eat(')')) this.error(D.unclosed, open.start, open.end, '(', ')');
    return out;
  }

  private parsePropertyList(lists = false): A.Property[] {
    const out: A.Property[] = [];
    for (;;) {
      const s = this.cur.start;
      const name = this.parseDottedName();
      this.expect('=');
      let value = this.parseExpr();
      // Property values may be lists (`ycolumns=a, b`): extra items until the next `name =`.
      while (lists && (name.name === 'ycolumns' || name.name === 'anomalycolumns' || name.name === 'series') && this.at(',') && !(this.isNameToken(this.peek()) && this.peek(2).text === '=' && this.peek(2).kind === 'punct')) {
        this.advance();
        const more = this.parseExpr();
        value = { ...value, end: more.end };
      }
      out.push({ kind: 'Property', name: name.name, value, start: s, end: this.prevEnd });
      if (!this.eat(',')) break;
    }
    return out;
  }

  /** `[ v, v, ... ]` — datatable values and externaldata URIs. */
  private parseBracketValues(): A.Expr[] {
    const t = this.cur;
    if (t.kind === 'bracketed') {
      // `['only']` lexed as a quoted name: a one-value list.
      this.advance();
      return [{ kind: 'Literal', type: 'string', value: String(t.value), text: t.text.slice(1, -1).trim(), start: t.start + 1, end: t.end - 1 }];
    }
    if (!this.expect('[')) return [];
    const out: A.Expr[] = [];
    while (!this.at(']') && !this.atEof()) {
      const before = this.pos;
      const v = this.parseExpr();
      // Values are constants: literals, possibly signed.
      if (v.kind !== 'Literal' && v.kind !== 'Missing') this.error(D.expected, v.start, v.end, 'a literal value', `'${this.text.slice(v.start, Math.min(v.end, v.start + 30))}'`);
      out.push(v);
      if (!this.eat(',')) break;
      if (this.pos === before) break;
    }
    if (!this.eat(']')) this.error(D.unclosed, t.start, t.end, '[', ']');
    return out;
  }

  private parseMakeSeries(start: number): A.MakeSeriesOp {
    const params = this.parseOpParams(['kind', 'hint.']);
    const aggregates: A.MakeSeriesAgg[] = [];
    for (;;) {
      const s = this.cur.start;
      const item = this.parseColumnItem();
      let def: A.Expr | undefined;
      if (this.atWord('default') && this.peek().text === '=') { this.advance(); this.advance(); def = this.parseExpr(); }
      aggregates.push({ kind: 'MakeSeriesAgg', item, default: def, start: s, end: this.prevEnd });
      if (!this.eat(',')) break;
    }
    this.expect('on', "'on'");
    const on = this.parseAdditive();
    let from: A.Expr | undefined, to: A.Expr | undefined, step: A.Expr;
    if (this.atWord('in')) {
      this.advance();
      const r = this.parsePostfix();
      if (r.kind === 'Call' && r.name.name === 'range' && r.args.length === 3) {
        from = r.args[0]; to = r.args[1]; step = r.args[2]!;
      } else {
        this.error(D.expected, r.start, r.end, 'range(start, stop, step)', `'${this.text.slice(r.start, r.end)}'`);
        step = { kind: 'Missing', expected: 'step', start: r.end, end: r.end };
      }
    } else {
      if (this.atWord('from')) { this.advance(); from = this.parseAdditive(); }
      if (this.atWord('to')) { this.advance(); to = this.parseAdditive(); }
      if (this.expect('step', "'step'")) step = this.parseAdditive();
      else step = { kind: 'Missing', expected: 'step', start: this.cur.start, end: this.cur.start };
    }
    let by: A.ColumnItem[] = [];
    if (this.atWord('by')) { this.advance(); by = this.parseColumnItems(); }
    return { kind: 'MakeSeries', params, aggregates, on, from, to, step, by, start, end: this.prevEnd };
  }

  // ───────────── expressions ─────────────

  /** A scalar expression (which may also denote a table: a name, a call, a parenthesized query). */
  parseExpr(): A.Expr {
    if (this.depth > MAX_DEPTH) return this.tooDeep();
    this.depth++;
    try {
      return this.parseOr();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): A.Expr {
    let left = this.parseAnd();
    while (this.atWord('or')) {
      const op = this.advance();
      const right = this.parseAnd();
      left = { kind: 'Binary', op: 'or', left, right, opStart: op.start, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): A.Expr {
    let left = this.parseComparison();
    while (this.atWord('and')) {
      const op = this.advance();
      const right = this.parseComparison();
      left = { kind: 'Binary', op: 'and', left, right, opStart: op.start, start: left.start, end: right.end };
    }
    return left;
  }

  /** The comparison operator at the cursor, if any: [canonical op, tokens it spans]. */
  private comparisonOp(): [string, number] | undefined {
    const t = this.cur;
    if (t.kind === 'punct') {
      if (COMPARE_PUNCT.has(t.text)) return [OP_ALIASES[t.text] ?? t.text, 1];
      if (t.text.startsWith('!')) {
        const w = t.text.slice(1);
        if (STRING_OPS.has(w)) return [t.text, 1];
        if (LIST_OPS.has(t.text)) return [t.text, 1];
        if (w === 'between') return ['!between', 1];
        if (t.text === '!containscs') return ['!contains_cs', 1];
      }
      // `Col:value` means `Col has value` (search syntax, accepted in any predicate by Kusto's grammar).
      if (t.text === ':') return ['has', 1];
      return undefined;
    }
    if (t.kind === 'ident') {
      const w = t.text;
      if (STRING_OPS.has(w) || LIST_OPS.has(w) || w === 'between') return [w, 1];
      if (OP_ALIASES[w]) return [OP_ALIASES[w]!, 1];
      if (w === 'matches' && this.peek().text === 'regex') return ['matches regex', 2];
    }
    return undefined;
  }

  /** Relational operators bind tighter than equality and string operators: `a == b > c` is `a == (b > c)`. */
  private static readonly RELATIONAL = new Set(['<', '<=', '>', '>=']);

  private parseRelational(): A.Expr {
    let left = this.parseAdditive();
    let compared = false;
    for (;;) {
      const t = this.cur;
      if (!(t.kind === 'punct' && Parser.RELATIONAL.has(t.text))) return left;
      if (compared) this.error(D.unexpectedToken, t.start, t.end, this.describe(t));
      compared = true;
      this.advance();
      const right = this.parseAdditive();
      left = { kind: 'Binary', op: t.text as A.BinaryOp, left, right, opStart: t.start, start: left.start, end: right.end };
    }
  }

  private parseComparison(): A.Expr {
    let left = this.parseRelational();
    let compared = false;
    for (;;) {
      if (compared && this.comparisonOp() && !(this.cur.kind === 'punct' && Parser.RELATIONAL.has(this.cur.text))) {
        // Comparisons do not chain in Kusto (`a < b < c` is an error): report, then read on.
        const t = this.cur;
        this.error(D.unexpectedToken, t.start, t.end, this.describe(t));
      }
      if (this.cur.kind === 'punct' && this.cur.text === '=' && left.kind !== 'Missing') {
        // `x = 1`: a common slip for `==`. At the top of a `where` predicate Kusto's grammar reads
        // it as a named expression (the binder then reports it); anywhere else it is a syntax error.
        const eq = this.advance();
        const named = this.assignAtDepth === this.depth && left.kind === 'Name';
        if (!named) this.error(D.assignInPredicate, eq.start, eq.end);
        this.assignAtDepth = -1;
        const right = this.parseRelational();
        left = { kind: 'Binary', op: '==', left, right, opStart: eq.start, start: left.start, end: right.end, ...(named ? { assignment: true } : {}) };
        compared = true;
        continue;
      }
      const found = this.comparisonOp();
      if (!found || Parser.RELATIONAL.has(found[0])) return left;
      const [op, n] = found;
      compared = true;
      const opTok = this.cur;
      for (let i = 0; i < n; i++) this.advance();
      if (LIST_OPS.has(op)) {
        const items = this.parseListOperand();
        left = { kind: 'InList', op: op as A.InList['op'], left, items, opStart: opTok.start, start: left.start, end: this.prevEnd };
        continue;
      }
      if (op === 'between' || op === '!between') {
        const open = this.cur;
        let low: A.Expr, high: A.Expr;
        if (this.expect('(')) {
          low = this.parseAdditive();
          this.expect('..', "'..'");
          high = this.parseAdditive();
          if (!this.eat(')')) this.error(D.unclosed, open.start, open.end, '(', ')');
        } else {
          low = high = { kind: 'Missing', expected: 'range', start: this.cur.start, end: this.cur.start };
        }
        left = { kind: 'Between', negated: op === '!between', left, low, high, start: left.start, end: this.prevEnd };
        continue;
      }
      const right = this.parseRelational();
      left = { kind: 'Binary', op: op as A.BinaryOp, left, right, opStart: opTok.start, start: left.start, end: right.end };
    }
  }

  /** `( a, b, ... )` or `( subquery )` after in / has_any…; a bare operand is accepted too. */
  private parseListOperand(): A.Expr[] {
    if (!this.at('(')) {
      // `x in (…)`: the parentheses are required.
      this.missing("'('");
      return [this.parseAdditive()];
    }
    const open = this.advance();
    const items: A.Expr[] = [];
    if (!this.at(')')) {
      for (;;) {
        items.push(this.parsePipeExpr());
        if (!this.eat(',')) break;
      }
    }
    if (!this.eat(')')) this.error(D.unclosed, open.start, open.end, '(', ')');
    return items;
  }

  private parseAdditive(): A.Expr {
    let left = this.parseMultiplicative();
    while (this.cur.kind === 'punct' && (this.cur.text === '+' || this.cur.text === '-')) {
      const op = this.advance();
      const right = this.parseMultiplicative();
      left = { kind: 'Binary', op: op.text as '+' | '-', left, right, opStart: op.start, start: left.start, end: right.end };
    }
    return left;
  }

  private parseMultiplicative(): A.Expr {
    let left = this.parseUnary();
    while (this.cur.kind === 'punct' && (this.cur.text === '*' || this.cur.text === '/' || this.cur.text === '%')) {
      // `*` directly followed by nothing that can start an operand is not multiplication (e.g. `Foo*` pattern).
      const op = this.advance();
      const right = this.parseUnary();
      left = { kind: 'Binary', op: op.text as '*' | '/' | '%', left, right, opStart: op.start, start: left.start, end: right.end };
    }
    return left;
  }

  private parseUnary(): A.Expr {
    const t = this.cur;
    if (t.kind === 'punct' && (t.text === '-' || t.text === '+')) {
      if (this.depth > MAX_DEPTH) return this.tooDeep();
      this.depth++;
      try {
        this.advance();
        const operand = this.parseUnary();
        // Fold signs into numeric literals so `-1` is the literal -1.
        if (operand.kind === 'Literal' && typeof operand.value === 'number' && operand.start === t.end) {
          return { ...operand, value: t.text === '-' ? -operand.value : operand.value, text: t.text + operand.text, start: t.start };
        }
        return { kind: 'Unary', op: t.text as '-' | '+', operand, start: t.start, end: operand.end };
      } finally {
        this.depth--;
      }
    }
    return this.parsePostfix();
  }

  private parsePostfix(): A.Expr {
    return this.parsePostfixFrom(this.parsePrimary());
  }

  private parsePostfixFrom(e: A.Expr): A.Expr {
    for (;;) {
      const t = this.cur;
      if (t.kind === 'punct' && t.text === '.' && e.kind !== 'Missing') {
        const n = this.peek();
        if (n.kind === 'punct' && n.text === '[' && !n.spaceBefore) { this.advance(); continue; }
        if (n.kind === 'punct' && n.text === '*' && !n.spaceBefore && (e.kind === 'Call' || e.kind === 'Name' || e.kind === 'Member')) {
          // `database("x").*` / `.*Table` / `.T*`: a wildcard table pattern.
          this.advance();
          const p = this.parseNamePattern();
          const member: A.Name = { kind: 'Name', name: p.pattern, quoted: false, start: p.start, end: p.end };
          e = { kind: 'Member', target: e, member, start: e.start, end: this.prevEnd };
          continue;
        }
        if (this.isNameToken(n)) {
          this.advance();
          const nt = this.advance();
          let member: A.Name = this.nameFrom(nt, this.at('('));
          if (this.at('*') && !this.cur.spaceBefore && n.kind === 'ident') {
            // `.T*` / `.T*b` table pattern
            let name = member.name;
            while ((this.at('*') || this.cur.kind === 'ident') && !this.cur.spaceBefore && (this.at('*') || name.endsWith('*'))) name += this.advance().text;
            member = { ...member, name, end: this.prevEnd };
          }
          if (this.at('(') && n.kind === 'ident') {
            const args = this.parseArgs(member.name);
            e = { kind: 'Call', name: member, target: e, args, start: e.start, end: this.prevEnd };
          } else {
            e = { kind: 'Member', target: e, member, start: e.start, end: this.prevEnd };
          }
          continue;
        }
        return e;
      }
      if (t.kind === 'bracketed' && e.kind !== 'Missing') {
        this.advance();
        const index: A.Literal = { kind: 'Literal', type: 'string', value: String(t.value), text: t.text.slice(1, -1).trim(), start: t.start + 1, end: t.end - 1 };
        e = { kind: 'Index', target: e, index, start: e.start, end: t.end };
        continue;
      }
      if (t.kind === 'punct' && t.text === '[' && e.kind !== 'Missing') {
        const open = this.advance();
        const index = this.parseExpr();
        if (!this.eat(']')) this.error(D.unclosed, open.start, open.end, '[', ']');
        e = { kind: 'Index', target: e, index, start: e.start, end: this.prevEnd };
        continue;
      }
      return e;
    }
  }

  /** Functions whose arguments may be unparenthesized pipes: `toscalar(T | count)`. */
  private static readonly PIPE_ARGS = new Set(['toscalar', 'materialize']);

  private parseArgs(fn = ''): A.Expr[] {
    const pipeArgs = Parser.PIPE_ARGS.has(fn);
    const open = this.advance(); // (
    const args: A.Expr[] = [];
    if (!this.at(')')) {
      for (;;) {
        const t = this.cur;
        if (this.isNameToken(t) && this.peek().kind === 'punct' && this.peek().text === '=') {
          this.advance(); this.advance();
          const name = this.nameFrom(t, false);
          const value = this.parsePipeExpr();
          args.push({ kind: 'NamedArg', name, value, start: t.start, end: this.prevEnd });
        } else if (t.kind === 'punct' && t.text === '*' && (this.peek().text === ')' || this.peek().text === ',')) {
          this.advance();
          args.push({ kind: 'Star', start: t.start, end: t.end });
        } else {
          // Other calls take scalar arguments; a query argument must be parenthesized: f((T | take 1)).
          const argStart = this.cur.start;
          let arg = pipeArgs ? this.parsePipeExpr() : this.parseSourceOrExpr();
          if (!pipeArgs && this.at('|')) {
            const bar = this.cur;
            this.error(D.expected, bar.start, bar.end, "',' or ')' (a query argument needs its own parentheses: f((T | …)))", "'|'");
            arg = this.continuePipe(argStart, arg);
          }
          args.push(arg);
        }
        if (!this.eat(',')) break;
      }
    }
    if (!this.eat(')')) {
      const c = this.cur;
      if (c.kind === 'eof' || c.text === '|' || c.text === ';') this.error(D.unclosed, open.start, open.end, '(', ')');
      else this.error(D.expected, c.start, c.end, "',' or ')'", this.describe(c));
    }
    return args;
  }

  private parseStringLiteral(): A.Literal {
    const first = this.advance();
    let value = String(first.value ?? '');
    let obf = first.obfuscated ?? false;
    // Adjacent string literals concatenate: "a" "b" == "ab".
    while (this.cur.kind === 'string') {
      const t = this.advance();
      value += String(t.value ?? '');
      obf = obf || (t.obfuscated ?? false);
    }
    return { kind: 'Literal', type: 'string', value, text: this.text.slice(first.start, this.prevEnd), start: first.start, end: this.prevEnd, obfuscated: obf || undefined };
  }

  private parsePrimary(): A.Expr {
    const t = this.cur;
    switch (t.kind) {
      case 'string': return this.parseStringLiteral();
      case 'long': {
        this.advance();
        return { kind: 'Literal', type: 'long', value: t.value as number, text: t.text, start: t.start, end: t.end };
      }
      case 'real': {
        this.advance();
        return { kind: 'Literal', type: 'real', value: t.value as number, text: t.text, start: t.start, end: t.end };
      }
      case 'timespan': {
        this.advance();
        return { kind: 'Literal', type: 'timespan', value: t.value as number, text: t.text, start: t.start, end: t.end };
      }
      case 'typed': {
        this.advance();
        const type = TYPED_LITERAL_TYPES[t.typeWord!]!;
        const value = decodeTyped(type, t.inner ?? '');
        const lit: A.Literal = { kind: 'Literal', type, value: value ?? null, text: t.text, start: t.start, end: t.end };
        return value === undefined ? { ...lit, invalid: true } : lit;
      }
      case 'bracketed': {
        this.advance();
        return this.nameFrom(t);
      }
      case 'error': {
        // Already reported by the lexer.
        this.advance();
        return { kind: 'Missing', expected: 'expression', start: t.start, end: t.end };
      }
      case 'ident': return this.parseIdentPrimary(t);
      case 'punct': {
        if (t.text === '(') {
          const open = this.advance();
          const inner = this.parsePipeExpr();
          if (!this.eat(')')) {
            const c = this.cur;
            if (c.kind === 'eof' || c.text === '|' || c.text === ';' || c.text === ']' || c.text === '}') this.error(D.unclosed, open.start, open.end, '(', ')');
            else this.error(D.expected, c.start, c.end, "')'", this.describe(c));
          }
          return inner;
        }
        if (t.text === '*' && (this.inSearch || this.starOperandAhead())) {
          this.advance();
          return { kind: 'Star', start: t.start, end: t.end };
        }
        if (t.text === '$' ) {
          this.advance();
          return { kind: 'Missing', expected: 'expression', start: t.start, end: t.end };
        }
        return this.missing('an expression');
      }
      case 'eof': return this.missing('an expression');
    }
  }

  /** `* has "x"` (any column): a `*` operand is allowed before a string/comparison operator. */
  private starOperandAhead(): boolean {
    const n = this.peek();
    return (n.kind === 'ident' && (STRING_OPS.has(n.text) || LIST_OPS.has(n.text))) || (n.kind === 'punct' && (n.text.startsWith('!') || n.text === '==' || n.text === '=~'));
  }

  private parseIdentPrimary(t: Token): A.Expr {
    const w = t.text;
    const next = this.peek();
    if (w === 'true' || w === 'false') {
      this.advance();
      return { kind: 'Literal', type: 'bool', value: w === 'true', text: w, start: t.start, end: t.end };
    }
    if ((w === '$left' || w === '$right')) {
      this.advance();
      if (this.at('.') && this.isNameToken(this.peek())) {
        this.advance();
        const column = this.nameFrom(this.advance());
        return { kind: 'JoinSideRef', side: w === '$left' ? 'left' : 'right', column, start: t.start, end: this.prevEnd };
      }
      if (this.cur.kind === 'bracketed') {
        const c = this.advance();
        return { kind: 'JoinSideRef', side: w === '$left' ? 'left' : 'right', column: this.nameFrom(c), start: t.start, end: this.prevEnd };
      }
      // A bare `$left` is a plain name to the grammar; the binder reports it as unknown.
      return { kind: 'Name', name: w, quoted: false, start: t.start, end: t.end };
    }
    if (w === 'dynamic' && next.kind === 'punct' && next.text === '(') return this.parseDynamic();
    if (w === 'typeof' && next.kind === 'punct' && next.text === '(') return this.parseTypeOf();
    if (TYPED_LITERAL_TYPES[w] !== undefined && next.kind === 'punct' && next.text === '(') {
      // `datetime(` whose body the lexer could not take as a literal (nested parens, newline…).
      this.advance();
      this.parseArgs();
      return { kind: 'Literal', type: TYPED_LITERAL_TYPES[w]!, value: null, text: this.text.slice(t.start, this.prevEnd), start: t.start, end: this.prevEnd, invalid: true };
    }
    // A name reference: keywords are not names here unless bracketed (calls such as toscalar( are fine).
    this.advance();
    const name = this.nameFrom(t, this.at('('));
    if (this.at('(')) {
      const args = this.parseArgs(w);
      return { kind: 'Call', name, args, start: t.start, end: this.prevEnd };
    }
    return name;
  }

  private parseTypeOf(): A.TypeOf {
    const start = this.advance().start; // typeof
    const open = this.advance(); // (
    const items: (A.TypeRef | A.ColumnDecl | A.Star)[] = [];
    if (!this.at(')')) {
      for (;;) {
        const t = this.cur;
        if (this.eat('*')) items.push({ kind: 'Star', start: t.start, end: t.end });
        else if (this.isNameToken(t) && this.peek().text === ':') items.push(this.parseColumnDecl());
        else items.push(this.parseTypeRef());
        if (!this.eat(',')) break;
      }
    }
    if (!this.eat(')')) this.error(D.unclosed, open.start, open.end, '(', ')');
    return { kind: 'TypeOf', items, start, end: this.prevEnd };
  }

  /** `dynamic( json-ish )`. */
  private parseDynamic(): A.Literal {
    const start = this.advance().start; // dynamic
    const open = this.advance(); // (
    let value: DynamicValue = null;
    if (this.at(')')) this.missing('a value (use dynamic(null) for none)');
    else value = this.parseDynValue();
    if (!this.eat(')')) {
      this.error(D.unclosed, open.start, open.end, '(', ')');
      this.skipToSync();
    }
    return { kind: 'Literal', type: 'dynamic', value, text: this.text.slice(start, this.prevEnd), start, end: this.prevEnd };
  }

  private parseDynValue(): DynamicValue {
    if (this.depth > MAX_DEPTH) { this.tooDeep(); return null; }
    this.depth++;
    try {
      const t = this.cur;
      if (t.kind === 'punct' && t.text === '[') {
        this.advance();
        const arr: DynamicValue[] = [];
        while (!this.at(']') && !this.atEof()) {
          const before = this.pos;
          arr.push(this.parseDynValue());
          if (!this.eat(',')) break;
          if (this.pos === before) break;
        }
        if (!this.eat(']')) this.error(D.unclosed, t.start, t.end, '[', ']');
        return arr;
      }
      if (t.kind === 'bracketed') { this.advance(); return [String(t.value)]; }
      if (t.kind === 'punct' && t.text === '{') {
        this.advance();
        const obj: { [k: string]: DynamicValue } = {};
        while (!this.at('}') && !this.atEof()) {
          const k = this.cur;
          let key: string;
          if (k.kind === 'string') { this.advance(); key = String(k.value); }
          else if (k.kind === 'ident') { this.advance(); key = k.text; }
          else { this.missing('a property name'); break; }
          this.expect(':');
          obj[key] = this.parseDynValue();
          if (!this.eat(',')) break;
        }
        if (!this.eat('}')) this.error(D.unclosed, t.start, t.end, '{', '}');
        return obj;
      }
      if (t.kind === 'string') return this.parseStringLiteral().value as string;
      if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false')) { this.advance(); return t.text === 'true'; }
      if (t.kind === 'ident' && t.text === 'null') { this.advance(); return null; }
      const e = this.parseUnary();
      if (e.kind === 'Literal') {
        if (e.type === 'datetime' && typeof e.value === 'number') return formatDatetime(e.value);
        if (e.type === 'timespan' && typeof e.value === 'number') return formatTimespan(e.value);
        return e.value as DynamicValue;
      }
      if (e.kind !== 'Missing') this.error(D.expected, e.start, e.end, 'a constant in dynamic()', `'${this.text.slice(e.start, e.end)}'`);
      return null;
    } finally {
      this.depth--;
    }
  }
}

/** The candidate closest to `word` by edit distance, when close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lw = word.toLowerCase();
  for (const c of candidates) {
    const lc = c.toLowerCase();
    if (lc === lw) return c;
    const d = editDistance(lw, lc);
    if (d < bestD) { bestD = d; best = c; }
  }
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
  return bestD <= limit ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag0 = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag0 + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag0 = tmp;
    }
  }
  return prev[b.length]!;
}

export type { ScalarType };
