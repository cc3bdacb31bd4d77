/*
 * cloudhop's native JSON-lines reader (optional; src/ingest/native.ts loads it when it was built).
 *
 * It reads the plainest lines of a known table's JSON-lines file straight into column buffers:
 * one object a line, written compactly (no whitespace between its fields), every key a column
 * of the table and no key twice, values the column's type takes without conversion: strings in
 * valid UTF-8 (escapes decoded, surrogate pairs included), and in dynamic columns objects and
 * arrays, checked as strict JSON here and kept as their text for JavaScript to parse. String values are dictionary-encoded here, on their bytes, so no
 * JavaScript string is made for a value already seen. A line it does not take — anything else,
 * including every malformed line — stops the scan, and the JavaScript reader handles that line
 * with its full rules (conversions, extra columns, quarantine); the scan then resumes. The values
 * it writes are the ones the JavaScript reader would write (src/ingest/table-builder.ts: the same
 * ISO datetime arithmetic, in the same floating-point order; numbers by correctly rounded strtod).
 */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

enum { T_NONE = 0, T_STRING = 1, T_DATETIME = 2, T_LONG = 3, T_REAL = 4, T_BOOL = 5, T_INT = 6, T_DYNAMIC = 7 };
enum { STOP_END = 0, STOP_LINE = 1, STOP_FULL = 2 };

typedef struct {
  char *arena; size_t used, cap;         /* bytes of the distinct values */
  uint32_t *off, *len, *hash; uint32_t n, ncap; /* entries; entry 0 is "" */
  int32_t *table; uint32_t tcap;         /* open addressing: entry index or -1 */
} Dict;

typedef struct {
  int nslots;
  char **names; uint32_t *namelen; int *types; int *forbidden;
  int32_t *ktable; uint32_t ktcap;       /* key name -> slot */
  int time_slot, ts_slot;
  uint32_t cap;                           /* rows per scan (output buffer size) */
  uint32_t **codes; double **nums; uint8_t **flags; uint8_t **bools;
  uint32_t **spans;                       /* dynamic: per row, the value's [start, length) in the scanned buffer */
  const char *base;                       /* the scanned buffer (spans are offsets into it) */
  int max_depth;                          /* JSON nesting the JavaScript reader accepts */
  napi_ref *refs; int nrefs;
  Dict *dicts;
  uint32_t *seen;                         /* per slot: row stamp of the current line */
  uint32_t stamp;
  double max_line;
  char *scratch; uint32_t scratch_cap;   /* a string value with its escapes decoded */
  int *pos_slot;                          /* the slot of the key at each position in the last line */
  int *active, nactive; uint8_t *is_active; /* slots ever written: only they need resetting per row */
} Plan;

/* FNV's low bits follow the bytes' low bits: mixed so the table's mask sees every byte. */
static uint32_t mix(uint32_t h) { h ^= h >> 16; h *= 0x85ebca6bu; h ^= h >> 13; h *= 0xc2b2ae35u; h ^= h >> 16; return h; }
static uint32_t fnv(const char *p, uint32_t n) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < n; i++) { h ^= (uint8_t)p[i]; h *= 16777619u; }
  return mix(h);
}

static int dict_grow_table(Dict *d) {
  uint32_t cap = d->tcap ? d->tcap * 2 : 1024;
  int32_t *t = malloc(sizeof(int32_t) * cap);
  if (!t) return 0;
  for (uint32_t i = 0; i < cap; i++) t[i] = -1;
  for (uint32_t e = 1; e < d->n; e++) { uint32_t i = d->hash[e] & (cap - 1); while (t[i] >= 0) i = (i + 1) & (cap - 1); t[i] = (int32_t)e; }
  free(d->table); d->table = t; d->tcap = cap;
  return 1;
}

