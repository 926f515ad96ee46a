package dialogs

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/norwegian"
)

// Grouping texts by what they talk about.
//
// The coach groups the residents' answers and the weekly reports into
// themes without sending a word anywhere: the analysis runs here, on the
// words alone. It is the coach's grouping of words, not a judgement of what
// people meant, and the team can rename, merge and split what it finds.
//
// The method, in four steps:
//  1. Words: each text is cut into words, lower-cased; stop words of bokmål,
//     nynorsk and English go; the rest is stemmed with the Snowball
//     Norwegian stemmer (which takes nynorsk plurals such as «bilar» too).
//     A compound whose two halves both occur on their own in the texts
//     («søppelkasser» beside «søppel» and «kasse») also counts its halves.
//  2. Weights: tf-idf, so that a word every text uses weighs little; a word
//     only one text uses cannot join texts and is left out of the vectors.
//  3. Words that occur together: each text's vector is widened by the words
//     that often stand beside its own in other texts («mørkt» brings «lys»),
//     so that two short texts with different words for one thing still meet.
//  4. Grouping: average-linkage clustering on cosine similarity, stopped when
//     the closest two groups have little in common; texts left alone join
//     the theme they are closest to, or stay outside every theme.
//
// A theme is named by its most telling words, in the form people wrote them.

// ThemeInput is one text to group: Key says where it came from (a resident's
// answer «I3», a weekly report «R2»), Text is what was written.
type ThemeInput struct {
	Key  string
	Text string
}

// FoundTheme is a group of texts that talk about the same thing, as the
// analysis found it.
type FoundTheme struct {
	Words []string // the words that name it, most telling first
	Keys  []string // the inputs in it, in input order
}

// Limits of the analysis. Clustering compares every pair of texts, so it
// runs on the newest clusterInputs texts; every text, up to maxThemeInputs,
// is then placed in the theme it is closest to.
const (
	maxThemeInputs = 5000
	// minThemeInputs: fewer texts than this are read one by one, not grouped.
	minThemeInputs = 6
	maxThemeWords  = 60
	clusterInputs  = 400
	maxThemes      = 12
	themeWords     = 3
	// stopSimilarity is where grouping stops: two groups whose average
	// similarity is below it are left apart.
)

// Tuned on the test set of answers (themes_test.go); vars so that the
// test can show how the agreement moves with them.
var (
	stopSimilarity = 0.08
	// joinSimilarity is how close a lone text must be to a theme to join it.
	joinSimilarity = 0.05
	// widen is how much the words that occur together count beside a
	// text's own words.
	widen = 0.5
	// refineRounds bounds the rounds of placing texts again.
	refineRounds = 5
)

// GroupThemes groups inputs by what they talk about. Themes of a single
// text are not themes: such texts are in no theme. The result is the same
// for the same inputs.
func GroupThemes(inputs []ThemeInput) []FoundTheme {
	if len(inputs) > maxThemeInputs {
		inputs = inputs[len(inputs)-maxThemeInputs:]
	}
	if len(inputs) < minThemeInputs {
		return nil
	}
	docs := make([][]weighted, len(inputs))
	tok := newTokenizer(inputs)
	for i, in := range inputs {
		docs[i] = tok.terms(in.Text)
	}
	vs := vectorize(docs)
	from := max(0, len(vs)-clusterInputs)
	clusters := cluster(vs[from:])
	for _, c := range clusters {
		for j := range c {
			c[j] += from
		}
	}
	clusters = refine(vs, clusters)
	var out []FoundTheme
	for _, c := range clusters {
		if len(c) < 2 {
			continue
		}
		slices.Sort(c)
		t := FoundTheme{Words: tok.name(docs, c, themeWords)}
		for _, i := range c {
			t.Keys = append(t.Keys, inputs[i].Key)
		}
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(a, b FoundTheme) int { return cmp.Compare(len(b.Keys), len(a.Keys)) })
	return out
}

// weighted is one term of a text with its count (halves of compounds count
// half).
type weighted struct {
	term  string
	count float64
}

