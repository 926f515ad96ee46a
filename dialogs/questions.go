package dialogs

// Question is one of the 14 reflection questions asked before involving
// residents.
type Question struct {
	Number    int    `json:"number"`              // 1..14
	Text      string `json:"text"`                // the question
	Help      string `json:"help"`                // a short hint that helps a team answer it well
	Intention bool   `json:"intention,omitempty"` // the team's intention: what residents should be left with
}

// QuestionCount is the number of reflection questions.
const QuestionCount = 14

// IntentionQuestion is the number of the question that states what the
// team intends residents to be left with.
const IntentionQuestion = 13

// The Norwegian questions are the seed's, verbatim and in order; only the
// line breaks the slide export put mid-sentence are joined.
var questionsNB = [QuestionCount]Question{
	{Number: 1, Text: "Hva må vi ha tenkt på i forkant?",
		Help: "Tenk på hva som skal skje uansett i saken. Hvor finnes mulighetsrommet for å involvere i oppgaver dere allerede skal gjøre?"},
	{Number: 2, Text: "Hva er vår rolle når vi møter innbygger?",
		Help: "Er dere der for å informere, lytte eller skape noe sammen? Å snakke med innbyggerne er noe annet enn å informere dem."},
	{Number: 3, Text: "Hva er det egentlig rom for at de påvirker på?",
		Help: "Vær ærlige om medvirkningsrommet i akkurat denne saken. Det som ligger fast, bør dere si tydelig."},
	{Number: 4, Text: "Hva bryr innbyggerne seg om?",
		Help: "Tenk fra innbyggernes ståsted, ikke fra sakens. Hva merker de i hverdagen?"},
	{Number: 5, Text: "Hva er vår agenda og vårt behov?",
		Help: "Hva trenger dere å få vite for å gjøre en bedre jobb? Et tydelig behov gjør det lettere å be om noe."},
	{Number: 6, Text: "Hva tilbyr vi dem av verdi på kort sikt?",
		Help: "Innbyggerinvolvering er et lagspill: dere må også levere verdi. Hva får de med seg der og da?"},
	{Number: 7, Text: "Hva tilbyr vi de av verdi på lengre sikt?",
		Help: "Hva blir bedre for dem når saken er ferdig? Treffer dere én gruppe godt, sprer det seg ofte til gruppene rundt."},
	{Number: 8, Text: "Hva ønsker vi å oppnå med å få inn disse innspillene?",
		Help: "Hvordan skal innspillene brukes, og hvem skal bruke dem? Det dere ikke kan bruke, bør dere ikke spørre om."},
	{Number: 9, Text: "Hvilken tone snakker vi til dem med?",
		Help: "Hold det lavterskel. Skriv og snakk som et menneske, ikke som et vedtak."},
	{Number: 10, Text: "Hvordan kommuniserer vi klart og tydelig hva vi vil formidle?",
		Help: "Unngå fagord som får involvering til å høres ut som en høringsprosess. Kan dere si det med én setning?"},
	{Number: 11, Text: "Hvor lang tid krever vi deres oppmerksomhet?",
		Help: "Involver på deltakernes premisser: tid, sted, omfang og utbytte. Fem minutter på en benk kan være nok."},
	{Number: 12, Text: "Hvilken setting oppsøker vi dem i? Er det en passende setting for oss eller dem?",
		Help: "Oppsøk dem der de allerede er, digitalt eller fysisk. Involvering er en opplevelse med mennesker i sentrum."},
	{Number: 13, Text: "Hva skal de sitte igjen med når vi er ferdig?", Intention: true,
		Help: "Dette er målet dere holder dere selv opp mot. Hver uke spør jeg hva de faktisk satt igjen med."},
	{Number: 14, Text: "Kan vi tilby noe mer enn at de \"bare må stole på oss\"?",
		Help: "Hvordan kan de se hva som skjedde med innspillene? Husk: det viktigste er at dere prøver – det er ikke farlig å feile."},
}

