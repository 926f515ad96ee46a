package main

// commands are involvebot's subcommands, for the nearest to a misspelt one.
var commands = []string{"serve", "console", "export", "cases", "backup", "migrate", "teams-package", "version", "help"}

// nearestCommand is the subcommand within two edits of word ("consol" →
// "console"), or "" when none is that close.
func nearestCommand(word string) string {
	best, bestD := "", 3
	for _, c := range commands {
		if d := editDistance(word, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
