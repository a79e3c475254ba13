/* Go's protobuf bytes: protobuf's own bytes of a message, plus the fields Go always writes. */
#include "json2pb.h"

/* metav1.Time / MicroTime: empty when unset or zero, else seconds and nanos (0 for Time). */
static int fill_time(FillCtx *c, const FillSpec *f, const unsigned char *p, const unsigned char *end) {
    uint64_t seconds, nanos;
    int zero;
    TRY(read_time(p, end, f->n1, f->n2, &seconds, &nanos, &zero));
    if (zero) {
        TRY(put_tag(&c->out, f->number, 2));
        return put_varint(&c->out, 0);
    }
    size_t mark;
    TRY(begin_len(&c->out, f->number, &mark));
    TRY(put_tag(&c->out, f->n1, 0));
    TRY(put_varint(&c->out, seconds));
    TRY(put_tag(&c->out, f->n2, 0));
    TRY(put_varint(&c->out, f->action == A_MICRO_TIME ? nanos : 0));
    return end_len(&c->out, mark);
}

/* The canonical text of a Quantity (a new bytes object), or NULL with no exception set: leave it to Python. */
PyObject *canonical_quantity(Schema *schema, const unsigned char *text, size_t text_len) {
    if (schema->quantity_converter == NULL) return NULL;
    PyObject *key = PyUnicode_DecodeUTF8((const char *)text, (Py_ssize_t)text_len, "strict");
    if (key == NULL) {
        PyErr_Clear();
        return NULL;
    }
    PyObject *canonical = PyDict_GetItemWithError(schema->quantity_cache, key);  /* borrowed */
    if (canonical != NULL) {
        Py_INCREF(canonical);
    } else {
        PyObject *str = PyErr_Occurred() ? NULL : PyObject_CallOneArg(schema->quantity_converter, key);
        canonical = str != NULL && PyUnicode_Check(str) ? PyUnicode_AsUTF8String(str) : NULL;
        Py_XDECREF(str);
        if (canonical == NULL) {
            PyErr_Clear();
            Py_DECREF(key);
            return NULL;
        }
        if (PyDict_GET_SIZE(schema->quantity_cache) >= CACHE_LIMIT) PyDict_Clear(schema->quantity_cache);
        if (PyDict_SetItem(schema->quantity_cache, key, canonical) < 0) PyErr_Clear();
    }
    Py_DECREF(key);
    return canonical;
}

/* The string field `number` of the message at [p, end) ("" when absent); BAIL for anything else in it. */
int only_string_field(const unsigned char *p, const unsigned char *end, uint32_t number,
                             const unsigned char **text, size_t *text_len) {
    *text = (const unsigned char *)"";
    *text_len = 0;
    while (p < end) {
        uint32_t n;
        int wire;
        const unsigned char *v;
        size_t len;
        TRY(wire_field(&p, end, &n, &wire, &v, &len));
        if (wire != 2 || n != number) return BAIL;
        *text = v;
        *text_len = len;
    }
    return OK;
}

/* resource.Quantity: its string in canonical form, always written. */
static int fill_quantity(FillCtx *c, const FillSpec *f, const unsigned char *p, const unsigned char *end) {
    const unsigned char *text;
    size_t text_len;
    TRY(only_string_field(p, end, f->n1, &text, &text_len));
    PyObject *canonical = canonical_quantity(c->schema, text, text_len);
    if (canonical == NULL) return BAIL;
    size_t mark;
    int r = begin_len(&c->out, f->number, &mark);
    if (r == OK) r = put_len_bytes(&c->out, f->n1, PyBytes_AS_STRING(canonical), (size_t)PyBytes_GET_SIZE(canonical));
    Py_DECREF(canonical);
    if (r != OK) return r;
    return end_len(&c->out, mark);
}

/* A message value (wire type 2) of field `f`, filled. */
static int fill_value(FillCtx *c, const FillSpec *f, const unsigned char *v, size_t n, int depth) {
    size_t mark;
    switch (f->action) {
        case A_STRUCT:
            TRY(begin_len(&c->out, f->number, &mark));
            TRY(fill_message(c, f->index, v, v + n, depth + 1));
            return end_len(&c->out, mark);
        case A_TIME:
        case A_MICRO_TIME:
            return fill_time(c, f, v, v + n);
        case A_QUANTITY:
            return fill_quantity(c, f, v, v + n);
        default:
            return BAIL;
    }
}

