/**
 * Syntax nodes a plan rewrite makes (no source text of their own: window-batch's tag column, key
 * and join condition). Each is placed at the operator it extends (an empty span there, for errors)
 * and carries its text, which explain prints (text.ts) instead of slicing the query.
 */
const TEXT = new WeakMap<object, string>();

/** Registers `node` as made by a rewrite, printed as `text`. */
export function synthetic<T extends object>(node: T, text: string): T {
  TEXT.set(node, text);
  return node;
}

/** The text of a node a rewrite made (undefined for a node parsed from the query). */
export function syntheticText(node: object): string | undefined { return TEXT.get(node); }
