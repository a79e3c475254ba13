/* Protobuf wire format: the output buffer, and reading fields. */
#include "json2pb.h"

int buf_grow(Buf *b, size_t n) {
    if (b->len + n <= b->cap) return OK;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n) cap *= 2;
    if (b->bytes != NULL) {
        if (_PyBytes_Resize(&b->bytes, (Py_ssize_t)cap) < 0) return ERR;   /* it released the object */
        b->data = PyBytes_AS_STRING(b->bytes);
    } else {
        char *data = (char *)realloc(b->data, cap);
        if (data == NULL) {
            PyErr_NoMemory();
            return ERR;
        }
        b->data = data;
    }
    b->cap = cap;
    return OK;
}

int end_len(Buf *b, size_t mark) {
    size_t body = b->len - mark - 1;
    if (body < 0x80) {
        b->data[mark] = (char)body;
        return OK;
    }
    int n = 0;
    for (size_t v = body; v; v >>= 7) n++;
    TRY(buf_grow(b, (size_t)n - 1));
    memmove(b->data + mark + n, b->data + mark + 1, body);
    size_t v = body;
    for (int i = 0; i < n; i++) {
        b->data[mark + i] = (char)((v & 0x7F) | (i + 1 < n ? 0x80 : 0));
        v >>= 7;
    }
    b->len += (size_t)n - 1;
    return OK;
}

int wire_varint(const unsigned char **pp, const unsigned char *end, uint64_t *v) {
    const unsigned char *p = *pp;
    uint64_t r = 0;
    for (int shift = 0; p < end && shift < 64; shift += 7) {
        unsigned char b = *p++;
        r |= (uint64_t)(b & 0x7F) << shift;
        if (b < 0x80) {
            *v = r;
            *pp = p;
            return OK;
        }
    }
    return BAIL;
}

/* The field at *pp: number, wire type and value (for wire type 2, the payload); *pp moves past it. */
int wire_field(const unsigned char **pp, const unsigned char *end, uint32_t *number, int *wire,
                      const unsigned char **value, size_t *value_len) {
    uint64_t key;
    TRY(wire_varint(pp, end, &key));
    if ((key >> 3) == 0 || (key >> 3) > 0x1FFFFFFF) return BAIL;
    *number = (uint32_t)(key >> 3);
    *wire = (int)(key & 7);
    const unsigned char *p = *pp;
    uint64_t n;
    switch (*wire) {
        case 0:
            *value = p;
            TRY(wire_varint(&p, end, &n));
            break;
        case 1:
        case 5: {
            size_t size = *wire == 1 ? 8 : 4;
            if ((size_t)(end - p) < size) return BAIL;
            *value = p;
            p += size;
            break;
        }
        case 2:
            TRY(wire_varint(&p, end, &n));
            if (n > (uint64_t)(end - p)) return BAIL;
            *value = p;
            p += n;
            break;
        default:
            return BAIL;
    }
    *value_len = (size_t)(p - *value);
    *pp = p;
    return OK;
}

/* The seconds and nanos fields of a metav1.Time or MicroTime message; *zero when unset or Go's zero time. */
int read_time(const unsigned char *p, const unsigned char *end, uint32_t n_seconds, uint32_t n_nanos,
              uint64_t *seconds, uint64_t *nanos, int *zero) {
    int has_seconds = 0;
    *seconds = *nanos = 0;
    while (p < end) {
        uint32_t number;
        int wire;
        const unsigned char *v;
        size_t n;
        TRY(wire_field(&p, end, &number, &wire, &v, &n));
        if (wire != 0 || (number != n_seconds && number != n_nanos)) return BAIL;
        const unsigned char *q = v;
        TRY(wire_varint(&q, v + n, number == n_seconds ? seconds : nanos));
        if (number == n_seconds) has_seconds = 1;
    }
    *zero = !has_seconds || ((int64_t)*seconds == ZERO_TIME_SECONDS && (int32_t)*nanos == 0);
    return OK;
}
