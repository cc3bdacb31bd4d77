/** convert_* unit conversions (unit names as Kusto spells them, case-insensitive); math extras (around, beta_*). */
import type { ScalarImpl } from '../types.js';
import { def, num, str } from './util.js';

/** Factors to the base unit of each quantity (SI). */
const UNITS: Record<string, Record<string, number>> = {
  force: {
    newton: 1, decanewton: 10, kilonewton: 1e3, meganewton: 1e6, millinewton: 1e-3, micronewton: 1e-6,
    nanonewton: 1e-9, dyn: 1e-5, kilogramforce: 9.80665, tonneforce: 9806.65, poundforce: 4.4482216152605,
    kilopoundforce: 4448.2216152605, ounceforce: 0.278013850953781, poundal: 0.138254954376, shorttonforce: 8896.443230521,
    kilopond: 9.80665,
  },
  energy: {
    joule: 1, kilojoule: 1e3, megajoule: 1e6, gigajoule: 1e9, terajoule: 1e12, millijoule: 1e-3,
    britishthermalunit: 1055.05585262, kilobritishthermalunit: 1055055.85262, megabritishthermalunit: 1055055852.62,
    gigabritishthermalunit: 1055055852620, calorie: 4.184, kilocalorie: 4184, electronvolt: 1.602176634e-19,
    kiloelectronvolt: 1.602176634e-16, megaelectronvolt: 1.602176634e-13, gigaelectronvolt: 1.602176634e-10,
    erg: 1e-7, footpound: 1.355817948, watthour: 3600, kilowatthour: 3.6e6, megawatthour: 3.6e9,
    gigawatthour: 3.6e12, terawatthour: 3.6e15, wattday: 86400, kilowattday: 8.64e7, megawattday: 8.64e10,
    thermec: 105505585.262, thermus: 105480400, thermimperial: 105505585.257348, decathermec: 1055055852.62,
    decathermus: 1054804000, decathermimperial: 1055055852.57348, horsepowerhour: 2684519.537696172792,
  },
  mass: {
    kilogram: 1, gram: 1e-3, milligram: 1e-6, microgram: 1e-9, nanogram: 1e-12, centigram: 1e-5, decigram: 1e-4,
    decagram: 1e-2, hectogram: 0.1, tonne: 1e3, kilotonne: 1e6, megatonne: 1e9, pound: 0.45359237,
    kilopound: 453.59237, megapound: 453592.37, ounce: 0.028349523125, stone: 6.35029318, shortton: 907.18474,
    longton: 1016.0469088, grain: 6.479891e-5, slug: 14.593902937206, shorthundredweight: 45.359237,
    longhundredweight: 50.80234544, earthmass: 5.9722e24, solarmass: 1.98947e30,
  },
  volume: {
    cubicmeter: 1, cubickilometer: 1e9, cubichectometer: 1e6, cubicdecimeter: 1e-3, cubiccentimeter: 1e-6,
    cubicmillimeter: 1e-9, cubicmicrometer: 1e-18, liter: 1e-3, milliliter: 1e-6, microliter: 1e-9, centiliter: 1e-5,
    deciliter: 1e-4, decaliter: 1e-2, hectoliter: 0.1, kiloliter: 1, megaliter: 1e3, cubicfoot: 0.028316846592,
    cubicinch: 1.6387064e-5, cubicyard: 0.764554857984, cubicmile: 4168181825.440579584,
    usgallon: 0.003785411784, imperialgallon: 0.00454609, usquart: 9.46352946e-4, uspint: 4.73176473e-4,
    imperialpint: 5.6826125e-4, usounce: 2.95735295625e-5, imperialounce: 2.8413062e-5, acrefoot: 1233.48183754752,
    ustablespoon: 1.478676478125e-5, usteaspoon: 4.92892159375e-6, metriccup: 2.5e-4, uscustomarycup: 2.365882365e-4,
    oilbarrel: 0.158987294928, usbeerbarrel: 0.1173477658, imperialbeerbarrel: 0.16365924, hectocubicmeter: 100,
    kilocubicmeter: 1000,
  },
  length: {
    meter: 1, kilometer: 1e3, hectometer: 100, decameter: 10, decimeter: 0.1, centimeter: 0.01, millimeter: 1e-3,
    micrometer: 1e-6, nanometer: 1e-9, mile: 1609.344, yard: 0.9144, foot: 0.3048, inch: 0.0254, nauticalmile: 1852,
    mil: 2.54e-5, microinch: 2.54e-8, lightyear: 9.46073047258e15, astronomicalunit: 1.495978707e11,
    parsec: 3.08567758128e16, fathom: 1.8288, chain: 20.1168, hand: 0.1016, shackle: 27.432,
    ussurveyfoot: 1200 / 3937, twip: 0.0254 / 1440, dtppica: 0.0254 / 6, dtppoint: 0.0254 / 72,
  },
  // Every documented `<Length>Per<Second|Minute|Hour>` (convert-speed-function.md), plus knot and mach.
  speed: speedUnits(),
  angle: {
    radian: 1, degree: Math.PI / 180, arcminute: Math.PI / 10800, arcsecond: Math.PI / 648000,
    gradian: Math.PI / 200, revolution: 2 * Math.PI, milliradian: 1e-3, microradian: 1e-6, nanoradian: 1e-9,
    centiradian: 1e-2, deciradian: 1e-1, millidegree: Math.PI / 180000, microdegree: Math.PI / 180e6,
    nanodegree: Math.PI / 180e9, natomil: (2 * Math.PI) / 6400,
  },
};

