// Package textsplit cuts long texts into pieces a platform accepts: at
// paragraph breaks where that leaves a piece at least half full, else at
// line breaks, else between words, else between runes. What "long" means
// is the platform's: Slack counts runes, the Bot Connector bytes.
//
// It knows nothing of the platforms' markup; a platform that must not cut
// inside one of its tokens says so with Splitter.Back.
package textsplit
