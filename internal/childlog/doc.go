// Package childlog watches the log of an involvebot serve child process:
// it keeps the log for failure messages and reports the address the child
// listens on, from its JSON "involvebot serving" line. The crash tests and
// involvebench both run the real binary with it.
//
// It knows the binary's start-up log line and nothing else of it.
package childlog
