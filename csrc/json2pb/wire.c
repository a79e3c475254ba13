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

/* The payload of the only field of a message: *found 0 when absent; BAIL on any other field, a wire type other
 * than 2, or the field twice (the Python decoder decides those). */
static int only_bytes_fields(const unsigned char *p, const unsigned char *end, uint32_t n_a, uint32_t n_b,
                             uint32_t n_c, uint32_t n_d, const unsigned char **v_a, size_t *l_a,
                             const unsigned char **v_b, size_t *l_b) {
    int seen_a = 0, seen_b = 0;
    while (p < end) {
        uint32_t number;
        int wire;
        const unsigned char *v;
        size_t n;
        TRY(wire_field(&p, end, &number, &wire, &v, &n));
        if (wire != 2) return BAIL;
        if (number == n_a) {
            if (seen_a++) return BAIL;
            *v_a = v;
            *l_a = n;
        } else if (number == n_b) {
            if (seen_b++) return BAIL;
            *v_b = v;
            *l_b = n;
        } else if (number != n_c && number != n_d) {
            return BAIL;
        }
    }
    return OK;
}

static PyObject *utf8(const unsigned char *p, size_t n, int *bail) {
    PyObject *s = PyUnicode_DecodeUTF8((const char *)p, (Py_ssize_t)n, "strict");
    if (s == NULL && PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
        PyErr_Clear();
        *bail = 1;
    }
    return s;
}

/* watch_event(frame) -> (type, apiVersion, kind, start, end, top) or None.
 *
 * A protobuf watch frame is a metav1.WatchEvent {1: type, 2: RawExtension {1: raw}} whose raw is "k8s\0" and a
 * runtime.Unknown {1: TypeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}.  Read in one
 * pass: the strings, and where the object's own bytes are in the frame (frame[start:end]); top is the highest field
 * number among the object's top-level fields (0 for none), walked to check that they are well formed.  None for
 * anything else (another field, a repeated field, another wire type, no prefix, bytes that are not UTF-8 where a
 * string is, a malformed field): the Python decoder then decodes the frame, errors included. */
PyObject *watch_event(PyObject *module, PyObject *arg) {
    Py_buffer data;
    if (PyObject_GetBuffer(arg, &data, PyBUF_SIMPLE) < 0) return NULL;
    const unsigned char *base = (const unsigned char *)data.buf, *end = base + data.len;
    const unsigned char *type = NULL, *ext = NULL, *raw = NULL, *meta = NULL, *obj = NULL;
    const unsigned char *api_version = NULL, *kind = NULL;
    size_t type_len = 0, ext_len = 0, raw_len = 0, meta_len = 0, obj_len = 0, api_version_len = 0, kind_len = 0;
    PyObject *result = NULL, *s_type = NULL, *s_api_version = NULL, *s_kind = NULL;
    uint32_t top = 0;
    int bail = 0;
    if (only_bytes_fields(base, end, 1, 2, 0, 0, &type, &type_len, &ext, &ext_len) != OK || ext == NULL ||
        only_bytes_fields(ext, ext + ext_len, 1, 0, 0, 0, &raw, &raw_len, &raw, &raw_len) != OK || raw == NULL ||
        raw_len < 4 || memcmp(raw, "k8s\0", 4) != 0 ||
        only_bytes_fields(raw + 4, raw + raw_len, 1, 2, 3, 4, &meta, &meta_len, &obj, &obj_len) != OK ||
        (meta != NULL &&
         only_bytes_fields(meta, meta + meta_len, 1, 2, 0, 0, &api_version, &api_version_len, &kind, &kind_len) !=
             OK)) {
        goto none;
    }
    if (obj == NULL) obj = raw + raw_len;
    for (const unsigned char *p = obj; p < obj + obj_len;) {
        uint32_t number;
        int wire;
        const unsigned char *v;
        size_t n;
        if (wire_field(&p, obj + obj_len, &number, &wire, &v, &n) != OK) goto none;
        if (number > top) top = number;
    }
    s_type = utf8(type != NULL ? type : base, type_len, &bail);
    if (s_type == NULL) goto fail;
    s_api_version = utf8(api_version != NULL ? api_version : base, api_version_len, &bail);
    if (s_api_version == NULL) goto fail;
    s_kind = utf8(kind != NULL ? kind : base, kind_len, &bail);
    if (s_kind == NULL) goto fail;
    result = Py_BuildValue("(OOOnnk)", s_type, s_api_version, s_kind, (Py_ssize_t)(obj - base),
                           (Py_ssize_t)(obj - base + obj_len), (unsigned long)top);
fail:
    Py_XDECREF(s_type);
    Py_XDECREF(s_api_version);
    Py_XDECREF(s_kind);
    PyBuffer_Release(&data);
    if (result == NULL && bail) Py_RETURN_NONE;
    return result;
none:
    PyBuffer_Release(&data);
    Py_RETURN_NONE;
}

