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
