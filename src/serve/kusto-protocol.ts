/**
 * The Kusto REST API's response shapes (learn.microsoft.com, "Query V2 HTTP response" and "Query
 * V1 HTTP response"): what azure-kusto-data and other Kusto clients parse.
 *
 * v2: a JSON array of frames — DataSetHeader, DataTable QueryProperties (`@ExtendedProperties`),
 * DataTable PrimaryResult, DataTable QueryCompletionInformation, DataSetCompletion.
 * v1: `{"Tables": [ {TableName, Columns: [{ColumnName, DataType, ColumnType}], Rows} ]}`.
 * Errors: HTTP 4xx with the OneApiErrors body `{"error": {code, message, "@type", "@message", ...}}`.
 */
import type { QueryResult } from '../kql/index.js';
import type { ScalarType } from '../kql/data.js';
import { wireValue } from './wire-values.js';

type Result = Pick<QueryResult, 'columns' | 'rows'>;

/** .NET type names of the v1 `DataType` field. */
const DOTNET: Record<ScalarType, string> = {
  bool: 'Boolean', int: 'Int32', long: 'Int64', real: 'Double', decimal: 'Decimal', string: 'String',
  datetime: 'DateTime', timespan: 'TimeSpan', guid: 'Guid', dynamic: 'Object',
};

function rowsOf(r: Result): unknown[][] {
  return r.rows.map((row) => row.map((v, j) => wireValue(v, r.columns[j]!.type, 'kusto')));
}

/**
 * A partial query failure reported beside the rows (Kusto's result truncation): the v2 response
 * carries it in QueryCompletionInformation (an Error row) and DataSetCompletion (`HasErrors`,
 * `OneApiErrors`), as the service does; clients raise it after reading the frames.
 */
export interface PartialFailure { readonly code: string; readonly message: string }

/**
 * `visualization`: the query's render (render-info.ts), sent as the service does in the
 * @ExtendedProperties row `[1, "Visualization", {...}]`; absent: `{Visualization: null}`.
 */
export function v2Response(r: Result, requestId: string, partial?: PartialFailure, visualization?: object): unknown[] {
  const errorRows = partial ? [[new Date().toISOString(), requestId, ZERO_GUID, ZERO_GUID, ZERO_GUID, 2, 'Error', -2133196797, 'LimitsExceeded', 4, 'QueryInfo', JSON.stringify({ Code: partial.code, Text: partial.message })]] : [];
  return [
    { FrameType: 'DataSetHeader', IsProgressive: false, Version: 'v2.0', IsFragmented: false, ErrorReportingPlacement: 'EndOfTable' },
    {
      FrameType: 'DataTable', TableId: 0, TableKind: 'QueryProperties', TableName: '@ExtendedProperties',
      Columns: [{ ColumnName: 'TableId', ColumnType: 'int' }, { ColumnName: 'Key', ColumnType: 'string' }, { ColumnName: 'Value', ColumnType: 'dynamic' }],
      Rows: [[1, 'Visualization', visualization ?? { Visualization: null }]],
    },
    {
      FrameType: 'DataTable', TableId: 1, TableKind: 'PrimaryResult', TableName: 'PrimaryResult',
      Columns: r.columns.map((c) => ({ ColumnName: c.name, ColumnType: c.type })), Rows: rowsOf(r),
    },
    {
      FrameType: 'DataTable', TableId: 2, TableKind: 'QueryCompletionInformation', TableName: 'QueryCompletionInformation',
      Columns: [
        { ColumnName: 'Timestamp', ColumnType: 'datetime' }, { ColumnName: 'ClientRequestId', ColumnType: 'string' },
        { ColumnName: 'ActivityId', ColumnType: 'guid' }, { ColumnName: 'SubActivityId', ColumnType: 'guid' },
        { ColumnName: 'ParentActivityId', ColumnType: 'guid' }, { ColumnName: 'Level', ColumnType: 'int' },
        { ColumnName: 'LevelName', ColumnType: 'string' }, { ColumnName: 'StatusCode', ColumnType: 'int' },
        { ColumnName: 'StatusCodeName', ColumnType: 'string' }, { ColumnName: 'EventType', ColumnType: 'int' },
        { ColumnName: 'EventTypeName', ColumnType: 'string' }, { ColumnName: 'Payload', ColumnType: 'string' },
      ],
      Rows: [[new Date().toISOString(), requestId, ZERO_GUID, ZERO_GUID, ZERO_GUID, 4, 'Info', 0, 'S_OK (0)', 4, 'QueryInfo', '{"Count":1,"Text":"Query completed successfully"}'], ...errorRows],
    },
    partial
      ? { FrameType: 'DataSetCompletion', HasErrors: true, Cancelled: false, OneApiErrors: [kustoError('LimitsExceeded', 'Request is invalid and cannot be executed.', partial.message, 'partial')] }
      : { FrameType: 'DataSetCompletion', HasErrors: false, Cancelled: false },
  ];
}

