// Package slack connects the coach to Slack: it receives events, slash
// commands and button presses through Socket Mode or the HTTP Events API,
// translates them into engine events with pure functions, and delivers the
// engine's replies as Block Kit messages, reactions and file uploads.
//
// It owns everything Slack: signatures, payload shapes, Block Kit limits,
// rate-limit pacing, and the rules and defaults of its own settings
// (Config.Check). It implements bot.Platform; it knows the engine only
// through bot.Handler, and knows nothing of Teams, the database or the
// config file.
package slack
