/**
 * Reading a field of a stored record's JSON `raw` in SQL without letting one record stop a query.
 * json_extract raises "malformed JSON" on text SQLite cannot parse: a record nested deeper than its
 * 1,000-level limit (refused at import since, but present in cases imported before), or raw that is
 * not JSON. Such a record reads as having no such field; the rest of the query goes on.
 */

/** SQL for `raw`'s value at `path` (a constant like `$.ClientAppId`), NULL when raw is not readable JSON. */
export const rawJson = (path: string): string => `(CASE WHEN json_valid(raw) THEN json_extract(raw, '${path}') END)`;
