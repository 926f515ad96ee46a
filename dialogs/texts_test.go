package dialogs

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// seedQuestions are the 14 reflection questions of the seed document
// (seed/000_1bd7cd2702d2c272.txt), verbatim, with the line breaks the slide
// export put mid-sentence joined by a single space.
var seedQuestions = [QuestionCount]string{
	"Hva må vi ha tenkt på i forkant?",
	"Hva er vår rolle når vi møter innbygger?",
	"Hva er det egentlig rom for at de påvirker på?",
	"Hva bryr innbyggerne seg om?",
	"Hva er vår agenda og vårt behov?",
	"Hva tilbyr vi dem av verdi på kort sikt?",
	"Hva tilbyr vi de av verdi på lengre sikt?",
	"Hva ønsker vi å oppnå med å få inn disse innspillene?",
	"Hvilken tone snakker vi til dem med?",
	"Hvordan kommuniserer vi klart og tydelig hva vi vil formidle?",
	"Hvor lang tid krever vi deres oppmerksomhet?",
	"Hvilken setting oppsøker vi dem i? Er det en passende setting for oss eller dem?",
	"Hva skal de sitte igjen med når vi er ferdig?",
	"Kan vi tilby noe mer enn at de \"bare må stole på oss\"?",
}

func TestQuestionsNorwegianAreTheSeedsVerbatim(t *testing.T) {
	qs := Questions(NB)
	if len(qs) != QuestionCount {
		t.Fatalf("Questions(NB) has %d questions, want %d", len(qs), QuestionCount)
	}
	for i, want := range seedQuestions {
		if qs[i].Text != want {
			t.Errorf("question %d:\n got %q\nwant %q", i+1, qs[i].Text, want)
		}
	}
}

func TestQuestionsShape(t *testing.T) {
	for _, l := range Langs {
		qs := Questions(l)
		if len(qs) != QuestionCount {
			t.Fatalf("%s: %d questions, want %d", l, len(qs), QuestionCount)
		}
		var intentions []int
		for i, q := range qs {
			if q.Number != i+1 {
				t.Errorf("%s: question at index %d has number %d", l, i, q.Number)
			}
			if strings.TrimSpace(q.Text) == "" || strings.TrimSpace(q.Help) == "" {
				t.Errorf("%s: question %d has an empty text or help", l, q.Number)
			}
			if !strings.HasSuffix(q.Text, "?") {
				t.Errorf("%s: question %d does not end with a question mark: %q", l, q.Number, q.Text)
			}
			if n := len(sentenceEndRE.FindAllString(q.Help, -1)); n < 1 || n > 2 {
				t.Errorf("%s: help of question %d is %d sentences, want one or two: %q", l, q.Number, n, q.Help)
			}
			if q.Intention {
				intentions = append(intentions, q.Number)
			}
		}
		if !reflect.DeepEqual(intentions, []int{IntentionQuestion}) {
			t.Errorf("%s: intention questions %v, want only [%d]", l, intentions, IntentionQuestion)
		}
	}
	q13, ok := QuestionN(NB, IntentionQuestion)
	if !ok || q13.Text != "Hva skal de sitte igjen med når vi er ferdig?" || !q13.Intention {
		t.Errorf("QuestionN(NB, 13) = %+v, %v", q13, ok)
	}
	if q13en, _ := QuestionN(EN, 13); q13en.Text != "What should they be left with when we are done?" {
		t.Errorf("QuestionN(EN, 13).Text = %q", q13en.Text)
	}
	for _, n := range []int{-1, 0, 15} {
		if q, ok := QuestionN(NB, n); ok || q != (Question{}) {
			t.Errorf("QuestionN(NB, %d) = %+v, %v; want nothing", n, q, ok)
		}
	}
	if Questions("de")[0].Text != seedQuestions[0] {
		t.Errorf("an unknown language does not fall back to Norwegian")
	}
}

// sentenceEndRE matches the end of a sentence.
var sentenceEndRE = regexp.MustCompile(`[.?!](\s|$)`)

// verbRE matches one fmt verb, "%%" included so that it can be left out.
var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

func verbs(s string) map[string]int {
	m := map[string]int{}
	for _, v := range verbRE.FindAllString(s, -1) {
		if v != "%%" {
			m[v]++
		}
	}
	return m
}

