/* Reading JSON: strings, numbers, and checking values that are skipped or kept as raw JSON. */
#include "json2pb.h"

static int hex4(const unsigned char *p, uint32_t *out) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char h = p[i];
        v <<= 4;
        if (h >= '0' && h <= '9') v |= (uint32_t)(h - '0');
        else if (h >= 'a' && h <= 'f') v |= (uint32_t)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') v |= (uint32_t)(h - 'A' + 10);
        else return BAIL;
    }
    *out = v;
    return OK;
}

static int put_utf8(Buf *b, uint32_t cp) {
    TRY(buf_grow(b, 4));
    char *o = b->data + b->len;
    if (cp < 0x80) {
        o[0] = (char)cp;
        b->len += 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        b->len += 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        b->len += 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        b->len += 4;
    }
    return OK;
}

/* The string at c->p (on its opening quote), as UTF-8: a view into the input when it has no
 * escapes, else decoded into the scratch buffer (valid until the next string is read). */
int read_string(Ctx *c, const char **s, size_t *n) {
    const unsigned char *p = c->p + 1, *end = c->end, *start = p;
    for (;;) {
        if (p >= end) return BAIL;
        unsigned char ch = *p;
        if (ch == '"') {
            *s = (const char *)start;
            *n = (size_t)(p - start);
            c->p = p + 1;
            return OK;
        }
        if (ch == '\\') break;
        if (ch < 0x20) return BAIL;
        if (ch < 0x80) {
            p++;
        } else {
            int k = utf8_len(p, end);
            if (!k) return BAIL;
            p += k;
        }
    }
    Buf *b = &c->scratch;
    b->len = 0;
    TRY(put_bytes(b, (const char *)start, (size_t)(p - start)));
    for (;;) {
        if (p >= end) return BAIL;
        unsigned char ch = *p;
        if (ch == '"') break;
        if (ch == '\\') {
            if (end - p < 2) return BAIL;
            unsigned char e = p[1];
            char simple = 0;
            switch (e) {
                case '"': simple = '"'; break;
                case '\\': simple = '\\'; break;
                case '/': simple = '/'; break;
                case 'b': simple = '\b'; break;
                case 'f': simple = '\f'; break;
                case 'n': simple = '\n'; break;
                case 'r': simple = '\r'; break;
                case 't': simple = '\t'; break;
                case 'u': break;
                default: return BAIL;
            }
            if (e != 'u') {
                TRY(put_bytes(b, &simple, 1));
                p += 2;
                continue;
            }
            uint32_t cp;
            if (end - p < 6 || hex4(p + 2, &cp) != OK) return BAIL;
            p += 6;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return BAIL;   /* a lone low surrogate */
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t low;
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &low) != OK) return BAIL;
                if (low < 0xDC00 || low > 0xDFFF) return BAIL;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                p += 6;
            }
            TRY(put_utf8(b, cp));
            continue;
        }
        if (ch < 0x20) return BAIL;
        int k = ch < 0x80 ? 1 : utf8_len(p, end);
        if (!k) return BAIL;
        TRY(put_bytes(b, (const char *)p, (size_t)k));
        p += k;
    }
    *s = b->data;
    *n = b->len;
    c->p = p + 1;
    return OK;
}

/* A JSON number at c->p: its text, and whether it is an integer literal. */
int scan_number(Ctx *c, const unsigned char **text, size_t *len, int *is_int) {
    const unsigned char *p = c->p, *end = c->end;
    *is_int = 1;
    if (p < end && *p == '-') p++;
    if (p >= end) return BAIL;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (p < end && *p >= '0' && *p <= '9') p++;
    } else {
        return BAIL;
    }
    if (p < end && *p == '.') {
        *is_int = 0;
        p++;
        if (p >= end || *p < '0' || *p > '9') return BAIL;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        *is_int = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p >= end || *p < '0' || *p > '9') return BAIL;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p - c->p > 400) return BAIL;   /* Python refuses very long integers; leave those to it */
    *text = c->p;
    *len = (size_t)(p - c->p);
    c->p = p;
    return OK;
}

