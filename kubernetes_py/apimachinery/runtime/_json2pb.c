/*
 * _json2pb: Kubernetes JSON to protobuf wire bytes, the optional C path of the JSON decoder (and of
 * Go's protobuf bytes for the encoder).
 *
 * The JSON decoder (kubernetes_py/apimachinery/runtime/_jsonconv.py) turns JSON into API messages
 * with Kubernetes' rules.  In pure Python that means json.loads, a walk over the dicts and upb's
 * constructor: about three times the cost of json.loads alone.  This module reads the JSON bytes
 * once and writes the protobuf encoding of the same message, which upb then parses in C.
 *
 * It knows nothing of Kubernetes by itself: _jsonaccel.py describes each message to it (JSON member
 * names, field numbers, value types, the fields of inlined Go structs) from the same registry as the
 * Python decoder, and hands it Python converters for the special types (Time, Quantity...).
 *
 * It also writes Go's protobuf bytes of a message (fill()): protobuf's own bytes plus the fields Go's
 * generated marshallers always write (non-pointer fields at their zero value), as _gozero.py does by
 * filling a copy of the message; it is described from the same plan.
 *
 * The rule that keeps both paths equal: whenever the input is anything but plain, valid JSON of the
 * expected shapes (a value of an unexpected type, a null inside a list, a duplicate member, a float
 * where an integer belongs, an escape it does not need to understand, invalid UTF-8, deep nesting,
 * a type it has no description for...), transcode() returns None and the Python decoder handles the
 * input, errors included.  It never decides an error on its own.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Value types (the kinds _jsonaccel.py sends). */
enum {
    T_UNSUPPORTED = 0,
    T_STRING = 1,
    T_BOOL = 2,
    T_INT32 = 3,
    T_INT64 = 4,
    T_BYTES = 5,          /* []byte as base64 text */
    T_MESSAGE = 6,        /* index: the message */
    T_SPECIAL = 7,        /* index: the special converter; a JSON string becomes the message bytes it returns */
    T_INT_OR_STRING = 8,  /* n1, n2, n3: the numbers of type, intVal, strVal */
    T_RAW = 9,            /* embedded JSON kept as bytes; n1: the number of the bytes field */
    T_WRAP = 10,          /* a Go named slice that protobuf wraps in a message; n1: the items field */
    T_LIST = 11,
    T_MAP = 12,           /* map[string]elem, as protobuf map entries */
};

#define OK 0
#define BAIL 1     /* not for this path: the Python decoder takes the input */
#define ERR (-1)   /* a Python exception is set (out of memory) */
#define TRY(expr) do { int r_ = (expr); if (r_ != OK) return r_; } while (0)

#define MAX_DEPTH 100
#define MAX_VIA 4
#define MAX_FIELDS 1024
#define CACHE_LIMIT 4096

typedef struct TypeSpec {
    int kind;
    int index;
    uint32_t n1, n2, n3;
    struct TypeSpec *elem;
} TypeSpec;

/* Member flags, for writing JSON: Go's omitempty and omitzero, and a pointer field. */
#define F_OMITEMPTY 1
#define F_OMITZERO 2
#define F_POINTER 4
#define F_NOT_WRITTEN 8   /* read only (to refuse it), never written */

typedef struct {
    char *key;
    Py_ssize_t key_len;
    uint32_t number;
    int flags;
    int n_via;
    uint32_t via[MAX_VIA];
    TypeSpec *type;
} FieldSpec;

typedef struct {
    int n_fields;
    FieldSpec *fields;
    uint32_t mask;     /* hash table size - 1 */
    int *table;        /* field index + 1; 0 is empty */
} MessageSpec;

/* Go's protobuf encoder writes every non-pointer field, set or not; protobuf writes only what is set.
 * A fill description says, per field number, what Go writes (see _gozero.py, which does the same on
 * messages). Fields it does not list are copied as they are. */
enum {
    A_COPY = 0,
    A_ZERO_VARINT = 1,   /* a non-pointer scalar: written as zero when absent */
    A_ZERO_LEN = 2,
    A_ZERO_FIXED64 = 3,
    A_ZERO_FIXED32 = 4,
    A_STRUCT = 5,        /* a message: each occurrence filled; written filled-empty when absent and non-pointer */
    A_TIME = 6,          /* metav1.Time: empty when zero, else seconds and nanos=0 */
    A_MICRO_TIME = 7,    /* metav1.MicroTime: empty when zero, else seconds and nanos */
    A_QUANTITY = 8,      /* resource.Quantity: its canonical string, always */
    A_MAP = 9,           /* map entries whose values are filled by `elem` */
    A_DROP = 10,         /* TypeMeta: never in a protobuf body */
};

typedef struct FillSpec {
    uint32_t number;
    int action;
    int nonpointer;
    int index;              /* A_STRUCT: the fill message */
    uint32_t n1, n2;        /* A_TIME/A_MICRO_TIME: seconds, nanos; A_QUANTITY: string */
    struct FillSpec *elem;  /* A_MAP: what fills the values */
} FillSpec;