static int fill_present(FillCtx *c, const FillSpec *f, int wire, const unsigned char *field, const unsigned char *field_end,
                        const unsigned char *v, size_t n, int depth) {
    switch (f->action) {
        case A_DROP:
            return OK;
        case A_STRUCT:
        case A_TIME:
        case A_MICRO_TIME:
        case A_QUANTITY:
            if (wire != 2) return BAIL;
            return fill_value(c, f, v, n, depth);
        case A_MAP: {
            /* An entry: the key (1), then the value (2), as protobuf writes them. */
            if (wire != 2 || f->elem == NULL) return BAIL;
            const unsigned char *p = v, *end = v + n, *key_start = v;
            uint32_t number;
            int w;
            const unsigned char *kv, *vv;
            size_t kn, vn;
            TRY(wire_field(&p, end, &number, &w, &kv, &kn));
            if (number != 1) return BAIL;
            const unsigned char *key_end = p;
            TRY(wire_field(&p, end, &number, &w, &vv, &vn));
            if (number != 2 || w != 2 || p != end) return BAIL;
            size_t mark;
            TRY(begin_len(&c->out, f->number, &mark));
            TRY(put_bytes(&c->out, (const char *)key_start, (size_t)(key_end - key_start)));
            TRY(fill_value(c, f->elem, vv, vn, depth));
            return end_len(&c->out, mark);
        }
        default:
            return put_bytes(&c->out, (const char *)field, (size_t)(field_end - field));
    }
}

static int fill_absent(FillCtx *c, const FillSpec *f, int depth) {
    if (!f->nonpointer) return OK;
    static const char zeros[8] = {0};
    switch (f->action) {
        case A_ZERO_VARINT:
            TRY(put_tag(&c->out, f->number, 0));
            return put_varint(&c->out, 0);
        case A_ZERO_LEN:
            TRY(put_tag(&c->out, f->number, 2));
            return put_varint(&c->out, 0);
        case A_ZERO_FIXED64:
            TRY(put_tag(&c->out, f->number, 1));
            return put_bytes(&c->out, zeros, 8);
        case A_ZERO_FIXED32:
            TRY(put_tag(&c->out, f->number, 5));
            return put_bytes(&c->out, zeros, 4);
        case A_STRUCT:
        case A_TIME:
        case A_MICRO_TIME:
        case A_QUANTITY:
            return fill_value(c, f, NULL, 0, depth);
        default:
            return OK;
    }
}

/* The message at [p, end), written as Go writes it. Fields come in ascending numbers, as protobuf writes them. */
int fill_message(FillCtx *c, int index, const unsigned char *p, const unsigned char *end, int depth) {
    if (depth > MAX_DEPTH || index < 0 || index >= c->schema->n_fills) return BAIL;
    const FillMessage *m = c->schema->fills[index];
    if (m == NULL) return BAIL;
    int j = 0, seen = 0;
    uint32_t last = 0;
    while (p < end) {
        const unsigned char *field = p;
        uint32_t number;
        int wire;
        const unsigned char *v;
        size_t n;
        TRY(wire_field(&p, end, &number, &wire, &v, &n));
        if (number < last) return BAIL;
        last = number;
        while (j < m->n_fields && m->fields[j].number < number) {
            if (!seen) TRY(fill_absent(c, &m->fields[j], depth));
            j++;
            seen = 0;
        }
        if (j < m->n_fields && m->fields[j].number == number) {
            seen = 1;
            TRY(fill_present(c, &m->fields[j], wire, field, p, v, n, depth));
        } else {
            TRY(put_bytes(&c->out, (const char *)field, (size_t)(p - field)));
        }
    }
    for (; j < m->n_fields; j++) {
        if (!seen) TRY(fill_absent(c, &m->fields[j], depth));
        seen = 0;
    }
    return OK;
}
