package residents

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
)

// css is the page's only style sheet, inline so that the page loads nothing
// from elsewhere; the Content-Security-Policy allows exactly this text by its
// hash. Colours keep at least 4.5:1 against their background (7:1 for body
// text), focus is a thick outline, and the layout is one column that reflows
// down to 320 CSS pixels (WCAG 2.1 AA: 1.4.3, 1.4.10, 1.4.11, 2.4.7). Links
// outside running text are at least 24×24 CSS pixels and nothing sticks over
// the focus (WCAG 2.2 AA: 2.5.8, 2.4.11).
const css = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff}
.wrap{max-width:40rem;margin:0 auto;padding:1rem}
header .wrap{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:flex-end;padding-bottom:0}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.3rem;line-height:1.3;margin:2rem 0 .5rem}
p,li,blockquote{overflow-wrap:anywhere}
a{color:#1f3c88;text-decoration:underline;text-underline-offset:.15em}
a:hover{text-decoration-thickness:.15em}
:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
a:focus-visible{background:#ffd530;color:#1a1a1a;outline:3px solid #1a1a1a;text-decoration:none}
.skip{position:absolute;left:-100vw;top:0;padding:.5rem 1rem}
.skip:focus{position:static;display:inline-block}
.langs{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.langs a[aria-current]{font-weight:700;text-decoration:none}
.pre{white-space:pre-line}
.about{font-size:1.2rem}
.level,.promise{border-left:.3rem solid #1f3c88;padding:.25rem 0 .25rem 1rem;margin:1rem 0}
.promise blockquote{margin:0}
.level h2,.promise h2{margin-top:0}
form{margin:2rem 0;padding:1rem;border:2px solid #1f3c88;border-radius:.5rem}
form h2{margin-top:0}
label{cursor:pointer}
.hint{color:#454545;margin:0 0 .5rem}
.error{color:#b00020;font-weight:700;margin:0 0 .5rem}
.notice{border:3px solid #b00020;padding:.5rem 1rem;margin:0 0 1rem}
textarea{display:block;width:100%;min-height:10rem;font:inherit;padding:.5rem;border:2px solid #454545;border-radius:.25rem;color:#1a1a1a;background:#fff}
textarea[aria-invalid=true]{border:3px solid #b00020}
fieldset{border:0;margin:1.5rem 0 1rem;padding:0;min-width:0}
legend{font-weight:700;padding:0}
.radio{display:flex;align-items:center;gap:.5rem;margin:.25rem 0}
.radio input{width:1.5rem;height:1.5rem;margin:0;accent-color:#1f3c88;flex:none}
.radio label{padding:.25rem 0}
.hp{display:none}
button{font:inherit;font-weight:700;color:#fff;background:#1f3c88;border:2px solid #1f3c88;border-radius:.35rem;padding:.6rem 1.4rem;cursor:pointer;margin:.5rem 0}
button:hover{background:#162b63}
button:focus-visible{outline:3px solid #1a1a1a;outline-offset:3px}
.small{font-size:1rem;color:#454545}
.updates{list-style:none;margin:0;padding:0}
.updates li{border-top:1px solid #767676;padding:.75rem 0}
.updates time{display:block;font-weight:700}
.updates p{margin:.25rem 0 0}
footer{border-top:1px solid #767676;margin-top:2rem}
.langs a,footer a{display:inline-block;min-height:24px;min-width:24px;padding:.125rem 0}
`

// cspHeader allows the inline style above and nothing else: no scripts, no
// fonts, no frames; forms post only to this origin.
var cspHeader = "default-src 'none'; style-src '" + cssHash() + "'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func cssHash() string {
	sum := sha256.Sum256([]byte(css))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// pageTemplate renders every page: the form, the thank-you page, the page
// of a code that takes no answers, and the pages for a body that could not be read.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{if .HasError}}{{.T.ErrorPrefix}}{{end}}{{.DocTitle}}</title>
<style>` + css + `</style>
</head>
<body>
<header><div class="wrap">
{{- if eq .Kind "form"}}<a class="skip" href="#answer">{{.T.Skip}}</a>{{end}}
<nav aria-label="{{.T.LangNav}}"><ul class="langs">
{{- range .LangLinks}}<li><a href="{{.Href}}" lang="{{.Lang}}" hreflang="{{.Lang}}"{{if .Current}} aria-current="true"{{end}}>{{.Name}}</a></li>{{end -}}
</ul></nav>
</div></header>
<main class="wrap">
{{- if eq .Kind "form"}}{{template "form" .}}
{{- else if eq .Kind "thanks"}}{{template "thanks" .}}
{{- else}}
<h1>{{.DocTitle}}</h1>
<p>{{.Message}}</p>
{{- end}}
</main>
{{- with .A11yURL}}
<footer><div class="wrap"><p><a href="{{.}}">{{$.T.A11yStatement}}</a></p></div></footer>
{{- end}}
</body>
</html>
{{define "form" -}}
<h1 lang="{{.ContentLang}}">{{.Page.Title}}</h1>
{{- with .Page.About}}
<p class="about pre" lang="{{$.ContentLang}}">{{.}}</p>
{{- end}}
{{- with .LevelText}}
<section class="level" aria-labelledby="level-h">
<h2 id="level-h">{{$.T.LevelHeading}}</h2>
<p>{{.}}</p>
</section>
{{- end}}
{{- with .Page.Promise}}
<section class="promise" aria-labelledby="promise-h">
<h2 id="promise-h">{{$.T.PromiseHeading}}</h2>
<blockquote class="pre" lang="{{$.ContentLang}}">{{.}}</blockquote>
</section>
{{- end}}
<form id="answer" method="post" action="{{.Action}}">
{{- with .Form.Notice}}
<div class="notice" role="alert"><p>{{.}}</p></div>
{{- end}}
<h2><label for="text">{{.T.Question}}</label></h2>
<p class="hint" id="text-hint">{{.T.QuestionHint}}</p>
{{- with .Form.TextError}}
<p class="error" id="text-error">{{.}}</p>
{{- end}}
<textarea id="text" name="text" rows="7" aria-describedby="text-hint{{if .Form.TextError}} text-error{{end}}"{{if .Form.TextError}} aria-invalid="true"{{end}}>{{.Form.Text}}</textarea>
<fieldset aria-describedby="age-hint{{if .Form.AgeError}} age-error{{end}}">
<legend>{{.T.AgeLegend}}</legend>
<p class="hint" id="age-hint">{{.T.AgeHint}}</p>
{{- with .Form.AgeError}}
<p class="error" id="age-error">{{.}}</p>
{{- end}}
{{- range .AgeOptions}}
<div class="radio"><input type="radio" id="age-{{.ID}}" name="age" value="{{.Value}}"{{if .Checked}} checked{{end}}><label for="age-{{.ID}}">{{.Label}}</label></div>
{{- end}}
</fieldset>
<div class="hp"><label for="website">Website</label><input id="website" name="website" autocomplete="off" tabindex="-1"></div>
<input type="hidden" name="token" value="{{.Form.Token}}">
<button type="submit">{{.T.Send}}</button>
<p class="small">{{.T.PrivacyNote}}</p>
</form>
<section aria-labelledby="updates-h">
<h2 id="updates-h">{{.T.UpdatesHeading}}</h2>
{{- if .Updates}}
<ul class="updates">
{{- range .Updates}}
<li><time datetime="{{.ISO}}">{{.Date}}</time><p class="pre" lang="{{$.ContentLang}}">{{.Text}}</p></li>
{{- end}}
</ul>
{{- else}}
<p>{{.T.NoUpdates}}</p>
{{- end}}
</section>
{{- end}}
{{define "thanks" -}}
<h1>{{.T.ThanksTitle}}</h1>
<p>{{.T.ThanksSaved}}</p>
<h2>{{.T.NextHeading}}</h2>
<p>{{.NextBefore}}<span lang="{{.ContentLang}}">{{.Page.Title}}</span>{{.NextAfter}}</p>
<p><a href="{{.Back}}">{{.T.Back}}</a></p>
{{- end}}
`))
