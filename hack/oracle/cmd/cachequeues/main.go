// Command cachequeues runs scripts of operations on client-go's DeltaFIFO and RealFIFO (tools/cache) and prints
// what each pop handed out, for tests/differential/test_cache_queues.py.
//
// stdin: {"scripts": [{"queue": "delta"|"real"|"realatomic", "emitReplaced": bool, "ops": [op...]}]}, where an
// op is ["add"|"update"|"delete", name, val], ["replace", [[name, val]...], rv], ["resync"], ["bookmark", rv] or
// ["pop"] or ["popbatch"] (RealFIFO). Objects are keyed by name. The consumer applies each popped delta to a store, which is the queue's
// known objects (except for the atomic RealFIFO, which has none).
//
// stdout: one JSON array per script: for each op, {"synced": bool} plus, for a pop, "initial" and "deltas":
// [[type, name, val|null, tombstone(bool)]...] (ReplacedAll: [type, rv, [[name, val]...]]); a popbatch also
// says whether the batch or the single function got the deltas ("kind").
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"k8s.io/client-go/tools/cache"
)

type obj struct {
	Name string
	Val  int
}

func keyFunc(o interface{}) (string, error) {
	switch v := o.(type) {
	case obj:
		return v.Name, nil
	case cache.DeletedFinalStateUnknown:
		return v.Key, nil
	}
	return "", fmt.Errorf("unexpected object %#v", o)
}

type script struct {
	Queue        string            `json:"queue"`
	EmitReplaced bool              `json:"emitReplaced"`
	Ops          []json.RawMessage `json:"ops"`
}

type queue interface {
	cache.Queue
}

func describe(d cache.Delta) []interface{} {
	switch v := d.Object.(type) {
	case obj:
		return []interface{}{d.Type, v.Name, v.Val, false}
	case cache.DeletedFinalStateUnknown:
		if o, ok := v.Obj.(obj); ok {
			return []interface{}{d.Type, v.Key, o.Val, true}
		}
		return []interface{}{d.Type, v.Key, nil, true}
	case cache.ReplacedAllInfo:
		objs := [][]interface{}{}
		for _, o := range v.Objects {
			objs = append(objs, []interface{}{o.(obj).Name, o.(obj).Val})
		}
		return []interface{}{d.Type, v.ResourceVersion, objs}
	case cache.SyncAllInfo:
		return []interface{}{d.Type}
	case cache.BookmarkInfo:
		return []interface{}{d.Type, v.ResourceVersion}
	}
	return []interface{}{d.Type, fmt.Sprintf("%#v", d.Object)}
}

// apply is the consumer: it keeps the known-objects store in step with what was popped.
func apply(store cache.Store, d cache.Delta) {
	switch d.Type {
	case cache.Deleted:
		must(store.Delete(d.Object))
	case cache.ReplacedAll:
		must(store.Replace(d.Object.(cache.ReplacedAllInfo).Objects, d.Object.(cache.ReplacedAllInfo).ResourceVersion))
	case cache.SyncAll, cache.Bookmark:
	default:
		if _, exists, _ := store.Get(d.Object); exists {
			must(store.Update(d.Object))
		} else {
			must(store.Add(d.Object))
		}
	}
}

func run(s script) []map[string]interface{} {
	store := cache.NewStore(keyFunc)
	var q queue
	switch s.Queue {
	case "delta":
		q = cache.NewDeltaFIFOWithOptions(cache.DeltaFIFOOptions{KeyFunction: keyFunc, KnownObjects: store,
			EmitDeltaTypeReplaced: s.EmitReplaced})
	case "real":
		q = cache.NewRealFIFOWithOptions(cache.RealFIFOOptions{KeyFunction: keyFunc, KnownObjects: store})
	case "realatomic":
		q = cache.NewRealFIFOWithOptions(cache.RealFIFOOptions{KeyFunction: keyFunc, AtomicEvents: true,
			EmitDeltaTypeBookmark: true})
	default:
		fail("unknown queue " + s.Queue)
	}
	out := []map[string]interface{}{}
	for _, raw := range s.Ops {
		var op []json.RawMessage
		must(json.Unmarshal(raw, &op))
		var name string
		must(json.Unmarshal(op[0], &name))
		ev := map[string]interface{}{}
		switch name {
		case "add", "update", "delete":
			var o obj
			must(json.Unmarshal(op[1], &o.Name))
			must(json.Unmarshal(op[2], &o.Val))
			switch name {
			case "add":
				must(q.Add(o))
			case "update":
				must(q.Update(o))
			default:
				must(q.Delete(o))
			}
		case "replace":
			var pairs [][]json.RawMessage
			var rv string
			must(json.Unmarshal(op[1], &pairs))
			must(json.Unmarshal(op[2], &rv))
			list := []interface{}{}
			for _, p := range pairs {
				var o obj
				must(json.Unmarshal(p[0], &o.Name))
				must(json.Unmarshal(p[1], &o.Val))
				list = append(list, o)
			}
			must(q.Replace(list, rv))
		case "resync":
			must(q.Resync())
		case "bookmark":
			var rv string
			must(json.Unmarshal(op[1], &rv))
			if b, ok := q.(cache.ReflectorBookmarkStore); ok {
				must(b.Bookmark(rv))
			}
		case "pop":
			done := make(chan struct{})
			go func() {
				_, err := q.Pop(func(item interface{}, isInInitialList bool) error {
					deltas := [][]interface{}{}
					for _, d := range item.(cache.Deltas) {
						deltas = append(deltas, describe(d))
						apply(store, d)
					}
					ev["deltas"] = deltas
					ev["initial"] = isInInitialList
					return nil
				})
				must(err)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				fail("pop blocked: the queue is empty")
			}
		case "popbatch":
			record := func(deltas []cache.Delta, isInInitialList bool, kind string) error {
				described := [][]interface{}{}
				for _, d := range deltas {
					described = append(described, describe(d))
					apply(store, d)
				}
				ev["deltas"] = described
				ev["initial"] = isInInitialList
				ev["kind"] = kind
				return nil
			}
			done := make(chan struct{})
			go func() {
				must(q.(cache.QueueWithBatch).PopBatch(func(deltas []cache.Delta, isInInitialList bool) error {
					return record(deltas, isInInitialList, "batch")
				}, func(item interface{}, isInInitialList bool) error {
					return record(item.(cache.Deltas), isInInitialList, "single")
				}))
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				fail("pop blocked: the queue is empty")
			}
		default:
			fail("unknown op " + name)
		}
		ev["synced"] = q.HasSynced()
		out = append(out, ev)
	}
	return out
}

func main() {
	var in struct {
		Scripts []script `json:"scripts"`
	}
	must(json.NewDecoder(os.Stdin).Decode(&in))
	results := [][]map[string]interface{}{}
	for _, s := range in.Scripts {
		results = append(results, run(s))
	}
	must(json.NewEncoder(os.Stdout).Encode(results))
}

func must(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(1)
}
