/* The module: Schema (message descriptions built from Python tuples), its methods, type_meta. */
#include "json2pb.h"

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
    if (mode < S_FORMAT || mode > S_QUANTITY || (mode == S_FORMAT) != (format != Py_None)) {
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

/* The output of transcode, fill and to_json is written straight into the bytes object returned. */
static int result_begin(Buf *out, size_t size) {
    out->bytes = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (out->bytes == NULL) return ERR;
    out->data = PyBytes_AS_STRING(out->bytes);
    out->cap = size;
    return OK;
}

/* The bytes written (r OK), None (BAIL) or NULL with the exception (ERR). */
static PyObject *result_end(Buf *out, int r) {
    PyObject *result = NULL;
    if (r == OK) {
        if (_PyBytes_Resize(&out->bytes, (Py_ssize_t)out->len) == 0) result = out->bytes;
        out->bytes = NULL;
    } else if (r == BAIL) {
        result = Py_None;
        Py_INCREF(result);
    }
    Py_XDECREF(out->bytes);
    out->bytes = NULL;
    return result;
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
    int r = result_begin(&c.out, (size_t)data.len / 8 * 5 + 64);
    if (r == OK) {
        skip_ws(&c);
        r = c.p < c.end && *c.p == '{' ? enc_object(&c, index) : BAIL;
    }
    if (r == OK) {
        skip_ws(&c);
        if (c.p != c.end) r = BAIL;
    }
    PyObject *result = result_end(&c.out, r);
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
    int r = result_begin(&c.out, (size_t)data.len + data.len / 4 + 64);
    if (r == OK) {
        const unsigned char *p = (const unsigned char *)data.buf;
        r = fill_message(&c, index, p, p + data.len, 0);
    }
    PyObject *result = result_end(&c.out, r);
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
    int r = result_begin(&c.out, (size_t)data.len * 2 + 64);
    if (r == OK) {
        const unsigned char *p = (const unsigned char *)data.buf;
        r = json_message(&c, index, p, p + data.len, 0);
    }
    PyObject *result = result_end(&c.out, r);
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
    {"frame_scan", (PyCFunction)frame_scan, METH_VARARGS,
     "frame_scan(data, start, state) -> (end, state): where the JSON value of a watch stream ends (-1: not yet)."},
    {"watch_event", (PyCFunction)watch_event, METH_O,
     "watch_event(frame) -> (type, apiVersion, kind, start, end, top) of a protobuf watch frame, or None."},
    {"managed_fields_last", (PyCFunction)managed_fields_last, METH_O,
     "managed_fields_last(data) -> an object's bytes with metadata.managedFields moved last, or None."},
    {"chunk_data", (PyCFunction)chunk_data, METH_VARARGS,
     "chunk_data(raw, at, left, amt) -> (data, at, left): the whole chunks of a chunked HTTP body in raw."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "kubernetes_py.apimachinery.runtime._json2pb",
    .m_doc = "Kubernetes JSON to protobuf wire bytes, and Go's protobuf bytes of a message (optional C paths).",
    .m_size = -1,
    .m_methods = module_methods,
};

/* The constants of the descriptions (json2pb.h), which _jsonaccel.py and _gozero.py read from the module. */
#define CONSTANT(name) {#name, name}
static const struct {
    const char *name;
    long value;
} constants[] = {
    CONSTANT(T_UNSUPPORTED), CONSTANT(T_STRING), CONSTANT(T_BOOL), CONSTANT(T_INT32), CONSTANT(T_INT64),
    CONSTANT(T_BYTES), CONSTANT(T_MESSAGE), CONSTANT(T_SPECIAL), CONSTANT(T_INT_OR_STRING), CONSTANT(T_RAW),
    CONSTANT(T_WRAP), CONSTANT(T_LIST), CONSTANT(T_MAP),
    CONSTANT(F_OMITEMPTY), CONSTANT(F_OMITZERO), CONSTANT(F_POINTER), CONSTANT(F_NOT_WRITTEN),
    CONSTANT(S_FORMAT), CONSTANT(S_TIME), CONSTANT(S_MICRO_TIME), CONSTANT(S_QUANTITY),
    CONSTANT(A_COPY), CONSTANT(A_ZERO_VARINT), CONSTANT(A_ZERO_LEN), CONSTANT(A_ZERO_FIXED64),
    CONSTANT(A_ZERO_FIXED32), CONSTANT(A_STRUCT), CONSTANT(A_TIME), CONSTANT(A_MICRO_TIME), CONSTANT(A_QUANTITY),
    CONSTANT(A_MAP), CONSTANT(A_DROP),
    CONSTANT(MAX_VIA),
};

PyMODINIT_FUNC PyInit__json2pb(void) {
    if (PyType_Ready(&SchemaType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module_def);
    if (m == NULL) return NULL;
    for (size_t i = 0; i < sizeof(constants) / sizeof(constants[0]); i++) {
        if (PyModule_AddIntConstant(m, constants[i].name, constants[i].value) < 0) {
            Py_DECREF(m);
            return NULL;
        }
    }
    Py_INCREF(&SchemaType);
    if (PyModule_AddObject(m, "Schema", (PyObject *)&SchemaType) < 0) {
        Py_DECREF(&SchemaType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
