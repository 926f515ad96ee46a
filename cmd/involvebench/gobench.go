package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// result is one benchmark line of `go test -bench`.
type result struct {
	Name    string
	N       int
	Metrics []metric // in the order printed
}

type metric struct {
	Value float64
	Unit  string
}

func (r result) get(unit string) (float64, bool) {
	for _, m := range r.Metrics {
		if m.Unit == unit {
			return m.Value, true
		}
	}
	return 0, false
}

// goBench runs the benchmarks matching pattern in pkg and parses their
// lines. Output goes to stderr as it comes, so a long run shows progress.
func goBench(pkg, pattern, benchtime string, extra ...string) ([]result, error) {
	args := append([]string{"test", "-run", "^$", "-bench", pattern, "-benchtime", benchtime, "-count", "1"}, extra...)
	args = append(args, pkg)
	cmd := exec.Command("go", args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	fmt.Fprintf(os.Stderr, "$ go %s\n", strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		os.Stderr.Write(out.Bytes())
		return nil, fmt.Errorf("go test -bench %s %s: %w", pattern, pkg, err)
	}
	os.Stderr.Write(out.Bytes())
	return parseBench(out.String()), nil
}

// parseBench reads benchmark lines: name, iterations, then value-unit pairs.
func parseBench(s string) []result {
	var out []result
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		r := result{Name: trimProcs(strings.TrimPrefix(f[0], "Benchmark")), N: n}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			r.Metrics = append(r.Metrics, metric{v, f[i+1]})
		}
		out = append(out, r)
	}
	return out
}

// trimProcs drops the -GOMAXPROCS suffix.
func trimProcs(name string) string {
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			return name[:i]
		}
	}
	return name
}
