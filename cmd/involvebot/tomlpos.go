package main

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// Where keys are in a TOML document: the decoder keeps no positions, so
// errors found after decoding get their line from an index of the document,
// and decoding errors are explained without repeating values (secrets).

// mismatch and misplacedTable match the library's messages for a value of
// the wrong type; the first group is what the document holds.
var (
	mismatch       = regexp.MustCompile(`^cannot decode TOML (.+?) into `)
	misplacedTable = regexp.MustCompile(`^cannot store (?:a|an) (table|array table) in `)
)

// decodeErrors turns the decoder's error into ConfigErrors, or returns nil
// when it is not a decoding error.
func decodeErrors(err error, idx *docIndex) []*ConfigError {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs []*ConfigError
		for i := range strict.Errors {
			de := &strict.Errors[i]
			line, col := de.Position()
			key := idx.keyAt(line, col, de.Key())
			msg := "unknown key"
			if strings.Contains(de.Error(), "missing table") {
				msg = "unknown table"
			}
			errs = append(errs, &ConfigError{Line: line, Key: key, Msg: msg + suggest(key)})
		}
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return errs
	}
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return nil
	}
	line, col := de.Position()
	e := &ConfigError{Line: line, Msg: strings.TrimPrefix(de.Error(), "toml: ")}
	if len(de.Key()) > 0 {
		e.Key = idx.keyAt(line, col, de.Key())
	}
	if e.Key != "" {
		if m := mismatch.FindStringSubmatch(e.Msg); m != nil {
			e.Msg = wrongType(e.Key, m[1], idx.arrays[e.Key])
		} else if m := misplacedTable.FindStringSubmatch(e.Msg); m != nil {
			e.Msg = wrongType(e.Key, strings.Replace(m[1], "array table", "array of tables", 1), false)
		}
	}
	if e.Key == "" {
		e.Column = col
	}
	return []*ConfigError{e}
}

// wrongType explains a value of the wrong type without repeating the value,
// which may be a secret.
func wrongType(key, found string, inArray bool) string {
	if found == "inline table" {
		found = "table"
	}
	found = withArticle(found)
	if inArray && found != "an array" {
		found = "an array holding " + found
	}
	t, ok := fieldType(strings.Split(key, "."))
	if !ok {
		return "wrong type: found " + found
	}
	want := "a " + t.Kind().String()
	switch t.Kind() {
	case reflect.String:
		want = "a string"
	case reflect.Bool:
		want = "a boolean (true or false)"
	case reflect.Int:
		want = "an integer"
	case reflect.Slice:
		want = "an array of strings"
	case reflect.Struct:
		want = "a table"
	}
	return "expected " + want + ", found " + found
}

func withArticle(noun string) string {
	if noun != "" && strings.ContainsAny(noun[:1], "aeiou") {
		return "an " + noun
	}
	return "a " + noun
}