typedef struct {
    int n_fields;
    FillSpec *fields;       /* sorted by number */
} FillMessage;

typedef struct {
    PyObject_HEAD
    MessageSpec **messages;   /* each allocated once and never moved; NULL while undefined */
    Py_ssize_t n_messages;
    FillMessage **fills;      /* likewise */
    Py_ssize_t n_fills;
    PyObject *quantity_converter;  /* str -> canonical str */
    PyObject *quantity_cache;
    PyObject *specials;       /* list of callables: str -> bytes of the special message */
    PyObject *special_json;   /* list of (mode, format): how to write each special in JSON (see S_*); format,
                                 for S_FORMAT, turns the message's bytes into its JSON text (cached per bytes) */
    PyObject *caches;         /* list of dicts, one per special: str -> bytes */
    PyObject *raw_converter;  /* bytes of JSON -> the bytes Go's encoder would keep for them */
} Schema;

/* ------------------------------------------------------------------------------------------ */
/* Output buffer */

typedef struct {
    char *data;
    size_t len, cap;
    PyObject *bytes;   /* when set, the buffer is this bytes object's storage (the result, without a copy) */
} Buf;

static int buf_grow(Buf *b, size_t n) {
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

static inline int put_varint(Buf *b, uint64_t v) {
    TRY(buf_grow(b, 10));
    while (v >= 0x80) {
        b->data[b->len++] = (char)((v & 0x7F) | 0x80);
        v >>= 7;
    }
    b->data[b->len++] = (char)v;
    return OK;
}

static inline int put_tag(Buf *b, uint32_t number, int wire) {
    return put_varint(b, ((uint64_t)number << 3) | (uint64_t)wire);
}

static inline int put_bytes(Buf *b, const char *p, size_t n) {
    TRY(buf_grow(b, n));
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return OK;
}

static inline int put_len_bytes(Buf *b, uint32_t number, const char *p, size_t n) {
    TRY(put_tag(b, number, 2));
    TRY(put_varint(b, n));
    return put_bytes(b, p, n);
}

/* A length-delimited field whose length is known only at its end: one byte is kept for the
 * length, and the body moves up when the length needs more. */
static inline int begin_len(Buf *b, uint32_t number, size_t *mark) {
    TRY(put_tag(b, number, 2));
    TRY(buf_grow(b, 1));
    *mark = b->len;
    b->data[b->len++] = 0;
    return OK;
}

static int end_len(Buf *b, size_t mark) {
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

/* ------------------------------------------------------------------------------------------ */
/* JSON reading */

typedef struct {
    Schema *schema;
    const unsigned char *p, *end;
    Buf out;
    Buf scratch;     /* strings with escapes, decoded */
    int depth;
} Ctx;

static inline void skip_ws(Ctx *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\r' || *c->p == '\t')) c->p++;
}

static inline int literal(Ctx *c, const char *word, size_t n) {
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0) return 0;
    c->p += n;
    return 1;
}

/* Length of the valid UTF-8 sequence at p (surrogates and overlong forms refused), or 0. */
static inline int utf8_len(const unsigned char *p, const unsigned char *end) {
    unsigned char c0 = p[0];
    if (c0 < 0x80) return 1;
    if (c0 < 0xC2) return 0;
    if (c0 < 0xE0) {
        if (end - p < 2 || (p[1] & 0xC0) != 0x80) return 0;
        return 2;
    }
    if (c0 < 0xF0) {
        if (end - p < 3 || (p[2] & 0xC0) != 0x80) return 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c0 == 0xE0) lo = 0xA0;
        if (c0 == 0xED) hi = 0x9F;
        if (p[1] < lo || p[1] > hi) return 0;
        return 3;
    }
    if (c0 < 0xF5) {
        if (end - p < 4 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c0 == 0xF0) lo = 0x90;
        if (c0 == 0xF4) hi = 0x8F;
        if (p[1] < lo || p[1] > hi) return 0;
        return 4;
    }
    return 0;
}

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
static int read_string(Ctx *c, const char **s, size_t *n) {
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
static int scan_number(Ctx *c, const unsigned char **text, size_t *len, int *is_int) {
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
static int read_int(Ctx *c, int64_t lo, int64_t hi, int64_t *out) {
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
static int skip_value(Ctx *c, int *canonical);

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

static int skip_container(Ctx *c, int *canonical) {
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
    const unsigned char *keys[MAX_KEYS_CHECKED];
    size_t key_lens[MAX_KEYS_CHECKED];
    int n_keys = 0;
    for (;;) {
        if (open == '{') {
            if (c->p >= c->end || *c->p != '"') return BAIL;
            const unsigned char *k = c->p;
            TRY(skip_string(c, canonical));
            if (*canonical) {
                /* Python keeps the first position and the last value of a repeated key. */
                size_t kl = (size_t)(c->p - k);
                if (n_keys == MAX_KEYS_CHECKED) {
                    *canonical = 0;
                } else {
                    for (int i = 0; i < n_keys; i++) {
                        if (key_lens[i] == kl && memcmp(keys[i], k, kl) == 0) {
                            *canonical = 0;
                            break;
                        }
                    }
                    keys[n_keys] = k;
                    key_lens[n_keys++] = kl;
                }
            }
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

static int skip_value(Ctx *c, int *canonical) {
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

/* ------------------------------------------------------------------------------------------ */
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

/* ------------------------------------------------------------------------------------------ */
/* Transcoding */

static int enc_object(Ctx *c, int index);

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
                    skip_ws(c);
                    if (c->p >= c->end) return BAIL;
                    if (*c->p == ']') {
                        c->p++;
                        break;
                    }
                    if (*c->p != ',') return BAIL;
                    c->p++;
                    skip_ws(c);
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
                skip_ws(c);
                if (c->p >= c->end) return BAIL;
                if (*c->p == '}') {
                    c->p++;
                    break;
                }
                if (*c->p != ',') return BAIL;
                c->p++;
                skip_ws(c);
            }
            c->depth--;
            return OK;
        }
        default:
            return BAIL;
    }
}

static inline uint32_t hash_key(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static inline int find_field(const MessageSpec *m, const char *s, size_t n) {
    uint32_t i = hash_key(s, n) & m->mask;
    for (;;) {
        int slot = m->table[i];
        if (slot == 0) return -1;
        const FieldSpec *f = &m->fields[slot - 1];
        if ((size_t)f->key_len == n && memcmp(f->key, s, n) == 0) return slot - 1;
        i = (i + 1) & m->mask;
    }
}

/* The JSON object at c->p as the content of message `index`. */
static int enc_object(Ctx *c, int index) {
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
                for (int v = 0; v < f->n_via; v++) TRY(begin_len(&c->out, f->via[v], &marks[v]));
                TRY(enc_value(c, f->type, f->number));
                for (int v = f->n_via - 1; v >= 0; v--) TRY(end_len(&c->out, marks[v]));
            }
        }
        skip_ws(c);
        if (c->p >= c->end) return BAIL;
        if (*c->p == '}') {
            c->p++;
            break;
        }
        if (*c->p != ',') return BAIL;
        c->p++;
        skip_ws(c);
    }
    c->depth--;
    return OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Go's protobuf bytes: protobuf's own bytes of a message, plus the fields Go always writes */

#define ZERO_TIME_SECONDS (-62135596800LL)

typedef struct {
    Schema *schema;
    Buf out;
} FillCtx;

static int wire_varint(const unsigned char **pp, const unsigned char *end, uint64_t *v) {
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
static int wire_field(const unsigned char **pp, const unsigned char *end, uint32_t *number, int *wire,
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

static int fill_message(FillCtx *c, int index, const unsigned char *p, const unsigned char *end, int depth);

/* metav1.Time / MicroTime: empty when unset or zero, else seconds and nanos (0 for Time). */
static int fill_time(FillCtx *c, const FillSpec *f, const unsigned char *p, const unsigned char *end) {
    uint64_t seconds = 0, nanos = 0;
    int has_seconds = 0;
    while (p < end) {
        uint32_t number;
        int wire;
        const unsigned char *v;
        size_t n;
        TRY(wire_field(&p, end, &number, &wire, &v, &n));
        if (wire != 0 || (number != f->n1 && number != f->n2)) return BAIL;
        const unsigned char *q = v;
        TRY(wire_varint(&q, v + n, number == f->n1 ? &seconds : &nanos));
        if (number == f->n1) has_seconds = 1;
    }
    if (!has_seconds || ((int64_t)seconds == ZERO_TIME_SECONDS && (int32_t)nanos == 0)) {
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
static PyObject *canonical_quantity(Schema *schema, const unsigned char *text, size_t text_len) {
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
static int only_string_field(const unsigned char *p, const unsigned char *end, uint32_t number,
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
static int fill_message(FillCtx *c, int index, const unsigned char *p, const unsigned char *end, int depth) {
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

/* ------------------------------------------------------------------------------------------ */
/* JSON from protobuf bytes: what the Python encoder (_jsonconv.encode, then Go's compact text) writes */

/* How a special type is written (the mode given to add_special). */
enum { S_FORMAT = 0, S_TIME = 1, S_MICRO_TIME = 2, S_QUANTITY = 3 };

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

typedef struct {
    Schema *schema;
    Buf out;
} JsonCtx;

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

static int json_message(JsonCtx *c, int index, const unsigned char *p, const unsigned char *end, int depth);
static int json_value(JsonCtx *c, const TypeSpec *t, const WField *w, int depth);

static int json_special(JsonCtx *c, const TypeSpec *t, const unsigned char *p, const unsigned char *end) {
    PyObject *info = PyList_GET_ITEM(c->schema->special_json, t->index);   /* (mode, format, cache) */
    long mode = PyLong_AsLong(PyTuple_GET_ITEM(info, 0));
    if (mode == S_TIME || mode == S_MICRO_TIME) {
        uint64_t seconds = 0, nanos = 0;
        int has_seconds = 0;
        while (p < end) {
            uint32_t number;
            int wire;
            const unsigned char *v;
            size_t n;
            TRY(wire_field(&p, end, &number, &wire, &v, &n));
            if (wire != 0 || (number != t->n1 && number != t->n2)) return BAIL;
            const unsigned char *q = v;
            TRY(wire_varint(&q, v + n, number == t->n1 ? &seconds : &nanos));
            if (number == t->n1) has_seconds = 1;
        }
        if (!has_seconds || ((int64_t)seconds == ZERO_TIME_SECONDS && (int32_t)nanos == 0)) return put_text(&c->out, "null");
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

static int json_message(JsonCtx *c, int index, const unsigned char *p, const unsigned char *end, int depth) {
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

/* ------------------------------------------------------------------------------------------ */
/* Schema: built from Python tuples */

static void free_type(TypeSpec *t) {
    while (t != NULL) {
        TypeSpec *elem = t->elem;
        PyMem_Free(t);
        t = elem;
    }
}

static void free_message(MessageSpec *m) {
    if (m == NULL) return;
    for (int i = 0; i < m->n_fields; i++) {
        PyMem_Free(m->fields[i].key);
        free_type(m->fields[i].type);
    }
    PyMem_Free(m->fields);
    PyMem_Free(m->table);
    PyMem_Free(m);
}

static int read_u32(PyObject *o, uint32_t *out) {
    unsigned long v = PyLong_AsUnsignedLong(o);
    if (v == (unsigned long)-1 && PyErr_Occurred()) return -1;
    if (v > 0x1FFFFFFFul) {
        PyErr_SetString(PyExc_ValueError, "field number out of range");
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

/* (kind, index, n1, n2, n3, elem or None) */
static TypeSpec *parse_type(Schema *self, PyObject *spec, int depth) {
    if (depth > 4 || !PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) != 6) {
        PyErr_SetString(PyExc_ValueError, "a type is (kind, index, n1, n2, n3, elem)");
        return NULL;
    }
    TypeSpec *t = (TypeSpec *)PyMem_Calloc(1, sizeof(TypeSpec));
    if (t == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    long kind = PyLong_AsLong(PyTuple_GET_ITEM(spec, 0));
    long index = PyLong_AsLong(PyTuple_GET_ITEM(spec, 1));
    if (PyErr_Occurred() || read_u32(PyTuple_GET_ITEM(spec, 2), &t->n1) < 0 ||
        read_u32(PyTuple_GET_ITEM(spec, 3), &t->n2) < 0 || read_u32(PyTuple_GET_ITEM(spec, 4), &t->n3) < 0) {
        PyMem_Free(t);
        return NULL;
    }
    if (kind < T_UNSUPPORTED || kind > T_MAP || index < -1 || index > INT32_MAX) {
        PyMem_Free(t);
        PyErr_SetString(PyExc_ValueError, "unknown type kind or index");
        return NULL;
    }
    t->kind = (int)kind;
    t->index = (int)index;
    if (t->kind == T_SPECIAL && (index < 0 || index >= PyList_GET_SIZE(self->specials))) {
        PyMem_Free(t);
        PyErr_SetString(PyExc_ValueError, "special converter index out of range");
        return NULL;
    }
    PyObject *elem = PyTuple_GET_ITEM(spec, 5);
    if (t->kind == T_WRAP || t->kind == T_LIST || t->kind == T_MAP) {
        if (elem == Py_None) {
            PyMem_Free(t);
            PyErr_SetString(PyExc_ValueError, "a list, map or wrapped slice needs an element type");
            return NULL;
        }
        t->elem = parse_type(self, elem, depth + 1);
        if (t->elem == NULL) {
            PyMem_Free(t);
            return NULL;
        }
    }
    return t;
}

static PyObject *Schema_define(Schema *self, PyObject *args) {
    Py_ssize_t index;
    PyObject *fields;
    if (!PyArg_ParseTuple(args, "nO!:define", &index, &PyList_Type, &fields)) return NULL;
    if (index < 0 || index > 1000000) {
        PyErr_SetString(PyExc_ValueError, "message index out of range");
        return NULL;
    }
    if (index < self->n_messages && self->messages[index] != NULL) {
        PyErr_SetString(PyExc_ValueError, "message already defined");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(fields);
    if (n > MAX_FIELDS) {
        PyErr_SetString(PyExc_ValueError, "too many fields");
        return NULL;
    }
    MessageSpec *m = (MessageSpec *)PyMem_Calloc(1, sizeof(MessageSpec));
    if (m == NULL) return PyErr_NoMemory();
    m->fields = (FieldSpec *)PyMem_Calloc((size_t)(n ? n : 1), sizeof(FieldSpec));
    uint32_t size = 8;
    while (size < (uint32_t)(2 * n + 1)) size <<= 1;
    m->mask = size - 1;
    m->table = (int *)PyMem_Calloc(size, sizeof(int));
    if (m->fields == NULL || m->table == NULL) {
        free_message(m);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        /* (key bytes, number, via tuple, type[, flags]) */
        PyObject *spec = PyList_GET_ITEM(fields, i);
        if (!PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) < 4 || PyTuple_GET_SIZE(spec) > 5 ||
            !PyBytes_Check(PyTuple_GET_ITEM(spec, 0)) ||
            !PyTuple_Check(PyTuple_GET_ITEM(spec, 2)) || PyTuple_GET_SIZE(PyTuple_GET_ITEM(spec, 2)) > MAX_VIA) {
            free_message(m);
            PyErr_SetString(PyExc_ValueError, "a field is (key bytes, number, via tuple, type)");
            return NULL;
        }
        FieldSpec *f = &m->fields[i];
        m->n_fields = (int)i + 1;
        PyObject *key = PyTuple_GET_ITEM(spec, 0);
        f->key_len = PyBytes_GET_SIZE(key);
        f->key = (char *)PyMem_Malloc((size_t)f->key_len + 1);
        if (f->key == NULL) {
            free_message(m);
            return PyErr_NoMemory();
        }
        memcpy(f->key, PyBytes_AS_STRING(key), (size_t)f->key_len + 1);
        PyObject *via = PyTuple_GET_ITEM(spec, 2);
        f->n_via = (int)PyTuple_GET_SIZE(via);
        int bad = read_u32(PyTuple_GET_ITEM(spec, 1), &f->number) < 0;
        if (!bad && PyTuple_GET_SIZE(spec) == 5) {
            long flags = PyLong_AsLong(PyTuple_GET_ITEM(spec, 4));
            bad = flags == -1 && PyErr_Occurred();
            f->flags = (int)flags;
        }
        for (int v = 0; !bad && v < f->n_via; v++) bad = read_u32(PyTuple_GET_ITEM(via, v), &f->via[v]) < 0;
        if (!bad) f->type = parse_type(self, PyTuple_GET_ITEM(spec, 3), 0);
        if (bad || f->type == NULL) {
            free_message(m);
            return NULL;
        }
        if (find_field(m, f->key, (size_t)f->key_len) >= 0) {
            free_message(m);
            PyErr_Format(PyExc_ValueError, "JSON member %s defined twice", f->key);
            return NULL;
        }
        uint32_t slot = hash_key(f->key, (size_t)f->key_len) & m->mask;
        while (m->table[slot] != 0) slot = (slot + 1) & m->mask;
        m->table[slot] = (int)i + 1;
    }
    if (index >= self->n_messages) {
        MessageSpec **grown = (MessageSpec **)PyMem_Realloc(self->messages, sizeof(MessageSpec *) * (size_t)(index + 1));
        if (grown == NULL) {
            free_message(m);
            return PyErr_NoMemory();
        }
        for (Py_ssize_t i = self->n_messages; i <= index; i++) grown[i] = NULL;
        self->messages = grown;
        self->n_messages = index + 1;
    }
    self->messages[index] = m;
    Py_RETURN_NONE;
}

static PyObject *Schema_add_special(Schema *self, PyObject *args) {
    PyObject *convert, *format = Py_None;
    int mode = 0;
    if (!PyArg_ParseTuple(args, "O|iO:add_special", &convert, &mode, &format)) return NULL;
    if (!PyCallable_Check(convert) || (format != Py_None && !PyCallable_Check(format))) {
        PyErr_SetString(PyExc_TypeError, "a special converter and its formatter must be callable");
        return NULL;
    }
    if (mode < 0 || mode > 3 || (mode == 0) != (format != Py_None)) {
        PyErr_SetString(PyExc_ValueError, "a special's JSON mode is 1-3, or 0 with a formatter");
        return NULL;
    }
    PyObject *cache = PyDict_New();
    PyObject *json = Py_BuildValue("(iOO)", mode, format, cache);
    if (cache == NULL || json == NULL || PyList_Append(self->specials, convert) < 0 ||
        PyList_Append(self->caches, cache) < 0 || PyList_Append(self->special_json, json) < 0) {
        Py_XDECREF(cache);
        Py_XDECREF(json);
        return NULL;
    }
    Py_DECREF(cache);
    Py_DECREF(json);
    return PyLong_FromSsize_t(PyList_GET_SIZE(self->specials) - 1);
}

static PyObject *Schema_transcode(Schema *self, PyObject *args) {
    int index;
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "iy*:transcode", &index, &data)) return NULL;
    if (self->raw_converter == NULL) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_RuntimeError, "the raw JSON converter is not set");
        return NULL;
    }
    Ctx c;
    memset(&c, 0, sizeof(c));
    c.schema = self;
    c.p = (const unsigned char *)data.buf;
    c.end = c.p + data.len;
    /* Protobuf takes about half the bytes of the same object in JSON. */
    size_t initial = (size_t)data.len / 8 * 5 + 64;
    c.out.bytes = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)initial);
    int r = ERR;
    if (c.out.bytes != NULL) {
        c.out.data = PyBytes_AS_STRING(c.out.bytes);
        c.out.cap = initial;
        r = OK;
    }
    if (r == OK) {
        skip_ws(&c);
        r = c.p < c.end && *c.p == '{' ? enc_object(&c, index) : BAIL;
    }
    if (r == OK) {
        skip_ws(&c);
        if (c.p != c.end) r = BAIL;
    }
    PyObject *result = NULL;
    if (r == OK) {
        if (_PyBytes_Resize(&c.out.bytes, (Py_ssize_t)c.out.len) == 0) result = c.out.bytes;
        c.out.bytes = NULL;
    } else if (r == BAIL) {
        result = Py_None;
        Py_INCREF(result);
    }
    Py_XDECREF(c.out.bytes);
    free(c.scratch.data);
    PyBuffer_Release(&data);
    return result;
}

static PyObject *Schema_set_raw_converter(Schema *self, PyObject *convert) {
    if (!PyCallable_Check(convert)) {
        PyErr_SetString(PyExc_TypeError, "the raw JSON converter must be callable");
        return NULL;
    }
    Py_INCREF(convert);
    Py_XSETREF(self->raw_converter, convert);
    Py_RETURN_NONE;
}

static void free_fill_spec(FillSpec *f) {
    while (f != NULL) {
        FillSpec *elem = f->elem;
        PyMem_Free(f);
        f = elem;
    }
}

static void free_fill_message(FillMessage *m) {
    if (m == NULL) return;
    for (int i = 0; i < m->n_fields; i++) free_fill_spec(m->fields[i].elem);
    PyMem_Free(m->fields);
    PyMem_Free(m);
}

/* (number, action, nonpointer, index, n1, n2, elem or None) into *f. */
static int parse_fill_spec(PyObject *spec, FillSpec *f, int depth) {
    if (depth > 1 || !PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) != 7) {
        PyErr_SetString(PyExc_ValueError, "a fill field is (number, action, nonpointer, index, n1, n2, elem)");
        return -1;
    }
    long action = PyLong_AsLong(PyTuple_GET_ITEM(spec, 1));
    long nonpointer = PyLong_AsLong(PyTuple_GET_ITEM(spec, 2));
    long index = PyLong_AsLong(PyTuple_GET_ITEM(spec, 3));
    if (PyErr_Occurred() || read_u32(PyTuple_GET_ITEM(spec, 0), &f->number) < 0 ||
        read_u32(PyTuple_GET_ITEM(spec, 4), &f->n1) < 0 || read_u32(PyTuple_GET_ITEM(spec, 5), &f->n2) < 0) {
        return -1;
    }
    if (action < A_COPY || action > A_DROP || index < -1 || index > INT32_MAX || f->number == 0) {
        PyErr_SetString(PyExc_ValueError, "bad fill action, index or number");
        return -1;
    }
    f->action = (int)action;
    f->nonpointer = nonpointer != 0;
    f->index = (int)index;
    PyObject *elem = PyTuple_GET_ITEM(spec, 6);
    if (f->action == A_MAP) {
        if (elem == Py_None) {
            PyErr_SetString(PyExc_ValueError, "a map needs the fill of its values");
            return -1;
        }
        f->elem = (FillSpec *)PyMem_Calloc(1, sizeof(FillSpec));
        if (f->elem == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        if (parse_fill_spec(elem, f->elem, depth + 1) < 0) return -1;
    }
    return 0;
}

static PyObject *Schema_define_fill(Schema *self, PyObject *args) {
    Py_ssize_t index;
    PyObject *fields;
    if (!PyArg_ParseTuple(args, "nO!:define_fill", &index, &PyList_Type, &fields)) return NULL;
    if (index < 0 || index > 1000000) {
        PyErr_SetString(PyExc_ValueError, "fill index out of range");
        return NULL;
    }
    if (index < self->n_fills && self->fills[index] != NULL) {
        PyErr_SetString(PyExc_ValueError, "fill already defined");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(fields);
    if (n > MAX_FIELDS) {
        PyErr_SetString(PyExc_ValueError, "too many fields");
        return NULL;
    }
    FillMessage *m = (FillMessage *)PyMem_Calloc(1, sizeof(FillMessage));
    if (m == NULL) return PyErr_NoMemory();
    m->fields = (FillSpec *)PyMem_Calloc((size_t)(n ? n : 1), sizeof(FillSpec));
    if (m->fields == NULL) {
        free_fill_message(m);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        m->n_fields = (int)i + 1;
        if (parse_fill_spec(PyList_GET_ITEM(fields, i), &m->fields[i], 0) < 0) {
            free_fill_message(m);
            return NULL;
        }
        if (i > 0 && m->fields[i].number <= m->fields[i - 1].number) {
            free_fill_message(m);
            PyErr_SetString(PyExc_ValueError, "fill fields must be in ascending numbers");
            return NULL;
        }
    }
    if (index >= self->n_fills) {
        FillMessage **grown = (FillMessage **)PyMem_Realloc(self->fills, sizeof(FillMessage *) * (size_t)(index + 1));
        if (grown == NULL) {
            free_fill_message(m);
            return PyErr_NoMemory();
        }
        for (Py_ssize_t i = self->n_fills; i <= index; i++) grown[i] = NULL;
        self->fills = grown;
        self->n_fills = index + 1;
    }
    self->fills[index] = m;
    Py_RETURN_NONE;
}

static PyObject *Schema_fill(Schema *self, PyObject *args) {
    int index;
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "iy*:fill", &index, &data)) return NULL;
    FillCtx c;
    memset(&c, 0, sizeof(c));
    c.schema = self;
    size_t initial = (size_t)data.len + data.len / 4 + 64;
    c.out.bytes = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)initial);
    int r = ERR;
    if (c.out.bytes != NULL) {
        c.out.data = PyBytes_AS_STRING(c.out.bytes);
        c.out.cap = initial;
        const unsigned char *p = (const unsigned char *)data.buf;
        r = fill_message(&c, index, p, p + data.len, 0);
    }
    PyObject *result = NULL;
    if (r == OK) {
        if (_PyBytes_Resize(&c.out.bytes, (Py_ssize_t)c.out.len) == 0) result = c.out.bytes;
        c.out.bytes = NULL;
    } else if (r == BAIL) {
        result = Py_None;
        Py_INCREF(result);
    }
    Py_XDECREF(c.out.bytes);
    PyBuffer_Release(&data);
    return result;
}

static PyObject *Schema_to_json(Schema *self, PyObject *args) {
    int index;
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "iy*:to_json", &index, &data)) return NULL;
    if (self->raw_converter == NULL) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_RuntimeError, "the raw JSON converter is not set");
        return NULL;
    }
    JsonCtx c;
    memset(&c, 0, sizeof(c));
    c.schema = self;
    size_t initial = (size_t)data.len * 2 + 64;
    c.out.bytes = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)initial);
    int r = ERR;
    if (c.out.bytes != NULL) {
        c.out.data = PyBytes_AS_STRING(c.out.bytes);
        c.out.cap = initial;
        const unsigned char *p = (const unsigned char *)data.buf;
        r = json_message(&c, index, p, p + data.len, 0);
    }
    PyObject *result = NULL;
    if (r == OK) {
        if (_PyBytes_Resize(&c.out.bytes, (Py_ssize_t)c.out.len) == 0) result = c.out.bytes;
        c.out.bytes = NULL;
    } else if (r == BAIL) {
        result = Py_None;
        Py_INCREF(result);
    }
    Py_XDECREF(c.out.bytes);
    PyBuffer_Release(&data);
    return result;
}