/* A varint as _managed_fields_last reads it (at most 10 bytes); *huge when its value is 2^64 or more. */
static int mfl_varint(const unsigned char **pp, const unsigned char *end, uint64_t *v, int *huge) {
    const unsigned char *p = *pp;
    uint64_t r = 0;
    *huge = 0;
    for (int shift = 0; p < end && shift < 64; shift += 7) {
        unsigned char b = *p++;
        if (shift == 63 && (b & 0x7E)) *huge = 1;
        r |= (uint64_t)(b & 0x7F) << shift;
        if (b < 0x80) {
            *v = r;
            *pp = p;
            return OK;
        }
    }
    return BAIL;
}

static size_t put_uvarint(unsigned char *out, uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (unsigned char)((v & 0x7F) | 0x80);
        v >>= 7;
    }
    out[n++] = (unsigned char)v;
    return n;
}

/* managed_fields_last(data) -> bytes or None: protobuf._managed_fields_last in C (the same rules, the same
 * result): an object's bytes with metadata.managedFields moved to the end as a second metadata field. */
PyObject *managed_fields_last(PyObject *module, PyObject *arg) {
    Py_buffer data;
    if (PyObject_GetBuffer(arg, &data, PyBUF_SIMPLE) < 0) return NULL;
    const unsigned char *base = (const unsigned char *)data.buf, *end = base + data.len;
    const unsigned char *p, *meta_start, *meta_end, *first;
    uint64_t length;
    int huge;
    PyObject *out = NULL;
    if (data.len < 2 || base[0] != 0x0A) goto none;
    p = base + 1;
    if (mfl_varint(&p, end, &length, &huge) != OK || huge || length > (uint64_t)(end - p)) goto none;
    meta_start = p;
    meta_end = p + length;
    while (p < meta_end) { /* the fields before managedFields: numbers 1-15, one-byte keys */
        unsigned char key = *p;
        if (key == 0x8A) break;
        if (key >= 0x80) goto none;
        p++;
        if ((key & 7) == 2) {
            if (p >= end) goto none;
            if (*p < 0x80) {
                length = *p++;
            } else if (mfl_varint(&p, meta_end, &length, &huge) != OK || huge) {
                goto none;
            }
            if (length > (uint64_t)(end - p)) goto none; /* past the data: never meta_end again */
            p += length;
        } else if ((key & 7) == 0) {
            uint64_t ignored;
            if (mfl_varint(&p, meta_end, &ignored, &huge) != OK) goto none;
        } else {
            goto none;
        }
    }
    first = p;
    while (p < meta_end) { /* then only managedFields entries (field 17: key bytes 0x8a 0x01) */
        if (p[0] != 0x8A || p + 1 >= meta_end || p[1] != 0x01) goto none;
        p += 2;
        if (mfl_varint(&p, meta_end, &length, &huge) != OK || huge || length > (uint64_t)(end - p)) goto none;
        p += length;
    }
    if (first == meta_end || p != meta_end) goto none;
    {
        unsigned char head[10], tail[10];
        size_t head_len = put_uvarint(head, (uint64_t)(first - meta_start));
        size_t moved = (size_t)(meta_end - first);
        size_t tail_len = put_uvarint(tail, (uint64_t)moved);
        size_t before = (size_t)(first - meta_start), after = (size_t)(end - meta_end);
        out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(2 + head_len + before + after + tail_len + moved));
        if (out != NULL) {
            unsigned char *o = (unsigned char *)PyBytes_AS_STRING(out);
            *o++ = 0x0A;
            memcpy(o, head, head_len), o += head_len;
            memcpy(o, meta_start, before), o += before;
            memcpy(o, meta_end, after), o += after;
            *o++ = 0x0A;
            memcpy(o, tail, tail_len), o += tail_len;
            memcpy(o, first, moved);
        }
    }
    PyBuffer_Release(&data);
    return out;
