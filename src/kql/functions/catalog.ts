/**
 * The built-in function catalog, declared as data: one signature line per function.
 *
 * Signature grammar (parsed once at module load):
 *   names(params): returns
 *   names    = name ('|' alias)*                       e.g. `iff|iif`
 *   param    = ['...'] name ['?'] ':' type ('|' type)* ['#']
 *              `...` = variadic (consecutive variadic params form one repeating group; `...x?` allows 0 repeats),
 *              `?` = optional (only at the end, after the variadic group if any),
 *              `#` = must be a constant.
 *   type     = a ScalarType or a TypeClass (types.ts)
 *   returns  = a ScalarType | `$N` (type of argument N) | `@rule` (types.ts ReturnRuleName)
 *
 * The binder uses lookupFunction + checkCall (arity, argument types, result type); the executor
 * uses the same names to dispatch to implementations (registry.ts).
 */
import type { ScalarType, Value } from '../data/types.js';
import { isScalarType } from '../data/types.js';
import type {
  AggregateShape, FunctionKind, FunctionSignature, ParamSpec, ParamTypeName, ReturnRuleName, ReturnSpec,
} from './types.js';

/** One catalog line: the signature text and the facts the text does not say (FunctionFlags in types.ts). */
interface Entry {
  readonly sig: string; readonly shape?: AggregateShape; readonly empty?: Value; readonly declaredOnly?: boolean;
  readonly volatile?: boolean; readonly usesNow?: boolean; readonly context?: boolean; readonly schema?: boolean;
  /** Special functions the executor runs in tabular position (table(), materialize(), _GetWatchlist()). */
  readonly form?: 'tabular';
}
const e = (sig: string, extra: Omit<Entry, 'sig'> = {}): Entry => ({ sig, ...extra });