/** Speed units: each documented length per second/minute/hour, in meters per second. */
function speedUnits(): Record<string, number> {
  const lengths: Record<string, number> = {
    meter: 1, kilometer: 1e3, decimeter: 0.1, centimeter: 0.01, millimeter: 1e-3, micrometer: 1e-6,
    nanometer: 1e-9, mile: 1609.344, yard: 0.9144, foot: 0.3048, inch: 0.0254, ussurveyfoot: 1200 / 3937,
  };
  const times: Record<string, number> = { second: 1, minute: 60, hour: 3600 };
  const out: Record<string, number> = { knot: 1852 / 3600, mach: 340.29, milesperhour: 0.44704 };
  for (const [l, m] of Object.entries(lengths)) for (const [t, sec] of Object.entries(times)) out[`${l}per${t}`] = m / sec;
  return out;
}

/** Temperatures are affine: to kelvin and back. */
const TEMPERATURE: Record<string, [(x: number) => number, (k: number) => number]> = {
  kelvin: [(x) => x, (k) => k],
  degreecelsius: [(x) => x + 273.15, (k) => k - 273.15],
  millidegreecelsius: [(x) => x / 1000 + 273.15, (k) => (k - 273.15) * 1000],
  degreefahrenheit: [(x) => ((x - 32) * 5) / 9 + 273.15, (k) => ((k - 273.15) * 9) / 5 + 32],
  degreerankine: [(x) => (x * 5) / 9, (k) => (k * 9) / 5],
  degreedelisle: [(x) => 373.15 - (x * 2) / 3, (k) => ((373.15 - k) * 3) / 2],
  degreenewton: [(x) => (x * 100) / 33 + 273.15, (k) => ((k - 273.15) * 33) / 100],
  degreereaumur: [(x) => (x * 5) / 4 + 273.15, (k) => ((k - 273.15) * 4) / 5],
  degreeroemer: [(x) => ((x - 7.5) * 40) / 21 + 273.15, (k) => ((k - 273.15) * 21) / 40 + 7.5],
};