/* Code of the value p[0..n) (n > 0, hash h = fnv(p, n)), added when new; -1 when out of memory. */
static int64_t dict_code(Dict *d, const char *p, uint32_t n, uint32_t h) {
  if (d->tcap == 0 && !dict_grow_table(d)) return -1;
  uint32_t i = h & (d->tcap - 1);
  for (;;) {
    int32_t e = d->table[i];
    if (e < 0) break;
    if (d->hash[e] == h && d->len[e] == n && memcmp(d->arena + d->off[e], p, n) == 0) return e;
    i = (i + 1) & (d->tcap - 1);
  }
  if (d->n == d->ncap) {
    uint32_t nc = d->ncap ? d->ncap * 2 : 1024;
    uint32_t *o = realloc(d->off, sizeof(uint32_t) * nc), *l, *hh;
    if (!o) return -1;
    d->off = o;
    l = realloc(d->len, sizeof(uint32_t) * nc); if (!l) return -1; d->len = l;
    hh = realloc(d->hash, sizeof(uint32_t) * nc); if (!hh) return -1; d->hash = hh;
    d->ncap = nc;
    if (d->n == 0) { d->off[0] = 0; d->len[0] = 0; d->hash[0] = 0; d->n = 1; }
  }
  if (d->used + n > d->cap) {
    size_t nc = d->cap ? d->cap * 2 : 65536;
    while (nc < d->used + n) nc *= 2;
    char *a = realloc(d->arena, nc);
    if (!a) return -1;
    d->arena = a; d->cap = nc;
  }
  uint32_t e = d->n++;
  memcpy(d->arena + d->used, p, n);
  d->off[e] = (uint32_t)d->used; d->len[e] = n; d->hash[e] = h; d->used += n;
  d->table[i] = (int32_t)e;
  if ((uint64_t)d->n * 2 > d->tcap && !dict_grow_table(d)) return -1;
  return e;
}

static int slot_of(Plan *pl, const char *p, uint32_t n) {
  uint32_t i = fnv(p, n) & (pl->ktcap - 1);
  for (;;) {
    int32_t s = pl->ktable[i];
    if (s < 0) return -1;
    if (pl->namelen[s] == n && memcmp(pl->names[s], p, n) == 0) return s;
    i = (i + 1) & (pl->ktcap - 1);
  }
}