// textFields walks every field of texts and returns its strings by name
// ("HelpLines[3]" for the elements of a list). It fails on a field of a
// kind it does not know, so that the test grows with the struct.
func textFields(t *testing.T, tx *texts) map[string]string {
	t.Helper()
	out := map[string]string{}
	v := reflect.ValueOf(tx).Elem()
	for i := 0; i < v.NumField(); i++ {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch f.Kind() {
		case reflect.String:
			out[name] = f.String()
		case reflect.Slice:
			if f.Len() == 0 {
				out[name] = ""
			}
			for j := 0; j < f.Len(); j++ {
				out[fmt.Sprintf("%s[%d]", name, j)] = f.Index(j).String()
			}
		default:
			t.Fatalf("texts.%s is a %s: teach this test about it", name, f.Kind())
		}
	}
	return out
}

// TestTextsEveryFieldInEveryLanguage fails when a text is missing in nb,
// nn or en, or when a language's pattern takes other verbs.
func TestTextsEveryFieldInEveryLanguage(t *testing.T) {
	nb := textFields(t, &textsNB)
	for _, l := range Langs[1:] {
		other := textFields(t, textsFor(l))
		if len(other) != len(nb) {
			t.Errorf("nb has %d texts, %s has %d", len(nb), l, len(other))
		}
		for name, s := range nb {
			o, ok := other[name]
			if !ok || strings.TrimSpace(o) == "" {
				t.Errorf("%s lacks %s", l, name)
				continue
			}
			if o == s && l != EN && !sameInBoth[name] {
				t.Logf("%s.%s is word for word the bokmål text: %q", l, name, s)
			}
			if vn, vo := verbs(s), verbs(o); !reflect.DeepEqual(vn, vo) {
				t.Errorf("%s: nb has verbs %v, %s has %v", name, vn, l, vo)
			}
		}
		for name := range other {
			if _, ok := nb[name]; !ok {
				t.Errorf("%s has %s, nb does not", l, name)
			}
		}
	}
	for _, l := range Langs {
		qs := Questions(l)
		if &qs[0] == &Questions("xx")[0] && l != NB {
			t.Errorf("%s has no questions of its own", l)
		}
		if len(textsFor(l).DocMonths) != 12 {
			t.Errorf("%s has no month names", l)
		}
	}
}

// sameInBoth are texts that read the same in bokmål and nynorsk.
var sameInBoth = map[string]bool{"Progress": true, "NextAsk": true, "SkipLabel": true, "StartLabel": true, "StatusTitle": true,
	"StatusRound": true, "SummaryTitle": true, "NewRoundLabel": true, "CancelLabel": true, "NudgeTipLead": true,
	"ForgetYesLabel": true, "NewRound": true}

func TestTextsEveryFieldInBothLanguages(t *testing.T) {
	nb, en := textFields(t, &textsNB), textFields(t, &textsEN)
	if len(nb) != len(en) {
		t.Errorf("nb has %d texts, en has %d", len(nb), len(en))
	}
	for name, s := range nb {
		if strings.TrimSpace(s) == "" {
			t.Errorf("textsNB.%s is empty", name)
		}
		e, ok := en[name]
		if !ok {
			t.Errorf("textsEN has no %s", name)
			continue
		}
		if strings.TrimSpace(e) == "" {
			t.Errorf("textsEN.%s is empty", name)
		}
		if vn, ve := verbs(s), verbs(e); !reflect.DeepEqual(vn, ve) {
			t.Errorf("%s: nb has verbs %v, en has %v", name, vn, ve)
		}
	}
	if len(textsNB.HelpLines) != len(textsEN.HelpLines) {
		t.Errorf("HelpLines: nb %d, en %d", len(textsNB.HelpLines), len(textsEN.HelpLines))
	}
	if len(textsNB.Tips) != len(textsEN.Tips) || len(textsNB.Tips) != 6 {
		t.Errorf("Tips: nb %d, en %d; want the seed's 6 pieces of final advice", len(textsNB.Tips), len(textsEN.Tips))
	}
}

