// Package teams is the coach's Microsoft Teams adapter. It takes Bot
// Framework activities on POST /api/messages, checks their tokens with a
// validator of its own, translates them into engine events, and delivers the
// engine's replies as Adaptive Cards through the Bot Connector REST API with
// a connector client of its own.
//
// msbotbuilder-go provides the wire types (schema.Activity,
// schema.ConversationReference) and core.BotFrameworkAdapter, whose
// ParseRequest reads and authenticates each request. The adapter is built
// from parts of this package: Validator as its auth.TokenValidator and the
// connector as its client.Client, in place of the library's own, which
// race, panic and fetch the keys on every request.
// Activities are dispatched here, never through ProcessActivity, which
// would post whatever a handler returns.
//
// A bot cannot post a file into a channel: an export's Word document is
// offered in the asker's personal chat with a file consent card, and
// uploaded to their OneDrive when they accept (fileconsent.go,
// fileupload.go); the thread gets the Markdown.
//
// It owns everything Teams: tokens, cards, the Connector's limits, the app
// package, and the rules and defaults of its own settings (Config.Check).
// It implements bot.Platform; it knows the engine only through bot.Handler,
// and nothing of Slack, the database or the config file.
package teams
