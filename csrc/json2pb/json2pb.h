/*
 * json2pb.h: the shared part of the _json2pb extension module.
 *
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
 * And it writes a typed object's compact JSON from its protobuf bytes (to_json()), as the Python encoder
 * (_jsonconv.encode, then Go's compact text) writes it, from the same descriptions.
 *
 * Files: module.c (the Schema type, built from Python tuples; type_meta), transcode.c (JSON to protobuf),
 * gofill.c (Go's protobuf bytes), tojson.c (protobuf to JSON), jsonread.c (reading and checking JSON),
 * wire.c (protobuf output and reading).  jsonread.c also has frame_scan(), the bracket scan that splits a JSON
 * watch stream into values (the Python framer, _frames.py, has the same scan in Python).
 *
 * The rule that keeps both paths equal: whenever the input is anything but plain, valid JSON of the
 * expected shapes (a value of an unexpected type, a null inside a list, a duplicate member, a float
 * where an integer belongs, an escape it does not need to understand, invalid UTF-8, deep nesting,
 * a type it has no description for...), transcode() returns None and the Python decoder handles the
 * input, errors included.  It never decides an error on its own.
 */
#ifndef KUBERNETES_PY_JSON2PB_H
#define KUBERNETES_PY_JSON2PB_H

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

/* How to_json writes a special type (add_special's mode): through its Python formatter, or by itself. */
enum { S_FORMAT = 0, S_TIME = 1, S_MICRO_TIME = 2, S_QUANTITY = 3 };

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

#define ZERO_TIME_SECONDS (-62135596800LL)

typedef struct {
    char *data;
    size_t len, cap;
    PyObject *bytes;   /* when set, the buffer is this bytes object's storage (the result, without a copy) */
} Buf;

typedef struct {
    Schema *schema;
    const unsigned char *p, *end;
    Buf out;
    Buf scratch;     /* strings with escapes, decoded */
    int depth;
} Ctx;

typedef struct {
    Schema *schema;
    Buf out;
} FillCtx;

typedef struct {
    Schema *schema;
    Buf out;
} JsonCtx;

/* Protobuf output (wire.c). */
int buf_grow(Buf *b, size_t n);
int end_len(Buf *b, size_t mark);
int wire_varint(const unsigned char **pp, const unsigned char *end, uint64_t *v);
int wire_field(const unsigned char **pp, const unsigned char *end, uint32_t *number, int *wire,
               const unsigned char **value, size_t *value_len);
int read_time(const unsigned char *p, const unsigned char *end, uint32_t n_seconds, uint32_t n_nanos,
              uint64_t *seconds, uint64_t *nanos, int *zero);
PyObject *watch_event(PyObject *module, PyObject *arg);
PyObject *managed_fields_last(PyObject *module, PyObject *arg);
PyObject *chunk_data(PyObject *module, PyObject *args);

/* JSON reading (jsonread.c). */
int read_string(Ctx *c, const char **s, size_t *n);
int scan_number(Ctx *c, const unsigned char **text, size_t *len, int *is_int);
int read_int(Ctx *c, int64_t lo, int64_t hi, int64_t *out);
int skip_value(Ctx *c, int *canonical);
int after_item(Ctx *c, unsigned char close, int *more);
PyObject *frame_scan(PyObject *module, PyObject *args);

/* The three paths (transcode.c, gofill.c, tojson.c). */
int enc_object(Ctx *c, int index);
int fill_message(FillCtx *c, int index, const unsigned char *p, const unsigned char *end, int depth);
int json_message(JsonCtx *c, int index, const unsigned char *p, const unsigned char *end, int depth);
PyObject *canonical_quantity(Schema *schema, const unsigned char *text, size_t text_len);
int only_string_field(const unsigned char *p, const unsigned char *end, uint32_t number,
                      const unsigned char **text, size_t *text_len);

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

#endif