/** A management command's answer (v1 shape; values already as they go on the wire). */
export function v1Table(columns: readonly { name: string; type: ScalarType }[], rows: readonly (readonly unknown[])[]): unknown {
  return { Tables: [{ TableName: 'Table_0', Columns: columns.map((c) => ({ ColumnName: c.name, DataType: DOTNET[c.type], ColumnType: c.type })), Rows: rows }] };
}

/**
 * A v1 query response. Without a partial failure, the one data table (what clients read first).
 * With one (result truncation), the service's full v1 shape: the data, `@ExtendedProperties`,
 * `QueryStatus` with an Error-severity row (Severity 2: clients raise it after reading the rows,
 * as for v2) and the table of contents naming the three.
 */
export function v1Response(r: Result, requestId?: string, partial?: PartialFailure): unknown {
  const data = {
    TableName: 'Table_0',
    Columns: r.columns.map((c) => ({ ColumnName: c.name, DataType: DOTNET[c.type], ColumnType: c.type })),
    Rows: rowsOf(r),
  };
  if (!partial) return { Tables: [data] };
  const now = new Date().toISOString();
  const col = (ColumnName: string, DataType: string, ColumnType: string): unknown => ({ ColumnName, DataType, ColumnType });
  return {
    Tables: [
      data,
      { TableName: 'Table_1', Columns: [col('Value', 'String', 'string')], Rows: [[JSON.stringify({ Visualization: null })]] },
      {
        TableName: 'Table_2',
        Columns: [col('Timestamp', 'DateTime', 'datetime'), col('Severity', 'Int32', 'int'), col('SeverityName', 'String', 'string'), col('StatusCode', 'Int32', 'int'), col('StatusDescription', 'String', 'string'), col('Count', 'Int32', 'int'), col('RequestId', 'Guid', 'guid'), col('ActivityId', 'Guid', 'guid'), col('SubActivityId', 'Guid', 'guid'), col('ClientActivityId', 'String', 'string')],
        Rows: [
          [now, 4, 'Info', 0, 'Query completed successfully', 1, ZERO_GUID, ZERO_GUID, ZERO_GUID, requestId ?? ''],
          [now, 2, 'Error', -2133196797, partial.message, 1, ZERO_GUID, ZERO_GUID, ZERO_GUID, requestId ?? ''],
        ],
      },
      {
        TableName: 'Table_3',
        Columns: [col('Ordinal', 'Int64', 'long'), col('Kind', 'String', 'string'), col('Name', 'String', 'string'), col('Id', 'String', 'string'), col('PrettyName', 'String', 'string')],
        Rows: [[0, 'QueryResult', 'PrimaryResult', ZERO_GUID, ''], [1, 'QueryProperties', '@ExtendedProperties', ZERO_GUID, ''], [2, 'QueryStatus', 'QueryStatus', ZERO_GUID, '']],
      },
    ],
  };
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/** Kusto's error body (OneApiErrors shape). `kind` picks the exception type a Kusto client shows. */
export function kustoError(code: string, message: string, detail: string, kind: 'syntax' | 'semantic' | 'runtime' | 'request' | 'partial'): { error: Record<string, unknown> } {
  const type = {
    syntax: 'Kusto.Data.Exceptions.SyntaxException', semantic: 'Kusto.Data.Exceptions.SemanticException', runtime: 'Kusto.Data.Exceptions.KustoDataStreamException',
    request: 'Kusto.Data.Exceptions.KustoBadRequestException', partial: 'Kusto.Data.Exceptions.KustoServicePartialQueryFailureLimitsExceededException',
  }[kind];
  return { error: { code, message, '@type': type, '@message': detail, '@context': { service: 'cloudhop' }, '@permanent': true } };
}
