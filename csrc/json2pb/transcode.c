/* Transcoding: Kubernetes JSON to the protobuf bytes of the message the Python decoder builds. */
#include "json2pb.h"

/* base64 ([]byte): the standard alphabet with padding, as Python's b64decode(validate=True) takes it */

static int8_t b64_value(unsigned char ch) {
    if (ch >= 'A' && ch <= 'Z') return (int8_t)(ch - 'A');
    if (ch >= 'a' && ch <= 'z') return (int8_t)(ch - 'a' + 26);
    if (ch >= '0' && ch <= '9') return (int8_t)(ch - '0' + 52);
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

static int put_base64(Buf *b, uint32_t number, const char *s, size_t n) {
    if (n % 4 != 0) return BAIL;
    size_t pad = 0;
    if (n >= 1 && s[n - 1] == '=') pad++;
    if (pad == 1 && n >= 2 && s[n - 2] == '=') pad++;
    size_t out_len = n / 4 * 3 - pad;
    TRY(put_tag(b, number, 2));
    TRY(put_varint(b, out_len));
    TRY(buf_grow(b, out_len + 3));
    char *o = b->data + b->len;
    size_t w = 0;
    for (size_t i = 0; i < n; i += 4) {
        int8_t v[4];
        int last = i + 4 == n;
        for (int j = 0; j < 4; j++) {
            unsigned char ch = (unsigned char)s[i + j];
            if (ch == '=' && last && j >= 4 - (int)pad) {
                v[j] = 0;
                continue;
            }
            v[j] = b64_value(ch);
            if (v[j] < 0) return BAIL;
        }
        uint32_t triple = ((uint32_t)v[0] << 18) | ((uint32_t)v[1] << 12) | ((uint32_t)v[2] << 6) | (uint32_t)v[3];
        o[w++] = (char)(triple >> 16);
        o[w++] = (char)(triple >> 8);
        o[w++] = (char)triple;
    }
    b->len += out_len;
    return OK;
}

static int enc_special(Ctx *c, const TypeSpec *t, uint32_t number, const char *s, size_t n) {
    Schema *schema = c->schema;
    PyObject *text = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
    if (text == NULL) {
        PyErr_Clear();
        return BAIL;
    }
    PyObject *cache = PyList_GET_ITEM(schema->caches, t->index);
    PyObject *encoded = PyDict_GetItemWithError(cache, text);  /* borrowed */
    if (encoded != NULL) {
        Py_INCREF(encoded);
    } else {
        if (PyErr_Occurred()) {
            PyErr_Clear();
            Py_DECREF(text);
            return BAIL;
        }
        PyObject *convert = PyList_GET_ITEM(schema->specials, t->index);
        encoded = PyObject_CallOneArg(convert, text);
        if (encoded == NULL || !PyBytes_Check(encoded)) {
            PyErr_Clear();
            Py_XDECREF(encoded);
            Py_DECREF(text);
            return BAIL;
        }
        if (PyDict_GET_SIZE(cache) >= CACHE_LIMIT) PyDict_Clear(cache);
        if (PyDict_SetItem(cache, text, encoded) < 0) PyErr_Clear();
    }
    Py_DECREF(text);
    int r = put_len_bytes(&c->out, number, PyBytes_AS_STRING(encoded), (size_t)PyBytes_GET_SIZE(encoded));
    Py_DECREF(encoded);
    return r;
}

static int enc_raw(Ctx *c, const TypeSpec *t, uint32_t number) {
    const unsigned char *start = c->p;
    int canonical = 1;
    TRY(skip_value(c, &canonical));
    size_t n = (size_t)(c->p - start);
    size_t mark;
    if (canonical) {
        TRY(begin_len(&c->out, number, &mark));
        TRY(put_len_bytes(&c->out, t->n1, (const char *)start, n));
        return end_len(&c->out, mark);
    }
    PyObject *span = PyBytes_FromStringAndSize((const char *)start, (Py_ssize_t)n);
    if (span == NULL) return ERR;
    PyObject *encoded = PyObject_CallOneArg(c->schema->raw_converter, span);
    Py_DECREF(span);
    if (encoded == NULL || !PyBytes_Check(encoded)) {
        PyErr_Clear();
        Py_XDECREF(encoded);
        return BAIL;
    }
    int r = begin_len(&c->out, number, &mark);
    if (r == OK) r = put_len_bytes(&c->out, t->n1, PyBytes_AS_STRING(encoded), (size_t)PyBytes_GET_SIZE(encoded));
    Py_DECREF(encoded);
    if (r != OK) return r;
    return end_len(&c->out, mark);
}

/* One value that is present (not null) for field `number`: a repeated field's element, a map's
 * value, or a single field's value. */
static int enc_value(Ctx *c, const TypeSpec *t, uint32_t number) {
    if (c->p >= c->end) return BAIL;
    unsigned char ch = *c->p;
    switch (t->kind) {
        case T_STRING: {
            if (ch != '"') return BAIL;
            const char *s;
            size_t n;
            TRY(read_string(c, &s, &n));
            return put_len_bytes(&c->out, number, s, n);
        }
        case T_BOOL:
            if (literal(c, "true", 4)) {
                TRY(put_tag(&c->out, number, 0));
                return put_varint(&c->out, 1);
            }
            if (literal(c, "false", 5)) {
                TRY(put_tag(&c->out, number, 0));
                return put_varint(&c->out, 0);
            }
            return BAIL;
        case T_INT32:
        case T_INT64: {
            if (ch != '-' && (ch < '0' || ch > '9')) return BAIL;
            int64_t v;
            if (t->kind == T_INT32) TRY(read_int(c, INT32_MIN, INT32_MAX, &v));
            else TRY(read_int(c, INT64_MIN, INT64_MAX, &v));
            TRY(put_tag(&c->out, number, 0));
            return put_varint(&c->out, (uint64_t)v);
        }
        case T_BYTES: {
            if (ch != '"') return BAIL;
            const char *s;
            size_t n;
            TRY(read_string(c, &s, &n));
            return put_base64(&c->out, number, s, n);
        }
        case T_MESSAGE: {
            if (ch != '{') return BAIL;
            size_t mark;
            TRY(begin_len(&c->out, number, &mark));
            TRY(enc_object(c, t->index));
            return end_len(&c->out, mark);
        }
        case T_SPECIAL: {
            if (ch != '"') return BAIL;
            const char *s;
            size_t n;
            TRY(read_string(c, &s, &n));
            return enc_special(c, t, number, s, n);
        }
        case T_INT_OR_STRING: {
            size_t mark;
            if (ch == '"') {
                const char *s;
                size_t n;
                TRY(read_string(c, &s, &n));
                TRY(begin_len(&c->out, number, &mark));
                TRY(put_tag(&c->out, t->n1, 0));
                TRY(put_varint(&c->out, 1));
                TRY(put_len_bytes(&c->out, t->n3, s, n));
                return end_len(&c->out, mark);
            }
            if (ch != '-' && (ch < '0' || ch > '9')) return BAIL;
            int64_t v;
            TRY(read_int(c, INT32_MIN, INT32_MAX, &v));
            TRY(begin_len(&c->out, number, &mark));
            TRY(put_tag(&c->out, t->n1, 0));
            TRY(put_varint(&c->out, 0));
            TRY(put_tag(&c->out, t->n2, 0));
            TRY(put_varint(&c->out, (uint64_t)v));
            return end_len(&c->out, mark);
        }
        case T_RAW:
            return enc_raw(c, t, number);
        case T_WRAP:
        case T_LIST: {
            if (ch != '[') return BAIL;
            if (++c->depth > MAX_DEPTH) return BAIL;
            size_t mark = 0;
            uint32_t item_number = number;
            if (t->kind == T_WRAP) {
                TRY(begin_len(&c->out, number, &mark));
                item_number = t->n1;
            }
            c->p++;
            skip_ws(c);
            if (c->p < c->end && *c->p == ']') {
                c->p++;
            } else {
                for (;;) {
                    if (c->p >= c->end || *c->p == 'n') return BAIL;   /* null elements: Python's path */
                    TRY(enc_value(c, t->elem, item_number));
                    int more;
                    TRY(after_item(c, ']', &more));
                    if (!more) break;
                }
            }
            c->depth--;
            return t->kind == T_WRAP ? end_len(&c->out, mark) : OK;
        }
        case T_MAP: {
            if (ch != '{') return BAIL;
            if (++c->depth > MAX_DEPTH) return BAIL;
            c->p++;
            skip_ws(c);
            if (c->p < c->end && *c->p == '}') {
                c->p++;
                c->depth--;
                return OK;
            }
            for (;;) {
                if (c->p >= c->end || *c->p != '"') return BAIL;
                const char *k;
                size_t kn;
                TRY(read_string(c, &k, &kn));
                size_t mark;
                TRY(begin_len(&c->out, number, &mark));
                TRY(put_len_bytes(&c->out, 1, k, kn));
                skip_ws(c);
                if (c->p >= c->end || *c->p != ':') return BAIL;
                c->p++;
                skip_ws(c);
                if (c->p >= c->end || *c->p == 'n') return BAIL;
                TRY(enc_value(c, t->elem, 2));
                TRY(end_len(&c->out, mark));
                int more;
                TRY(after_item(c, '}', &more));
                if (!more) break;
            }
            c->depth--;
            return OK;
        }
        default:
            return BAIL;
    }
}

/* The top-level object's metadata.managedFields, cut out of its metadata to be written at the object's end. */
typedef struct {
    uint32_t number;   /* the metadata field's */
    char *data;        /* the managedFields entries, as written (malloc'd) */
    size_t len;
} Moved;

/* Whether `f` is an object's metadata with a managedFields member (field 17): ObjectMeta. */
static int is_object_meta(const Schema *schema, const FieldSpec *f) {
    if (f->n_via != 0 || f->type->kind != T_MESSAGE || f->key_len != 8 || memcmp(f->key, "metadata", 8) != 0) return 0;
    int index = f->type->index;
    if (index < 0 || index >= schema->n_messages || schema->messages[index] == NULL) return 0;
    const MessageSpec *meta = schema->messages[index];
    int fi = find_field(meta, "managedFields", 13);
    return fi >= 0 && meta->fields[fi].number == 17;
}

/* The metadata field just written from `start` to the end of c->out: when it ends with managedFields entries
 * (field 17, as Go writes ObjectMeta), they move to `mv` and the field is rewritten without them.  Why:
 * protobuf merges a second metadata field into the first, and upb, parsing the managedFields last, puts their
 * FieldsV1 blobs in the free tail of the object's last arena block instead of blocks of their own (the
 * protobuf decoder moves them the same way: serializer/protobuf/protobuf.py, _managed_fields_last). */
static int move_managed_fields(Buf *out, size_t start, uint32_t number, Moved *mv) {
    const unsigned char *p = (const unsigned char *)out->data + start;
    const unsigned char *end = (const unsigned char *)out->data + out->len;
    uint64_t v;
    TRY(wire_varint(&p, end, &v));   /* the tag */
    size_t len_at = (size_t)(p - (const unsigned char *)out->data);
    TRY(wire_varint(&p, end, &v));   /* the length */
    const unsigned char *body = p, *first = NULL;
    while (p < end) {
        const unsigned char *at = p, *value;
        uint32_t n;
        int wire;
        size_t value_len;
        TRY(wire_field(&p, end, &n, &wire, &value, &value_len));
        if (n == 17 && wire == 2) {
            if (first == NULL) first = at;
        } else {
            first = NULL;   /* only trailing entries move (Go's order); others leave the bytes as they are */
        }
    }
    if (first == NULL) return OK;
    mv->len = (size_t)(end - first);
    mv->data = (char *)malloc(mv->len);
    if (mv->data == NULL) {
        PyErr_NoMemory();
        return ERR;
    }
    memcpy(mv->data, first, mv->len);
    mv->number = number;
    size_t kept = (size_t)(first - body), body_at = (size_t)(body - (const unsigned char *)out->data);
    out->len = len_at;
    TRY(put_varint(out, kept));   /* never longer than the length it replaces */
    memmove(out->data + out->len, out->data + body_at, kept);
    out->len += kept;
    return OK;
}

static int enc_members(Ctx *c, int index, Moved *mv);

/* The JSON object at c->p as the content of message `index`. */
int enc_object(Ctx *c, int index) {
    if (c->depth > 0) return enc_members(c, index, NULL);
    Moved mv = {0, NULL, 0};
    int r = enc_members(c, index, &mv);
    if (r == OK && mv.data != NULL) r = put_len_bytes(&c->out, mv.number, mv.data, mv.len);
    free(mv.data);
    return r;
}

/* enc_object's work; `mv`: where the top-level object's managedFields go (NULL below the top). */
static int enc_members(Ctx *c, int index, Moved *mv) {
    if (index < 0 || index >= c->schema->n_messages) return BAIL;
    const MessageSpec *m = c->schema->messages[index];
    if (m == NULL) return BAIL;
    if (++c->depth > MAX_DEPTH) return BAIL;
    uint64_t seen[MAX_FIELDS / 64];
    memset(seen, 0, sizeof(uint64_t) * (size_t)((m->n_fields + 63) / 64));
    c->p++;
    skip_ws(c);
    if (c->p < c->end && *c->p == '}') {
        c->p++;
        c->depth--;
        return OK;
    }
    for (;;) {
        if (c->p >= c->end || *c->p != '"') return BAIL;
        const char *k;
        size_t kn;
        TRY(read_string(c, &k, &kn));
        int fi = find_field(m, k, kn);
        skip_ws(c);
        if (c->p >= c->end || *c->p != ':') return BAIL;
        c->p++;
        skip_ws(c);
        if (fi < 0) {
            int canonical = 1;
            TRY(skip_value(c, &canonical));   /* a member Go's decoder ignores */
        } else {
            if (seen[fi / 64] & ((uint64_t)1 << (fi % 64))) return BAIL;   /* repeated member */
            seen[fi / 64] |= (uint64_t)1 << (fi % 64);
            const FieldSpec *f = &m->fields[fi];
            size_t marks[MAX_VIA];
            if (literal(c, "null", 4)) {
                /* A null member of an inlined struct: whether the message that holds it exists then
                 * depends on the Python decoder's path (its fast path builds it, its checking path,
                 * taken for instance when the object also has an unknown member, does not). */
                if (f->n_via > 0) return BAIL;
            } else {
                size_t start = c->out.len;
                for (int v = 0; v < f->n_via; v++) TRY(begin_len(&c->out, f->via[v], &marks[v]));
                TRY(enc_value(c, f->type, f->number));
                for (int v = f->n_via - 1; v >= 0; v--) TRY(end_len(&c->out, marks[v]));
                if (mv != NULL && is_object_meta(c->schema, f)) TRY(move_managed_fields(&c->out, start, f->number, mv));
            }
        }
        int more;
        TRY(after_item(c, '}', &more));
        if (!more) break;
    }
    c->depth--;
    return OK;
}