/* An integer literal in [lo, hi]. */
int read_int(Ctx *c, int64_t lo, int64_t hi, int64_t *out) {
    const unsigned char *t;
    size_t n;
    int is_int;
    TRY(scan_number(c, &t, &n, &is_int));
    if (!is_int || n > 20) return BAIL;
    int neg = t[0] == '-';
    uint64_t v = 0;
    for (size_t i = neg; i < n; i++) {
        uint64_t d = (uint64_t)(t[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return BAIL;
        v = v * 10 + d;
    }
    if (neg) {
        if (v > (uint64_t)INT64_MAX + 1) return BAIL;
        int64_t s = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
        if (s < lo) return BAIL;
        *out = s;
    } else {
        if (v > (uint64_t)hi) return BAIL;
        *out = (int64_t)v;
    }
    return OK;
}

/* Skips (and checks) any JSON value; *canonical is cleared when Python's compact re-encoding of the
 * value (with Go's escaping of <, >, & and U+2028/2029) would not give back the same bytes. */
static int skip_string(Ctx *c, int *canonical) {
    const unsigned char *p = c->p + 1, *end = c->end;
    for (;;) {
        if (p >= end) return BAIL;
        unsigned char ch = *p;
        if (ch == '"') {
            c->p = p + 1;
            return OK;
        }
        if (ch == '\\') {
            if (end - p < 2) return BAIL;
            unsigned char e = p[1];
            if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                p += 2;
            } else if (e == '/') {
                *canonical = 0;
                p += 2;
            } else if (e == 'u') {
                uint32_t cp;
                if (end - p < 6 || hex4(p + 2, &cp) != OK) return BAIL;
                *canonical = 0;
                p += 6;
            } else {
                return BAIL;
            }
            continue;
        }
        if (ch < 0x20) return BAIL;
        if (ch < 0x80) {
            if (ch == '<' || ch == '>' || ch == '&') *canonical = 0;
            p++;
            continue;
        }
        int k = utf8_len(p, end);
        if (!k) return BAIL;
        if (k == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) *canonical = 0;
        p += k;
    }
}

#define MAX_KEYS_CHECKED 64

/* The member names of one object, to find a repeated one: compared in a list up to MAX_KEYS_CHECKED names, then
 * in a hash table (a big map, a ConfigMap's data, stays on the C path in linear time). */
typedef struct {
    const unsigned char *keys[MAX_KEYS_CHECKED];
    size_t key_lens[MAX_KEYS_CHECKED];
    int n_keys;
    const unsigned char **slots; /* open addressing; NULL is empty */
    size_t *slot_lens;
    size_t cap, used;
} KeySet;

/* 1 when the name was there already, 0 once added. */
static int keyset_insert(KeySet *s, const unsigned char *k, size_t kl) {
    size_t i = hash_key((const char *)k, kl) & (s->cap - 1);
    while (s->slots[i] != NULL) {
        if (s->slot_lens[i] == kl && memcmp(s->slots[i], k, kl) == 0) return 1;
        i = (i + 1) & (s->cap - 1);
    }
    s->slots[i] = k;
    s->slot_lens[i] = kl;
    s->used++;
    return 0;
}

static int keyset_grow(KeySet *s, size_t cap) {
    const unsigned char **old = s->slots;
    size_t *old_lens = s->slot_lens, old_cap = s->cap;
    s->slots = calloc(cap, sizeof(*s->slots));
    s->slot_lens = calloc(cap, sizeof(*s->slot_lens));
    if (s->slots == NULL || s->slot_lens == NULL) {
        free(s->slots);
        free(s->slot_lens);
        s->slots = old;
        s->slot_lens = old_lens;
        return -1;
    }
    s->cap = cap;
    s->used = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i] != NULL) keyset_insert(s, old[i], old_lens[i]);
    }
    free(old);
    free(old_lens);
    return 0;
}

/* 1 when the name was there already (or no memory to tell), 0 once added. */
static int keyset_add(KeySet *s, const unsigned char *k, size_t kl) {
    if (s->slots == NULL) {
        for (int i = 0; i < s->n_keys; i++) {
            if (s->key_lens[i] == kl && memcmp(s->keys[i], k, kl) == 0) return 1;
        }
        if (s->n_keys < MAX_KEYS_CHECKED) {
            s->keys[s->n_keys] = k;
            s->key_lens[s->n_keys++] = kl;
            return 0;
        }
        if (keyset_grow(s, 4 * MAX_KEYS_CHECKED) < 0) return 1;
        for (int i = 0; i < s->n_keys; i++) keyset_insert(s, s->keys[i], s->key_lens[i]);
    }
    if ((s->used + 1) * 2 > s->cap && keyset_grow(s, s->cap * 2) < 0) return 1;
    return keyset_insert(s, k, kl);
}

static int skip_members(Ctx *c, int *canonical, KeySet *names);

static int skip_container(Ctx *c, int *canonical) {
    KeySet names;
    names.n_keys = 0;
    names.slots = NULL;
    names.slot_lens = NULL;
    names.cap = names.used = 0;
    int r = skip_members(c, canonical, &names);
    free(names.slots);
    free(names.slot_lens);
    return r;
}

