/** Reserved binding names (cannot collide with KQL identifiers). */
export const IMPLICIT = '\u0000implicit';