/** Scalar functions (evaluated per row over boxed values). */
const SCALAR: readonly Entry[] = [
  // ---- strings
  e('strlen(source:string): long'),
  e('string_size(source:string): long'),
  e('substring(source:scalar, startingIndex:integer, length?:integer): string'),
  e('tolower(source:scalar): string'),
  e('toupper(source:scalar): string'),
  e('trim(regex:string, source:string): string'),
  e('trim_start(regex:string, source:string): string'),
  e('trim_end(regex:string, source:string): string'),
  e('split(source:scalar, delimiter:string, requestedIndex?:integer): dynamic'),
  e('strcat(...args:scalar): string'),
  e('strcat_delim(delimiter:scalar, ...args:scalar): string'),
  e('strcat_array|array_strcat(array:dynamic, delimiter:scalar): string'),
  e('replace_string(text:string, lookup:string, rewrite:string): string'),
  e('replace_strings(text:string, lookups:dynamic, rewrites:dynamic): string'),
  e('replace_regex(source:string, lookup_regex:string, rewrite_pattern:string): string'),
  e('replace(regex:string, rewrite:string, source:string): string'),
  // extract's optional 4th argument is a type literal `typeof(long)`: result type = that type (binder).
  e('extract(regex:string, captureGroup:integer, source:string, typeLiteral?:scalar): @typeArg'),
  // extract_all(regex, source) or extract_all(regex, captureGroups, source).
  e('extract_all|extractall(regex:string, captureGroupsOrSource:dynamic|string, source?:string): dynamic'),
  e('extract_json|extractjson(jsonPath:string, dataSource:string, typeLiteral?:scalar): @typeArg'),
  e('indexof(source:scalar, lookup:scalar, start_index?:integer, length?:integer, occurrence?:integer): long'),
  e('indexof_regex(source:scalar, lookup:scalar, start_index?:integer, length?:integer, occurrence?:integer): long'),
  e('countof(source:string, search:string, kind?:string#): long'),
  e('reverse(value:scalar): string'),
  e('strrep(value:scalar, multiplier:integer, delimiter?:scalar): string'),
  e('translate(searchList:string, replacementList:string, source:string): string'),
  e('has_any_index(source:string, values:dynamic): long'),
  e('regex_quote(value:scalar): string'),
  e('unicode_codepoints_from_string|to_utf8(value:scalar): dynamic'),
  e('unicode_codepoints_to_string|make_string(...values:integer|dynamic): string'),
  e('url_decode(encoded_url:string): string'),
  e('url_encode(url:string): string'),
  e('url_encode_component(url:string): string'),
  e('base64_encode_tostring|base64_encodestring(value:string): string'),
  e('base64_decode_tostring|base64_decodestring(value:string): string'),
  e('base64_encode_fromguid(value:guid): string'),
  e('base64_decode_toguid(value:string): guid'),
  e('base64_encode_fromarray(value:dynamic): string'),
  e('base64_decode_toarray(value:string): dynamic'),
  e('parse_url|parseurl(url:string): dynamic'),
  e('parse_urlquery|parseurlquery(query:string): dynamic'),
  e('parse_path(path:string): dynamic'),
  e('parse_command_line(command_line:scalar, parser:string#): dynamic'),
  e('parse_csv(csv_text:string): dynamic'),
  e('parse_version(version:string): decimal'),
  e('format_datetime(date:datetime, format:string): string'),
  e('format_timespan(timespan:timespan, format:string): string'),
  e('format_bytes(size:numeric, precision?:integer, units?:string): string'),
  e('tohex(value:integer, minLength?:integer): string'),
  e('dynamic_to_json(value:scalar): string'),
  e('zlib_compress_to_base64_string(value:string): string'),
  e('zlib_decompress_from_base64_string(value:string): string'),
  e('gzip_compress_to_base64_string(value:string): string'),
  e('gzip_decompress_from_base64_string(value:string): string'),
  e('new_guid(): guid', { volatile: true }),
  e('strcmp(string1:scalar, string2:scalar): long'),
  e('isascii(value:scalar): bool'),
  e('isutf8(value:scalar): bool'),
  e('repeat(value:scalar, count:integer): dynamic'),
  e('assert(condition:bool, message:string): bool'),
  e('current_database(): string', { context: true }),
  e('current_cluster_endpoint(): string', { context: true }),
  e('current_principal(): string', { context: true }),
  e('current_principal_details(): dynamic', { context: true }),
  e('current_principal_is_member_of(...groups:string|dynamic): bool', { context: true }),
  e('datetime_list_timezones(): dynamic'),
  e('percentile_tdigest(tdigest:dynamic, percentile:numeric, typeLiteral?:scalar): @typeArg'),
  e('percentiles_array_tdigest(tdigest:dynamic, ...percentiles:numeric|dynamic): dynamic'),
  e('rank_tdigest(tdigest:dynamic, value:scalar): real'),
  e('percentrank_tdigest(tdigest:dynamic, value:scalar): real'),
  e('erf(x:numeric): real'),
  e('erfc(x:numeric): real'),
  e('gettype(value:scalar): string'),
  // ---- conversions (null on bad input)
  e('tostring(value:scalar): string'),
  e('toint(value:scalar): int'),
  e('tolong(value:scalar): long'),
  e('toreal|todouble(value:scalar): real'),
  e('todecimal(value:scalar): decimal'),
  e('tobool|toboolean(value:scalar): bool'),
  e('todatetime(value:scalar): datetime'),
  e('totimespan|totime(value:scalar): timespan'),
  e('toguid(value:scalar): guid'),
  e('todynamic|parse_json|toobject|parsejson(value:scalar): dynamic'),
  // ---- datetime
  e('ago(timespan:timespan): datetime', { usesNow: true }),
  e('now(offset?:timespan): datetime', { usesNow: true }),
  e('datetime_add(period:string, amount:integer, date:datetime): datetime'),
  e('datetime_diff(period:string, date1:datetime, date2:datetime): long'),
  e('datetime_part|datepart(part:string, date:datetime): int'),
  e('startofday(date:datetime, offset?:integer): datetime'),
  e('startofweek(date:datetime, offset?:integer): datetime'),
  e('startofmonth(date:datetime, offset?:integer): datetime'),
  e('startofyear(date:datetime, offset?:integer): datetime'),
  e('endofday(date:datetime, offset?:integer): datetime'),
  e('endofweek(date:datetime, offset?:integer): datetime'),
  e('endofmonth(date:datetime, offset?:integer): datetime'),
  e('endofyear(date:datetime, offset?:integer): datetime'),
  e('bin|floor(value:timeish, roundTo:timeish): @bin'),
  e('bin_at(value:timeish, bin_size:timeish, fixed_point:timeish): @bin'),
  e('dayofweek(date:datetime): timespan'),
  e('dayofmonth(date:datetime): int'),
  e('dayofyear(date:datetime): int'),
  e('weekofyear|week_of_year(date:datetime): int'),
  e('monthofyear|getmonth(date:datetime): int'),
  e('getyear(date:datetime): int'),
  e('hourofday(date:datetime): int'),
  e('unixtime_seconds_todatetime(seconds:numeric): datetime'),
  e('unixtime_milliseconds_todatetime(milliseconds:numeric): datetime'),
  e('unixtime_microseconds_todatetime(microseconds:numeric): datetime'),
  e('unixtime_nanoseconds_todatetime(nanoseconds:numeric): datetime'),
  e('make_datetime(year:integer, month:integer, day:integer, hour?:integer, minute?:integer, second?:numeric): datetime'),
  e('make_timespan(a:numeric, b:numeric, c?:numeric, d?:numeric): timespan'),
  e('datetime_utc_to_local(from:datetime, timezone:string): datetime'),
  e('datetime_local_to_utc(from:datetime, timezone:string): datetime'),
  // ---- logic
  e('iff|iif(condition:bool, then:scalar, else:scalar): @iff'),
  e('case(...predicate:bool, ...then:scalar, else:scalar): @case'),
  e('coalesce(...args:scalar): @common'),
  e('isnull(value:scalar): bool'),
  e('isnotnull|notnull(value:scalar): bool'),
  e('isempty(value:scalar): bool'),
  e('isnotempty|notempty(value:scalar): bool'),
  e('max_of(...args:orderable): @common'),
  e('min_of(...args:orderable): @common'),
  e('not(value:bool): bool'),
  // ---- math
  e('abs(x:numeric|timespan): $0'),
  e('round(number:numeric, precision?:integer): $0'),
  e('ceiling(number:numeric): $0'),
  e('sign(number:numeric): real'),
  e('pow(base:numeric, exponent:numeric): real'),
  e('sqrt(x:numeric): real'),
  e('exp(x:numeric): real'),
  e('exp2(x:numeric): real'),
  e('exp10(x:numeric): real'),
  e('log(x:numeric): real'),
  e('log2(x:numeric): real'),
  e('log10(x:numeric): real'),
  e('sin(x:numeric): real'),
  e('cos(x:numeric): real'),
  e('tan(x:numeric): real'),
  e('asin(x:numeric): real'),
  e('acos(x:numeric): real'),
  e('atan(x:numeric): real'),
  e('atan2(y:numeric, x:numeric): real'),
  e('cot(x:numeric): real'),
  e('degrees(radians:numeric): real'),
  e('radians(degrees:numeric): real'),
  e('pi(): real'),
  e('gamma(x:numeric): real'),
  e('loggamma(x:numeric): real'),
  e('isnan(x:numeric): bool'),
  e('isinf(x:numeric): bool'),
  e('isfinite(x:numeric): bool'),
  e('rand(range?:numeric): real', { volatile: true }),
  e('around(value:scalar, center:scalar, delta:scalar): bool'),
  e('beta_pdf(x:numeric, alpha:numeric, beta:numeric): real'),
  e('beta_cdf(x:numeric, alpha:numeric, beta:numeric): real'),
  e('beta_inv(probability:numeric, alpha:numeric, beta:numeric): real'),
  e('convert_force(value:numeric, from:string, to:string): real'),
  e('convert_energy(value:numeric, from:string, to:string): real'),
  e('convert_mass(value:numeric, from:string, to:string): real'),
  e('convert_volume(value:numeric, from:string, to:string): real'),
  e('convert_length(value:numeric, from:string, to:string): real'),
  e('convert_speed(value:numeric, from:string, to:string): real'),
  e('convert_angle(value:numeric, from:string, to:string): real'),
  e('convert_temperature(value:numeric, from:string, to:string): real'),
  e('binary_and(a:integer, b:integer): long'),
  e('binary_or(a:integer, b:integer): long'),
  e('binary_xor(a:integer, b:integer): long'),
  e('binary_not(a:integer): long'),
  e('binary_shift_left(a:integer, n:integer): long'),
  e('binary_shift_right(a:integer, n:integer): long'),
  e('bitset_count_ones(a:integer): long'),
  // ---- hashes
  e('hash(source:scalar, mod?:integer): long'),
  e('hash_xxhash64(source:scalar, mod?:integer): long'),
  e('hash_sha256(source:scalar): string'),
  e('hash_sha1(source:scalar): string'),
  e('hash_md5(source:scalar): string'),
  e('hash_combine(...hashes:scalar): long'),
  e('hash_many(...values:scalar): long'),
  // ---- dynamic
  e('pack|bag_pack(...key?:string, ...value?:scalar): dynamic'),
  e('pack_array(...values?:scalar): dynamic'),
  e('pack_dictionary(...key?:string, ...value?:scalar): dynamic'),
  e('bag_keys(object:dynamic): dynamic'),
  e('bag_merge(...bags:dynamic): dynamic'),
  e('bag_remove_keys(bag:dynamic, keys:dynamic): dynamic'),
  e('bag_has_key(bag:dynamic, key:string): bool'),
  e('bag_set_key(bag:dynamic, key:string, value:scalar): dynamic'),
  e('bag_zip(keys:dynamic, values:dynamic): dynamic'),
  e('array_length|arraylength(array:dynamic): long'),
  e('array_concat(...arrays:dynamic): dynamic'),
  e('array_slice(array:dynamic, start:integer, end:integer): dynamic'),
  e('array_index_of(array:dynamic, value:scalar, start?:integer, length?:integer, occurrence?:integer): long'),
  e('array_sort_asc(...arrays:dynamic|bool): dynamic'),
  e('array_sort_desc(...arrays:dynamic|bool): dynamic'),
  e('array_sum(array:dynamic): real'),
  e('array_reverse(array:dynamic): dynamic'),
  e('array_rotate_left(array:dynamic, count:integer): dynamic'),
  e('array_rotate_right(array:dynamic, count:integer): dynamic'),
  e('array_shift_left(array:dynamic, count:integer, default?:scalar): dynamic'),
  e('array_shift_right(array:dynamic, count:integer, default?:scalar): dynamic'),
  e('array_split(array:dynamic, indices:integer|dynamic): dynamic'),
  e('array_iff|array_iif(conditions:dynamic, when_true:scalar, when_false:scalar): dynamic'),
  e('set_union(...arrays:dynamic): dynamic'),
  e('set_intersect(...arrays:dynamic): dynamic'),
  e('set_difference(...arrays:dynamic): dynamic'),
  e('set_has_element(set:dynamic, value:scalar): bool'),
  e('set_equals(set1:dynamic, set2:dynamic): bool'),
  e('treepath(object:dynamic): dynamic'),
  e('jaccard_index(set1:dynamic, set2:dynamic): real'),
  e('zip(...arrays:dynamic): dynamic'),
  e('range(start:timeish, stop:timeish, step?:timeish): dynamic'),
  // ---- series (element-wise over make-series arrays)
  e('series_add(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_subtract(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_multiply(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_divide(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_pow(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_greater(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_greater_equals(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_less(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_less_equals(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_equals(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_not_equals(series1:dynamic|numeric, series2:dynamic|numeric): dynamic'),
  e('series_abs(series:dynamic): dynamic'),
  e('series_acos(series:dynamic): dynamic'),
  e('series_asin(series:dynamic): dynamic'),
  e('series_atan(series:dynamic): dynamic'),
  e('series_ceiling(series:dynamic): dynamic'),
  e('series_floor(series:dynamic): dynamic'),
  e('series_cos(series:dynamic): dynamic'),
  e('series_sin(series:dynamic): dynamic'),
  e('series_tan(series:dynamic): dynamic'),
  e('series_exp(series:dynamic): dynamic'),
  e('series_log(series:dynamic): dynamic'),
  e('series_sign(series:dynamic): dynamic'),
  e('series_sum(series:dynamic): real'),
  e('series_product(series:dynamic): real'),
  e('series_magnitude(series:dynamic): real'),
  e('series_stats_dynamic(series:dynamic, ignore_nonfinite?:bool): dynamic'),
  e('series_dot_product(series1:dynamic|numeric, series2:dynamic|numeric): real'),
  e('series_cosine_similarity(series1:dynamic, series2:dynamic, magnitude1?:numeric, magnitude2?:numeric): real'),
  e('series_pearson_correlation(series1:dynamic, series2:dynamic): real'),
  e('series_fill_forward(series:dynamic, missing_value_placeholder?:scalar): dynamic'),
  e('series_fill_backward(series:dynamic, missing_value_placeholder?:scalar): dynamic'),
  e('series_fill_const(series:dynamic, constant_value?:scalar, missing_value_placeholder?:scalar): dynamic'),
  e('series_fill_linear(series:dynamic, missing_value_placeholder?:scalar, fill_edges?:bool, constant_value?:scalar): dynamic'),
  // ---- network
  e('ipv4_is_private(ip:string): bool'),
  e('ipv4_is_in_range(ip:string, range:string): bool'),
  e('ipv4_is_in_any_range(ip:string, ...ranges:string|dynamic): bool'),
  e('ipv4_is_match(ip1:string, ip2:string, prefix?:integer): bool'),
  e('ipv4_compare(ip1:string, ip2:string, prefix?:integer): long'),
  e('ipv4_netmask_suffix(ip:string): long'),
  e('ipv4_range_to_cidr_list(start:string, end:string): dynamic'),
  e('parse_ipv4(ip:string): long'),
  e('parse_ipv4_mask(ip:string, prefix:integer): long'),
  e('format_ipv4(ip:scalar, prefix?:integer): string'),
  e('format_ipv4_mask(ip:scalar, prefix?:integer): string'),
  e('has_ipv4(source:string, ip:string): bool'),
  e('has_ipv4_prefix(source:string, prefix:string): bool'),
  e('has_any_ipv4(source:string, ...ips:string|dynamic): bool'),
  e('has_any_ipv4_prefix(source:string, ...prefixes:string|dynamic): bool'),
  e('ipv6_compare(ip1:string, ip2:string, prefix?:integer): long'),
  e('ipv6_is_match(ip1:string, ip2:string, prefix?:integer): bool'),
  e('ipv6_is_in_range(ip:string, range:string): bool'),
  e('ipv6_is_in_any_range(ip:string, ...ranges:string|dynamic): bool'),
  e('parse_ipv6(ip:string): string'),
  e('parse_ipv6_mask(ip:string, prefix:integer): string'),
  // ---- geo
  e('geo_distance_2points(p1_longitude:numeric, p1_latitude:numeric, p2_longitude:numeric, p2_latitude:numeric, accuracy?:numeric): real'),
  e('geo_point_to_geohash(longitude:numeric, latitude:numeric, accuracy?:integer): string'),
  e('geo_geohash_to_central_point(geohash:string): dynamic'),
  e('geo_point_in_circle(p_longitude:numeric, p_latitude:numeric, pc_longitude:numeric, pc_latitude:numeric, c_radius:numeric): bool'),
];

