package dialogs

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// themeSet reads the answers written for the themes test, with the theme a
// person gave each.
func themeSet(t testing.TB) (inputs []ThemeInput, labels map[string]string) {
	t.Helper()
	f, err := os.Open("testdata/themes/grorud.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	labels = map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("no tab in %q", line)
		}
		key := "I" + strconv.Itoa(len(inputs)+1)
		inputs = append(inputs, ThemeInput{Key: key, Text: text})
		labels[key] = label
	}
	return inputs, labels
}

// adjustedRand is the adjusted Rand index of two partitions of the same
// items: 1 when they agree, about 0 for a random grouping. Items in no
// theme count as one group of their own.
func adjustedRand(a, b map[string]string) float64 {
	cont := map[[2]string]int{}
	ra, rb := map[string]int{}, map[string]int{}
	n := 0
	for k, x := range a {
		y := b[k]
		cont[[2]string{x, y}]++
		ra[x]++
		rb[y]++
		n++
	}
	c2 := func(k int) float64 { return float64(k) * float64(k-1) / 2 }
	var index, sa, sb float64
	for _, k := range cont {
		index += c2(k)
	}
	for _, k := range ra {
		sa += c2(k)
	}
	for _, k := range rb {
		sb += c2(k)
	}
	expected := sa * sb / c2(n)
	max := (sa + sb) / 2
	return (index - expected) / (max - expected)
}

func TestThemesAgreeWithAPerson(t *testing.T) {
	inputs, labels := themeSet(t)
	if len(inputs) < 200 {
		t.Fatalf("the set has %d answers, want at least 200", len(inputs))
	}
	themes := GroupThemes(inputs)
	found := map[string]string{}
	for _, in := range inputs {
		found[in.Key] = "-"
	}
	themed := 0
	for i, th := range themes {
		for _, k := range th.Keys {
			found[k] = "T" + strconv.Itoa(i)
			themed++
		}
		t.Logf("theme %d %v: %d answers", i+1, th.Words, len(th.Keys))
	}
	ari := adjustedRand(labels, found)
	t.Logf("adjusted Rand index %.3f over %d answers, %d themes, %d in a theme", ari, len(inputs), len(themes), themed)
	// The share of the answers in a theme that hold one of the words that
	// name it: a theme's name should be found in what it holds.
	text := map[string]string{}
	for _, in := range inputs {
		text[in.Key] = in.Text
	}
	holds := 0
	for _, th := range themes {
		for _, k := range th.Keys {
			for _, w := range words(text[k]) {
				if slices.ContainsFunc(th.Words, func(n string) bool { return stem(n) == stem(w) || strings.Contains(w, n) }) {
					holds++
					break
				}
			}
		}
	}
	share := float64(holds) / float64(max(1, themed))
	t.Logf("%.0f %% of the answers in a theme hold one of its words", 100*share)
	if share < 0.6 {
		t.Errorf("only %.0f %% of the answers in a theme hold one of its words", 100*share)
	}
	if ari < 0.5 {
		t.Errorf("adjusted Rand index %.3f, want at least 0.5", ari)
	}
}

func TestThemesTune(t *testing.T) {
	if os.Getenv("TUNE") == "" {
		t.Skip()
	}
	inputs, labels := themeSet(t)
	for _, w := range []float64{0.2, 0.35, 0.5, 0.65} {
		for _, st := range []float64{0.04, 0.06, 0.08, 0.1, 0.13, 0.16} {
			widen, stopSimilarity = w, st
			themes := GroupThemes(inputs)
			found := map[string]string{}
			for _, in := range inputs {
				found[in.Key] = "-"
			}
			for i, th := range themes {
				for _, k := range th.Keys {
					found[k] = "T" + strconv.Itoa(i)
				}
			}
			t.Logf("widen %.2f stop %.2f: ARI %.3f, %d themes", w, st, adjustedRand(labels, found), len(themes))
		}
	}
}

// BenchmarkGroupThemes groups the test set repeated to n answers (each copy
// with a word of its own, so that copies are not identical).
func BenchmarkGroupThemes(b *testing.B) {
	set, _ := themeSet(b)
	for _, n := range []int{210, 600, 1500} {
		inputs := make([]ThemeInput, n)
		for i := range inputs {
			in := set[i%len(set)]
			inputs[i] = ThemeInput{Key: "I" + strconv.Itoa(i+1), Text: in.Text + " kopi" + strconv.Itoa(i/len(set))}
		}
		b.Run("answers="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				GroupThemes(inputs)
			}
		})
	}
}
