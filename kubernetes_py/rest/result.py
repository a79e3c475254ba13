"""The outcome of ``Request.do`` (client-go rest.Result).

Go's ``Result`` carries an error that its accessors return; here the accessors raise it: ``into(obj)``,
``get()``, ``raw()`` and ``error()`` raise the request's error, preferring the server's ``Status``
(a ``StatusError``) when the body holds one.
"""

from __future__ import annotations

import logging
from typing import Any, Optional

__all__ = ["Result", "decode"]

log = logging.getLogger("kubernetes_py.rest")


def decode(decoder: Any, data: bytes, defaults: Any = None, into: Any = None) -> Any:
    """Run a runtime.Decoder and return only the object (Go's Decode also returns the GroupVersionKind)."""
    out = decoder.decode(data, defaults, into)
    if isinstance(out, tuple):
        return out[0]
    return out


def _status_class() -> Any:
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    return metav1.Status


class _NoSerializerError(Exception):
    pass


class _EmptyResponseError(Exception):
    pass


class Result:
    """The body, status code, content type, warnings and error of a finished request."""

    __slots__ = ("_body", "_warnings", "_content_type", "_err", "_status_code", "_decoder")

    def __init__(
        self,
        body: bytes = b"",
        warnings: Optional[list[Any]] = None,
        content_type: str = "",
        err: Optional[BaseException] = None,
        status_code: int = 0,
        decoder: Any = None,
    ):
        self._body = body
        self._warnings = warnings if warnings is not None else []
        self._content_type = content_type
        self._err = err
        self._status_code = status_code
        self._decoder = decoder

    def __repr__(self) -> str:
        return (
            f"rest.Result(status_code={self._status_code}, content_type={self._content_type!r}, "
            f"body_len={len(self._body)}, err={self._err!r})"
        )

    def raw(self) -> bytes:
        """The body; raises the request's error (Go returns both)."""
        if self._err is not None:
            raise self._err
        return self._body

    def get(self) -> Any:
        """The decoded object; a Status other than Success is raised as a StatusError."""
        if self._err is not None:
            raise self._status_error(self._err)
        if self._decoder is None:
            raise _NoSerializerError(f"serializer for {self._content_type} doesn't exist")
        out = decode(self._decoder, self._body)
        _raise_if_failed_status(out, lambda s: s.status != "Success")
        return out

    def into(self, obj: Any) -> None:
        """Decode the body into ``obj`` (a message of the expected type); errors raise."""
        if self._err is not None:
            raise self._status_error(self._err)
        if self._decoder is None:
            raise _NoSerializerError(f"serializer for {self._content_type} doesn't exist")
        if not self._body:
            raise _EmptyResponseError(
                f"0-length response with status code: {self._status_code} and content type: {self._content_type}"
            )
        out = self._decoder.decode(self._body, None, obj)  # decode()'s, inline: the object or (object, kind)
        if isinstance(out, tuple):
            out = out[0]
        if out is obj:
            return
        _raise_if_failed_status(out, lambda s: s.status != "Success")

    def status_code(self) -> int:
        """The HTTP status code (0 when no answer arrived)."""
        return self._status_code

    def content_type(self) -> str:
        """The answer's Content-Type (or the requested one when the server sent none)."""
        return self._content_type

    def was_created(self) -> bool:
        """Whether the server answered 201 Created."""
        return self._status_code == 201

    def warnings(self) -> list[Any]:
        """The parsed ``Warning`` headers of the answer (net.WarningHeader)."""
        return list(self._warnings)

    def error(self) -> None:
        """Raise the request's error, if any (a StatusError built from the server's Status when possible)."""
        err = self._error()
        if err is not None:
            raise err

    def _error(self) -> Optional[BaseException]:
        return None if self._err is None else self._status_error(self._err)

    def _status_error(self, err: BaseException) -> BaseException:
        """The server's Status as a StatusError when the body holds a failed one and err is the generic error of an
        unexpected answer; else err."""
        if not self._body or self._decoder is None:
            return err
        from kubernetes_py.apimachinery.api import errors
        from kubernetes_py.apimachinery.runtime import schema

        if not errors.is_unexpected_server_error(err):
            return err
        try:
            out = decode(self._decoder, self._body, schema.GroupVersionKind(version="v1"), None)
        except Exception as decode_err:  # noqa: BLE001 - not a Status: keep the generic error
            log.debug("Body was not decodable (unable to check for Status) err=%s", decode_err)
            return err
        if isinstance(out, _status_class()) and out.status == "Failure":
            return errors.from_object(out)
        return err


def _raise_if_failed_status(out: Any, failed: Any) -> None:
    try:
        status_cls = _status_class()
    except ImportError:
        return
    if isinstance(out, status_cls) and failed(out):
        from kubernetes_py.apimachinery.api import errors

        raise errors.from_object(out)