/** Aggregates (summarize, make-series, top-nested …). empty = value for an empty input without `by`. */
const AGGREGATE: readonly Entry[] = [
  e('count(expr?:scalar): long', { empty: 0 }),
  e('countif(predicate:bool): long', { empty: 0 }),
  e('dcount(expr:scalar, accuracy?:integer#): long', { empty: 0 }),
  e('dcountif(expr:scalar, predicate:bool, accuracy?:integer#): long', { empty: 0 }),
  e('count_distinct(expr:scalar): long', { empty: 0 }),
  e('count_distinctif(expr:scalar, predicate:bool): long', { empty: 0 }),
  e('sum(expr:summable|bool): @sum', { empty: 0 }),
  e('sumif(expr:summable|bool, predicate:bool): @sum', { empty: 0 }),
  e('avg(expr:summable|datetime): @avg', { empty: NaN }), // summarize-operator.md's empty-input example: NaN
  e('avgif(expr:summable|datetime, predicate:bool): @avg'),
  e('min(expr:orderable): $0'),
  e('max(expr:orderable): $0'),
  e('minif(expr:orderable, predicate:bool): $0'),
  e('maxif(expr:orderable, predicate:bool): $0'),
  e('arg_max|argmax(expr:orderable, ...columns?:scalar): $0', { shape: 'argExtreme' }),
  e('arg_min|argmin(expr:orderable, ...columns?:scalar): $0', { shape: 'argExtreme' }),
  e('make_list|makelist(expr:scalar, maxSize?:integer#): dynamic', { empty: [] }),
  e('make_list_if(expr:scalar, predicate:bool, maxSize?:integer#): dynamic', { empty: [] }),
  e('make_list_with_nulls(expr:scalar): dynamic', { empty: [] }),
  e('make_set|makeset(expr:scalar, maxSize?:integer#): dynamic', { empty: [] }),
  e('make_set_if(expr:scalar, predicate:bool, maxSize?:integer#): dynamic', { empty: [] }),
  e('make_bag|make_dictionary(expr:dynamic, maxSize?:integer#): dynamic', { empty: {} }),
  e('make_bag_if(expr:dynamic, predicate:bool, maxSize?:integer#): dynamic', { empty: {} }),
  // take_any(a, b, …) / take_any(*) gives one column per argument: shape perArgument.
  e('take_any|any(...expr:scalar): $0', { shape: 'perArgument' }),
  e('take_anyif|anyif(expr:scalar, predicate:bool): $0'),
  e('percentile(expr:orderable, percentile:numeric#): $0'),
  e('percentiles(expr:orderable, ...percentiles:numeric#): $0', { shape: 'percentiles' }),
  e('percentiles_array(expr:orderable, ...percentiles:numeric|dynamic#): dynamic'),
  e('percentilew(expr:orderable, weight:integer, percentile:numeric#): $0'),
  e('percentilesw(expr:orderable, weight:integer, ...percentiles:numeric#): $0', { shape: 'percentiles' }),
  e('percentilesw_array(expr:orderable, weight:integer, ...percentiles:numeric|dynamic#): dynamic'),
  e('stdev(expr:summable): real', { empty: 0 }),
  e('stdevif(expr:summable, predicate:bool): real', { empty: 0 }),
  e('stdevp(expr:summable): real'),
  e('variance(expr:summable): real', { empty: 0 }),
  e('varianceif(expr:summable, predicate:bool): real', { empty: 0 }),
  e('variancep(expr:summable): real'),
  e('covariance(x:summable, y:summable): real'),
  e('covariancep(x:summable, y:summable): real'),
  e('covarianceif(x:summable, y:summable, predicate:bool): real'),
  e('covariancepif(x:summable, y:summable, predicate:bool): real'),
  e('binary_all_and(expr:integer): long'),
  e('binary_all_or(expr:integer): long'),
  e('binary_all_xor(expr:integer): long'),
  e('hll(expr:scalar, accuracy?:integer#): dynamic', { empty: null }),
  e('hll_merge(hll:dynamic): dynamic'),
  e('hll_if(expr:scalar, predicate:bool, accuracy?:integer#): dynamic'),
  e('tdigest(expr:orderable, weight?:integer): dynamic', { empty: null }),
  e('tdigest_merge|merge_tdigest(tdigest:dynamic): dynamic'),
  e('variancepif(expr:summable, predicate:bool): real'),
  e('buildschema(expr:dynamic): dynamic'),
];