static PyObject *Schema_set_quantity_converter(Schema *self, PyObject *convert) {
    if (!PyCallable_Check(convert)) {
        PyErr_SetString(PyExc_TypeError, "the quantity converter must be callable");
        return NULL;
    }
    Py_INCREF(convert);
    Py_XSETREF(self->quantity_converter, convert);
    Py_RETURN_NONE;
}

static PyObject *Schema_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (PyTuple_GET_SIZE(args) != 0 || (kwds != NULL && PyDict_GET_SIZE(kwds) != 0)) {
        PyErr_SetString(PyExc_TypeError, "Schema() takes no arguments");
        return NULL;
    }
    Schema *self = (Schema *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    self->specials = PyList_New(0);
    self->caches = PyList_New(0);
    self->quantity_cache = PyDict_New();
    self->special_json = PyList_New(0);
    if (self->specials == NULL || self->caches == NULL || self->quantity_cache == NULL || self->special_json == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void Schema_dealloc(Schema *self) {
    for (Py_ssize_t i = 0; i < self->n_messages; i++) free_message(self->messages[i]);
    PyMem_Free(self->messages);
    for (Py_ssize_t i = 0; i < self->n_fills; i++) free_fill_message(self->fills[i]);
    PyMem_Free(self->fills);
    Py_XDECREF(self->quantity_converter);
    Py_XDECREF(self->quantity_cache);
    Py_XDECREF(self->special_json);
    Py_XDECREF(self->specials);
    Py_XDECREF(self->caches);
    Py_XDECREF(self->raw_converter);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef Schema_methods[] = {
    {"define", (PyCFunction)Schema_define, METH_VARARGS,
     "define(index, fields): describe message `index`; fields are (key bytes, number, via, type)."},
    {"add_special", (PyCFunction)Schema_add_special, METH_VARARGS,
     "add_special(convert, mode=0, format=None) -> index: a converter from a JSON string to the bytes of a\n"
     "special message, and how to write it back (1 Time, 2 MicroTime, 3 Quantity, 0 through format)."},
    {"set_raw_converter", (PyCFunction)Schema_set_raw_converter, METH_O,
     "set_raw_converter(convert): bytes of embedded JSON -> the bytes to keep, for non-canonical JSON."},
    {"define_fill", (PyCFunction)Schema_define_fill, METH_VARARGS,
     "define_fill(index, fields): what Go's encoder writes for message `index`, by field number."},
    {"set_quantity_converter", (PyCFunction)Schema_set_quantity_converter, METH_O,
     "set_quantity_converter(convert): a Quantity's text -> the canonical text Go writes."},
    {"to_json", (PyCFunction)Schema_to_json, METH_VARARGS,
     "to_json(index, data) -> the compact JSON Go writes for message `index` given its protobuf bytes, or None."},
    {"fill", (PyCFunction)Schema_fill, METH_VARARGS,
     "fill(index, data) -> Go's protobuf bytes of message `index` from protobuf's own, or None."},
    {"transcode", (PyCFunction)Schema_transcode, METH_VARARGS,
     "transcode(index, data) -> protobuf bytes of message `index`, or None for the Python decoder."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SchemaType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "kubernetes_py.apimachinery.runtime._json2pb.Schema",
    .tp_basicsize = sizeof(Schema),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Message descriptions for transcoding Kubernetes JSON to protobuf.",
    .tp_new = Schema_new,
    .tp_dealloc = (destructor)Schema_dealloc,
    .tp_methods = Schema_methods,
};

/* ------------------------------------------------------------------------------------------ */
/* type_meta: apiVersion and kind of a JSON object, without decoding it */

static PyObject *type_meta(PyObject *module, PyObject *arg) {
    Py_buffer data;
    if (PyObject_GetBuffer(arg, &data, PyBUF_SIMPLE) < 0) return NULL;
    Ctx c;
    memset(&c, 0, sizeof(c));
    c.p = (const unsigned char *)data.buf;
    c.end = c.p + data.len;
    PyObject *found[2] = {NULL, NULL};
    int r = BAIL;
    skip_ws(&c);
    if (c.p < c.end && *c.p == '{') {
        c.p++;
        c.depth = 1;
        skip_ws(&c);
        r = OK;
        if (c.p < c.end && *c.p == '}') {
            c.p++;
        } else {
            for (;;) {
                if (c.p >= c.end || *c.p != '"') { r = BAIL; break; }
                const char *k;
                size_t kn;
                if ((r = read_string(&c, &k, &kn)) != OK) break;
                int which = kn == 10 && memcmp(k, "apiVersion", 10) == 0 ? 0 : (kn == 4 && memcmp(k, "kind", 4) == 0 ? 1 : -1);
                skip_ws(&c);
                if (c.p >= c.end || *c.p != ':') { r = BAIL; break; }
                c.p++;
                skip_ws(&c);
                if (which >= 0) {
                    const char *s;
                    size_t n;
                    if (c.p >= c.end || *c.p != '"') { r = BAIL; break; }
                    if ((r = read_string(&c, &s, &n)) != OK) break;
                    PyObject *text = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
                    if (text == NULL) { r = ERR; break; }
                    Py_XSETREF(found[which], text);
                    /* Both found: the transcoder reads the rest (a repeated member sends the
                     * whole input to the Python decoder). */
                    if (found[0] != NULL && found[1] != NULL) break;
                } else {
                    int canonical = 1;
                    if ((r = skip_value(&c, &canonical)) != OK) break;
                }
                skip_ws(&c);
                if (c.p < c.end && *c.p == ',') {
                    c.p++;
                    skip_ws(&c);
                    continue;
                }
                if (c.p < c.end && *c.p == '}') {
                    c.p++;
                    skip_ws(&c);
                    if (c.p != c.end) r = BAIL;
                } else {
                    r = BAIL;
                }
                break;
            }
        }
    }
    free(c.scratch.data);
    PyBuffer_Release(&data);
    PyObject *result = NULL;
    if (r == OK) {
        result = Py_BuildValue("(OO)", found[0] ? found[0] : Py_None, found[1] ? found[1] : Py_None);
    } else if (r == BAIL) {
        result = Py_None;
        Py_INCREF(result);
    }
    Py_XDECREF(found[0]);
    Py_XDECREF(found[1]);
    return result;
}

static PyMethodDef module_methods[] = {
    {"type_meta", (PyCFunction)type_meta, METH_O,
     "type_meta(data) -> (apiVersion or None, kind or None) of a JSON object, or None when unsure."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "kubernetes_py.apimachinery.runtime._json2pb",
    .m_doc = "Kubernetes JSON to protobuf wire bytes, and Go's protobuf bytes of a message (optional C paths).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__json2pb(void) {
    if (PyType_Ready(&SchemaType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module_def);
    if (m == NULL) return NULL;
    Py_INCREF(&SchemaType);
    if (PyModule_AddObject(m, "Schema", (PyObject *)&SchemaType) < 0) {
        Py_DECREF(&SchemaType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
