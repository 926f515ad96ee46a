// Command involvebot runs the coach: the server for Slack and Teams
// (serve), the coach in a terminal (console), and the offline commands on
// its database file (export, cases, backup), the Teams app package
// (teams-package) and version.
//
//	involvebot serve -config involve.toml
//	involvebot console -db involve.db -channel sak-demo
//	involvebot export -db involve.db -channel C0123ABCD -format docx -o plan.docx
//
// It owns the wiring: flags, the TOML config (schema and defaults in
// config.go, validation in validate.go, key positions in tomlpos.go; each
// platform's settings are checked by its adapter), the one engine serve
// and console share (engine.go), the enabled platforms (platforms.go), the
// HTTP routes, metrics and logs. It is the only package that reads files
// named by the user or the environment.
package main
