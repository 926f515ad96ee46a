// Package dialogs is the coach itself: the reflection questions in Norwegian
// bokmål, nynorsk and English, every text the coach says, and the pure state
// machine that turns what a team types into what the coach answers.
//
// It does no I/O and reads no clock: time comes in with each input, and the
// output is a list of abstract replies that each platform adapter renders in
// its own way. It imports nothing of the project: it must not know the
// engine, the store, the platforms or the file formats that render it.
package dialogs
