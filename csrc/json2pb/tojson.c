/* JSON from protobuf bytes: what the Python encoder (_jsonconv.encode, then Go's compact text) writes. */
#include "json2pb.h"

/* How a special type is written (the mode given to add_special). */

typedef struct {
    uint32_t number;
    int wire;
    const unsigned char *v;   /* the value; for wire type 2 the payload */
    size_t n;
} WField;

/* The fields of one message, in the ascending order protobuf writes them. */
typedef struct {
    WField *f;
    size_t n, cap;
    WField stack[32];
} WIndex;

static void windex_free(WIndex *ix) {
    if (ix->f != ix->stack) free(ix->f);
}

static int windex_build(WIndex *ix, const unsigned char *p, const unsigned char *end) {
    ix->f = ix->stack;
    ix->cap = sizeof(ix->stack) / sizeof(ix->stack[0]);
    ix->n = 0;
    uint32_t last = 0;
    while (p < end) {
        WField w;
        TRY(wire_field(&p, end, &w.number, &w.wire, &w.v, &w.n));
        if (w.number < last) return BAIL;
        last = w.number;
        if (ix->n == ix->cap) {
            size_t cap = ix->cap * 2;
            WField *grown = (WField *)(ix->f == ix->stack ? malloc(cap * sizeof(WField))
                                                           : realloc(ix->f, cap * sizeof(WField)));
            if (grown == NULL) {
                PyErr_NoMemory();
                return ERR;
            }
            if (ix->f == ix->stack) memcpy(grown, ix->stack, sizeof(ix->stack));
            ix->f = grown;
            ix->cap = cap;
        }
        ix->f[ix->n++] = w;
    }
    return OK;
}

/* [*lo, *hi): the occurrences of field `number`. */
static void windex_range(const WIndex *ix, uint32_t number, size_t *lo, size_t *hi) {
    size_t a = 0, b = ix->n;
    while (a < b) {
        size_t mid = (a + b) / 2;
        if (ix->f[mid].number < number) a = mid + 1;
        else b = mid;
    }
    *lo = a;
    while (a < ix->n && ix->f[a].number == number) a++;
    *hi = a;
}

static uint64_t wfield_varint(const WField *w) {
    uint64_t v = 0;
    const unsigned char *p = w->v;
    wire_varint(&p, w->v + w->n, &v);
    return v;
}

static inline int put_char(Buf *b, char ch) {
    TRY(buf_grow(b, 1));
    b->data[b->len++] = ch;
    return OK;
}

static int put_text(Buf *b, const char *s) {
    return put_bytes(b, s, strlen(s));
}

/* A JSON string as Python's compact encoder writes it (UTF-8 kept) with Go's escapes of <, >, & and U+2028/9. */
static int put_json_string(Buf *b, const unsigned char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    TRY(buf_grow(b, n + 2));
    b->data[b->len++] = '"';
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && s[run] >= 0x20 && s[run] < 0x80 && s[run] != '"' && s[run] != '\\' && s[run] != '<' &&
               s[run] != '>' && s[run] != '&') run++;
        if (run > i) {
            TRY(put_bytes(b, (const char *)s + i, run - i));
            i = run;
            if (i == n) break;
        }
        unsigned char ch = s[i];
        char esc[8];
        const char *out = esc;
        size_t out_len = 2;
        esc[0] = '\\';
        if (ch == '"' || ch == '\\') {
            esc[1] = (char)ch;
        } else if (ch == '\n') {
            esc[1] = 'n';
        } else if (ch == '\r') {
            esc[1] = 'r';
        } else if (ch == '\t') {
            esc[1] = 't';
        } else if (ch == '\b') {
            esc[1] = 'b';
        } else if (ch == '\f') {
            esc[1] = 'f';
        } else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&') {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[ch >> 4];
            esc[5] = hex[ch & 15];
            out_len = 6;
        } else {
            int k = utf8_len(s + i, s + n);
            if (!k) return BAIL;
            if (k == 3 && ch == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
                out = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
                out_len = 6;
            } else {
                out = (const char *)s + i;
                out_len = (size_t)k;
            }
            TRY(put_bytes(b, out, out_len));
            i += (size_t)k;
            continue;
        }
        TRY(put_bytes(b, out, out_len));
        i++;
    }
    return put_char(b, '"');
}

