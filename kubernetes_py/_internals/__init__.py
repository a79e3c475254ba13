"""What the package takes from other libraries' private parts, one small module per library, for what those
libraries offer no public way to do. Each has a test (tests/unit/internals) that fails with a clear message when
a release of the library changes what is used here."""
