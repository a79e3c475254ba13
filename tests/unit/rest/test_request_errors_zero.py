"""rest.RequestConstructionError as Go's zero value and with a cause (client-go's record and events tests build
``&restclient.RequestConstructionError{}``)."""

from kubernetes_py import rest


def test_request_construction_error_texts():
    assert str(rest.RequestConstructionError()) == "request construction error: '<nil>'"
    assert rest.RequestConstructionError().err is None
    cause = ValueError("bad")
    err = rest.RequestConstructionError(cause)
    assert str(err) == "request construction error: 'bad'" and err.err is cause
