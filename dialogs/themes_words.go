package dialogs

import "strings"

// stopWords are the words that say nothing about what a text talks about:
// the function words of bokmål, nynorsk and English. They are compared
// before stemming.
var stopWords = wordSet(`
alle alt andre annen anna anna at av bak bare begge bli blir blitt bort både
da dag de deg dei deira dem den denne der deres dere deres det dette di din
disse dit ditt dykk dykkar då eg ein eit eitt eller elles en enn er et ett
etter for fordi fra frå før først ha hadde han hans har hennar hennes her
hjå ho hoe honom hoss hossen hun hva hvem hver hvilke hvilken hvis hvor
hvordan hvorfor i ikke ikkje ingen ingenting inn inni ja jeg kan kom korleis
korso kun kunne kva kvar kvarhelst kven kvi kvifor man mange me med medan meg
meget mellom men mens mer mest mi min mine mitt mot mye mykje må måtte ned
nei noe noen noko nokon nokor nokre nå når og også om opp oss over på rundt
samme seg selv si sia sidan siden sin sine sitt sjøl skal skulle slik slike
so som somme somt så sånn til um upp ut uten utan var vart vere verte vi
vil ville vore vors vort vår være vært å ved frem fram gjennom langs under hos uten
the a an and or of to in on at for is are be was were it this that these
those with without we you they i he she my our your their not no yes but
`)

// domainStopWords are words that residents use in every kind of answer —
// what they want, how much, whether it is good — and so tell no theme
// apart. They are compared before stemming and their stems are left out too.
var domainStopWords = wordSet(`
trenger trengs treng trenge trengte vil ville ønsker ønsker ønskjer ønske
ønsket ønskjer må bør burde får få fått gjør gjøre gjere gjer gjort kan
kunne hadde ha har være vere vært er var blir bli blitt blei vart gi gir
gitt kommer kjem komme fin fint fine bra godt god gode bedre betre best
dårlig dårleg takk mer meir mindre flere fleire færre mye mykje lite litt fikk fekk
veldig altfor alt for også nå no her der området området område omgivelser
synes syns synest tenker tykkjer tror trur kanskje gjerne hele heile
ting noe noko alle alltid aldri ofte sammen saman hverandre kvarandre sted
stad steder stader plass plasser plassar del deler viktig viktige særlig
særleg bare berre heller enda enno ennå allerede allereie lenge ny nye nytt
gammel gamle gammal stor store liten små lita mange ingen
`)

// stopStems are the stems of the domain stop words, so that «trengs» and
// «trenger» both go whatever form they come in.
var stopStems = func() map[string]bool {
	m := map[string]bool{}
	for w := range domainStopWords {
		m[stem(w)] = true
	}
	return m
}()

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