// tokenizer cuts texts into stemmed terms, knowing the texts' vocabulary so
// that compounds can be split, and the surface forms so that themes can be
// named by the words people wrote.
type tokenizer struct {
	vocab   map[string]bool           // stems that occur as words of their own
	surface map[string]map[string]int // stem → surface form → count
}

func newTokenizer(inputs []ThemeInput) *tokenizer {
	t := &tokenizer{vocab: map[string]bool{}, surface: map[string]map[string]int{}}
	for _, in := range inputs {
		for _, w := range words(in.Text) {
			if stopWords[w] {
				continue
			}
			s := stem(w)
			t.vocab[s] = true
			if t.surface[s] == nil {
				t.surface[s] = map[string]int{}
			}
			t.surface[s][w]++
		}
	}
	return t
}

// terms returns the text's terms with their counts.
func (t *tokenizer) terms(text string) []weighted {
	counts := map[string]float64{}
	ws := words(text)
	// A text counts by its first maxThemeWords words: enough for what an
	// answer talks about, and it bounds the pairs of words counted together.
	ws = ws[:min(len(ws), maxThemeWords)]
	for _, w := range ws {
		if stopWords[w] || domainStopWords[w] {
			continue
		}
		s := stem(w)
		if stopStems[s] {
			continue
		}
		counts[s]++
		if a, b, ok := t.split(w); ok {
			counts[a] += 0.5
			counts[b] += 0.5
		}
	}
	out := make([]weighted, 0, len(counts))
	for s, n := range counts {
		out = append(out, weighted{s, n})
	}
	slices.SortFunc(out, func(a, b weighted) int { return strings.Compare(a.term, b.term) })
	return out
}

// split splits a compound into two stems that both occur on their own,
// taking the longest first half; Norwegian joins halves with nothing, an
// «s» or an «e».
func (t *tokenizer) split(w string) (string, string, bool) {
	r := []rune(w)
	if len(r) < 7 {
		return "", "", false
	}
	for i := len(r) - 3; i >= 3; i-- {
		head, tail := string(r[:i]), string(r[i:])
		hs := stem(head)
		if !t.vocab[hs] || stopStems[hs] || len([]rune(hs)) < 3 {
			continue
		}
		for _, joint := range []string{"", "s", "e"} {
			rest, ok := strings.CutPrefix(tail, joint)
			if !ok || len([]rune(rest)) < 3 {
				continue
			}
			ts := stem(rest)
			if t.vocab[ts] && !stopStems[ts] && ts != hs && len([]rune(ts)) >= 3 {
				return hs, ts, true
			}
		}
	}
	return "", "", false
}