static int d2(const char *s, int i) {
  int a = s[i] - '0', b = s[i + 1] - '0';
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int64_t floordiv(int64_t a, int64_t b) { int64_t q = a / b; return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q; }
static const int DAYS_BEFORE[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
static const int MONTH_DAYS[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

/* yyyy-mm-ddThh:mm:ss[.f{0,9}]Z as ticks, as fastIsoZ computes it; 0 when not that shape or not a date. */
static int iso_z(const char *s, int n, double *out) {
  if (n < 20 || n > 30 || s[n - 1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return 0;
  int y1 = d2(s, 0), y2 = d2(s, 2), mo = d2(s, 5), d = d2(s, 8), h = d2(s, 11), mi = d2(s, 14), se = d2(s, 17);
  if ((y1 | y2 | mo | d | h | mi | se) < 0) return 0;
  int y = y1 * 100 + y2;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return 0;
  if (d > (mo == 2 && is_leap(y) ? 29 : MONTH_DAYS[mo - 1])) return 0;
  double frac = 0;
  if (n > 20) {
    if (s[19] != '.') return 0;
    double scale = 1000000;
    for (int i = 20; i < n - 1; i++) {
      int c = s[i] - '0';
      if (c < 0 || c > 9) return 0;
      if (scale >= 1) { frac += c * scale; scale /= 10; }
      else if (scale == 0.1) { if (c >= 5) frac += 1; scale = 0; }
    }
  }
  int64_t yy = y - 1;
  int64_t days = 365 * (int64_t)(y - 1970) + (floordiv(yy, 4) - floordiv(yy, 100) + floordiv(yy, 400)) - 477 + DAYS_BEFORE[mo - 1] + (mo > 2 && is_leap(y) ? 1 : 0) + d - 1;
  volatile double t = (double)days * 24;
  t = t + h; t = t * 60; t = t + mi; t = t * 60; t = t * 10000000;
  volatile double u = (double)se * 10000000;
  t = t + u; t = t + frac;
  *out = t;
  return 1;
}

/* A JSON number at s[0..n): 1 and its value when the grammar holds. */
static int json_number(const char *s, int n, double *out) {
  int i = 0;
  if (i < n && s[i] == '-') i++;
  if (i >= n) return 0;
  if (s[i] == '0') i++;
  else if (s[i] >= '1' && s[i] <= '9') { while (i < n && s[i] >= '0' && s[i] <= '9') i++; }
  else return 0;
  if (i < n && s[i] == '.') { i++; int k = i; while (i < n && s[i] >= '0' && s[i] <= '9') i++; if (i == k) return 0; }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) { i++; if (i < n && (s[i] == '+' || s[i] == '-')) i++; int k = i; while (i < n && s[i] >= '0' && s[i] <= '9') i++; if (i == k) return 0; }
  if (i != n || n > 60) return 0;
  char buf[64]; memcpy(buf, s, n); buf[n] = 0;
  *out = strtod(buf, NULL);
  return 1;
}

/* Length of the valid UTF-8 sequence at p (its first byte >= 0x80), or 0 when it is not one
 * (overlong forms, surrogates and code points past U+10FFFF are not, as for Node's isUtf8). */
static int utf8_seq(const unsigned char *p, const unsigned char *e) {
  unsigned c = p[0];
  int n; unsigned lo = 0x80, hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) { n = 3; if (c == 0xe0) lo = 0xa0; else if (c == 0xed) hi = 0x9f; }
  else if (c >= 0xf0 && c <= 0xf4) { n = 4; if (c == 0xf0) lo = 0x90; else if (c == 0xf4) hi = 0x8f; }
  else return 0;
  if (e - p < n) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (int i = 2; i < n; i++) if (p[i] < 0x80 || p[i] > 0xbf) return 0;
  return n;
}

/* Writes code point v as UTF-8 at o; returns the bytes written. */
static int utf8_put(char *o, unsigned v) {
  if (v < 0x80) { o[0] = (char)v; return 1; }
  if (v < 0x800) { o[0] = (char)(0xc0 | (v >> 6)); o[1] = (char)(0x80 | (v & 0x3f)); return 2; }
  if (v < 0x10000) { o[0] = (char)(0xe0 | (v >> 12)); o[1] = (char)(0x80 | ((v >> 6) & 0x3f)); o[2] = (char)(0x80 | (v & 0x3f)); return 3; }
  o[0] = (char)(0xf0 | (v >> 18)); o[1] = (char)(0x80 | ((v >> 12) & 0x3f)); o[2] = (char)(0x80 | ((v >> 6) & 0x3f)); o[3] = (char)(0x80 | (v & 0x3f)); return 4;
}

static int hex4(const char *s, unsigned *v) {
  unsigned x = 0;
  for (int k = 0; k < 4; k++) {
    char h = s[k]; x <<= 4;
    if (h >= '0' && h <= '9') x |= (unsigned)(h - '0'); else if (h >= 'a' && h <= 'f') x |= (unsigned)(h - 'a' + 10); else if (h >= 'A' && h <= 'F') x |= (unsigned)(h - 'A' + 10); else return 0;
  }
  *v = x; return 1;
}

static const char *skip_ws(const char *p, const char *e) { while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++; return p; }

/* A whole JSON string at p (at its quote), strictly (escapes, no control bytes, valid UTF-8); the end after its closing quote, or NULL. */
static const char *json_string(const char *p, const char *e) {
  p++;
  while (p < e) {
    unsigned char c = (unsigned char)*p;
    if (c == '"') return p + 1;
    if (c < 0x20) return NULL;
    if (c == '\\') {
      if (p + 1 >= e) return NULL;
      char x = p[1];
      if (x == 'u') { unsigned v; if (e - p < 6 || !hex4(p + 2, &v)) return NULL; p += 6; continue; }
      if (x != '"' && x != '\\' && x != '/' && x != 'b' && x != 'f' && x != 'n' && x != 'r' && x != 't') return NULL;
      p += 2; continue;
    }
    if (c >= 0x80) { int k = utf8_seq((const unsigned char *)p, (const unsigned char *)e); if (!k) return NULL; p += k; continue; }
    p++;
  }
  return NULL;
}

/* One whole JSON value at p (no leading whitespace), at most `depth` containers deep counting
 * itself; the end after it, or NULL when it is not valid JSON or nests deeper. */
static const char *json_value(const char *p, const char *e, int depth) {
  if (p >= e) return NULL;
  char c = *p;
  if (c == '{' || c == '[') {
    if (depth < 1) return NULL;
    char close = c == '{' ? '}' : ']';
    p = skip_ws(p + 1, e);
    if (p < e && *p == close) return p + 1;
    for (;;) {
      if (c == '{') {
        if (p >= e || *p != '"') return NULL;
        p = json_string(p, e); if (!p) return NULL;
        p = skip_ws(p, e);
        if (p >= e || *p != ':') return NULL;
        p = skip_ws(p + 1, e);
      }
      p = json_value(p, e, depth - 1); if (!p) return NULL;
      p = skip_ws(p, e);
      if (p >= e) return NULL;
      if (*p == ',') { p = skip_ws(p + 1, e); continue; }
      if (*p == close) return p + 1;
      return NULL;
    }
  }
  if (c == '"') return json_string(p, e);
  if (c == 't') return e - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : NULL;
  if (c == 'f') return e - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5 : NULL;
  if (c == 'n') return e - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : NULL;
  if (c == '-' || (c >= '0' && c <= '9')) {
    const char *s = p;
    if (*p == '-') p++;
    if (p >= e) return NULL;
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9') { while (p < e && *p >= '0' && *p <= '9') p++; }
    else return NULL;
    if (p < e && *p == '.') { p++; const char *k = p; while (p < e && *p >= '0' && *p <= '9') p++; if (p == k) return NULL; }
    if (p < e && (*p == 'e' || *p == 'E')) { p++; if (p < e && (*p == '+' || *p == '-')) p++; const char *k = p; while (p < e && *p >= '0' && *p <= '9') p++; if (p == k) return NULL; }
    (void)s;
    return p;
  }
  return NULL;
}

/* One line [p, e) (no newline) into row k; 1 when taken. One pass over the bytes: strings are
 * checked (no control or non-ASCII byte), hashed and searched for their end together. */
static int take_line(Plan *pl, const char *p, const char *e, uint32_t k) {
  if (e - p > pl->max_line) return 0;
  /* Row k back to empty in every slot a line has written (the others were never touched: the
   * buffers start empty). */
  for (int a = 0; a < pl->nactive; a++) {
    int s = pl->active[a];
    switch (pl->types[s]) {
      case T_STRING: pl->codes[s][k] = 0; break;
      case T_DATETIME: case T_LONG: case T_REAL: case T_INT: pl->flags[s][k] = 0; break;
      case T_BOOL: pl->bools[s][k] = 2; break;
      case T_DYNAMIC: pl->spans[s][2 * k + 1] = 0; break;
      default: break;
    }
  }
  uint32_t stamp = ++pl->stamp;
  if (p >= e || *p != '{') return 0;
  p++;
  if (p < e && *p == '}') return 0;
  for (int pos = 0;; pos++) {
    if (p >= e || *p != '"') return 0;
    const char *ks = ++p;
    int s = pos < pl->nslots ? pl->pos_slot[pos] : -1;
    /* The key the last line had at this position, compared whole; else found by its hash. */
    if (s >= 0 && (uint32_t)(e - ks) > pl->namelen[s] && memcmp(ks, pl->names[s], pl->namelen[s]) == 0 && ks[pl->namelen[s]] == '"') p = ks + pl->namelen[s];
    else {
      while (p < e && *p != '"') { unsigned char c = (unsigned char)*p; if (c == '\\' || c < 0x20 || c >= 0x80) return 0; p++; }
      if (p >= e) return 0;
      s = slot_of(pl, ks, (uint32_t)(p - ks));
      if (pos < pl->nslots) pl->pos_slot[pos] = s;
    }
    p++;
    if (s < 0 || pl->forbidden[s] || pl->seen[s] == stamp) return 0;
    pl->seen[s] = stamp;
    if (!pl->is_active[s]) { pl->is_active[s] = 1; pl->active[pl->nactive++] = s; }
    if (p >= e || *p != ':') return 0;
    p++;
    if (p >= e) return 0;
    int t = pl->types[s];
    if (*p == '"') {
      const char *vs = ++p; int esc = 0;
      uint32_t h = 2166136261u;
      while (p < e) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') break;
        if (c < 0x20) return 0;
        if (c >= 0x80) {
          /* UTF-8 text: taken when valid (JavaScript decides what invalid bytes are). */
          int k = utf8_seq((const unsigned char *)p, (const unsigned char *)e);
          if (!k) return 0;
          for (int q = 0; q < k; q++) { h ^= (unsigned char)p[q]; h *= 16777619u; }
          p += k; continue;
        }
        if (c == '\\') { esc = 1; p += 2; continue; }
        h ^= c; h *= 16777619u; p++;
      }
      if (p >= e) return 0;
      uint32_t n = (uint32_t)(p - vs);
      p++;      if (esc) {
        /* Escapes decoded into the scratch buffer; one that makes a non-ASCII character is JavaScript's. */
        if (n > pl->scratch_cap) { char *b = realloc(pl->scratch, n); if (!b) return 0; pl->scratch = b; pl->scratch_cap = n; }
        uint32_t o = 0;
        for (uint32_t i = 0; i < n; i++) {
          char c = vs[i];
          if (c != '\\') { pl->scratch[o++] = c; continue; }
          if (++i >= n) return 0;
          switch (vs[i]) {
            case '"': pl->scratch[o++] = '"'; break;
            case '\\': pl->scratch[o++] = '\\'; break;
            case '/': pl->scratch[o++] = '/'; break;
            case 'b': pl->scratch[o++] = '\b'; break;
            case 'f': pl->scratch[o++] = '\f'; break;
            case 'n': pl->scratch[o++] = '\n'; break;
            case 'r': pl->scratch[o++] = '\r'; break;
            case 't': pl->scratch[o++] = '\t'; break;
            case 'u': {
              if (i + 4 >= n) return 0;
              unsigned v;
              if (!hex4(vs + i + 1, &v)) return 0;
              i += 4;
              if (v >= 0xdc00 && v <= 0xdfff) return 0; /* a lone low surrogate: JavaScript's */
              if (v >= 0xd800 && v <= 0xdbff) {
                /* A surrogate pair makes one code point; a lone high surrogate is JavaScript's. */
                unsigned lo;
                if (i + 6 >= n || vs[i + 1] != '\\' || vs[i + 2] != 'u' || !hex4(vs + i + 3, &lo) || lo < 0xdc00 || lo > 0xdfff) return 0;
                v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
                i += 6;
              }
              o += (uint32_t)utf8_put(pl->scratch + o, v); break;
            }
            default: return 0;
          }
        }
        vs = pl->scratch; n = o;
        h = 2166136261u;
        for (uint32_t i = 0; i < n; i++) { h ^= (uint8_t)vs[i]; h *= 16777619u; }
      }
      if (t == T_STRING) { if (n > 0) { int64_t c = dict_code(&pl->dicts[s], vs, n, mix(h)); if (c < 0) return 0; pl->codes[s][k] = (uint32_t)c; } }
      else if (t == T_DATETIME) { if (n > 0) { double v; if (!iso_z(vs, (int)n, &v)) return 0; pl->nums[s][k] = v; pl->flags[s][k] = 1; } }
      else return 0;
    } else if (*p == '{' || *p == '[') {
      /* An object or array in a dynamic column: its JSON text (checked whole here) is parsed by JavaScript. */
      if (t != T_DYNAMIC) return 0;
      const char *vs = p;
      p = json_value(p, e, pl->max_depth);
      if (!p) return 0;
      pl->spans[s][2 * k] = (uint32_t)(vs - pl->base); pl->spans[s][2 * k + 1] = (uint32_t)(p - vs);
    } else if (*p == 'n') {
      if (e - p < 4 || memcmp(p, "null", 4) != 0 || t == T_NONE) return 0;
      p += 4;
    } else if (*p == 't' || *p == 'f') {
      int v = *p == 't';
      int n = v ? 4 : 5;
      if (e - p < n || memcmp(p, v ? "true" : "false", n) != 0 || t != T_BOOL) return 0;
      pl->bools[s][k] = (uint8_t)v;
      p += n;
    } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
      const char *ns = p; while (p < e && *p != ',' && *p != '}') p++;
      double v;
      if (!json_number(ns, (int)(p - ns), &v)) return 0;
      if (t == T_REAL) {}
      else if (t == T_LONG) { if (!(isfinite(v) && floor(v) == v && fabs(v) <= 9007199254740991.0)) return 0; } /* beyond 2^53: JavaScript quarantines it */
      else if (t == T_INT) { if (!(isfinite(v) && floor(v) == v && v <= 2147483647.0 && v >= -2147483648.0)) return 0; }
      else return 0;
      pl->nums[s][k] = v; pl->flags[s][k] = 1;
    } else return 0;
    if (p >= e) return 0;
    if (*p == ',') { p++; continue; }
    if (*p == '}' && p + 1 == e) break;
    return 0;
  }
  /* TimeGenerated and Timestamp fill each other; a line with neither is the JavaScript reader's. */
  int ts = pl->time_slot, tt = pl->ts_slot;
  int hasG = ts >= 0 && pl->flags[ts][k], hasT = tt >= 0 && pl->flags[tt][k];
  if (!hasG && !hasT) return 0;
  if (ts >= 0 && !hasG) { pl->nums[ts][k] = pl->nums[tt][k]; pl->flags[ts][k] = 1; if (!pl->is_active[ts]) { pl->is_active[ts] = 1; pl->active[pl->nactive++] = ts; } }
  if (tt >= 0 && !hasT) { pl->nums[tt][k] = pl->nums[ts][k]; pl->flags[tt][k] = 1; if (!pl->is_active[tt]) { pl->is_active[tt] = 1; pl->active[pl->nactive++] = tt; } }
  return 1;
}

#define CHECK(x) do { if ((x) != napi_ok) { napi_throw_error(env, NULL, "cloudhop native: " #x); return NULL; } } while (0)

static void plan_finalize(napi_env env, void *data, void *hint) {
  (void)hint;
  Plan *pl = data;
  for (int i = 0; i < pl->nrefs; i++) napi_delete_reference(env, pl->refs[i]);
  for (int s = 0; s < pl->nslots; s++) { Dict *d = &pl->dicts[s]; free(d->arena); free(d->off); free(d->len); free(d->hash); free(d->table); free(pl->names[s]); }
  free(pl->names); free(pl->namelen); free(pl->types); free(pl->forbidden); free(pl->ktable); free(pl->codes); free(pl->nums);
  free(pl->flags); free(pl->bools); free(pl->spans); free(pl->refs); free(pl->dicts); free(pl->seen); free(pl->scratch); free(pl->pos_slot); free(pl->active); free(pl->is_active); free(pl);
}

static void *typed_data(napi_env env, napi_value v, Plan *pl) {
  bool is; size_t len; void *data; napi_value ab; size_t off; napi_typedarray_type ty;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return NULL;
  if (napi_get_typedarray_info(env, v, &ty, &len, &data, &ab, &off) != napi_ok) return NULL;
  if (len < pl->cap) return NULL;
  napi_create_reference(env, v, 1, &pl->refs[pl->nrefs++]);
  return data;
}

/* createPlan(names, types: Int32Array, forbidden: Uint8Array, timeSlot, tsSlot, cap, maxLine, outs, maxDepth) */
static napi_value create_plan(napi_env env, napi_callback_info info) {
  size_t argc = 9; napi_value a[9];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 9) { napi_throw_error(env, NULL, "createPlan: 9 arguments"); return NULL; }
  uint32_t n; CHECK(napi_get_array_length(env, a[0], &n));
  Plan *pl = calloc(1, sizeof(Plan));
  pl->nslots = (int)n;
  pl->names = calloc(n, sizeof(char *)); pl->namelen = calloc(n, sizeof(uint32_t)); pl->types = calloc(n, sizeof(int));
  pl->forbidden = calloc(n, sizeof(int)); pl->codes = calloc(n, sizeof(uint32_t *)); pl->nums = calloc(n, sizeof(double *));
  pl->flags = calloc(n, sizeof(uint8_t *)); pl->bools = calloc(n, sizeof(uint8_t *)); pl->refs = calloc(4 * n + 4, sizeof(napi_ref));
  pl->spans = calloc(n, sizeof(uint32_t *));
  pl->dicts = calloc(n, sizeof(Dict)); pl->seen = calloc(n, sizeof(uint32_t));
  pl->pos_slot = malloc(sizeof(int) * (n + 1)); for (uint32_t i = 0; i <= n; i++) pl->pos_slot[i] = -1;
  pl->active = calloc(n + 1, sizeof(int)); pl->is_active = calloc(n + 1, 1);
  int32_t *types; size_t tl; void *tdata; napi_typedarray_type ty; napi_value ab; size_t off;
  CHECK(napi_get_typedarray_info(env, a[1], &ty, &tl, &tdata, &ab, &off)); types = tdata;
  uint8_t *forb; CHECK(napi_get_typedarray_info(env, a[2], &ty, &tl, &tdata, &ab, &off)); forb = tdata;
  int32_t v; CHECK(napi_get_value_int32(env, a[3], &v)); pl->time_slot = v;
  CHECK(napi_get_value_int32(env, a[4], &v)); pl->ts_slot = v;
  uint32_t cap; CHECK(napi_get_value_uint32(env, a[5], &cap)); pl->cap = cap;
  double ml; CHECK(napi_get_value_double(env, a[6], &ml)); pl->max_line = ml;
  CHECK(napi_get_value_int32(env, a[8], &v)); pl->max_depth = v;
  pl->ktcap = 64; while (pl->ktcap < 4 * n) pl->ktcap *= 2;
  pl->ktable = malloc(sizeof(int32_t) * pl->ktcap); for (uint32_t i = 0; i < pl->ktcap; i++) pl->ktable[i] = -1;
  for (uint32_t s = 0; s < n; s++) {
    napi_value name; CHECK(napi_get_element(env, a[0], s, &name));
    size_t len; CHECK(napi_get_value_string_utf8(env, name, NULL, 0, &len));
    pl->names[s] = malloc(len + 1); CHECK(napi_get_value_string_utf8(env, name, pl->names[s], len + 1, &len));
    pl->namelen[s] = (uint32_t)len;
    pl->types[s] = types[s]; pl->forbidden[s] = forb[s];
    uint32_t i = fnv(pl->names[s], (uint32_t)len) & (pl->ktcap - 1);
    while (pl->ktable[i] >= 0) i = (i + 1) & (pl->ktcap - 1);
    pl->ktable[i] = (int32_t)s;
    napi_value o; CHECK(napi_get_element(env, a[7], s, &o));
    napi_valuetype vt; CHECK(napi_typeof(env, o, &vt));
    if (vt != napi_object) { pl->types[s] = T_NONE; continue; }
    napi_value x;
    switch (pl->types[s]) {
      case T_STRING: CHECK(napi_get_named_property(env, o, "codes", &x)); pl->codes[s] = typed_data(env, x, pl); if (!pl->codes[s]) pl->types[s] = T_NONE; break;
      case T_DATETIME: case T_LONG: case T_REAL: case T_INT:
        CHECK(napi_get_named_property(env, o, "nums", &x)); pl->nums[s] = typed_data(env, x, pl);
        CHECK(napi_get_named_property(env, o, "flags", &x)); pl->flags[s] = typed_data(env, x, pl);
        if (!pl->nums[s] || !pl->flags[s]) pl->types[s] = T_NONE;
        break;
      case T_BOOL: CHECK(napi_get_named_property(env, o, "bools", &x)); pl->bools[s] = typed_data(env, x, pl); if (!pl->bools[s]) pl->types[s] = T_NONE; break;
      case T_DYNAMIC: CHECK(napi_get_named_property(env, o, "spans", &x)); pl->spans[s] = typed_data(env, x, pl); if (!pl->spans[s]) pl->types[s] = T_NONE; break;
      default: pl->types[s] = T_NONE;
    }
  }
  if ((pl->time_slot >= 0 && pl->types[pl->time_slot] != T_DATETIME) || (pl->ts_slot >= 0 && pl->types[pl->ts_slot] != T_DATETIME)) {
    pl->time_slot = -1; pl->ts_slot = -1; /* no time column to fill: every line goes to JavaScript */
    for (int s = 0; s < pl->nslots; s++) pl->types[s] = T_NONE;
  }
  napi_value ext; CHECK(napi_create_external(env, pl, plan_finalize, NULL, &ext));
  return ext;
}