none:
    PyBuffer_Release(&data);
    Py_RETURN_NONE;
}

/* The data of an HTTP/1.1 chunked body's chunks that lie whole in raw (transport._wire.WireBody._read_chunk): a
 * size line of 1 to 15 hex digits and CRLF, the data, and its CRLF, as far as raw holds them; the data of a chunk
 * whose end has not arrived is taken as far as it goes. It stops, leaving them to the Python code, at anything
 * else: a size line cut short, with extensions, spaces or another spelling, the last chunk (size 0), a chunk's end
 * without its CRLF, after amt bytes. A step taken here is the step the Python code takes, with the same result.
 * Called with out NULL, it counts the bytes it would copy. */
static Py_ssize_t chunk_walk(const unsigned char *raw, Py_ssize_t len, Py_ssize_t *at_io, Py_ssize_t *left_io,
                             Py_ssize_t amt, unsigned char *out) {
    Py_ssize_t at = *at_io, left = *left_io, got = 0;
    while (got < amt) {
        if (left == 0) {
            Py_ssize_t p = at;
            uint64_t size = 0;
            int digits = 0;
            for (; p < len && digits < 16; p++, digits++) {
                unsigned char ch = raw[p];
                int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                      : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
                if (v < 0) break;
                size = size * 16 + (uint64_t)v;
            }
            if (digits == 0 || digits > 15 || size == 0 || p + 1 >= len || raw[p] != '\r' || raw[p + 1] != '\n')
                break;
            at = p + 2;
            left = (Py_ssize_t)size;
            continue;
        }
        Py_ssize_t take = len - at;
        if (take == 0) break;
        if (take > amt - got) take = amt - got;
        if (take >= left) {
            take = left;
            if (at + take + 2 > len || raw[at + take] != '\r' || raw[at + take + 1] != '\n') break;
        }
        if (out != NULL) memcpy(out + got, raw + at, (size_t)take);
        at += take;
        got += take;
        left -= take;
        if (left == 0) at += 2;
    }
    *at_io = at;
    *left_io = left;
    return got;
}

/* chunk_data(raw, at, left, amt) -> (data, at, left): see chunk_walk. */
PyObject *chunk_data(PyObject *module, PyObject *args) {
    Py_buffer raw;
    Py_ssize_t at, left, amt;
    (void)module;
    if (!PyArg_ParseTuple(args, "y*nnn", &raw, &at, &left, &amt)) return NULL;
    PyObject *result = NULL;
    if (at < 0 || at > raw.len || left < 0 || amt < 0) {
        PyErr_SetString(PyExc_ValueError, "chunk_data: position out of range");
    } else {
        Py_ssize_t at2 = at, left2 = left;
        Py_ssize_t n = chunk_walk((const unsigned char *)raw.buf, raw.len, &at2, &left2, amt, NULL);
        PyObject *data = PyBytes_FromStringAndSize(NULL, n);
        if (data != NULL) {
            chunk_walk((const unsigned char *)raw.buf, raw.len, &at, &left, amt,
                       (unsigned char *)PyBytes_AS_STRING(data));
            result = Py_BuildValue("(Nnn)", data, at, left);
        }
    }
    PyBuffer_Release(&raw);
    return result;
}
