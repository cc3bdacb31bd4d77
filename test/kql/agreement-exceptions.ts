/**
 * Where `check` and the executor still disagree (test/kql/agreement.test.ts), each with its reason.
 * Key: `corpus | query id` (ids as scripts/agreement.ts makes them). The list may only shrink:
 * fix the engine and remove the entry; a new disagreement is a failure, not a new entry.
 * Draft with `node --import tsx scripts/corpus-check.ts --agree --exceptions`.
 */
export const EXCEPTIONS: Readonly<Record<string, string>> = {
  "golden-cases | agree/union-fuzzy-nothing-resolves.yaml":
    "no leg of union isfuzzy=true resolves: Kusto's runtime fails (union-operator.md) and so does the executor; Kusto's analyzer only warns, as check does",
  "golden-cases | graph/graph-as-result.yaml":
    "not implemented in the executor: graph operators (make-graph, graph-match\u2026)",
  "golden-cases | graph/graph-into-table-operator.yaml":
    "not implemented in the executor: graph operators (make-graph, graph-match\u2026)",
  "golden-cases | let/watchlist-missing.yaml":
    "whether a watchlist exists is known only at run time: check cannot know (the case expects the executor's KQL101)",
  "golden-cases | let/watchlist.yaml":
    "_GetWatchlist('alias') columns beyond SearchKey/WatchlistItem come from the watchlist's own data: check types them as unknown (dynamic), the executor reads the real type",
  "docs-examples | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/table-function.md:72":
    "table() over a name of another database: check leaves its schema unknown; the executor has one database",
  "docs-examples | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/database-function.md:64":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-examples | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/alias-statement.md:97":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-examples | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/bag-unpack-plugin.md:128":
    "bag_unpack(d, columnsConflict=\u2026/OutputSchema) over data: the unpacked columns (names and dynamic types) come from the data; check keeps the known input column's type",
  "docs-examples-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/database-function.md:52":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-examples-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/alias-statement.md:79":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-examples-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/inline-external-table-operator.md:169":
    "externaldata over a source the executor refuses",
  "docs-examples-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cluster-function.md:84":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-examples-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cursor-current.md:32":
    "not implemented in the executor: cursor_current() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-simplify-function.md:63":
    "not implemented in the executor: geo_polygon_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-simplify-function.md:118":
    "not implemented in the executor: geo_polygon_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-simplify-function.md:136":
    "not implemented in the executor: geo_polygon_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-simplify-function.md:154":
    "not implemented in the executor: geo_polygon_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-simplify-polygons-array-function.md:83":
    "not implemented in the executor: geo_simplify_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-simplify-polygons-array-function.md:131":
    "not implemented in the executor: geo_simplify_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/infer-storage-schema-plugin.md:73":
    "not implemented in the executor: evaluate infer_storage_schema",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/azure-digital-twins-query-request-plugin.md:50":
    "external service: evaluate azure_digital_twins_query_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-simplify-function.md:58":
    "not implemented in the executor: geo_line_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-simplify-function.md:108":
    "not implemented in the executor: geo_line_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-simplify-function.md:125":
    "not implemented in the executor: geo_line_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:65":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:162":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-union-polygons-array-function.md:59":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-s2cell-neighbors-function.md:102":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/series-periods-detect-function.md:68":
    "not implemented in the executor: series_periods_detect() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-geohash-neighbors-function.md:98":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-simplify-polygons-array-function.md:107":
    "not implemented in the executor: geo_simplify_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-simplify-function.md:142":
    "not implemented in the executor: geo_line_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-h3cell-neighbors-function.md:101":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:84":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:103":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:122":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-union-polygons-array-function.md:83":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-union-polygons-array-function.md:105":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-examples-extended-more | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/series-periods-validate-function.md:67":
    "not implemented in the executor: series_periods_validate() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/activity-engagement-plugin.md:54":
    "not implemented in the executor: evaluate activity_engagement",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/activity-engagement-plugin.md:78":
    "not implemented in the executor: evaluate activity_engagement",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/activity-engagement-plugin.md:102":
    "not implemented in the executor: evaluate activity_engagement",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/activity-metrics-plugin.md:93":
    "not implemented in the executor: evaluate activity_metrics",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/activity-metrics-plugin.md:145":
    "not implemented in the executor: evaluate activity_metrics",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/ai-chat-completion-plugin.md:119":
    "external service: evaluate ai_chat_completion sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/ai-chat-completion-plugin.md:128":
    "external service: evaluate ai_chat_completion sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/ai-chat-completion-plugin.md:138":
    "external service: evaluate ai_chat_completion sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/ai-chat-completion-prompt-plugin.md:119":
    "external service: evaluate ai_chat_completion_prompt sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/ai-chat-completion-prompt-plugin.md:128":
    "external service: evaluate ai_chat_completion_prompt sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/ai-chat-completion-prompt-plugin.md:138":
    "external service: evaluate ai_chat_completion_prompt sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/ai-embeddings-plugin.md:120":
    "external service: evaluate ai_embeddings sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/ai-embeddings-plugin.md:129":
    "external service: evaluate ai_embeddings sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/ai-embeddings-plugin.md:138":
    "external service: evaluate ai_embeddings sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/alias-statement.md:79":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/alias-statement.md:97":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/azure-digital-twins-query-request-plugin.md:39":
    "external service: evaluate azure_digital_twins_query_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/azure-digital-twins-query-request-plugin.md:50":
    "external service: evaluate azure_digital_twins_query_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/bag-unpack-plugin.md:128":
    "bag_unpack(d, columnsConflict=\u2026/OutputSchema) over data: the unpacked columns (names and dynamic types) come from the data; check keeps the known input column's type",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cluster-function.md:84":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cosmosdb-plugin.md:101":
    "external service: evaluate cosmosdb_sql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cosmosdb-plugin.md:111":
    "external service: evaluate cosmosdb_sql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cosmosdb-plugin.md:147":
    "external service: evaluate cosmosdb_sql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cosmosdb-plugin.md:160":
    "external service: evaluate cosmosdb_sql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:102":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:109":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:134":
    "the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:143":
    "the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:259":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:273":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:280":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:294":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:311":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:316":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:333":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cross-cluster-or-database-queries.md:338":
    "an entity of another database or cluster (cluster()/database() tables, views and stored functions): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/cursor-current.md:32":
    "not implemented in the executor: cursor_current() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/database-function.md:52":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/database-function.md:64":
    "an entity of another database or cluster (alias/cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/find-operator.md:179":
    "find over the whole database / in (C*): the pattern matches no table the workspace holds; check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/find-operator.md:200":
    "find over the whole database / in (C*): the pattern matches no table the workspace holds; check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/find-operator.md:277":
    "find \u2026 project-smart over several tables: check types a column seen with different types as dynamic, the executor picks the type the data has",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/functions/user-defined-functions.md:165":
    "the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-geohash-neighbors-function.md:98":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-h3cell-neighbors-function.md:101":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:65":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:84":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:103":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:122":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-intersection-2polygons-function.md:162":
    "not implemented in the executor: geo_intersection_2polygons() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-buffer-function.md:54":
    "not implemented in the executor: geo_line_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-buffer-function.md:65":
    "not implemented in the executor: geo_line_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-buffer-function.md:82":
    "not implemented in the executor: geo_line_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-buffer-function.md:92":
    "not implemented in the executor: geo_line_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-simplify-function.md:58":
    "not implemented in the executor: geo_line_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-simplify-function.md:108":
    "not implemented in the executor: geo_line_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-simplify-function.md:125":
    "not implemented in the executor: geo_line_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-simplify-function.md:142":
    "not implemented in the executor: geo_line_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-to-s2cells-function.md:68":
    "not implemented in the executor: geo_line_to_s2cells() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-line-to-s2cells-function.md:110":
    "not implemented in the executor: geo_line_to_s2cells() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-point-buffer-function.md:42":
    "not implemented in the executor: geo_point_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-point-buffer-function.md:52":
    "not implemented in the executor: geo_point_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-point-buffer-function.md:69":
    "not implemented in the executor: geo_point_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-point-buffer-function.md:79":
    "not implemented in the executor: geo_point_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-buffer-function.md:57":
    "not implemented in the executor: geo_polygon_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-buffer-function.md:68":
    "not implemented in the executor: geo_polygon_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-buffer-function.md:85":
    "not implemented in the executor: geo_polygon_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-buffer-function.md:95":
    "not implemented in the executor: geo_polygon_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-simplify-function.md:63":
    "not implemented in the executor: geo_polygon_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-simplify-function.md:118":
    "not implemented in the executor: geo_polygon_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-simplify-function.md:136":
    "not implemented in the executor: geo_polygon_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-polygon-simplify-function.md:154":
    "not implemented in the executor: geo_polygon_simplify() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-s2cell-neighbors-function.md:102":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-simplify-polygons-array-function.md:83":
    "not implemented in the executor: geo_simplify_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-simplify-polygons-array-function.md:107":
    "not implemented in the executor: geo_simplify_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-simplify-polygons-array-function.md:131":
    "not implemented in the executor: geo_simplify_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-union-polygons-array-function.md:59":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-union-polygons-array-function.md:83":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geo-union-polygons-array-function.md:105":
    "not implemented in the executor: geo_union_polygons_array() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/geospatial-joins.md:123":
    "not implemented in the executor: geo_point_buffer() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/graph-best-practices.md:205":
    "the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/graph-scenarios.md:67":
    "the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/graph-visualization-kusto-explorer.md:31":
    "not implemented in the executor: graph operators (make-graph, graph-match\u2026)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/infer-storage-schema-plugin.md:73":
    "not implemented in the executor: evaluate infer_storage_schema",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/infer-storage-schema-with-suggestions-plugin.md:67":
    "not implemented in the executor: evaluate infer_storage_schema_with_suggestions",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/inline-external-table-operator.md:169":
    "externaldata over a source the executor refuses",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/macro-expand-operator.md:98":
    "macro-expand over an entity group of other databases: check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/materialized-view-function.md:35":
    "materialized_view(): the executor has no materialized views",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/materialized-view-function.md:42":
    "materialized_view(): the executor has no materialized views",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/mysql-request-plugin.md:110":
    "external service: evaluate mysql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/mysql-request-plugin.md:128":
    "external service: evaluate mysql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/mysql-request-plugin.md:144":
    "external service: evaluate mysql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/new-activity-metrics-plugin.md:129":
    "not implemented in the executor: evaluate new_activity_metrics",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/new-activity-metrics-plugin.md:162":
    "not implemented in the executor: evaluate new_activity_metrics",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/new-activity-metrics-plugin.md:208":
    "not implemented in the executor: evaluate new_activity_metrics",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/parse-user-agent-function.md:51":
    "not implemented in the executor: parse_user_agent() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/parse-user-agent-function.md:76":
    "not implemented in the executor: parse_user_agent() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/pattern-statement.md:132":
    "a pattern over a table of another database (Events): check leaves it unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/postgresql-request-plugin.md:110":
    "external service: evaluate postgresql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/postgresql-request-plugin.md:128":
    "external service: evaluate postgresql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/postgresql-request-plugin.md:144":
    "external service: evaluate postgresql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/r-plugin.md:55":
    "not implemented in the executor: evaluate r",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/r-plugin.md:107":
    "not implemented in the executor: evaluate r",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/restrict-statement.md:49":
    "the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/restrict-statement.md:59":
    "the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/restrict-statement.md:70":
    "the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/schema-entities/entity-references.md:39":
    "a wildcard table reference (T*) that matches no table the workspace holds: check accepts it (Kusto's analyzer too)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/schema-entities/tables.md:39":
    "an entity of another database or cluster (cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/schema-entities/tables.md:46":
    "an entity of another database or cluster (cluster()/database()): check leaves its schema unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/schema-merge-plugin.md:46":
    "not implemented in the executor: evaluate schema_merge",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/schema-merge-plugin.md:67":
    "not implemented in the executor: evaluate schema_merge",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/schema-merge-plugin.md:88":
    "not implemented in the executor: evaluate schema_merge",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/series-decompose-forecast-function.md:50":
    "not implemented in the executor: series_decompose_forecast() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/series-fit-poly-function.md:56":
    "executor: the fork operator is not supported (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/series-periods-detect-function.md:68":
    "not implemented in the executor: series_periods_detect() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/series-periods-validate-function.md:67":
    "not implemented in the executor: series_periods_validate() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/session-count-plugin.md:107":
    "not implemented in the executor: evaluate session_count",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/sql-request-plugin.md:79":
    "external service: evaluate sql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/sql-request-plugin.md:95":
    "external service: evaluate sql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/sql-request-plugin.md:115":
    "external service: evaluate sql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/sql-request-plugin.md:130":
    "external service: evaluate sql_request sends its query to a service outside the engine; the executor, offline, fails naming the service (KQL501); check accepts it",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/stored-query-result-function.md:33":
    "not implemented in the executor: stored_query_result() (check accepts it, as Kusto's analyzer does)",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/syntax-conventions.md:25":
    "a column that only data brings (bag_unpack(LocationDetails) output): absent from the empty workspace",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/table-function.md:72":
    "table() over a name of another database: check leaves its schema unknown; the executor has one database",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/tutorials/common-tasks-microsoft-sentinel.md:42":
    "a column that only data brings (bag_unpack(LocationDetails) output): absent from the empty workspace",
  "docs-queries | MicrosoftDocs/dataexplorer-docs data-explorer/kusto/query/tutorials/common-tasks-microsoft-sentinel.md:362":
    "a column that only data brings (bag_unpack(LocationDetails) output): absent from the empty workspace",
  "hunting-queries | Bert-JanP/Hunting-Queries-Detection-Rules:Azure Active Directory/SignInsByOS.md#0":
    "not implemented in the executor: parse_user_agent() (check accepts it, as Kusto's analyzer does)",
  "hunting-queries | Bert-JanP/Hunting-Queries-Detection-Rules:Azure Active Directory/SignInsByOS.md#1":
    "not implemented in the executor: parse_user_agent() (check accepts it, as Kusto's analyzer does)",
  "hunting-queries | Bert-JanP/Hunting-Queries-Detection-Rules:Defender For Endpoint/PublicFacingDeviceScanned.md#0":
    "a column that only data brings (bag_unpack(AdditionalFields) output): absent from the empty workspace; Kusto fails the same way on data without it",
  "hunting-queries | Bert-JanP/Hunting-Queries-Detection-Rules:Defender For Endpoint/PublicFacingDeviceScanned.md#1":
    "a column that only data brings (bag_unpack(AdditionalFields) output): absent from the empty workspace; Kusto fails the same way on data without it",
  "hunting-queries | Bert-JanP/Hunting-Queries-Detection-Rules:KQL Regex/RegexExamples.md#4":
    "the last statement is not a tabular query (restrict/declare/a `.show`-style or graph-model statement): check binds what it can, the executor has no result to return",
  "sentinel-rules | Detections/MultipleDataSources/AuditPolicyManipulation_using_auditpol.yaml":
    "a column that only data brings (bag_unpack/pivot over parsed EventData): absent from the empty workspace, Kusto fails the same way on data without it",
  "sentinel-rules | Detections/MultipleDataSources/EmailAccessviaActiveSync.yaml":
    "a column that only data brings (bag_unpack/pivot over parsed EventData): absent from the empty workspace, Kusto fails the same way on data without it",
  "sentinel-rules | Detections/MultipleDataSources/GainCodeExecutionADFSviaWMI.yaml":
    "a column that only data brings (bag_unpack/pivot over parsed EventData): absent from the empty workspace, Kusto fails the same way on data without it",
  "sentinel-rules | Detections/MultipleDataSources/MSHTMLVuln.yaml":
    "MG: a legacy Event column missing from our Event schema, read after bag_unpack/pivot (open schema): absent from the empty workspace",
  "sentinel-rules | Detections/MultipleDataSources/Nobelium_FoggyWeb.yaml":
    "a column that only data brings (bag_unpack/pivot over parsed EventData): absent from the empty workspace, Kusto fails the same way on data without it",
  "sentinel-rules | Detections/SecurityEvent/ADFSDBNamedPipeConnection.yaml":
    "MG: a legacy Event column missing from our Event schema, read after bag_unpack/pivot (open schema): absent from the empty workspace",
  "sentinel-rules | Detections/SecurityEvent/ADFSRemoteHTTPNetworkConnection.yaml":
    "MG: a legacy Event column missing from our Event schema, read after bag_unpack/pivot (open schema): absent from the empty workspace",
  "sentinel-rules | Detections/SecurityEvent/StartStopHealthService.yaml":
    "a column that only data brings (pivot/bag_unpack over parsed EventData; EventOriginId is not in our SecurityEvent schema): absent from the empty workspace",
  "sentinel-rules | Hunting Queries/AzureActivity/Anomalous_Listing_Of_Storage_Keys.yaml":
    "not implemented in the executor: evaluate autocluster",
  "sentinel-rules | Hunting Queries/AzureActivity/Common_Deployed_Resources.yaml":
    "not implemented in the executor: evaluate basket",
  "sentinel-rules | Hunting Queries/AzureActivity/Granting_Permissions_to_Account.yaml":
    "not implemented in the executor: evaluate basket",
  "sentinel-rules | Hunting Queries/MultipleDataSources/AzureResourceAssignedPublicIP.yaml":
    "no leg of union isfuzzy=true resolves (custom table AzureNetworkAnalytics_CL): Kusto's runtime fails (union-operator.md), its analyzer only warns, as check does",
  "sentinel-rules | Hunting Queries/MultipleDataSources/AzureResourceCreationWithNetworkActivity.yaml":
    "no leg of union isfuzzy=true resolves (custom table AzureNetworkAnalytics_CL): Kusto's runtime fails (union-operator.md), its analyzer only warns, as check does",
  "sentinel-rules | Hunting Queries/MultipleDataSources/FirewallRuleChanges_using_netsh.yaml":
    "a column that only data brings (bag_unpack/pivot over parsed EventData): absent from the empty workspace, Kusto fails the same way on data without it",
  "sentinel-rules | Hunting Queries/MultipleDataSources/NickelRegIOCPatterns.yaml":
    "a column that only data brings (bag_unpack/pivot over parsed EventData): absent from the empty workspace, Kusto fails the same way on data without it",
  "sentinel-rules | Hunting Queries/SecurityEvent/Certutil-LOLBins.yaml":
    "a column that only data brings (bag_unpack/pivot over parsed EventData): absent from the empty workspace, Kusto fails the same way on data without it",
  "sentinel-rules | Hunting Queries/SecurityEvent/SignedBinaryProxyExecutionRundll32.yaml":
    "MG: a legacy Event column missing from our Event schema, read after bag_unpack/pivot (open schema): absent from the empty workspace",
  "sentinel-rules | Hunting Queries/SecurityEvent/WindowsSystemShutdown-Reboot.yaml":
    "a column that only data brings (bag_unpack/pivot over parsed EventData): absent from the empty workspace, Kusto fails the same way on data without it",
  "sentinel-rules | Solutions/MicrosoftInsiderRiskManagement/Analytic Rules/InsiderRiskHighUserAlertsCorrelation.yaml":
    "not implemented in the executor: evaluate basket",
  "sentinel-rules | Solutions/MicrosoftInsiderRiskManagement/Analytic Rules/InsiderRiskyAccessByApplication.yaml":
    "not implemented in the executor: evaluate basket",
};