static int skip_members(Ctx *c, int *canonical, KeySet *names) {
    unsigned char open = *c->p;
    unsigned char close = open == '{' ? '}' : ']';
    if (++c->depth > MAX_DEPTH) return BAIL;
    c->p++;
    const unsigned char *p0 = c->p;
    skip_ws(c);
    if (c->p != p0) *canonical = 0;
    if (c->p < c->end && *c->p == close) {
        c->p++;
        c->depth--;
        return OK;
    }
    for (;;) {
        if (open == '{') {
            if (c->p >= c->end || *c->p != '"') return BAIL;
            const unsigned char *k = c->p;
            TRY(skip_string(c, canonical));
            /* Python keeps the first position and the last value of a repeated key. */
            if (*canonical && keyset_add(names, k, (size_t)(c->p - k))) *canonical = 0;
            p0 = c->p;
            skip_ws(c);
            if (c->p >= c->end || *c->p != ':') return BAIL;
            c->p++;
            if (c->p != p0 + 1) *canonical = 0;
        }
        p0 = c->p;
        skip_ws(c);
        if (c->p != p0) *canonical = 0;
        TRY(skip_value(c, canonical));
        p0 = c->p;
        skip_ws(c);
        if (c->p != p0) *canonical = 0;
        if (c->p >= c->end) return BAIL;
        if (*c->p == close) {
            c->p++;
            c->depth--;
            return OK;
        }
        if (*c->p != ',') return BAIL;
        c->p++;
        p0 = c->p;
        skip_ws(c);
        if (c->p != p0) *canonical = 0;
    }
}

int skip_value(Ctx *c, int *canonical) {
    if (c->p >= c->end) return BAIL;
    switch (*c->p) {
        case '"':
            return skip_string(c, canonical);
        case '{':
        case '[':
            return skip_container(c, canonical);
        case 't':
            return literal(c, "true", 4) ? OK : BAIL;
        case 'f':
            return literal(c, "false", 5) ? OK : BAIL;
        case 'n':
            return literal(c, "null", 4) ? OK : BAIL;
        default: {
            const unsigned char *t;
            size_t n;
            int is_int;
            TRY(scan_number(c, &t, &n, &is_int));
            if (!is_int || (n == 2 && t[0] == '-' && t[1] == '0')) *canonical = 0;
            return OK;
        }
    }
}

/* After an item of an array or object: *more is 1 when a comma follows (read, with the blanks after it), 0 at
 * the closing character `close` (read). Anything else is BAIL. */
int after_item(Ctx *c, unsigned char close, int *more) {
    skip_ws(c);
    if (c->p >= c->end) return BAIL;
    if (*c->p == close) {
        c->p++;
        *more = 0;
        return OK;
    }
    if (*c->p != ',') return BAIL;
    c->p++;
    skip_ws(c);
    *more = 1;
    return OK;
}

/* frame_scan(data, start, state) -> (end, state): the bracket scan of a JSON watch frame, resumable.
 *
 * Scans data[start:] for the byte that closes the value the scan began on: brackets are counted outside
 * strings, and a string ends at an unescaped quote; nothing is validated (the frame is decoded later).
 * state packs what a scan that stopped at the end of the data carries over: depth * 4, plus 1 inside a
 * string, plus 2 just after a backslash there (0 to begin, on the '{' or '[' that opens the value).  end is the offset after the closing byte, or
 * -1 when the data ends first (then state resumes the scan on the next bytes).  Same rules as
 * _frames._scan_py. */
PyObject *frame_scan(PyObject *module, PyObject *args) {
    Py_buffer data;
    Py_ssize_t start;
    long long state;
    if (!PyArg_ParseTuple(args, "y*nL", &data, &start, &state)) return NULL;
    if (start < 0 || start > data.len || state < 0) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_ValueError, "frame_scan: start or state out of range");
        return NULL;
    }
    const unsigned char *base = (const unsigned char *)data.buf;
    const unsigned char *p = base + start, *end = base + data.len;
    long long depth = state >> 2;
    int in_string = (int)(state & 1), escaped = (int)(state & 2);
    Py_ssize_t found = -1;
    while (p < end) {
        unsigned char ch = *p++;
        if (in_string) {
            if (escaped) escaped = 0;
            else if (ch == '\\') escaped = 2;
            else if (ch == '"') in_string = 0;
        } else if (ch == '"') {
            in_string = 1;
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else if (ch == '}' || ch == ']') {
            depth--;
            if (depth == 0) {
                found = p - base;
                break;
            }
        }
    }
    PyBuffer_Release(&data);
    return Py_BuildValue("(nL)", found, found >= 0 ? 0LL : depth * 4 + in_string + escaped);
}
