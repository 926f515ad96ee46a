package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/oslo-involve/involve/bot"
	"github.com/oslo-involve/involve/dialogs"
)

// Platform is the console's platform name in the database.
const Platform = bot.PlatformConsole

// MaxLine bounds one line of input; answers can be long, not endless. A
// longer line is refused with a message, and the console goes on.
const MaxLine = 1 << 20

// Console is the terminal adapter.
type Console struct {
	engine  *bot.Engine
	channel string
	out     io.Writer

	// User is the name answers are stored under.
	User string
	// Prompt is printed before reading each line ("" when input is piped,
	// or when a line editor shows its own).
	Prompt string
	// Lang, when set, switches an existing case to this language at start.
	Lang dialogs.Lang
	// Dir is where an export is written; "" is the working directory.
	Dir string

	mu      sync.Mutex
	buttons []dialogs.Button // the last buttons shown, pressed with :1, :2, …
}

// New returns a console for channel that writes to out, and registers its
// sender with the engine.
func New(e *bot.Engine, channel string, out io.Writer) *Console {
	c := &Console{engine: e, channel: channel, out: out, User: "console"}
	e.Register(Platform, sender{c})
	return c
}

// Run reads lines from in until ":quit" or the end of input. A line over
// MaxLine is refused with a message, and reading goes on.
func (c *Console) Run(ctx context.Context, in io.Reader) error {
	return c.RunLines(ctx, Lines(in, MaxLine))
}

// RunLines reads lines from in, a line editor or Lines, until ":quit" or
// the end of input.
func (c *Console) RunLines(ctx context.Context, in LineReader) error {
	if err := c.open(ctx); err != nil {
		return err
	}
	for {
		if c.Prompt != "" {
			fmt.Fprint(c.out, c.Prompt)
		}
		raw, err := in.ReadLine()
		switch {
		case errors.Is(err, ErrTooLong):
			fmt.Fprintf(c.out, "  "+c.texts().TooLong+"\n", MaxLine)
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return fmt.Errorf("console: read: %w", err)
		}
		line := strings.TrimSpace(raw)
		if consoleKey(line) == ":quit" {
			return nil
		}
		if err := c.line(ctx, line); err != nil {
			return err
		}
	}
}

// texts are the console's own words in the case's language.
func (c *Console) texts() consoleTexts {
	if cs, err := c.engine.Case(c.channel); err == nil {
		return textsFor(cs.Lang)
	}
	if c.Lang != "" {
		return textsFor(c.Lang)
	}
	return textsFor(c.engine.Coach().Lang)
}

// open greets: a new case channel starts like a Slack channel would; an
// existing case shows where it stands.
func (c *Console) open(ctx context.Context) error {
	cs, err := c.engine.Case(c.channel)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		if err := c.handle(ctx, dialogs.Input{Kind: dialogs.InputJoined}); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "\n(%s)\n", c.texts().NoThreads)
		return nil
	case err != nil:
		return err
	}
	if c.Lang != "" && c.Lang != cs.Lang {
		if err := c.handle(ctx, dialogs.Input{Kind: dialogs.InputCommand, Command: "lang " + string(c.Lang)}); err != nil {
			return err
		}
		if cs, err = c.engine.Case(c.channel); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.out, "\n(%s)\n", textsFor(cs.Lang).NoThreads)
	if err := c.handle(ctx, dialogs.Input{Kind: dialogs.InputCommand, Command: "status"}); err != nil {
		return err
	}
	if r, ok := c.engine.Coach().Current(cs); ok && cs.Asked == dialogs.AskedPrompt {
		c.render(r)
	}
	return nil
}

func (c *Console) line(ctx context.Context, line string) error {
	switch {
	case line == "":
		return nil
	case consoleKey(line) == ":nudge":
		if _, err := c.engine.NudgeNow(c.channel); err != nil {
			return err
		}
		return c.engine.Deliver(ctx)
	case consoleKey(line) == ":help":
		return c.handle(ctx, dialogs.Input{Kind: dialogs.InputCommand, Command: "help"})
	case strings.HasPrefix(line, ":"):
		n, err := strconv.Atoi(line[1:])
		c.mu.Lock()
		buttons := c.buttons
		c.mu.Unlock()
		if err != nil || n < 1 || n > len(buttons) {
			fmt.Fprintf(c.out, "  "+c.texts().Unknown+"\n", line)
			return nil
		}
		b := buttons[n-1]
		return c.handle(ctx, dialogs.Input{Kind: dialogs.InputAction, Action: b.Action, Value: b.Value})
	case strings.HasPrefix(line, "/"):
		if !strings.HasPrefix(strings.ToLower(line), "/involve") {
			fmt.Fprintln(c.out, "  "+c.texts().NotCommand)
			return nil
		}
		return c.handle(ctx, dialogs.Input{Kind: dialogs.InputCommand, Command: line})
	default:
		return c.handle(ctx, dialogs.Input{Kind: dialogs.InputMessage, Text: line, Direct: true})
	}
}

// consoleKey is the console's own key a line names, in any of its
// languages (":hjelp" is ":help"), or the line itself.
func consoleKey(line string) string {
	switch strings.ToLower(line) {
	case ":quit", ":q", ":avslutt", ":slutt":
		return ":quit"
	case ":help", ":hjelp":
		return ":help"
	case ":nudge", ":påminn":
		return ":nudge"
	}
	return line
}

func (c *Console) handle(ctx context.Context, in dialogs.Input) error {
	in.User, in.Name = c.User, c.User
	res, err := c.engine.Handle(ctx, bot.Event{
		Platform: Platform, Channel: c.channel, ChannelName: c.channel, EphemeralOK: true, Input: in,
	})
	if err != nil {
		return err
	}
	for _, r := range res.Ephemeral {
		c.render(r)
	}
	return c.engine.Deliver(ctx)
}

// sender delivers the outbox to the terminal.
type sender struct{ c *Console }

func (s sender) Send(_ context.Context, m bot.Outgoing) (string, error) {
	s.c.render(m.Reply)
	switch m.Reply.Kind {
	case dialogs.ReplyPrompt, dialogs.ReplyNudge:
		return "console-" + strconv.FormatUint(m.ID, 10), nil
	}
	return "", nil
}

func (c *Console) render(r dialogs.Reply) {
	c.mu.Lock()
	defer c.mu.Unlock()
	text := Render(r)
	if text == "" {
		return
	}
	if len(r.Buttons) > 0 {
		c.buttons = r.Buttons
	}
	io.WriteString(c.out, text)
	t := textsFor(r.Lang)
	switch r.Kind {
	case dialogs.ReplyHelp:
		fmt.Fprintf(c.out, "  %s\n", t.Keys)
	case dialogs.ReplyExport:
		c.save(t, r)
	}
}

// save writes an export to the files it names, next to where the console
// runs, and says where: the Markdown, and the Word document when the
// export carries one.
func (c *Console) save(t consoleTexts, r dialogs.Reply) {
	write := func(name string, data []byte) {
		if name == "" || len(data) == 0 {
			return
		}
		path := filepath.Join(c.Dir, filepath.Base(name))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			fmt.Fprintf(c.out, "  "+t.NotSaved+"\n", path, err)
			return
		}
		fmt.Fprintf(c.out, "  "+t.Saved+"\n", path)
	}
	write(r.Filename, []byte(r.Document))
	if r.File != nil {
		write(r.File.Name, r.File.Data)
	}
}