/** Window functions: need a serialized row set (after serialize/sort/order/top …); the executor evaluates them. */
const WINDOW: readonly Entry[] = [
  e('row_number(startingIndex?:integer, restart?:bool): long'),
  e('prev(column:scalar, offset?:integer#, default?:scalar): $0'),
  e('next(column:scalar, offset?:integer#, default?:scalar): $0'),
  e('row_cumsum(term:summable, restart?:bool): $0'),
  e('row_rank_min(term:orderable, restart?:bool): long'),
  e('row_rank_dense(term:orderable, restart?:bool): long'),
  e('row_window_session(expr:datetime, maxDistanceFromFirst:timespan, maxDistanceBetweenNeighbors:timespan, restart?:bool): datetime'),
];

/** Special forms: the binder and executor handle each by name (tables, rows, lambdas). */
const SPECIAL: readonly Entry[] = [
  e('toscalar(expr:tabular|scalar): @toscalar', { context: true }),
  e('materialize(expr:tabular): dynamic', { context: true, form: 'tabular' }),
  e('column_ifexists|columnifexists(columnName:string#, defaultValue:scalar): $1', { schema: true }),
  e('pack_all(ignore_null_empty?:scalar#): dynamic', { schema: true }),
  e('bin_auto(value:timeish): $0'), // reads the query's set query_bin_auto_size/at
  e('table(name:string#, scope?:string#): dynamic', { context: true, form: 'tabular' }),
  e('_GetWatchlist(alias:string#): dynamic', { context: true, form: 'tabular' }),
  e('dcount_hll(hll:dynamic): long'),
  e('estimate_data_size(...columns:scalar): long', { schema: true }), // `*`: every column of the row
  e('ingestion_time(): datetime', { context: true }),
  e('column_names_of(table:tabular): dynamic', { context: true }),
  e('bag_pack_columns(...columns:scalar): dynamic'),
  e('extent_id|extentid(): guid', { context: true, declaredOnly: true }),
  e('iscolumnexists(columnName:string#): bool', { schema: true, declaredOnly: true }),
  e('extent_tags(): dynamic', { context: true, declaredOnly: true }),
  e('cursor_after(cursor:string): bool', { context: true, declaredOnly: true }),
  e('cursor_before_or_at(cursor:string): bool', { context: true, declaredOnly: true }),
  e('cursor_current(): string', { context: true, declaredOnly: true }),
  e('stored_query_result(name:string#): dynamic', { context: true, declaredOnly: true }),
];


