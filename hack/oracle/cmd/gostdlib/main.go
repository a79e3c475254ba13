// Command gostdlib answers how Go's standard library treats a value, for the differential tests of
// kubernetes_py/_go: one JSON request a line ({"op": ..., "args": [...]}), one JSON answer a line
// ({"out": ..., "err": ...}, err empty on success).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"time"
)

type request struct {
	Op   string            `json:"op"`
	Args []json.RawMessage `json:"args"`
}

type answer struct {
	Out interface{} `json:"out"`
	Err string      `json:"err"`
}

func strArgs(raw []json.RawMessage) []string {
	out := make([]string, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			panic(err)
		}
	}
	return out
}

func intArg(raw json.RawMessage) int64 {
	var v int64
	if err := json.Unmarshal(raw, &v); err != nil {
		panic(err)
	}
	return v
}

func parsed(layout, text string) answer {
	t, err := time.Parse(layout, text)
	if err != nil {
		return answer{Err: err.Error()}
	}
	return answer{Out: []int64{t.Unix(), int64(t.Nanosecond())}}
}

func handle(req request) answer {
	switch req.Op {
	case "path.Join":
		return answer{Out: path.Join(strArgs(req.Args)...)}
	case "path.Clean":
		return answer{Out: path.Clean(strArgs(req.Args)[0])}
	case "filepath.Join":
		return answer{Out: filepath.Join(strArgs(req.Args)...)}
	case "time.Parse.RFC3339":
		return parsed(time.RFC3339, strArgs(req.Args)[0])
	case "time.Parse.RFC3339Nano":
		return parsed(time.RFC3339Nano, strArgs(req.Args)[0])
	case "time.Format.RFC3339":
		return answer{Out: time.Unix(intArg(req.Args[0]), intArg(req.Args[1])).UTC().Format(time.RFC3339)}
	case "time.Format.RFC3339Nano":
		return answer{Out: time.Unix(intArg(req.Args[0]), intArg(req.Args[1])).UTC().Format(time.RFC3339Nano)}
	case "time.ParseDuration":
		d, err := time.ParseDuration(strArgs(req.Args)[0])
		if err != nil {
			return answer{Err: err.Error()}
		}
		return answer{Out: int64(d)}
	case "url.Redacted":
		u, err := url.Parse(strArgs(req.Args)[0])
		if err != nil {
			return answer{Err: err.Error()}
		}
		return answer{Out: []string{u.String(), u.Redacted()}}
	case "time.Duration.String":
		return answer{Out: time.Duration(intArg(req.Args[0])).String()}
	}
	return answer{Err: fmt.Sprintf("unknown op %q", req.Op)}
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fmt.Fprintf(os.Stderr, "bad request %q: %v\n", in.Text(), err)
			os.Exit(2)
		}
		if err := enc.Encode(handle(req)); err != nil {
			panic(err)
		}
	}
}