/* scan(plan, buf, start, end) -> [next offset, lines, rows, stop] */
static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = 4; napi_value a[4];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  Plan *pl; CHECK(napi_get_value_external(env, a[0], (void **)&pl));
  size_t len; void *data; napi_value ab; size_t off; napi_typedarray_type ty;
  CHECK(napi_get_typedarray_info(env, a[1], &ty, &len, &data, &ab, &off));
  uint32_t start, end; CHECK(napi_get_value_uint32(env, a[2], &start)); CHECK(napi_get_value_uint32(env, a[3], &end));
  if (end > len) end = (uint32_t)len;
  const char *buf = data;
  pl->base = buf;
  uint32_t pos = start, lines = 0, rows = 0; int stop = STOP_END;
  while (pos < end) {
    const char *nl = memchr(buf + pos, '\n', end - pos);
    if (!nl) break; /* an unterminated tail is the caller's */
    const char *e = nl;
    if (e > buf + pos && e[-1] == '\r') e--;
    if (e == buf + pos) { pos = (uint32_t)(nl - buf) + 1; lines++; continue; } /* empty line */
    if (rows == pl->cap) { stop = STOP_FULL; break; }
    if (!take_line(pl, buf + pos, e, rows)) { stop = STOP_LINE; break; }
    rows++; lines++;
    pos = (uint32_t)(nl - buf) + 1;
  }
  napi_value out, x; CHECK(napi_create_array_with_length(env, 4, &out));
  CHECK(napi_create_uint32(env, pos, &x)); CHECK(napi_set_element(env, out, 0, x));
  CHECK(napi_create_uint32(env, lines, &x)); CHECK(napi_set_element(env, out, 1, x));
  CHECK(napi_create_uint32(env, rows, &x)); CHECK(napi_set_element(env, out, 2, x));
  CHECK(napi_create_uint32(env, (uint32_t)stop, &x)); CHECK(napi_set_element(env, out, 3, x));
  return out;
}