/**
 * Declared for the binder only (implemented: false): documented functions whose results need geometry
 * libraries (S2/H3 cells, polygons), multi-column series analytics, or cluster metadata.
 */
const DECLARED: readonly Entry[] = [
  e('geo_point_to_s2cell(longitude:numeric, latitude:numeric, level?:integer): string'),
  e('geo_s2cell_to_central_point(s2cell:string): dynamic'),
  e('geo_s2cell_to_polygon(s2cell:string): dynamic'),
  e('geo_s2cell_neighbors(s2cell:string): dynamic'),
  e('geo_point_to_h3cell(longitude:numeric, latitude:numeric, resolution?:integer): string'),
  e('geo_h3cell_to_central_point(h3cell:string): dynamic'),
  e('geo_h3cell_to_polygon(h3cell:string): dynamic'),
  e('geo_h3cell_parent(h3cell:string, resolution?:integer): string'),
  e('geo_h3cell_children(h3cell:string, resolution?:integer): dynamic'),
  e('geo_h3cell_level(h3cell:string): int'),
  e('geo_h3cell_neighbors(h3cell:string): dynamic'),
  e('geo_h3cell_rings(h3cell:string, distance:integer): dynamic'),
  e('geo_geohash_neighbors(geohash:string): dynamic'),
  e('geo_geohash_to_polygon(geohash:string): dynamic'),
  e('geo_point_in_polygon(longitude:numeric, latitude:numeric, polygon:dynamic): bool'),
  e('geo_point_buffer(longitude:numeric, latitude:numeric, radius:numeric, tolerance?:numeric): dynamic', { declaredOnly: true }),
  e('geo_distance_point_to_line(longitude:numeric, latitude:numeric, lineString:dynamic): real'),
  e('geo_distance_point_to_polygon(longitude:numeric, latitude:numeric, polygon:dynamic): real'),
  e('geo_from_wkt(wkt:string): dynamic'),
  e('geo_union_polygons_array(polygons:dynamic): dynamic', { declaredOnly: true }),
  e('geo_union_lines_array(lineStrings:dynamic): dynamic'),
  e('geo_simplify_polygons_array(polygons:dynamic, tolerance?:numeric): dynamic', { declaredOnly: true }),
  e('geo_polygon_to_s2cells(polygon:dynamic, level?:integer, radius?:numeric): dynamic'),
  e('geo_polygon_to_h3cells(polygon:dynamic, resolution?:integer, radius?:numeric): dynamic'),
  e('geo_polygon_simplify(polygon:dynamic, tolerance?:numeric): dynamic', { declaredOnly: true }),
  e('geo_polygon_densify(polygon:dynamic, tolerance?:numeric, preserve_crossing?:bool): dynamic'),
  e('geo_polygon_centroid(polygon:dynamic): dynamic'),
  e('geo_polygon_area(polygon:dynamic): real'),
  e('geo_polygon_perimeter(polygon:dynamic): real'),
  e('geo_polygon_buffer(polygon:dynamic, radius:numeric, tolerance?:numeric): dynamic', { declaredOnly: true }),
  e('geo_intersection_2lines(lineString1:dynamic, lineString2:dynamic): dynamic'),
  e('geo_intersection_2polygons(polygon1:dynamic, polygon2:dynamic): dynamic', { declaredOnly: true }),
  e('geo_intersection_line_with_polygon(lineString:dynamic, polygon:dynamic): dynamic'),
  e('geo_intersects_2lines(lineString1:dynamic, lineString2:dynamic): bool'),
  e('geo_intersects_2polygons(polygon1:dynamic, polygon2:dynamic): bool'),
  e('geo_intersects_line_with_polygon(lineString:dynamic, polygon:dynamic): bool'),
  e('geo_line_simplify(lineString:dynamic, tolerance?:numeric): dynamic', { declaredOnly: true }),
  e('geo_line_densify(lineString:dynamic, tolerance?:numeric, preserve_crossing?:bool): dynamic'),
  e('geo_line_centroid(lineString:dynamic): dynamic'),
  e('geo_line_length(lineString:dynamic): real'),
  e('geo_line_buffer(lineString:dynamic, radius:numeric, tolerance?:numeric): dynamic', { declaredOnly: true }),
  e('geo_line_interpolate_point(lineString:dynamic, fraction:numeric): dynamic'),
  e('geo_line_locate_point(lineString:dynamic, longitude:numeric, latitude:numeric, use_spheroid?:bool): real'),
  e('geo_line_to_s2cells(lineString:dynamic, level?:integer, radius?:numeric): dynamic', { declaredOnly: true }),
  e('geo_closest_point_on_line(longitude:numeric, latitude:numeric, lineString:dynamic): dynamic'),
  e('geo_closest_point_on_polygon(longitude:numeric, latitude:numeric, polygon:dynamic): dynamic'),
  e('geo_azimuth(p1_longitude:numeric, p1_latitude:numeric, p2_longitude:numeric, p2_latitude:numeric): real'),
  e('geo_angle(p1_longitude:numeric, p1_latitude:numeric, p2_longitude:numeric, p2_latitude:numeric, p3_longitude:numeric, p3_latitude:numeric): real'),
  e('geo_info_from_ip_address(ip:string): dynamic'),
  e('series_decompose(series:dynamic, seasonality?:scalar, trend?:string, test_points?:integer, seasonality_threshold?:numeric): dynamic'),
  e('series_decompose_anomalies(series:dynamic, threshold?:numeric, seasonality?:scalar, trend?:string, test_points?:integer, method?:string, seasonality_threshold?:numeric): dynamic'),
  e('series_decompose_forecast(series:dynamic, points:integer, seasonality?:scalar, trend?:string, seasonality_threshold?:numeric): dynamic', { declaredOnly: true }),
  e('series_fit_line(series:dynamic): dynamic'),
  e('series_fit_line_dynamic(series:dynamic): dynamic'),
  e('series_fit_2lines(series:dynamic): dynamic'),
  e('series_fit_2lines_dynamic(series:dynamic): dynamic'),
  e('series_fit_poly(y_series:dynamic, x_series?:dynamic, degree?:integer): dynamic'),
  e('series_fir(series:dynamic, filter:dynamic, normalize?:bool, center?:bool): dynamic'),
  e('series_iir(series:dynamic, numerators:dynamic, denominators:dynamic): dynamic'),
  e('series_fft(x_real:dynamic, x_imaginary?:dynamic): dynamic'),
  e('series_ifft(fft_real:dynamic, fft_imaginary?:dynamic): dynamic'),
  e('series_periods_detect(series:dynamic, min_period:numeric, max_period:numeric, num_periods:integer): dynamic', { declaredOnly: true }),
  e('series_periods_validate(series:dynamic, ...periods:numeric): dynamic', { declaredOnly: true }),
  e('series_seasonal(series:dynamic, period?:numeric): dynamic'),
  e('series_outliers(series:dynamic, kind?:string, ignore_val?:numeric, min_percentile?:numeric, max_percentile?:numeric): dynamic'),
  e('series_stats(series:dynamic, ignore_nonfinite?:bool): dynamic'),
  e('parse_user_agent(user_agent:string, look_for?:scalar): dynamic', { declaredOnly: true }),
  e('parse_xml(xml:string): dynamic'),
  e('punycode_from_string(value:string): string'),
  e('punycode_to_string(value:string): string'),
  e('punycode_domain_from_string(value:string): string'),
  e('punycode_domain_to_string(value:string): string'),
  e('welch_test(mean1:numeric, variance1:numeric, count1:numeric, mean2:numeric, variance2:numeric, count2:numeric): real'),
];

