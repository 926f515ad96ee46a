// Package console runs the coach in a terminal: every line read is what a
// team member types in the channel, and everything the coach says is
// written as plain text.
//
// It is an adapter like the chat platforms: it owns line editing on a
// terminal, piped input read line by line, and the text rendering of
// replies. It talks to the engine only; it knows nothing of the database
// file the binary opens for it.
package console