var questionsEN = [QuestionCount]Question{
	{Number: 1, Text: "What must we have thought about beforehand?",
		Help: "Think about what will happen in this case anyway. Where is the room for involving residents in work you are already doing?"},
	{Number: 2, Text: "What is our role when we meet residents?",
		Help: "Are you there to inform, to listen or to create something together? A two-way conversation is more than sharing information."},
	{Number: 3, Text: "What is there really room for them to influence?",
		Help: "Be honest about the room for participation in this particular case. Say clearly what is already settled."},
	{Number: 4, Text: "What do residents care about?",
		Help: "Think from where they stand, not from the case. What do they notice in their everyday lives?"},
	{Number: 5, Text: "What is our agenda and our need?",
		Help: "What do you need to learn to do a better job? A clear need makes it easier to ask for something."},
	{Number: 6, Text: "What value do we offer them in the short term?",
		Help: "Involving residents is a team effort: you must deliver value too. What do they get there and then?"},
	{Number: 7, Text: "What value do we offer them in the longer term?",
		Help: "What gets better for them when the case is done? Hit one group well and it often ripples out to the groups around it."},
	{Number: 8, Text: "What do we want to achieve by gathering this input?",
		Help: "How will the input be used, and by whom? Don't ask for what you cannot use."},
	{Number: 9, Text: "What tone do we speak to them in?",
		Help: "Make it easy to take part. Write and speak like a person, not like a formal decision."},
	{Number: 10, Text: "How do we communicate clearly what we want to get across?",
		Help: "Avoid jargon that makes involvement sound like a formal consultation. Can you say it in one sentence?"},
	{Number: 11, Text: "How much of their time and attention do we ask for?",
		Help: "Involve on the participants' terms: time, place, scope and benefit. Five minutes on a bench can be enough."},
	{Number: 12, Text: "In what setting do we meet them? Does it suit us, or them?",
		Help: "Go where they already are, digital or physical. Involvement is an experience with people at its centre."},
	{Number: 13, Text: "What should they be left with when we are done?", Intention: true,
		Help: "This is the goal you hold yourselves to. Every week I ask what they were actually left with."},
	{Number: 14, Text: "Can we offer something more than \"you'll just have to trust us\"?",
		Help: "How can they see what became of their input? Remember: the most important thing is that you try – it's fine to get things wrong."},
}

// The nynorsk questions are faithful translations of the seed's.
var questionsNN = [QuestionCount]Question{
	{Number: 1, Text: "Kva må vi ha tenkt på i forkant?",
		Help: "Tenk på kva som skal skje i saka uansett. Kvar finst moglegheitsrommet for å involvere i oppgåver de alt skal gjere?"},
	{Number: 2, Text: "Kva er rolla vår når vi møter innbyggjarane?",
		Help: "Er de der for å informere, lytte eller skape noko saman? Å snakke med innbyggjarane er noko anna enn å informere dei."},
	{Number: 3, Text: "Kva er det eigentleg rom for at dei kan påverke?",
		Help: "Ver ærlege om medverknadsrommet i akkurat denne saka. Det som ligg fast, bør de seie tydeleg."},
	{Number: 4, Text: "Kva bryr innbyggjarane seg om?",
		Help: "Tenk frå ståstaden til innbyggjarane, ikkje frå saka. Kva merkar dei i kvardagen?"},
	{Number: 5, Text: "Kva er agendaen og behovet vårt?",
		Help: "Kva treng de å få vite for å gjere ein betre jobb? Eit tydeleg behov gjer det lettare å be om noko."},
	{Number: 6, Text: "Kva tilbyr vi dei av verdi på kort sikt?",
		Help: "Innbyggjarinvolvering er eit lagspel: de må også levere verdi. Kva får dei med seg der og då?"},
	{Number: 7, Text: "Kva tilbyr vi dei av verdi på lengre sikt?",
		Help: "Kva blir betre for dei når saka er ferdig? Treffer de éi gruppe godt, spreier det seg ofte til gruppene rundt."},
	{Number: 8, Text: "Kva ønskjer vi å oppnå med å hente inn desse innspela?",
		Help: "Korleis skal innspela brukast, og kven skal bruke dei? Det de ikkje kan bruke, bør de ikkje spørje om."},
	{Number: 9, Text: "Kva tone snakkar vi til dei med?",
		Help: "Hald det lågterskel. Skriv og snakk som eit menneske, ikkje som eit vedtak."},
	{Number: 10, Text: "Korleis kommuniserer vi klart og tydeleg kva vi vil formidle?",
		Help: "Unngå fagord som får involvering til å høyrast ut som ein høyringsprosess. Kan de seie det med éi setning?"},
	{Number: 11, Text: "Kor lang tid krev vi av merksemda deira?",
		Help: "Involver på premissane til deltakarane: tid, stad, omfang og utbyte. Fem minutt på ein benk kan vere nok."},
	{Number: 12, Text: "Kva setting oppsøkjer vi dei i? Er det ein passande setting for oss eller for dei?",
		Help: "Oppsøk dei der dei alt er, digitalt eller fysisk. Involvering er ei oppleving med menneske i sentrum."},
	{Number: 13, Text: "Kva skal dei sitje igjen med når vi er ferdige?", Intention: true,
		Help: "Dette er målet de held dykk sjølve opp mot. Kvar veke spør eg kva dei faktisk sat igjen med."},
	{Number: 14, Text: "Kan vi tilby noko meir enn at dei «berre må stole på oss»?",
		Help: "Korleis kan dei sjå kva som skjedde med innspela? Hugs: det viktigaste er at de prøver – det er ikkje farleg å feile."},
}

// Questions returns the 14 reflection questions in lang, in order.
func Questions(lang Lang) []Question {
	switch lang {
	case EN:
		return questionsEN[:]
	case NN:
		return questionsNN[:]
	}
	return questionsNB[:]
}

// QuestionN returns question n (1..14) in lang.
func QuestionN(lang Lang, n int) (Question, bool) {
	if n < 1 || n > QuestionCount {
		return Question{}, false
	}
	return Questions(lang)[n-1], true
}
