"""Go's standard library, where the port depends on its exact behaviour: one module per Go package, named after it,
private to kubernetes_py.

``time`` (RFC 3339, Time.IsZero, ParseDuration, Duration.String), ``path``, ``filepath``, ``os`` (file errors),
``strconv``, ``fmt``, ``json`` (encoding/json's scanner, decoder and encoder), ``reflect``, ``url``, ``mime``, ``pem``,
``chan`` (Go channels for threads), ``tls`` (a reader and a writer at once on one TLS socket) and ``rate``
(golang.org/x/time/rate).

The convention for time: inside these modules instants are (Unix seconds, nanoseconds) and durations integer
nanoseconds, as Go holds them, so that arithmetic and text match Go's to the nanosecond; the public API of
kubernetes_py takes and gives durations as float seconds, converted at the boundary by the helpers here
(``time.nanoseconds``, ``time.duration_string``, ``time.parse_duration_seconds``). Nothing outside this package
parses or formats Go's time or path text by hand.
"""
