package main

import (
	"encoding/json"
	"strconv"
)

func init() {
	handlers["quote"] = quoteCase
}

// quoteCase prints strconv.Quote (Go's %q) of a string, which error messages use for names and values.
func quoteCase(raw json.RawMessage) any {
	var s string
	mustDecode(raw, &s)
	return strconv.Quote(s)
}
