// Command goformat prints how Go writes float64 values: one input line holds the
// value's IEEE-754 bits in hex; the output line holds encoding/json's text (or the
// error it returns) and fmt's %v text, separated by a tab.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		bits, err := strconv.ParseUint(line, 16, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bad input %q: %v\n", line, err)
			os.Exit(2)
		}
		f := math.Float64frombits(bits)
		var jsonText string
		if data, err := json.Marshal(f); err != nil {
			jsonText = "error: " + err.Error()
		} else {
			jsonText = string(data)
		}
		fmt.Fprintf(out, "%s\t%v\n", jsonText, f)
	}
}
