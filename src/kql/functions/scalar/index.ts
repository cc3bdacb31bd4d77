/** All scalar implementations, keyed by canonical name. */
import type { ScalarImpl } from '../types.js';

export const SCALARS = new Map<string, ScalarImpl>();
