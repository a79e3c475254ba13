// Command spdyframes is the oracle of kubernetes_py's SPDY/3 framing (apimachinery/util/httpstream/spdy/frames.py):
// moby/spdystream's framer, as client-go's SPDY connections use it.
//
//	spdyframes fixtures   prints {"name": hex} for frames written by Go's framer (each with a fresh framer, and one
//	                      "sequence" of three header frames on one framer: its zlib stream carries across frames)
//	spdyframes decode     reads lines of hex from stdin, each the frames of one connection, and prints one JSON
//	                      line per line: the frames as Go's framer reads them, or the error that stopped it
package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/moby/spdystream/spdy"
)

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func encode(frames ...spdy.Frame) string {
	var buf bytes.Buffer
	f, err := spdy.NewFramer(&buf, nil)
	must(err)
	for _, frame := range frames {
		must(f.WriteFrame(frame))
	}
	return hex.EncodeToString(buf.Bytes())
}

func fixtures() {
	out := map[string]string{
		"data":             encode(&spdy.DataFrame{StreamId: 1, Data: []byte("hello")}),
		"data_fin_empty":   encode(&spdy.DataFrame{StreamId: 3, Flags: spdy.DataFlagFin}),
		"data_high_id":     encode(&spdy.DataFrame{StreamId: 0x7fffffff, Data: []byte{0, 1, 2, 255}}),
		"rst_stream":       encode(&spdy.RstStreamFrame{StreamId: 5, Status: spdy.Cancel}),
		"rst_refused":      encode(&spdy.RstStreamFrame{StreamId: 2, Status: spdy.RefusedStream}),
		"ping":             encode(&spdy.PingFrame{Id: 7}),
		"goaway":           encode(&spdy.GoAwayFrame{LastGoodStreamId: 9, Status: spdy.GoAwayOK}),
		"goaway_internal":  encode(&spdy.GoAwayFrame{LastGoodStreamId: 0, Status: spdy.GoAwayInternalError}),
		"window_update":    encode(&spdy.WindowUpdateFrame{StreamId: 1, DeltaWindowSize: 65536}),
		"settings":         encode(&spdy.SettingsFrame{FlagIdValues: []spdy.SettingsFlagIdValue{{Flag: spdy.FlagSettingsPersistValue, Id: spdy.SettingsInitialWindowSize, Value: 1 << 20}, {Id: spdy.SettingsMaxConcurrentStreams, Value: 100}}}),
		"settings_empty":   encode(&spdy.SettingsFrame{}),
		"syn_stream":       encode(&spdy.SynStreamFrame{StreamId: 1, Headers: header("streamType", "error", "port", "80", "requestID", "0")}),
		"syn_stream_fin":   encode(&spdy.SynStreamFrame{StreamId: 3, AssociatedToStreamId: 1, Priority: 7, CFHeader: spdy.ControlFrameHeader{Flags: spdy.ControlFlagFin}, Headers: header("streamType", "data")}),
		"syn_stream_multi": encode(&spdy.SynStreamFrame{StreamId: 5, Headers: header("x-multi", "a", "x-multi", "b")}),
		"syn_reply":        encode(&spdy.SynReplyFrame{StreamId: 1, Headers: http.Header{}}),
		"syn_reply_fin":    encode(&spdy.SynReplyFrame{StreamId: 2, CFHeader: spdy.ControlFrameHeader{Flags: spdy.ControlFlagFin}, Headers: header("status", "ok")}),
		"headers":          encode(&spdy.HeadersFrame{StreamId: 1, Headers: header("trailer", "yes")}),
		"sequence": encode(
			&spdy.SynStreamFrame{StreamId: 1, Headers: header("streamType", "error")},
			&spdy.SynStreamFrame{StreamId: 3, Headers: header("streamType", "data")},
			&spdy.DataFrame{StreamId: 3, Data: []byte("payload")},
			&spdy.SynReplyFrame{StreamId: 3, Headers: header("streamType", "data")},
		),
	}
	b, err := json.MarshalIndent(out, "", "  ")
	must(err)
	fmt.Println(string(b))
}

func describe(frame spdy.Frame) map[string]any {
	headers := func(h http.Header) map[string][]string {
		out := map[string][]string{}
		for k, v := range h {
			out[k] = v
		}
		return out
	}
	switch f := frame.(type) {
	case *spdy.SynStreamFrame:
		return map[string]any{"type": "syn_stream", "flags": f.CFHeader.Flags, "stream_id": f.StreamId, "associated_to_stream_id": f.AssociatedToStreamId, "priority": f.Priority, "slot": f.Slot, "headers": headers(f.Headers)}
	case *spdy.SynReplyFrame:
		return map[string]any{"type": "syn_reply", "flags": f.CFHeader.Flags, "stream_id": f.StreamId, "headers": headers(f.Headers)}
	case *spdy.HeadersFrame:
		return map[string]any{"type": "headers", "flags": f.CFHeader.Flags, "stream_id": f.StreamId, "headers": headers(f.Headers)}
	case *spdy.RstStreamFrame:
		return map[string]any{"type": "rst_stream", "stream_id": f.StreamId, "status": f.Status}
	case *spdy.SettingsFrame:
		values := [][3]uint32{}
		for _, v := range f.FlagIdValues {
			values = append(values, [3]uint32{uint32(v.Flag), uint32(v.Id), v.Value})
		}
		return map[string]any{"type": "settings", "flags": f.CFHeader.Flags, "values": values}
	case *spdy.PingFrame:
		return map[string]any{"type": "ping", "id": f.Id}
	case *spdy.GoAwayFrame:
		return map[string]any{"type": "goaway", "last_good_stream_id": f.LastGoodStreamId, "status": f.Status}
	case *spdy.WindowUpdateFrame:
		return map[string]any{"type": "window_update", "stream_id": f.StreamId, "delta_window_size": f.DeltaWindowSize}
	case *spdy.DataFrame:
		return map[string]any{"type": "data", "stream_id": f.StreamId, "flags": f.Flags, "data": hex.EncodeToString(f.Data)}
	}
	return map[string]any{"type": fmt.Sprintf("%T", frame)}
}

func decode() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	for scanner.Scan() {
		raw, err := hex.DecodeString(scanner.Text())
		must(err)
		f, err := spdy.NewFramer(io.Discard, bytes.NewReader(raw))
		must(err)
		result := map[string]any{}
		frames := []map[string]any{}
		for {
			frame, err := f.ReadFrame()
			if err == io.EOF {
				break
			}
			if err != nil {
				result["error"] = err.Error()
				break
			}
			frames = append(frames, describe(frame))
		}
		result["frames"] = frames
		b, err := json.Marshal(result)
		must(err)
		fmt.Println(string(b))
	}
	must(scanner.Err())
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: spdyframes fixtures|decode")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "fixtures":
		fixtures()
	case "decode":
		decode()
	default:
		fmt.Fprintln(os.Stderr, "usage: spdyframes fixtures|decode")
		os.Exit(2)
	}
}