// ---------------------------------------------------------------------------------------------
// parsing the signature lines

const TYPE_CLASSES = new Set(['numeric', 'integer', 'summable', 'orderable', 'timeish', 'scalar', 'tabular', 'lambda']);
const RETURN_RULES = new Set<ReturnRuleName>(['common', 'iff', 'case', 'sum', 'avg', 'numeric', 'bin', 'toscalar', 'typeArg']);
const SIG_RE = /^([A-Za-z_][\w|]*)\((.*)\):\s*(\S+)$/;

function parseParam(text: string, where: string): ParamSpec {
  const m = /^(\.\.\.)?([A-Za-z_]\w*)(\?)?:([\w|]+)(#)?$/.exec(text.trim());
  if (!m) throw new Error(`catalog: bad parameter '${text}' in ${where}`);
  const types = m[4]!.split('|') as ParamTypeName[];
  for (const t of types) if (!isScalarType(t) && !TYPE_CLASSES.has(t)) throw new Error(`catalog: bad type '${t}' in ${where}`);
  return { name: m[2]!, types, optional: m[3] === '?', variadic: m[1] === '...', constant: m[5] === '#' };
}

function parseReturn(text: string, where: string): ReturnSpec {
  if (text.startsWith('$')) return { arg: Number(text.slice(1)) };
  if (text.startsWith('@')) {
    const r = text.slice(1) as ReturnRuleName;
    if (!RETURN_RULES.has(r)) throw new Error(`catalog: bad return rule '${text}' in ${where}`);
    return { rule: r };
  }
  if (!isScalarType(text)) throw new Error(`catalog: bad return type '${text}' in ${where}`);
  return text;
}

function parseEntry(en: Entry, kind: FunctionKind): FunctionSignature {
  const m = SIG_RE.exec(en.sig);
  if (!m) throw new Error(`catalog: bad signature '${en.sig}'`);
  const [name, ...aliases] = m[1]!.split('|');
  const params = m[2]!.trim() === '' ? [] : m[2]!.split(',').map((p) => parseParam(p, en.sig));
  let min = 0;
  let variadic = false;
  for (const p of params) {
    if (p.variadic) { variadic = true; if (!p.optional) min++; }
    else if (!p.optional) min++;
  }
  const maxArgs = variadic ? Infinity : params.length;
  return {
    name: name!, aliases, kind, params, returns: parseReturn(m[3]!, en.sig), minArgs: min, maxArgs,
    ...(kind === 'aggregate' ? { shape: en.shape ?? 'single' } : {}),
    ...(en.empty !== undefined ? { emptyValue: en.empty } : {}),
    flags: {
      volatile: en.volatile === true, rowOrder: kind === 'window', usesNow: en.usesNow === true,
      aggregate: kind === 'aggregate', window: kind === 'window', context: en.context === true, schema: en.schema === true,
    },
    ...(en.declaredOnly ? { implemented: false as const } : {}),
    ...(en.form ? { form: en.form } : {}),
    text: en.sig,
  };
}

const ALL: FunctionSignature[] = [
  ...SCALAR.map((x) => parseEntry(x, 'scalar')),
  ...AGGREGATE.map((x) => parseEntry(x, 'aggregate')),
  ...WINDOW.map((x) => parseEntry(x, 'window')),
  ...SPECIAL.map((x) => parseEntry(x, 'special')),
  ...DECLARED.map((x) => parseEntry(x, 'scalar')),
];

const BY_NAME = new Map<string, FunctionSignature>();
for (const s of ALL) {
  for (const n of [s.name, ...s.aliases]) {
    if (BY_NAME.has(n)) throw new Error(`catalog: duplicate function name '${n}'`);
    BY_NAME.set(n, s);
  }
}

/** Every built-in function signature (canonical entries, aliases not repeated). */
export const FUNCTIONS: readonly FunctionSignature[] = ALL;

/**
 * Looks a function up by name or alias. Kusto function names are case-sensitive (`strlen`, not
 * `StrLen`); `_GetWatchlist` keeps its capitals.
 */
export function lookupFunction(name: string): FunctionSignature | undefined {
  return BY_NAME.get(name);
}

/** All names (canonical and aliases), for "did you mean" suggestions. */
export function functionNames(): string[] { return [...BY_NAME.keys()]; }

// ---------------------------------------------------------------------------------------------
// argument checking and result types (used by the binder; pure functions of types)

const NUMERIC_RANK: Partial<Record<ScalarType, number>> = { bool: 0, int: 1, long: 2, real: 3, decimal: 4 };

export function isNumericType(t: ScalarType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

/** Does an argument of type `arg` fit a parameter accepting `p`? `dynamic` arguments fit any scalar parameter (checked at run time). */
export function acceptsType(p: ParamTypeName, arg: ScalarType): boolean {
  if (arg === 'dynamic') return p !== 'tabular' && p !== 'lambda';
  switch (p) {
    case 'scalar': return true;
    case 'numeric': return isNumericType(arg);
    case 'integer': return isNumericType(arg); // Kusto converts real → integer implicitly for integer parameters
    case 'summable': return isNumericType(arg) || arg === 'timespan';
    case 'orderable': return true;
    case 'timeish': return isNumericType(arg) || arg === 'datetime' || arg === 'timespan';
    case 'tabular': case 'lambda': return false;
    case 'real': case 'long': case 'int': case 'decimal': return isNumericType(arg);
    case 'string': return arg === 'string' || arg === 'guid'; // guid converts to its text implicitly
    default: return p === arg;
  }
}

/** The parameter that argument `i` of `n` arguments binds to, or undefined (too many). */
export function paramFor(sig: FunctionSignature, i: number, n: number): ParamSpec | undefined {
  const ps = sig.params;
  const g0 = ps.findIndex((p) => p.variadic);
  if (g0 < 0) return ps[i];
  let g1 = g0;
  while (g1 < ps.length && ps[g1]!.variadic) g1++;
  const groupLen = g1 - g0;
  const tail = ps.length - g1;
  if (i < g0) return ps[i];
  if (i >= n - tail) return ps[g1 + (i - (n - tail))];
  return ps[g0 + ((i - g0) % groupLen)];
}

/** Widest numeric type (int < long < real < decimal), or undefined when not all numeric. */
export function promoteNumeric(types: readonly ScalarType[]): ScalarType | undefined {
  let best: ScalarType | undefined;
  for (const t of types) {
    if (!isNumericType(t)) return undefined;
    if (best === undefined || NUMERIC_RANK[t]! > NUMERIC_RANK[best]!) best = t;
  }
  return best;
}

/** Common type of branch values: equal types; numerics promote; dynamic arguments (e.g. untyped null) yield to the others. */
export function commonType(types: readonly ScalarType[]): ScalarType {
  const concrete = types.filter((t) => t !== 'dynamic');
  if (concrete.length === 0) return 'dynamic';
  if (concrete.every((t) => t === concrete[0])) return concrete[0]!;
  return promoteNumeric(concrete) ?? concrete[0]!;
}

/** The result type of a call with these argument types (arity assumed checked). */
export function returnType(sig: FunctionSignature, argTypes: readonly ScalarType[]): ScalarType {
  const r = sig.returns;
  if (typeof r === 'string') return r;
  if ('arg' in r) return argTypes[r.arg] ?? 'dynamic';
  switch (r.rule) {
    case 'common': return commonType(argTypes);
    case 'iff': return commonType(argTypes.slice(1, 3));
    case 'case': return commonType(argTypes.filter((_, i) => i % 2 === 1 || i === argTypes.length - 1));
    case 'sum': {
      const t = argTypes[0];
      return t === 'real' || t === 'decimal' || t === 'timespan' ? t : t === 'dynamic' ? 'real' : 'long';
    }
    case 'avg': {
      const t = argTypes[0];
      return t === 'datetime' || t === 'timespan' ? t : t === 'decimal' ? 'decimal' : 'real';
    }
    case 'numeric': return promoteNumeric(argTypes) ?? 'real';
    case 'bin': {
      const t = argTypes[0] ?? 'real';
      if (t === 'datetime' || t === 'timespan' || t === 'dynamic') return t === 'dynamic' ? 'real' : t;
      return promoteNumeric([t, ...argTypes.slice(1).filter(isNumericType)]) ?? t;
    }
    case 'toscalar': return argTypes[0] ?? 'dynamic'; // the binder passes the tabular argument's single column type
    case 'typeArg': return 'string'; // the binder overrides when a typeof(T) literal is given
  }
}

export type CallCheck =
  | { readonly ok: true; readonly type: ScalarType }
  | { readonly ok: false; readonly reason: 'arity'; readonly message: string }
  | { readonly ok: false; readonly reason: 'type'; readonly argIndex: number; readonly message: string };

/** Checks arity and argument types of a call; gives the result type or a message (binder wraps it in a diagnostic). */
export function checkCall(sig: FunctionSignature, argTypes: readonly ScalarType[]): CallCheck {
  const n = argTypes.length;
  if (n < sig.minArgs || n > sig.maxArgs) {
    const want = sig.maxArgs === Infinity ? `at least ${sig.minArgs}` : sig.minArgs === sig.maxArgs ? `${sig.minArgs}` : `${sig.minArgs} to ${sig.maxArgs}`;
    return { ok: false, reason: 'arity', message: `function '${sig.name}' expects ${want} argument${want === '1' ? '' : 's'}, got ${n}` };
  }
  // a variadic group must repeat whole
  const g0 = sig.params.findIndex((p) => p.variadic);
  if (g0 >= 0) {
    let g1 = g0;
    while (g1 < sig.params.length && sig.params[g1]!.variadic) g1++;
    const groupLen = g1 - g0, inGroup = n - g0 - (sig.params.length - g1);
    if (groupLen > 1 && inGroup % groupLen !== 0) {
      return { ok: false, reason: 'arity', message: `function '${sig.name}' expects its arguments in groups of ${groupLen} (${sig.text})` };
    }
  }
  for (let i = 0; i < n; i++) {
    const p = paramFor(sig, i, n);
    if (!p) continue;
    if (!p.types.some((t) => acceptsType(t, argTypes[i]!))) {
      return {
        ok: false, reason: 'type', argIndex: i,
        message: `argument ${i + 1} ('${p.name}') of '${sig.name}' must be ${p.types.join(' or ')}, got ${argTypes[i]}`,
      };
    }
  }
  return { ok: true, type: returnType(sig, argTypes) };
}
