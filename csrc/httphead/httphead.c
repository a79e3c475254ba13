/* kubernetes_py.transport._httphead: the head of a small HTTP/1.1 answer, parsed in one pass.

   parse(data, head_request) -> (status, reason, version, headers, taken, body_length) or None

   data is what the connection's buffered reader holds after its first read. The answer is parsed only when its
   whole head is there and is of the plain kind a server sends: printable ASCII and tabs, CRLF line ends, a status
   line "HTTP/1.x DDD reason", a final status (1xx other than 101 is not), no obsolete line folding. Anything else
   returns None and the Python parser in transport/_wire.py decides (it handles every head this one does, with the
   same result: tests/unit/transport/test_httphead.py checks both on the same inputs).

   headers is the storage of a urllib3 HTTPHeaderDict: {lowercased name: [name, value, ...]}, names and values
   stripped of spaces and tabs, a line without a colon ignored. version is 11 for "HTTP/1.1", else 10. taken is the
   length of the head with its blank line; body_length the Content-Length when the whole body is in data too (one
   decimal value, no Transfer-Encoding, not an answer without a body: HEAD, 204, 304), else -1. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int is_space(unsigned char c) { return c == ' ' || c == '\t'; }

static PyObject *ascii_string(const unsigned char *p, Py_ssize_t n) {
    PyObject *s = PyUnicode_New(n, 127);
    if (s != NULL) memcpy(PyUnicode_1BYTE_DATA(s), p, (size_t)n);
    return s;
}

/* The lowercased copy of name, or name itself when it has no upper-case letter. */
static PyObject *lowered(PyObject *name) {
    const unsigned char *p = PyUnicode_1BYTE_DATA(name);
    Py_ssize_t n = PyUnicode_GET_LENGTH(name);
    Py_ssize_t i = 0;
    while (i < n && !(p[i] >= 'A' && p[i] <= 'Z')) i++;
    if (i == n) {
        Py_INCREF(name);
        return name;
    }
    PyObject *s = PyUnicode_New(n, 127);
    if (s == NULL) return NULL;
    unsigned char *q = PyUnicode_1BYTE_DATA(s);
    for (i = 0; i < n; i++) q[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (unsigned char)(p[i] + 32) : p[i];
    return s;
}

/* Adds one "Name: value" line to headers; 0, or -1 with an exception. */
static int add_header(PyObject *headers, const unsigned char *line, Py_ssize_t n) {
    const unsigned char *colon = memchr(line, ':', (size_t)n);
    if (colon == NULL) return 0;
    const unsigned char *ns = line, *ne = colon, *vs = colon + 1, *ve = line + n;
    while (ns < ne && is_space(*ns)) ns++;
    while (ne > ns && is_space(ne[-1])) ne--;
    while (vs < ve && is_space(*vs)) vs++;
    while (ve > vs && is_space(ve[-1])) ve--;
    PyObject *name = ascii_string(ns, ne - ns);
    if (name == NULL) return -1;
    PyObject *key = lowered(name);
    PyObject *value = key == NULL ? NULL : ascii_string(vs, ve - vs);
    if (value == NULL) {
        Py_DECREF(name);
        Py_XDECREF(key);
        return -1;
    }
    int rc;
    PyObject *entry = PyDict_GetItemWithError(headers, key);
    if (entry != NULL) {
        rc = PyList_Append(entry, value);
    } else if (PyErr_Occurred()) {
        rc = -1;
    } else {
        entry = PyList_New(2);
        if (entry == NULL) {
            rc = -1;
        } else {
            Py_INCREF(name);
            Py_INCREF(value);
            PyList_SET_ITEM(entry, 0, name);
            PyList_SET_ITEM(entry, 1, value);
            rc = PyDict_SetItem(headers, key, entry);
            Py_DECREF(entry);
        }
    }
    Py_DECREF(name);
    Py_DECREF(key);
    Py_DECREF(value);
    return rc;
}

/* The single value of a header as (pointer, length) from headers' storage; 0 when absent, 2 when repeated. */
static int single_value(PyObject *headers, const char *key, const unsigned char **p, Py_ssize_t *n) {
    PyObject *entry = PyDict_GetItemString(headers, key);
    if (entry == NULL) return 0;
    if (PyList_GET_SIZE(entry) != 2) return 2;
    PyObject *v = PyList_GET_ITEM(entry, 1);
    *p = PyUnicode_1BYTE_DATA(v);
    *n = PyUnicode_GET_LENGTH(v);
    return 1;
}

static PyObject *parse_head(const unsigned char *p, Py_ssize_t n, int head_request) {
    /* The head's end (the first CRLF CRLF), every byte before it printable ASCII or a tab, lines ended by CRLF. */
    Py_ssize_t end = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7f) continue;
        if (c == '\t') continue;
        if (c != '\r' || i + 1 >= n || p[i + 1] != '\n') Py_RETURN_NONE;
        if (i + 3 < n && p[i + 2] == '\r' && p[i + 3] == '\n') {
            end = i;
            break;
        }
        i++;
    }
    if (end < 0) Py_RETURN_NONE;

    /* The status line: version, three digits, the reason (what follows the spaces after the code). */
    const unsigned char *line_end = memchr(p, '\r', (size_t)end);
    if (line_end == NULL) line_end = p + end;
    const unsigned char *q = p;
    while (q < line_end && is_space(*q)) q++;
    const unsigned char *version = q;
    while (q < line_end && !is_space(*q)) q++;
    Py_ssize_t version_len = q - version;
    if (version_len < 7 || memcmp(version, "HTTP/1.", 7) != 0) Py_RETURN_NONE;
    while (q < line_end && is_space(*q)) q++;
    const unsigned char *code = q;
    while (q < line_end && !is_space(*q)) q++;
    if (q - code != 3) Py_RETURN_NONE;
    int status = 0;
    for (int k = 0; k < 3; k++) {
        if (code[k] < '0' || code[k] > '9') Py_RETURN_NONE;
        status = status * 10 + (code[k] - '0');
    }
    if (status >= 100 && status < 200 && status != 101) Py_RETURN_NONE;
    while (q < line_end && is_space(*q)) q++;
    const unsigned char *reason_start = q;
    Py_ssize_t reason_len = line_end - q;
    int http11 = version_len == 8 && version[7] == '1';

    /* Obsolete line folding: the Python parser declines it too, and reads the head line by line. */
    for (const unsigned char *s = line_end; s < p + end; s++) {
        if (*s == '\n' && is_space(s[1])) Py_RETURN_NONE;
    }

    PyObject *headers = PyDict_New();
    if (headers == NULL) return NULL;
    const unsigned char *start = line_end + 2;
    while (start < p + end + 2 && line_end < p + end) {
        const unsigned char *stop = memchr(start, '\r', (size_t)(p + end - start));
        if (stop == NULL) stop = p + end;
        if (add_header(headers, start, stop - start) < 0) {
            Py_DECREF(headers);
            return NULL;
        }
        line_end = stop;
        start = stop + 2;
    }

    Py_ssize_t taken = end + 4;
    Py_ssize_t body_length = -1;
    const unsigned char *lp = NULL;
    Py_ssize_t ln = 0;
    if (!head_request && status != 204 && status != 304 && PyDict_GetItemString(headers, "transfer-encoding") == NULL &&
        single_value(headers, "content-length", &lp, &ln) == 1 && ln > 0) {
        Py_ssize_t length = 0;
        Py_ssize_t k = 0;
        while (k < ln && lp[k] == '0') k++;  /* leading zeros count for nothing, as int() reads them */
        if (ln - k <= 18) {
            for (; k < ln && lp[k] >= '0' && lp[k] <= '9'; k++) length = length * 10 + (lp[k] - '0');
            if (k == ln && taken + length <= n) body_length = length;
        }
    }
    PyObject *reason = ascii_string(reason_start, reason_len);
    if (reason == NULL) {
        Py_DECREF(headers);
        return NULL;
    }
    PyObject *out = Py_BuildValue("(iNiNnn)", status, reason, http11 ? 11 : 10, headers, taken, body_length);
    return out;
}

static PyObject *parse(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "parse(data, head_request) takes two arguments");
        return NULL;
    }
    int head_request = PyObject_IsTrue(args[1]);
    if (head_request < 0) return NULL;
    Py_buffer view;
    if (PyObject_GetBuffer(args[0], &view, PyBUF_SIMPLE) < 0) return NULL;
    PyObject *out = parse_head((const unsigned char *)view.buf, view.len, head_request);
    PyBuffer_Release(&view);
    return out;
}

static PyMethodDef methods[] = {
    {"parse", (PyCFunction)(void (*)(void))parse, METH_FASTCALL,
     "parse(data, head_request) -> (status, reason, version, headers, taken, body_length) or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_httphead", "The head of a small HTTP/1.1 answer, parsed in one pass.", 0, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__httphead(void) { return PyModule_Create(&module_def); }
