/** All scalar implementations, keyed by canonical name. */
import type { ScalarImpl } from '../types.js';
import { registerCore } from './core.js';
import { registerDatetime } from './datetime.js';
import { registerDynamic } from './dynamic.js';
import { registerEncoding } from './encoding.js';
import { registerGeo, registerGeoExtra, registerGeoShapes } from './geo.js';
import { registerHash } from './hash.js';
import { registerNetwork } from './network.js';
import { registerStrings } from './strings.js';
import { registerUnits } from './units.js';
import { registerSeries } from './series.js';
import { registerMisc } from './misc.js';

export const SCALARS = new Map<string, ScalarImpl>();
registerCore(SCALARS);
registerStrings(SCALARS);
registerEncoding(SCALARS);
registerDatetime(SCALARS);
registerDynamic(SCALARS);
registerNetwork(SCALARS);
registerHash(SCALARS);
registerGeo(SCALARS);
registerUnits(SCALARS);
registerSeries(SCALARS);
registerMisc(SCALARS);
registerGeoShapes(SCALARS);
registerGeoExtra(SCALARS);