// name gives a theme the words that tell it apart: the terms most of its
// texts share and few others use, each in the form people wrote most often.
func (t *tokenizer) name(docs [][]weighted, members []int, n int) []string {
	in := map[string]int{}
	for _, i := range members {
		for _, w := range docs[i] {
			in[w.term]++
		}
	}
	all := map[string]int{}
	for _, d := range docs {
		for _, w := range d {
			all[w.term]++
		}
	}
	type scored struct {
		term  string
		score float64
	}
	var cand []scored
	for term, k := range in {
		if k < 2 && len(members) > 2 {
			continue
		}
		// Share of the theme's texts with the term, times how much of the
		// term's use is in this theme.
		score := float64(k) / float64(len(members)) * float64(k) / float64(all[term])
		cand = append(cand, scored{term, score})
	}
	slices.SortFunc(cand, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(a.term, b.term)
	})
	var out []string
	seen := map[string]bool{}
	for _, c := range cand {
		if len(out) == n {
			break
		}
		w := t.surfaceOf(c.term)
		if seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// surfaceOf is the form of a stem people wrote most often (the shortest of
// equals); a stem only seen inside compounds is shown as it is.
func (t *tokenizer) surfaceOf(term string) string {
	best, n := term, 0
	for w, k := range t.surface[term] {
		if k > n || k == n && (len(w) < len(best) || len(w) == len(best) && w < best) {
			best, n = w, k
		}
	}
	return best
}

// words cuts text into lower-case words of letters and digits.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// stem is the Snowball Norwegian stem of a lower-case word.
func stem(w string) string {
	return norwegian.Stem(w, true)
}

// vector is a sparse, unit-length vector of term weights, sorted by term.
type vector []entry

type entry struct {
	term int
	w    float64
}

// vectorize turns the texts' terms into tf-idf vectors widened by the terms
// that occur together with theirs.
func vectorize(docs [][]weighted) []vector {
	df := map[string]int{}
	for _, d := range docs {
		for _, w := range d {
			df[w.term]++
		}
	}
	// Terms used by at least two texts, numbered in sorted order so that
	// the result does not depend on map order.
	var terms []string
	for term, n := range df {
		if n >= 2 {
			terms = append(terms, term)
		}
	}
	slices.Sort(terms)
	id := make(map[string]int, len(terms))
	for i, term := range terms {
		id[term] = i
	}
	n := float64(len(docs))
	base := make([]map[int]float64, len(docs))
	for i, d := range docs {
		base[i] = map[int]float64{}
		for _, w := range d {
			j, ok := id[w.term]
			if !ok {
				continue
			}
			base[i][j] = (1 + math.Log(w.count)) * math.Log(1+n/float64(df[w.term]))
		}
		normalize(base[i])
	}
	// Co-occurrence: for each term, the terms that share texts with it,
	// weighted by how much more often than chance (positive PMI).
	co := make([]map[int]float64, len(terms))
	for i := range co {
		co[i] = map[int]float64{}
	}
	for _, b := range base {
		for a := range b {
			for c := range b {
				if a != c {
					co[a][c]++
				}
			}
		}
	}
	dfs := make([]float64, len(terms))
	for i, term := range terms {
		dfs[i] = float64(df[term])
	}
	for a, row := range co {
		for c, k := range row {
			pmi := math.Log(k * n / (dfs[a] * dfs[c]))
			if pmi <= 0 || k < 2 {
				delete(row, c)
				continue
			}
			row[c] = pmi
		}
		normalize(row)
	}
	out := make([]vector, len(docs))
	for i, b := range base {
		v := map[int]float64{}
		for a, w := range b {
			v[a] += w
			for c, x := range co[a] {
				v[c] += widen * w * x
			}
		}
		normalize(v)
		out[i] = sparse(v)
	}
	return out
}

func normalize(v map[int]float64) {
	var s float64
	for _, w := range v {
		s += w * w
	}
	if s == 0 {
		return
	}
	s = math.Sqrt(s)
	for k := range v {
		v[k] /= s
	}
}

func sparse(v map[int]float64) vector {
	out := make(vector, 0, len(v))
	for k, w := range v {
		out = append(out, entry{k, w})
	}
	slices.SortFunc(out, func(a, b entry) int { return cmp.Compare(a.term, b.term) })
	return out
}

func dot(a, b vector) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].term == b[j].term:
			s += a[i].w * b[j].w
			i++
			j++
		case a[i].term < b[j].term:
			i++
		default:
			j++
		}
	}
	return s
}

