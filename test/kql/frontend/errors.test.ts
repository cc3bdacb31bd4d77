/**
 * Typical KQL mistakes, each with the first diagnostic pinned: code, line:col and message.
 * Inputs are checked against the built-in table schemas, as `cloudhop check` does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/kql/check.js';
import { builtinCatalog } from '../../../src/store/schemas/index.js';

const catalog = builtinCatalog();

/** [query, code, line:col, message] of the first diagnostic. */
const CASES: readonly (readonly [string, string, string, string])[] = [
  ["SigninLogs where ResultType == '0'", 'KQL007', '1:12', "Expected '|' before 'where': query operators follow a pipe."],
  ["SigninLogs | where ResultType == '0' project UserPrincipalName", 'KQL007', '1:38', "Expected '|' before 'project': query operators follow a pipe."],
  ["SigninLogs | where (ResultType == '0'", 'KQL009', '1:20', "'(' is not closed: expected ')'."],
  ["SigninLogs | where ResultType == '0')", 'KQL008', '1:37', "Unexpected ')'."],
  ["SigninLogs | project UserPrincipalNam", 'KQL100', '1:22', "Unknown column or variable 'UserPrincipalNam'. Did you mean 'UserPrincipalName'?"],
  ["SigninLogs | where TimeGenerated > ago(1d, 2)", 'KQL200', '1:36', "Function 'ago' expects 1 argument but got 2."],
  ["SigninLogs | extend x = tolower()", 'KQL200', '1:25', "Function 'tolower' expects 1 argument but got 0."],
  ["SigninLogs | extend x = tolowr(UserPrincipalName)", 'KQL102', '1:25', "Unknown function 'tolowr'. Did you mean 'tolower'?"],
  ["SigninLogs | where TimeGenerated > 'yesterday'", 'KQL202', '1:34', "Operator '>' cannot be applied to datetime and string."],
  ["SigninLogs | where UserPrincipalName + 1 > 2", 'KQL202', '1:38', "Operator '+' cannot be applied to string and long."],
  ["SiginLogs | take 10", 'KQL101', '1:1', "Unknown table 'SiginLogs'. Did you mean 'SigninLogs'?"],
  ["SigninLogs | summarize by", 'KQL003', '1:26', "Expected an expression but found end of query."],
  ["SigninLogs | summarize UserPrincipalName by AppDisplayName", 'KQL205', '1:24', "'UserPrincipalName' is not an aggregate; summarize needs an aggregate function here."],
  ["SigninLogs | extend c = count()", 'KQL204', '1:25', "Aggregate function 'count' can only be used in summarize, make-series or similar operators."],
  ["SigninLogs | sort TimeGenerated desc", 'KQL003', '1:19', "Expected 'by' but found 'TimeGenerated'."],
  ["SigninLogs | take", 'KQL003', '1:18', "Expected an expression but found end of query."],
  ["SigninLogs | projet UserPrincipalName", 'KQL004', '1:14', "Unknown query operator 'projet'. Did you mean 'project'?"],
  ["SigninLogs | where UserPrincipalName has_any ('a', 'b'", 'KQL009', '1:46', "'(' is not closed: expected ')'."],
  ["SigninLogs | where UserPrincipalName = 'x'", 'KQL017', '1:38', "Use '==' to compare; '=' only names a column or argument."],
  ["SigninLogs | where UserPrincipalName == \"x", 'KQL002', '1:41', "Unterminated string literal."],
  ["SigninLogs | where TimeGenerated between (ago(1d) .. )", 'KQL003', '1:54', "Expected an expression but found ')'."],
  ["SigninLogs | join kind=innr (AuditLogs) on CorrelationId", 'KQL015', '1:24', "Invalid value 'innr' for kind; expected one of inner, innerunique, leftouter, rightouter, fullouter, leftanti, anti, leftantisemi, rightanti, rightantisemi, leftsemi, rightsemi."],
  ["SigninLogs | join (AuditLogs) on $left.Foo == $right.CorrelationId", 'KQL106', '1:40', "Unknown column 'Foo' on the left side of the join."],
  ["SigninLogs | join (AuditLogs)", 'KQL020', '1:14', "The join has no 'on' condition: add 'on Column' or 'on $left.a == $right.b'."],
  ["SigninLogs | where TimeGenerated > datetime(2024-13-45)", 'KQL005', '1:36', "Invalid datetime literal 'datetime(2024-13-45)'."],
  ["SigninLogs | extend x = 1 +", 'KQL003', '1:28', "Expected an expression but found end of query."],
  ["SigninLogs | where strlen(UserPrincipalName) > 'a'", 'KQL202', '1:46', "Operator '>' cannot be applied to long and string."],
  ["SigninLogs | mv-expand", 'KQL003', '1:23', "Expected an expression but found end of query."],
  ["SigninLogs | where isnotempty(UserPrincipalName) and", 'KQL003', '1:53', "Expected an expression but found end of query."],
  ["let x = 5\nSigninLogs | take x", 'KQL016', '1:10', "Expected ';' after the let statement."],
  ["SigninLogs | project a = 1, a = 2", 'KQL103', '1:29', "Column 'a' is defined more than once."],
  // `in ('a', 1)` and `== 1` on a string are accepted (as Microsoft's analyzer does); ordering is not.
  ["SigninLogs | where UserPrincipalName < 1", 'KQL202', '1:38', "Operator '<' cannot be applied to string and long."],
  ["SigninLogs | where LocationDetails.city == 'x' | extend y = UserPrincipalName.foo", 'KQL201', '1:61', "Member access expects dynamic but got string."],
  ["SigninLogs | summarize count() by bin(TimeGenerated)", 'KQL200', '1:35', "Function 'bin' expects 2 arguments but got 1."],
  ["SigninLogs | top 10 UserPrincipalName", 'KQL003', '1:21', "Expected 'by' but found 'UserPrincipalName'."],
  ["SigninLogs | where 1", 'KQL203', '1:20', "The predicate must be bool but is long."],
  ["SigninLogs |", 'KQL012', '1:12', "Expected a query operator after '|'."],
  ["| where x", 'KQL003', '1:1', "Expected a table or expression before '|' but found '|'."],
  ["SigninLogs | where x == #1", 'KQL100', '1:20', "Unknown column or variable 'x'."],
  ["SigninLogs | extend d = dynamic([1, 2)", 'KQL009', '1:33', "'[' is not closed: expected ']'."],
  ["SigninLogs | union kind=weird AuditLogs", 'KQL015', '1:25', "Invalid value 'weird' for kind; expected one of inner, outer."],
  ["print iff(true, 1)", 'KQL200', '1:7', "Function 'iff' expects 3 arguments but got 2."],
  ["SigninLogs | where not(ResultType)", 'KQL201', '1:24', "Argument 1 of 'not' expects bool but got string."],
  ["SigninLogs | project-away NoSuchColumn", 'KQL100', '1:27', "Unknown column or variable 'NoSuchColumn'."],
  ["SigninLogs | project-rename A = NoSuchColumn", 'KQL100', '1:33', "Unknown column or variable 'NoSuchColumn'."],
  ["print x = now() - 1", 'KQL202', '1:17', "Operator '-' cannot be applied to datetime and long."],
  ["print 'a' + 'b'", 'KQL202', '1:11', "Operator '+' cannot be applied to string and string."],
  ["SigninLogs | evaluate bag_unpak(LocationDetails)", 'KQL108', '1:23', "Unknown plugin 'bag_unpak'. Did you mean 'bag_unpack'?"],
  ["print x = ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a", 'KQL021', '1:11', "A guid must be written guid(ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a)."],
  ["print 'C:\\dir'", 'KQL019', '1:10', "Invalid escape sequence '\\d' in a string literal (write @'…' for a verbatim string)."],
  ["SigninLogs | where TimeGenerated > ago(1d) > now()", 'KQL008', '1:44', "Unexpected '>'."],
  ["let x = 5; x | take 1", 'KQL104', '1:12', "'x' is a scalar, not a table."],
  ["SigninLogs | join kindd=inner (AuditLogs) on CorrelationId", 'KQL014', '1:19', "Unknown parameter 'kindd' for join."],
  ["SigninLogs | project of", 'KQL018', '1:22', "'of' is a keyword: write ['of'] to use it as a name."],
  ["SigninLogs | where UserPrincipalName in 'a'", 'KQL003', '1:41', "Expected '(' but found a string literal."],
  ["SigninLogs | render timechart with (titel='x')", 'KQL014', '1:37', "Unknown parameter 'titel' for render."],
  ["SigninLogs | extend x = f(SigninLogs | take 1)", 'KQL102', '1:25', "Unknown function 'f'."],
];

test('typical mistakes: first diagnostic pinned', () => {
  assert.ok(CASES.length >= 30);
  for (const [query, code, pos, message] of CASES) {
    const r = check(query, { catalog });
    assert.equal(r.ok, false, query);
    const d = r.diagnostics[0]!;
    assert.deepEqual([d.code, `${d.line}:${d.col}`, d.message], [code, pos, message], query);
  }
});

test('one mistake gives one diagnostic (no cascades)', () => {
  for (const [query] of CASES) {
    const r = check(query, { catalog });
    assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length <= 2, true, `${query}: ${r.diagnostics.map((d) => d.message).join(' | ')}`);
  }
});
