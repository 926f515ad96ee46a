// Package textclean makes a person's text safe to keep and to show again:
// it takes out the control characters that a terminal, an editor or a
// document would act on instead of showing. Every adapter applies it where
// a person's text comes in (the residents' page, Slack, Teams, the console),
// so nothing stored can reset an operator's screen when exported.
package textclean