function logGamma(x: number): number {
  const g = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let s = 0.99999999999980993;
  for (let i = 0; i < 8; i++) s += g[i]! / (x + i + 1);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Continued fraction for the regularized incomplete beta function (Lentz's method). */
function betaCf(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (bt * betaCf(x, a, b)) / a : 1 - (bt * betaCf(1 - x, b, a)) / b;
}

export function registerUnits(m: Map<string, ScalarImpl>): void {
  for (const [q, table] of Object.entries(UNITS)) {
    def(m, `convert_${q}`, (a, t) => {
      const v = num(a, t, 0);
      const from = table[str(a, t, 1).toLowerCase()], to = table[str(a, t, 2).toLowerCase()];
      if (v === null || from === undefined || to === undefined) return null;
      return (v * from) / to;
    });
  }
  def(m, 'convert_temperature', (a, t) => {
    const v = num(a, t, 0);
    const from = TEMPERATURE[str(a, t, 1).toLowerCase()], to = TEMPERATURE[str(a, t, 2).toLowerCase()];
    if (v === null || !from || !to) return null;
    return to[1](from[0](v));
  });
  def(m, 'around', (a, t) => {
    const v = num(a, t, 0), c = num(a, t, 1), d = num(a, t, 2);
    if (v === null || c === null || d === null) return null;
    return v >= c - d && v <= c + d;
  });
  const betaArgs = (a: Parameters<ScalarImpl>[0], t: Parameters<ScalarImpl>[1]) => [num(a, t, 0), num(a, t, 1), num(a, t, 2)] as const;
  // welch-test-function.md: the two-tailed p-value of Welch's t-test from each sample's mean,
  // variance and count: t = (m1 - m2) / sqrt(v1/n1 + v2/n2), degrees of freedom by the
  // Welch–Satterthwaite equation, p = I_{ν/(ν+t²)}(ν/2, 1/2). A count below 2, a negative variance
  // or both variances 0 (no spread to test against) give null.
  def(m, 'welch_test', (a, t) => {
    const xs = [0, 1, 2, 3, 4, 5].map((i) => num(a, t, i));
    if (xs.some((x) => x === null || !Number.isFinite(x))) return null;
    const [m1, v1, n1, m2, v2, n2] = xs as number[];
    if (n1! < 2 || n2! < 2 || v1! < 0 || v2! < 0) return null;
    const s1 = v1! / n1!, s2 = v2! / n2!;
    if (s1 + s2 === 0) return null;
    const tt = (m1! - m2!) / Math.sqrt(s1 + s2);
    const nu = (s1 + s2) ** 2 / (s1 ** 2 / (n1! - 1) + s2 ** 2 / (n2! - 1));
    return betaCdf(nu / (nu + tt * tt), nu / 2, 0.5);
  });
  def(m, 'beta_pdf', (a, t) => {
    const [x, al, be] = betaArgs(a, t);
    if (x === null || al === null || be === null) return null;
    if (x < 0 || x > 1 || al <= 0 || be <= 0) return NaN;
    return Math.exp((al - 1) * Math.log(x) + (be - 1) * Math.log(1 - x) + logGamma(al + be) - logGamma(al) - logGamma(be));
  });
  def(m, 'beta_cdf', (a, t) => {
    const [x, al, be] = betaArgs(a, t);
    if (x === null || al === null || be === null) return null;
    if (x < 0 || x > 1 || al <= 0 || be <= 0) return NaN;
    return betaCdf(x, al, be);
  });
  def(m, 'beta_inv', (a, t) => {
    const [p, al, be] = betaArgs(a, t);
    if (p === null || al === null || be === null) return null;
    // beta-inv-function.md: a probability outside [0, 1] gives null; alpha or beta <= 0 gives NaN.
    if (p < 0 || p > 1) return null;
    if (al <= 0 || be <= 0) return NaN;
    let lo = 0, hi = 1;
    for (let i = 0; i < 200; i++) { const mid = (lo + hi) / 2; if (betaCdf(mid, al, be) < p) lo = mid; else hi = mid; }
    return (lo + hi) / 2;
  });
}