/* dictStrings(plan, slot, from) -> the slot's distinct values from code `from` on (code 0 is ""). */
static napi_value dict_strings(napi_env env, napi_callback_info info) {
  size_t argc = 3; napi_value a[3];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  Plan *pl; CHECK(napi_get_value_external(env, a[0], (void **)&pl));
  uint32_t s, from; CHECK(napi_get_value_uint32(env, a[1], &s)); CHECK(napi_get_value_uint32(env, a[2], &from));
  napi_value out; CHECK(napi_create_array(env, &out));
  if ((int)s >= pl->nslots) return out;
  Dict *d = &pl->dicts[s];
  for (uint32_t e = from < 1 ? 1 : from, i = 0; e < d->n; e++, i++) {
    const unsigned char *b = (const unsigned char *)d->arena + d->off[e];
    int high = 0;
    for (uint32_t q = 0; q < d->len[e]; q++) if (b[q] >= 0x80) { high = 1; break; }
    napi_value str;
    if (high) CHECK(napi_create_string_utf8(env, (const char *)b, d->len[e], &str));
    else CHECK(napi_create_string_latin1(env, (const char *)b, d->len[e], &str));
    CHECK(napi_set_element(env, out, i, str));
  }
  return out;
}

/* dictSize(plan, slot) -> number of codes (with the "" of code 0). */
static napi_value dict_size(napi_env env, napi_callback_info info) {
  size_t argc = 2; napi_value a[2];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  Plan *pl; CHECK(napi_get_value_external(env, a[0], (void **)&pl));
  uint32_t s; CHECK(napi_get_value_uint32(env, a[1], &s));
  napi_value r; CHECK(napi_create_uint32(env, (int)s < pl->nslots ? (pl->dicts[s].n ? pl->dicts[s].n : 1) : 0, &r));
  return r;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "createPlan", NAPI_AUTO_LENGTH, create_plan, NULL, &fn); napi_set_named_property(env, exports, "createPlan", fn);
  napi_create_function(env, "scan", NAPI_AUTO_LENGTH, scan, NULL, &fn); napi_set_named_property(env, exports, "scan", fn);
  napi_create_function(env, "dictStrings", NAPI_AUTO_LENGTH, dict_strings, NULL, &fn); napi_set_named_property(env, exports, "dictStrings", fn);
  napi_create_function(env, "dictSize", NAPI_AUTO_LENGTH, dict_size, NULL, &fn); napi_set_named_property(env, exports, "dictSize", fn);
  return exports;
}