// TestTextsFormat formats every pattern with arguments of the kinds its
// verbs ask for: a wrong verb shows up as "%!".
func TestTextsFormat(t *testing.T) {
	for _, l := range Langs {
		for name, s := range textFields(t, textsFor(l)) {
			var args []any
			for _, v := range verbRE.FindAllString(s, -1) {
				switch v[len(v)-1] {
				case 'd':
					args = append(args, 7)
				case 's':
					args = append(args, "x")
				case '%':
				default:
					t.Errorf("%s %s: unexpected verb %s", l, name, v)
				}
			}
			if len(args) == 0 {
				continue
			}
			if got := fmt.Sprintf(s, args...); strings.Contains(got, "%!") {
				t.Errorf("%s %s: %q formats as %q", l, name, s, got)
			}
		}
	}
}

func TestTextsNeverTagEveryone(t *testing.T) {
	banned := []string{"@channel", "@here", "@everyone", "<!channel>", "<!here>", "<!everyone>"}
	check := func(where, s string) {
		for _, b := range banned {
			if strings.Contains(strings.ToLower(s), b) {
				t.Errorf("%s contains %s: %q", where, b, s)
			}
		}
	}
	for _, l := range Langs {
		for name, s := range textFields(t, textsFor(l)) {
			check(string(l)+" "+name, s)
		}
		for _, q := range Questions(l) {
			check(fmt.Sprintf("%s question %d", l, q.Number), q.Text+" "+q.Help)
		}
	}
}

// TestHelpListsEverySubcommand checks that the help shows each subcommand
// of the README's command table in every language, under a word ParseCommand knows: the
// Norwegian help uses the Norwegian words.
func TestHelpListsEverySubcommand(t *testing.T) {
	subcommands := []Verb{VerbStart, VerbStatus, VerbSummary, VerbReport, VerbAnswer, VerbSkip, VerbPause,
		VerbResume, VerbClose, VerbExport, VerbLang, VerbForget, VerbHelp}
	english := map[string]bool{"summary": true, "report": true, "answer": true, "skip": true, "resume": true,
		"close": true, "export": true, "lang": true, "forget": true, "help": true}
	for _, l := range Langs {
		listed := map[Verb]bool{}
		for _, line := range textsFor(l).HelpLines {
			head, _, ok := strings.Cut(line, " – ")
			if !ok {
				t.Errorf("%s help line without \" – \": %q", l, line)
			}
			for _, w := range strings.Fields(head) {
				if v := ParseCommand(w).Verb; v != VerbUnknown && v != VerbHelp || w == "hjelp" || w == "help" {
					listed[ParseCommand(w).Verb] = true
					if l != EN && english[w] {
						t.Errorf("%s help uses the English word %q", l, w)
					}
				}
			}
		}
		for _, v := range subcommands {
			if !listed[v] {
				t.Errorf("%s help does not list %q", l, v)
			}
		}
	}
}

func TestParseLang(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"nb", NB, true}, {"no", NB, true}, {"norsk", NB, true}, {"bokmål", NB, true},
		{"en", EN, true}, {"english", EN, true}, {"engelsk", EN, true},
		{"nn", NN, true}, {"nynorsk", NN, true},
		{"", "", false}, {"de", "", false}, {"EN", "", false},
	} {
		if got, ok := ParseLang(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("ParseLang(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestNorwegianHintsUseNorwegianWords checks every "/involve <word>" the
// coach suggests in bokmål and nynorsk: a Norwegian word it knows.
func TestNorwegianHintsUseNorwegianWords(t *testing.T) {
	english := map[string]bool{"summary": true, "report": true, "answer": true, "skip": true, "resume": true,
		"close": true, "export": true, "lang": true, "forget": true, "help": true}
	hint := regexp.MustCompile(`/involve (\pL+)`)
	for _, l := range []Lang{NB, NN} {
		for name, s := range textFields(t, textsFor(l)) {
			for _, m := range hint.FindAllStringSubmatch(s, -1) {
				w := m[1]
				if w == "og" {
					continue // "Skriv /involve og en av disse"
				}
				if english[w] || ParseCommand(w).Verb == VerbUnknown {
					t.Errorf("%s %s suggests /involve %s", l, name, w)
				}
			}
		}
	}
}