// fieldType returns the type of the Config field at a dotted key path.
func fieldType(path []string) (reflect.Type, bool) {
	t := reflect.TypeFor[Config]()
	for _, name := range path {
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		f, ok := fieldByTag(t, name)
		if !ok {
			return nil, false
		}
		t = f.Type
	}
	return t, true
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for _, f := range reflect.VisibleFields(t) {
		if tag := f.Tag.Get("toml"); tag != "-" && tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// suggest proposes the known key an unknown one was probably meant to be:
// a near spelling in the same table, or the same name in another table.
func suggest(key string) string {
	path := strings.Split(key, ".")
	parent, name := path[:len(path)-1], path[len(path)-1]
	if t, ok := fieldType(parent); ok && t.Kind() == reflect.Struct {
		best, bestDist := "", 3
		for _, f := range reflect.VisibleFields(t) {
			tag := f.Tag.Get("toml")
			if d := editDistance(name, tag); tag != "-" && d < bestDist && d < len(name) {
				best, bestDist = tag, d
			}
		}
		if best != "" {
			return fmt.Sprintf(" (did you mean %s?)", strings.Join(append(slices.Clone(parent), best), "."))
		}
	}
	var tables []string
	for _, table := range reflect.VisibleFields(reflect.TypeFor[Config]()) {
		if _, ok := fieldByTag(table.Type, name); ok {
			tables = append(tables, table.Tag.Get("toml"))
		}
	}
	if len(tables) == 1 { // "enabled" is in several tables: no single guess
		return fmt.Sprintf(" (did you mean %s.%s, under [%s]?)", tables[0], name, tables[0])
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// docIndex records where each key of a TOML document is, so that problems
// found after decoding can name a line. The decoder keeps no positions.
type docIndex struct {
	lines      map[string]int    // dotted key or table -> first line it appears on
	at         map[[2]int]string // line and column of a key's start -> dotted key
	keys       []indexedKey      // every key and table header, in document order
	arrays     map[string]bool   // keys whose value is an array
	lineStarts []int             // offsets at which lines start
}

type indexedKey struct {
	path  []string
	line  int
	table bool
}

// unknownKeys reports the keys that match no field of Config exactly.
func (idx *docIndex) unknownKeys() []*ConfigError {
	var errs []*ConfigError
	for _, k := range idx.keys {
		if _, ok := fieldType(k.path); ok {
			continue
		}
		key, msg := formatKey(k.path), "unknown key"
		if k.table {
			msg = "unknown table"
		}
		errs = append(errs, &ConfigError{Line: k.line, Key: key, Msg: msg + suggest(key)})
	}
	return errs
}

// indexDocument indexes as much of data as parses.
func indexDocument(data []byte) *docIndex {
	idx := &docIndex{
		lines:      map[string]int{},
		at:         map[[2]int]string{},
		arrays:     map[string]bool{},
		lineStarts: []int{0},
	}
	for i, b := range data {
		if b == '\n' {
			idx.lineStarts = append(idx.lineStarts, i+1)
		}
	}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = idx.addKey(nil, e.Key(), true)
		case unstable.KeyValue:
			idx.addKeyValue(table, e)
		}
	}
	return idx
}

func (idx *docIndex) addKey(prefix []string, it unstable.Iterator, table bool) []string {
	path := slices.Clone(prefix)
	var line, col int
	for it.Next() {
		n := it.Node()
		if line == 0 {
			line, col = idx.position(int(n.Raw.Offset))
		}
		path = append(path, string(n.Data))
		if k := formatKey(path); idx.lines[k] == 0 {
			idx.lines[k] = line
		}
	}
	idx.at[[2]int{line, col}] = formatKey(path)
	idx.keys = append(idx.keys, indexedKey{path: path, line: line, table: table})
	return path
}

func (idx *docIndex) addKeyValue(table []string, kv *unstable.Node) {
	path := idx.addKey(table, kv.Key(), false)
	switch v := kv.Value(); v.Kind {
	case unstable.Array:
		idx.arrays[formatKey(path)] = true
	case unstable.InlineTable:
		for it := v.Children(); it.Next(); {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				idx.addKeyValue(path, c)
			}
		}
	}
}

// position returns the 1-based line and column of a byte offset.
func (idx *docIndex) position(offset int) (line, col int) {
	i := sort.SearchInts(idx.lineStarts, offset+1) - 1
	return i + 1, offset - idx.lineStarts[i] + 1
}

// keyAt returns the dotted key that starts at line and col, or else the
// key the decoder reported, which is relative inside inline tables.
func (idx *docIndex) keyAt(line, col int, fallback []string) string {
	if k, ok := idx.at[[2]int{line, col}]; ok {
		return k
	}
	return formatKey(fallback)
}

// lineOf returns the line of key, or else of near, or else of the nearest
// table holding key; 0 when none is in the document.
func (idx *docIndex) lineOf(key, near string) int {
	if l := idx.lines[key]; l > 0 {
		return l
	}
	if l := idx.lines[near]; l > 0 {
		return l
	}
	for i := strings.LastIndexByte(key, '.'); i > 0; i = strings.LastIndexByte(key, '.') {
		key = key[:i]
		if l := idx.lines[key]; l > 0 {
			return l
		}
	}
	return 0
}

// formatKey writes a key path the way TOML would, quoting parts that are
// not bare keys.
func formatKey(path []string) string {
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = p
		if p == "" || strings.ContainsFunc(p, func(r rune) bool {
			return !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) {
			parts[i] = strconv.Quote(p)
		}
	}
	return strings.Join(parts, ".")
}