static int put_int(Buf *b, int64_t v) {
    char text[24];
    int n = snprintf(text, sizeof(text), "%lld", (long long)v);
    return put_bytes(b, text, (size_t)n);
}

static int put_base64_json(Buf *b, const unsigned char *s, size_t n) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    TRY(buf_grow(b, (n + 2) / 3 * 4 + 2));
    char *o = b->data + b->len;
    size_t w = 0;
    o[w++] = '"';
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = ((uint32_t)s[i] << 16) | ((uint32_t)s[i + 1] << 8) | s[i + 2];
        o[w++] = alphabet[v >> 18];
        o[w++] = alphabet[(v >> 12) & 63];
        o[w++] = alphabet[(v >> 6) & 63];
        o[w++] = alphabet[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)s[i] << 16;
        if (i + 1 < n) v |= (uint32_t)s[i + 1] << 8;
        o[w++] = alphabet[v >> 18];
        o[w++] = alphabet[(v >> 12) & 63];
        o[w++] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
        o[w++] = '=';
    }
    o[w++] = '"';
    b->len += w;
    return OK;
}

/* "2006-01-02T15:04:05Z" (and ".000000" before the Z for MicroTime), for years 1 to 9999. */
static int put_time(Buf *b, int64_t seconds, int64_t nanos, int micro) {
    if (seconds < -62135596800LL || seconds >= 253402300800LL) return BAIL;
    if (micro && (nanos < 0 || nanos >= 1000000000)) return BAIL;
    int64_t days = seconds / 86400, rem = seconds % 86400;
    if (rem < 0) {
        rem += 86400;
        days -= 1;
    }
    /* civil date from days since 1970-01-01 (the proleptic Gregorian calendar) */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y += 1;
    char text[40];
    int n;
    if (micro) {
        n = snprintf(text, sizeof(text), "\"%04d-%02d-%02dT%02d:%02d:%02d.%06dZ\"", (int)y, (int)m, (int)d,
                     (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60), (int)(nanos / 1000));
    } else {
        n = snprintf(text, sizeof(text), "\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", (int)y, (int)m, (int)d,
                     (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
    }
    return put_bytes(b, text, (size_t)n);
}

static int json_value(JsonCtx *c, const TypeSpec *t, const WField *w, int depth);

static int json_special(JsonCtx *c, const TypeSpec *t, const unsigned char *p, const unsigned char *end) {
    PyObject *info = PyList_GET_ITEM(c->schema->special_json, t->index);   /* (mode, format, cache) */
    long mode = PyLong_AsLong(PyTuple_GET_ITEM(info, 0));
    if (mode == S_TIME || mode == S_MICRO_TIME) {
        uint64_t seconds, nanos;
        int zero;
        TRY(read_time(p, end, t->n1, t->n2, &seconds, &nanos, &zero));
        if (zero) return put_text(&c->out, "null");
        return put_time(&c->out, (int64_t)seconds, (int32_t)nanos, mode == S_MICRO_TIME);
    }
    if (mode == S_QUANTITY) {
        const unsigned char *text;
        size_t text_len;
        TRY(only_string_field(p, end, t->n1, &text, &text_len));
        PyObject *canonical = canonical_quantity(c->schema, text, text_len);
        if (canonical == NULL) return BAIL;
        int r = put_json_string(&c->out, (const unsigned char *)PyBytes_AS_STRING(canonical),
                                (size_t)PyBytes_GET_SIZE(canonical));
        Py_DECREF(canonical);
        return r;
    }
    /* S_FORMAT: the Python formatter, cached per message bytes */
    PyObject *cache = PyTuple_GET_ITEM(info, 2);
    PyObject *key = PyBytes_FromStringAndSize((const char *)p, end - p);
    if (key == NULL) return ERR;
    PyObject *text = PyDict_GetItemWithError(cache, key);   /* borrowed */
    if (text != NULL) {
        Py_INCREF(text);
    } else {
        text = PyErr_Occurred() ? NULL : PyObject_CallOneArg(PyTuple_GET_ITEM(info, 1), key);
        if (text == NULL || !PyBytes_Check(text)) {
            PyErr_Clear();
            Py_XDECREF(text);
            Py_DECREF(key);
            return BAIL;
        }
        if (PyDict_GET_SIZE(cache) >= CACHE_LIMIT) PyDict_Clear(cache);
        if (PyDict_SetItem(cache, key, text) < 0) PyErr_Clear();
    }
    Py_DECREF(key);
    int r = put_bytes(&c->out, PyBytes_AS_STRING(text), (size_t)PyBytes_GET_SIZE(text));
    Py_DECREF(text);
    return r;
}

/* Embedded JSON kept as bytes (FieldsV1, RawExtension...): null when unset, else its compact form. */
static int json_raw(JsonCtx *c, const TypeSpec *t, const unsigned char *p, const unsigned char *end) {
    const unsigned char *raw = NULL;
    size_t raw_len = 0;
    while (p < end) {
        uint32_t number;
        int wire;
        const unsigned char *v;
        size_t n;
        TRY(wire_field(&p, end, &number, &wire, &v, &n));
        if (wire != 2 || number != t->n1) return BAIL;
        raw = v;
        raw_len = n;
    }
    if (raw == NULL) return put_text(&c->out, "null");
    Ctx scan;
    memset(&scan, 0, sizeof(scan));
    scan.p = raw;
    scan.end = raw + raw_len;
    int canonical = 1;
    int r = skip_value(&scan, &canonical);
    if (r == ERR) return ERR;
    if (r == OK && canonical && scan.p == scan.end) return put_bytes(&c->out, (const char *)raw, raw_len);
    PyObject *span = PyBytes_FromStringAndSize((const char *)raw, (Py_ssize_t)raw_len);
    if (span == NULL) return ERR;
    PyObject *text = PyObject_CallOneArg(c->schema->raw_converter, span);
    Py_DECREF(span);
    if (text == NULL || !PyBytes_Check(text)) {
        PyErr_Clear();
        Py_XDECREF(text);
        return BAIL;
    }
    r = put_bytes(&c->out, PyBytes_AS_STRING(text), (size_t)PyBytes_GET_SIZE(text));
    Py_DECREF(text);
    return r;
}

typedef struct {
    const unsigned char *key;
    size_t key_len;
    WField value;
    int has_value;
} MapEntry;

static int compare_entries(const void *a, const void *b) {
    const MapEntry *x = (const MapEntry *)a, *y = (const MapEntry *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int r = memcmp(x->key, y->key, n);
    if (r != 0) return r;
    return x->key_len < y->key_len ? -1 : (x->key_len > y->key_len ? 1 : 0);
}

/* A map from its entries, keys sorted as Go writes them. */
static int json_map(JsonCtx *c, const TypeSpec *t, const WField *entries, size_t count, int depth) {
    MapEntry *sorted = (MapEntry *)calloc(count ? count : 1, sizeof(MapEntry));
    if (sorted == NULL) {
        PyErr_NoMemory();
        return ERR;
    }
    int r = OK;
    for (size_t i = 0; i < count && r == OK; i++) {
        if (entries[i].wire != 2) {
            r = BAIL;
            break;
        }
        const unsigned char *p = entries[i].v, *end = p + entries[i].n;
        sorted[i].key = (const unsigned char *)"";
        while (p < end && r == OK) {
            WField w;
            r = wire_field(&p, end, &w.number, &w.wire, &w.v, &w.n);
            if (r != OK) break;
            if (w.number == 1 && w.wire == 2) {
                sorted[i].key = w.v;
                sorted[i].key_len = w.n;
            } else if (w.number == 2) {
                sorted[i].value = w;
                sorted[i].has_value = 1;
            } else {
                r = BAIL;
            }
        }
    }
    if (r == OK) {
        qsort(sorted, count, sizeof(MapEntry), compare_entries);
        r = put_char(&c->out, '{');
        for (size_t i = 0; i < count && r == OK; i++) {
            if (i > 0) r = put_char(&c->out, ',');
            if (r == OK) r = put_json_string(&c->out, sorted[i].key, sorted[i].key_len);
            if (r == OK) r = put_char(&c->out, ':');
            if (r == OK) r = json_value(c, t->elem, sorted[i].has_value ? &sorted[i].value : NULL, depth);
        }
        if (r == OK) r = put_char(&c->out, '}');
    }
    free(sorted);
    return r;
}

/* The items of a wrapped slice (a message whose field n1 repeats). */
static int json_wrap(JsonCtx *c, const TypeSpec *t, const unsigned char *p, const unsigned char *end, int depth) {
    WIndex ix;
    int r = windex_build(&ix, p, end);
    size_t lo = 0, hi = 0;
    if (r == OK) {
        windex_range(&ix, t->n1, &lo, &hi);
        if (hi - lo != ix.n) r = BAIL;
    }
    if (r == OK) r = put_char(&c->out, '[');
    for (size_t i = lo; i < hi && r == OK; i++) {
        if (i > lo) r = put_char(&c->out, ',');
        if (r == OK) r = json_value(c, t->elem, &ix.f[i], depth);
    }
    if (r == OK) r = put_char(&c->out, ']');
    windex_free(&ix);
    return r;
}

static int wrap_count(const TypeSpec *t, const WField *w, size_t *count) {
    *count = 0;
    if (w == NULL) return OK;
    const unsigned char *p = w->v, *end = w->v + w->n;
    while (p < end) {
        WField f;
        TRY(wire_field(&p, end, &f.number, &f.wire, &f.v, &f.n));
        if (f.number != t->n1) return BAIL;
        (*count)++;
    }
    return OK;
}

/* One value of type t; w NULL: the zero value of a field that is not set. */
static int json_value(JsonCtx *c, const TypeSpec *t, const WField *w, int depth) {
    if (depth > MAX_DEPTH) return BAIL;
    const unsigned char *p = w ? w->v : NULL, *end = w ? w->v + w->n : NULL;
    switch (t->kind) {
        case T_STRING:
            if (w != NULL && w->wire != 2) return BAIL;
            return put_json_string(&c->out, p ? p : (const unsigned char *)"", w ? w->n : 0);
        case T_BOOL:
            if (w != NULL && w->wire != 0) return BAIL;
            return put_text(&c->out, w && wfield_varint(w) ? "true" : "false");
        case T_INT32:
        case T_INT64: {
            if (w != NULL && w->wire != 0) return BAIL;
            uint64_t v = w ? wfield_varint(w) : 0;
            return put_int(&c->out, t->kind == T_INT32 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v);
        }
        case T_BYTES:
            if (w != NULL && w->wire != 2) return BAIL;
            return put_base64_json(&c->out, p ? p : (const unsigned char *)"", w ? w->n : 0);
        case T_MESSAGE:
            if (w != NULL && w->wire != 2) return BAIL;
            return json_message(c, t->index, p, end, depth + 1);
        case T_SPECIAL:
            if (w != NULL && w->wire != 2) return BAIL;
            return json_special(c, t, p, end);
        case T_RAW:
            if (w != NULL && w->wire != 2) return BAIL;
            return json_raw(c, t, p, end);
        case T_WRAP:
            if (w != NULL && w->wire != 2) return BAIL;
            return json_wrap(c, t, p, end, depth + 1);
        case T_INT_OR_STRING: {
            if (w != NULL && w->wire != 2) return BAIL;
            uint64_t type = 0, int_val = 0;
            const unsigned char *str = (const unsigned char *)"";
            size_t str_len = 0;
            while (p < end) {
                WField f;
                TRY(wire_field(&p, end, &f.number, &f.wire, &f.v, &f.n));
                if (f.number == t->n1 && f.wire == 0) type = wfield_varint(&f);
                else if (f.number == t->n2 && f.wire == 0) int_val = wfield_varint(&f);
                else if (f.number == t->n3 && f.wire == 2) {
                    str = f.v;
                    str_len = f.n;
                } else return BAIL;
            }
            if ((int64_t)type == 1) return put_json_string(&c->out, str, str_len);
            return put_int(&c->out, (int64_t)(int32_t)(uint32_t)int_val);
        }
        default:
            return BAIL;
    }
}

/* One member of a struct: written or left out as the Python encoder does (see _generate_encoder). */
static int json_member(JsonCtx *c, const FieldSpec *f, const WIndex *h, int *first, int depth) {
    const TypeSpec *t = f->type;
    size_t lo, hi;
    windex_range(h, f->number, &lo, &hi);
    const WField *last = hi > lo ? &h->f[hi - 1] : NULL;
    int omitempty = f->flags & F_OMITEMPTY, pointer = f->flags & F_POINTER;
    int write = 1, null = 0;
    int scalar = t->kind == T_STRING || t->kind == T_BOOL || t->kind == T_INT32 || t->kind == T_INT64;
    if (t->kind == T_UNSUPPORTED) return BAIL;
    if (t->kind == T_LIST || t->kind == T_MAP) {
        if (hi == lo) {
            write = !omitempty;
            null = 1;
        }
    } else if (t->kind == T_WRAP) {
        size_t items;
        TRY(wrap_count(t, last, &items));
        if (items == 0) {
            write = !omitempty;
            null = 1;
        }
    } else if (scalar && !pointer) {
        if (omitempty) write = last != NULL && last->n > 0 && (t->kind == T_STRING || wfield_varint(last) != 0);
    } else if (t->kind == T_BYTES && !pointer) {
        if (omitempty) write = last != NULL && last->n > 0;
        else null = last == NULL;
    } else if (pointer) {
        if (last == NULL) {
            write = !omitempty;
            null = 1;
        }
    } else if ((f->flags & F_OMITZERO) && t->kind == T_SPECIAL) {
        /* an omitzero Time: left out when zero, which is when the special writes null */
        size_t mark = c->out.len;
        TRY(put_char(&c->out, *first ? '{' : ','));
        TRY(put_json_string(&c->out, (const unsigned char *)f->key, (size_t)f->key_len));
        TRY(put_char(&c->out, ':'));
        size_t value_at = c->out.len;
        TRY(json_value(c, t, last, depth));
        if (c->out.len - value_at == 4 && memcmp(c->out.data + value_at, "null", 4) == 0) c->out.len = mark;
        else *first = 0;
        return OK;
    }
    if (!write) return OK;
    TRY(put_char(&c->out, *first ? '{' : ','));
    *first = 0;
    TRY(put_json_string(&c->out, (const unsigned char *)f->key, (size_t)f->key_len));
    TRY(put_char(&c->out, ':'));
    if (null) return put_text(&c->out, "null");
    if (t->kind == T_LIST) {
        TRY(put_char(&c->out, '['));
        for (size_t i = lo; i < hi; i++) {
            if (i > lo) TRY(put_char(&c->out, ','));
            TRY(json_value(c, t->elem, &h->f[i], depth));
        }
        return put_char(&c->out, ']');
    }
    if (t->kind == T_MAP) return json_map(c, t, &h->f[lo], hi - lo, depth);
    return json_value(c, t, last, depth);
}

int json_message(JsonCtx *c, int index, const unsigned char *p, const unsigned char *end, int depth) {
    if (depth > MAX_DEPTH || index < 0 || index >= c->schema->n_messages) return BAIL;
    const MessageSpec *m = c->schema->messages[index];
    if (m == NULL) return BAIL;
    WIndex ix;
    int r = windex_build(&ix, p, end);
    int first = 1;
    for (int i = 0; i < m->n_fields && r == OK; i++) {
        const FieldSpec *f = &m->fields[i];
        if (f->flags & F_NOT_WRITTEN) continue;
        if (f->n_via == 0) {
            r = json_member(c, f, &ix, &first, depth);
            continue;
        }
        /* A member of an inlined struct: look in the message(s) that hold it. */
        WIndex holders[MAX_VIA + 1];
        int built = 0;
        const WIndex *h = &ix;
        for (int v = 0; v < f->n_via && r == OK; v++) {
            size_t lo, hi;
            windex_range(h, f->via[v], &lo, &hi);
            if (hi - lo > 1 || (hi > lo && h->f[lo].wire != 2)) {
                r = BAIL;
                break;
            }
            r = hi > lo ? windex_build(&holders[built], h->f[lo].v, h->f[lo].v + h->f[lo].n)
                        : windex_build(&holders[built], NULL, NULL);
            built++;
            h = &holders[built - 1];
        }
        if (r == OK) r = json_member(c, f, h, &first, depth);
        for (int v = 0; v < built; v++) windex_free(&holders[v]);
    }
    if (r == OK) r = first ? put_text(&c->out, "{}") : put_char(&c->out, '}');
    windex_free(&ix);
    return r;
}
