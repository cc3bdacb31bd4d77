/** The workspace folder `ingest`, `tables`, `query` and `detect` use when --workspace is not given. */
export const DEFAULT_WORKSPACE = '.cloudhop';