// cluster groups vectors by average linkage: it merges the two closest
// groups until the closest pair is further apart than stopSimilarity, then
// lets lone texts join the theme they are closest to. Groups are lists of
// indices into vs.
func cluster(vs []vector) [][]int {
	n := len(vs)
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			s := dot(vs[i], vs[j])
			sim[i][j], sim[j][i] = s, s
		}
	}
	members := make([][]int, n)
	alive := make([]bool, n)
	for i := range n {
		members[i] = []int{i}
		alive[i] = true
	}
	// best[i] is the closest live group to group i, kept up to date.
	best := make([]int, n)
	bestOf := func(i int) int {
		b := -1
		for j := range n {
			if j != i && alive[j] && (b < 0 || sim[i][j] > sim[i][b]) {
				b = j
			}
		}
		return b
	}
	for i := range n {
		best[i] = bestOf(i)
	}
	groups := n
	for groups > 1 {
		a := -1
		for i := range n {
			if alive[i] && best[i] >= 0 && (a < 0 || sim[i][best[i]] > sim[a][best[a]]) {
				a = i
			}
		}
		b := best[a]
		if sim[a][b] < stopSimilarity {
			break
		}
		// Merge b into a; the average linkage of the union to every other
		// group is the size-weighted mean of the two.
		na, nb := float64(len(members[a])), float64(len(members[b]))
		for k := range n {
			if !alive[k] || k == a || k == b {
				continue
			}
			s := (na*sim[a][k] + nb*sim[b][k]) / (na + nb)
			sim[a][k], sim[k][a] = s, s
		}
		members[a] = append(members[a], members[b]...)
		members[b] = nil
		alive[b] = false
		groups--
		for k := range n {
			if alive[k] && (k == a || best[k] == a || best[k] == b) {
				best[k] = bestOf(k)
			} else if alive[k] && sim[k][a] > sim[k][best[k]] {
				best[k] = a
			}
		}
	}
	// The largest groups are the themes; the texts of the rest are placed
	// again by refine.
	var big [][]int
	for i := range n {
		if alive[i] && len(members[i]) >= 2 {
			big = append(big, members[i])
		}
	}
	slices.SortStableFunc(big, func(a, b []int) int { return cmp.Compare(len(b), len(a)) })
	return big[:min(len(big), themeCount(n))]
}

// refine places every text again in the theme whose centre it is closest
// to, a few rounds (spherical k-means from the clustering's themes), so that
// a text that an early merge put in the wrong group can move, and lone texts
// join a theme they are close enough to. Themes that lose all their texts go.
func refine(vs []vector, groups [][]int) [][]int {
	assign := make([]int, len(vs))
	for i := range assign {
		assign[i] = -1
	}
	for g, m := range groups {
		for _, i := range m {
			assign[i] = g
		}
	}
	dim := 0
	for _, v := range vs {
		if len(v) > 0 {
			dim = max(dim, v[len(v)-1].term+1)
		}
	}
	for range refineRounds {
		cents := make([][]float64, len(groups))
		for g, m := range groups {
			cents[g] = centroid(vs, m, dim)
		}
		moved := false
		for i, v := range vs {
			g, s := -1, joinSimilarity
			for k, c := range cents {
				if x := dotDense(v, c); x > s {
					g, s = k, x
				}
			}
			if g != assign[i] {
				assign[i], moved = g, true
			}
		}
		next := make([][]int, len(groups))
		for i, g := range assign {
			if g >= 0 {
				next[g] = append(next[g], i)
			}
		}
		groups = slices.DeleteFunc(next, func(m []int) bool { return len(m) == 0 })
		for g, m := range groups {
			for _, i := range m {
				assign[i] = g
			}
		}
		if !moved {
			break
		}
	}
	for i, g := range assign {
		if g < 0 {
			groups = append(groups, []int{i})
		}
	}
	return groups
}

// themeCount is the most themes n texts are grouped into: the rule of thumb
// √(n/2), at most maxThemes, so that a few answers are not cut into many
// themes.
func themeCount(n int) int {
	return max(2, min(maxThemes, int(math.Sqrt(float64(n)/2)+0.5)))
}

// centroid is the unit-length mean of the members' vectors, dense.
func centroid(vs []vector, members []int, dim int) []float64 {
	c := make([]float64, dim)
	for _, i := range members {
		for _, e := range vs[i] {
			c[e.term] += e.w
		}
	}
	var s float64
	for _, w := range c {
		s += w * w
	}
	if s > 0 {
		s = math.Sqrt(s)
		for k := range c {
			c[k] /= s
		}
	}
	return c
}

func dotDense(a vector, c []float64) float64 {
	var s float64
	for _, e := range a {
		s += e.w * c[e.term]
	}
	return s
}
