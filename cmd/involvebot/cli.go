package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `involvebot — a coach for involving residents, in Slack, Teams or a terminal.

Usage:
  involvebot serve   -config FILE                      run the enabled platforms and the weekly nudge
  involvebot console [-db FILE] [-channel NAME] [-lang nb|nn|en]
                                                       the coach in this terminal
  involvebot export  -db FILE|-config FILE -channel ID [-format md|json|docx] [-names] [-o FILE]
                                                       a case's report: the plan chapter (md, docx) or the data (json)
  involvebot cases   -db FILE | -config FILE           one line per case
  involvebot backup  -db FILE | -url URL -token T | -config FILE [-o FILE]
                                                       a verified, consistent copy of the database
                                                       (on standard output without -o; on etcd a snapshot)
  involvebot migrate -from bbolt:FILE|etcd -to etcd|bbolt:FILE -config FILE
                                                       copy every case into an empty store, verified
  involvebot teams-package -app-id ID [-o FILE]        the Teams app package (zip)
  involvebot version

Start with "involvebot console"; config.example.toml documents every setting.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errUsage marks errors that are the caller's: exit code 2.
var errUsage = errors.New("usage")

// run is main without the process: tests drive it whole.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], stderr)
	case "console":
		err = cmdConsole(ctx, args[1:], stdin, stdout, stderr)
	case "export":
		err = cmdExport(args[1:], stdout, stderr)
	case "cases":
		err = cmdCases(args[1:], stdout, stderr)
	case "backup":
		err = cmdBackup(ctx, args[1:], stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, args[1:], stdout, stderr)
	case "teams-package":
		err = cmdTeamsPackage(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "involvebot", buildVersion())
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		if near := nearestCommand(args[0]); near != "" {
			fmt.Fprintf(stderr, "involvebot: unknown command %q: did you mean %s?\n\n%s", args[0], near, usage)
			return 2
		}
		fmt.Fprintf(stderr, "involvebot: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "involvebot:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "involvebot:", err)
		return 1
	}
}

func buildVersion() string {
	v := version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v
}

// newFlags returns a flag set that reports its errors to stderr and does
// not exit.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("involvebot "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %s: %v", errUsage, fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: %s: unexpected argument %q", errUsage, fs.Name(), fs.Arg(0))
	}
	return nil
}
