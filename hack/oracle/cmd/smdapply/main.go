// Command smdapply runs sequences of server-side apply operations through structured-merge-diff's Updater (the
// version k8s.io/apimachinery v0.37.1 uses) and prints what each step leaves. Input on stdin, one JSON document:
//
//	{"schema": "<types YAML>", "type": "<type name>", "sequences": [[{"op": "apply"|"force"|"update",
//	  "manager": "m", "object": {...}}, ...], ...]}
//
// Every sequence starts from an empty object and no managers. The output, one JSON document, holds per sequence
// per step: "error" (the error text, "" when none), "live" (the object after the step) and "managers"
// (manager -> {"applied": bool, "fields": FieldsV1 JSON text}).
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
	"sigs.k8s.io/structured-merge-diff/v6/merge"
	"sigs.k8s.io/structured-merge-diff/v6/typed"
)

type op struct {
	Op      string      `json:"op"`
	Manager string      `json:"manager"`
	Object  interface{} `json:"object"`
}

type input struct {
	Schema    string `json:"schema"`
	Type      string `json:"type"`
	Sequences [][]op `json:"sequences"`
}

type managerOut struct {
	Applied bool   `json:"applied"`
	Fields  string `json:"fields"`
}

type stepOut struct {
	Error    string                `json:"error"`
	Live     interface{}           `json:"live"`
	Managers map[string]managerOut `json:"managers"`
}

type identity struct{}

func (identity) Convert(v *typed.TypedValue, _ fieldpath.APIVersion) (*typed.TypedValue, error) {
	return v, nil
}

func (identity) IsMissingVersionError(error) bool { return false }

// ints turns the float64 numbers json.Unmarshal gives into int64 where they are whole, as the project's
// JSON decoding keeps integers.
func ints(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		for k, x := range t {
			t[k] = ints(x)
		}
	case []interface{}:
		for i, x := range t {
			t[i] = ints(x)
		}
	case float64:
		if t == float64(int64(t)) {
			return int64(t)
		}
	}
	return v
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	parser, err := typed.NewParser(typed.YAMLObject(in.Schema))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	pt := parser.Type(in.Type)
	updater := merge.Updater{Converter: identity{}}
	var out [][]stepOut
	for _, seq := range in.Sequences {
		live, err := pt.FromUnstructured(map[string]interface{}{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		managers := fieldpath.ManagedFields{}
		var steps []stepOut
		for _, o := range seq {
			step := stepOut{Managers: map[string]managerOut{}}
			obj, err := pt.FromUnstructured(ints(o.Object), typed.AllowDuplicates)
			if err != nil {
				step.Error = "invalid object: " + err.Error()
			} else {
				switch o.Op {
				case "apply", "force":
					newLive, newManagers, err := updater.Apply(live, obj, "v1", managers, o.Manager, o.Op == "force")
					if err != nil {
						step.Error = err.Error()
					} else {
						managers = newManagers
						if newLive != nil {
							live = newLive
						}
					}
				case "update":
					newLive, newManagers, err := updater.Update(live, obj, "v1", managers, o.Manager)
					if err != nil {
						step.Error = err.Error()
					} else {
						managers = newManagers
						live = newLive
					}
				}
			}
			step.Live = live.AsValue().Unstructured()
			for name, vs := range managers {
				b, err := vs.Set().ToJSON()
				if err != nil {
					panic(err)
				}
				step.Managers[name] = managerOut{Applied: vs.Applied(), Fields: string(b)}
			}
			steps = append(steps, step)
		}
		out = append(out, steps)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
